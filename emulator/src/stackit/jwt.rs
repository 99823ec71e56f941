//! The few JWT operations the token endpoint needs: splitting and decoding a compact JWT,
//! verifying an RS512 assertion and minting HS512 tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use ring::signature::{UnparsedPublicKey, RSA_PKCS1_2048_8192_SHA512};
use serde_json::{Map, Value};
use sha2::Sha512;

/// Secret the emulator signs its access and refresh tokens with (HS512).
const TOKEN_SECRET: &[u8] = b"sovereign-emulator-stackit-token-secret";

/// A decoded compact JWT.
pub(crate) struct Jwt {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// `base64url(header).base64url(claims)`, what the signature covers.
    signing_input: String,
    /// The raw signature.
    signature: Vec<u8>,
}

/// A base64url segment decoded as a JSON object.
fn object(segment: &str) -> Option<Map<String, Value>> {
    let bytes = URL_SAFE_NO_PAD.decode(segment).ok()?;
    match serde_json::from_slice(&bytes).ok()? {
        Value::Object(map) => Some(map),
        _ => None,
    }
}

impl Jwt {
    /// Parses `header.claims.signature`; `None` if it is not a well-formed JWT.
    pub fn parse(token: &str) -> Option<Jwt> {
        let mut parts = token.split('.');
        let (h, c, s) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        Some(Jwt {
            header: object(h)?,
            claims: object(c)?,
            signing_input: format!("{h}.{c}"),
            signature: URL_SAFE_NO_PAD.decode(s).ok()?,
        })
    }

    /// Whether the RS512 signature verifies with the PKCS#1 public key `public_der`.
    pub fn verify_rs512(&self, public_der: &[u8]) -> bool {
        UnparsedPublicKey::new(&RSA_PKCS1_2048_8192_SHA512, public_der)
            .verify(self.signing_input.as_bytes(), &self.signature)
            .is_ok()
    }

    /// A string claim.
    pub fn claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
}

/// A compact JWT with `claims`, signed HS512 with the emulator's secret.
pub(crate) fn sign_hs512(claims: &Value) -> String {
    let header = URL_SAFE_NO_PAD.encode(r#"{"alg":"HS512","typ":"JWT"}"#);
    let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
    let input = format!("{header}.{claims}");
    let signature = match Hmac::<Sha512>::new_from_slice(TOKEN_SECRET) {
        Ok(mut mac) => {
            mac.update(input.as_bytes());
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    };
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}
