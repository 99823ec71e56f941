//! How the SDK proves who it is to STACKIT: a service-account access token used as it is, or
//! the key flow — a JWT assertion signed RS512 with the service account's key, exchanged at the
//! token endpoint (`grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer`) for a short-lived
//! access token, which is renewed before it expires.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use rand::Rng;
use reqwest::Method;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA512};
use serde::Deserialize;
use serde_json::json;
use url::Url;

use super::errors::parse_token_error;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpClient, HttpRequest};
use crate::secret::Secret;

/// STACKIT's token endpoint.
pub const DEFAULT_TOKEN_URL: &str = "https://service-account.api.stackit.cloud/token";
/// How long an assertion is valid.
const ASSERTION_LIFETIME: Duration = Duration::from_secs(600);
/// A token is renewed once less than this is left (or half its life, for short-lived ones).
const RENEW_BEFORE: Duration = Duration::from_secs(300);

/// The parts of a service-account key file (`STACKIT_SERVICE_ACCOUNT_KEY_PATH`) the key flow
/// uses.
#[derive(Deserialize)]
struct KeyFile {
    credentials: KeyCredentials,
}

#[derive(Deserialize)]
struct KeyCredentials {
    aud: String,
    iss: String,
    kid: String,
    sub: String,
    #[serde(default, rename = "privateKey")]
    private_key: Option<String>,
    #[serde(default, rename = "tokenEndpoint")]
    token_endpoint: Option<String>,
}

#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    #[serde(default)]
    expires_in: Option<u64>,
}

/// A service account's key: who it is and how it signs.
struct ServiceAccountKey {
    aud: String,
    iss: String,
    kid: String,
    sub: String,
    signer: RsaKeyPair,
}

impl std::fmt::Debug for ServiceAccountKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ServiceAccountKey({}, kid {})", self.iss, self.kid)
    }
}

/// An access token and when to renew it.
struct Cached {
    token: Secret,
    renew_at: Instant,
}

/// Where access tokens come from.
pub enum StackitAuth {
    /// A long-lived service-account token (`STACKIT_SERVICE_ACCOUNT_TOKEN`).
    Token(Secret),
    /// The key flow, with the current access token.
    Key {
        /// The key that signs assertions.
        key: Box<KeyHolder>,
        /// The token endpoint.
        token_url: Url,
    },
}

/// A key and the token it last obtained.
pub struct KeyHolder {
    key: ServiceAccountKey,
    cached: tokio::sync::Mutex<Option<Cached>>,
}

impl std::fmt::Debug for StackitAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StackitAuth::Token(_) => f.write_str("Token(..)"),
            StackitAuth::Key { key, token_url } => {
                write!(f, "Key({:?}, {token_url})", key.key)
            }
        }
    }
}

impl StackitAuth {
    /// The key flow from a key file's text, the private key in it or in `private_key_pem`
    /// (`STACKIT_PRIVATE_KEY_PATH`'s text), and the token endpoint: `token_url`, else the key
    /// file's, else STACKIT's.
    pub fn from_key_file(
        key_json: &str,
        private_key_pem: Option<&str>,
        token_url: Option<&str>,
    ) -> Result<StackitAuth> {
        let field = "stackit.service_account_key_path";
        let file: KeyFile = serde_json::from_str(key_json).map_err(|e| {
            Error::invalid_field(
                field,
                format!("not a STACKIT service-account key file: {e}"),
            )
        })?;
        let credentials = file.credentials;
        let pem = private_key_pem
            .map(str::to_string)
            .or(credentials.private_key)
            .ok_or_else(|| {
                Error::invalid_field(
                    "stackit.private_key_path",
                    "the key file holds no private key: set STACKIT_PRIVATE_KEY_PATH to the key's PEM file",
                )
            })?;
        let signer = signer_from_pem(&pem)?;
        let token_url = token_url
            .map(str::to_string)
            .or(credentials.token_endpoint)
            .unwrap_or_else(|| DEFAULT_TOKEN_URL.to_string());
        let token_url = Url::parse(&token_url).map_err(|e| {
            Error::invalid_field(
                "stackit.token_url",
                format!("{token_url:?} is not a URL: {e}"),
            )
        })?;
        Ok(StackitAuth::Key {
            key: Box::new(KeyHolder {
                key: ServiceAccountKey {
                    aud: credentials.aud,
                    iss: credentials.iss,
                    kid: credentials.kid,
                    sub: credentials.sub,
                    signer,
                },
                cached: tokio::sync::Mutex::new(None),
            }),
            token_url,
        })
    }

