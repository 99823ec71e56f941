//! The seeded service-account key: the test key pair of [`defaults::STACKIT_PRIVATE_KEY_PEM`],
//! its public half for verifying assertions, and the key file JSON clients read.

use std::sync::OnceLock;

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ring::signature::RsaKeyPair;
use serde_json::json;

use crate::defaults;

/// When the seeded key was "created" (RFC 3339).
const KEY_CREATED_AT: &str = "2024-01-01T00:00:00Z";

/// DER of the base64 body between the armour lines of a PEM text.
fn pem_der(pem: &str) -> Vec<u8> {
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    STANDARD.decode(body.trim()).unwrap_or_default()
}

/// The PKCS#1 `RSAPublicKey` DER of the seeded key, derived once at first use.
pub(crate) fn public_key_der() -> &'static [u8] {
    static PUBLIC: OnceLock<Vec<u8>> = OnceLock::new();
    PUBLIC.get_or_init(|| {
        RsaKeyPair::from_pkcs8(&pem_der(defaults::STACKIT_PRIVATE_KEY_PEM))
            .map(|pair| pair.public().as_ref().to_vec())
            .unwrap_or_default()
    })
}

/// A DER length.
fn der_len(len: usize) -> Vec<u8> {
    match len {
        0..=0x7f => vec![len as u8],
        0x80..=0xff => vec![0x81, len as u8],
        _ => vec![0x82, (len >> 8) as u8, len as u8],
    }
}

/// A DER element of `tag` around `content`.
fn der(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    out.extend(der_len(content.len()));
    out.extend_from_slice(content);
    out
}

/// The seeded public key as a `BEGIN PUBLIC KEY` PEM (SubjectPublicKeyInfo around PKCS#1).
fn public_key_pem() -> String {
    const RSA_ALGORITHM: [u8; 15] = [
        0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
    ];
    let mut bits = vec![0u8];
    bits.extend_from_slice(public_key_der());
    let mut content = RSA_ALGORITHM.to_vec();
    content.extend(der(0x03, &bits));
    let encoded = STANDARD.encode(der(0x30, &content));
    let lines: Vec<&str> = encoded
        .as_bytes()
        .chunks(64)
        .filter_map(|chunk| std::str::from_utf8(chunk).ok())
        .collect();
    format!(
        "-----BEGIN PUBLIC KEY-----\n{}\n-----END PUBLIC KEY-----\n",
        lines.join("\n")
    )
}

/// The service-account key file JSON of the seeded key (what STACKIT's portal hands out, with
/// `privateKey`), pointing at `token_url` (e.g. `http://127.0.0.1:8787/stackit/service-account/token`).
pub fn stackit_key_json(token_url: &str) -> String {
    let key = json!({
        "id": defaults::STACKIT_KEY_ID,
        "publicKey": public_key_pem(),
        "createdAt": KEY_CREATED_AT,
        "keyType": "USER_MANAGED",
        "keyOrigin": "GENERATED",
        "keyAlgorithm": "RSA_2048",
        "active": true,
        "credentials": {
            "aud": defaults::STACKIT_KEY_AUDIENCE,
            "iss": defaults::STACKIT_SERVICE_ACCOUNT_EMAIL,
            "kid": defaults::STACKIT_KEY_ID,
            "sub": defaults::STACKIT_SERVICE_ACCOUNT_ID,
            "privateKey": defaults::STACKIT_PRIVATE_KEY_PEM,
            "tokenEndpoint": token_url,
        },
    });
    serde_json::to_string_pretty(&key).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seeded_key_parses() {
        assert!(public_key_der().len() > 256);
        assert!(public_key_pem().starts_with("-----BEGIN PUBLIC KEY-----\nMIIBIjAN"));
    }
}