    /// The `Authorization` header value: the token, renewed first when it is about to expire.
    pub async fn header(&self, http: &HttpClient) -> Result<String> {
        match self {
            StackitAuth::Token(token) => Ok(format!("Bearer {}", token.expose())),
            StackitAuth::Key { key, token_url } => {
                let mut cached = key.cached.lock().await;
                if let Some(current) = cached.as_ref().filter(|c| Instant::now() < c.renew_at) {
                    return Ok(format!("Bearer {}", current.token.expose()));
                }
                let fresh = fetch_token(http, &key.key, token_url).await?;
                let header = format!("Bearer {}", fresh.token.expose());
                *cached = Some(fresh);
                Ok(header)
            }
        }
    }

    /// Forgets the current access token (after a 401), so the next call obtains a new one;
    /// whether that can help (only the key flow can get another token).
    pub async fn renew(&self) -> bool {
        match self {
            StackitAuth::Token(_) => false,
            StackitAuth::Key { key, .. } => {
                *key.cached.lock().await = None;
                true
            }
        }
    }
}

/// An RSA signing key from PEM: PKCS#8 (`BEGIN PRIVATE KEY`) or PKCS#1 (`BEGIN RSA PRIVATE
/// KEY`).
fn signer_from_pem(pem: &str) -> Result<RsaKeyPair> {
    let invalid = |why: &str| {
        Error::invalid_field(
            "stackit.private_key_path",
            format!("the service account's private key is not usable: {why}"),
        )
    };
    let body: String = pem
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with("-----"))
        .collect();
    let der = base64::engine::general_purpose::STANDARD
        .decode(body)
        .map_err(|_| invalid("it is not PEM"))?;
    let key = if pem.contains("BEGIN RSA PRIVATE KEY") {
        RsaKeyPair::from_der(&der)
    } else {
        RsaKeyPair::from_pkcs8(&der)
    };
    key.map_err(|e| invalid(&format!("not an RSA key ({e})")))
}

/// A signed assertion (RS512) for `key`, valid for a few minutes from `now` (seconds).
fn assertion(key: &ServiceAccountKey, now: u64) -> Result<String> {
    let encode = |value: &serde_json::Value| {
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(value.to_string())
    };
    let jti: u128 = rand::thread_rng().gen();
    let header = json!({"alg": "RS512", "typ": "JWT", "kid": key.kid});
    let claims = json!({
        "iss": key.iss,
        "sub": key.sub,
        "aud": key.aud,
        "jti": format!("{jti:032x}"),
        "iat": now,
        "exp": now + ASSERTION_LIFETIME.as_secs(),
    });
    let signing_input = format!("{}.{}", encode(&header), encode(&claims));
    let mut signature = vec![0; key.signer.public().modulus_len()];
    key.signer
        .sign(
            &RSA_PKCS1_SHA512,
            &ring::rand::SystemRandom::new(),
            signing_input.as_bytes(),
            &mut signature,
        )
        .map_err(|_| Error::new(ErrorKind::Api, "signing the STACKIT assertion failed"))?;
    Ok(format!(
        "{signing_input}.{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(signature)
    ))
}

/// Exchanges a fresh assertion for an access token.
async fn fetch_token(
    http: &HttpClient,
    key: &ServiceAccountKey,
    token_url: &Url,
) -> Result<Cached> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or_default();
    let assertion = assertion(key, now)?;
    let request = HttpRequest::new(Method::POST, token_url.clone())
        .form(&[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", &assertion),
        ])
        .header("Accept", "application/json")?
        // A new assertion gets a new token: repeating the exchange is harmless.
        .idempotent(true);
    let answer: TokenAnswer = http
        .send(&request)
        .await?
        .error_for_status(parse_token_error)
        .map_err(|e| {
            e.context(format!(
                "STACKIT's token endpoint refused the key {}",
                key.kid
            ))
        })?
        .json()?;
    let lifetime = Duration::from_secs(answer.expires_in.unwrap_or(3600));
    let renew_in = lifetime
        .checked_sub(RENEW_BEFORE)
        .filter(|left| *left >= lifetime / 2)
        .unwrap_or(lifetime / 2);
    Ok(Cached {
        token: Secret::from(answer.access_token),
        renew_at: Instant::now() + renew_in,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_file_without_a_private_key_names_the_setting() {
        let file = r#"{"credentials": {"aud": "a", "iss": "i", "kid": "k", "sub": "s"}}"#;
        let error = StackitAuth::from_key_file(file, None, None).unwrap_err();
        assert_eq!(error.field(), Some("stackit.private_key_path"));
        let error = StackitAuth::from_key_file("{}", None, None).unwrap_err();
        assert_eq!(error.field(), Some("stackit.service_account_key_path"));
        let error = StackitAuth::from_key_file(file, Some("not pem at all"), None).unwrap_err();
        assert_eq!(error.field(), Some("stackit.private_key_path"));
    }
}
