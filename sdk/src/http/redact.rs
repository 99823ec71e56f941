//! Keeping secrets out of logs: which headers and query parameters are never printed.

use std::fmt;

use reqwest::header::HeaderMap;
use url::Url;

/// What stands in the log where a secret would be.
pub const REDACTED: &str = "<redacted>";

const SENSITIVE_HEADERS: &[&str] = &[
    "authorization",
    "proxy-authorization",
    "x-auth-token",
    "x-subject-token",
    "x-amz-security-token",
    "x-api-key",
    "cookie",
    "set-cookie",
];

const SENSITIVE_QUERY_KEYS: &[&str] = &[
    "token",
    "access_token",
    "password",
    "secret",
    "x-amz-signature",
    "x-amz-credential",
    "x-amz-security-token",
    "signature",
];

/// Whether a header carries a credential and must never be logged.
pub fn is_sensitive_header(name: &str) -> bool {
    SENSITIVE_HEADERS
        .iter()
        .any(|s| s.eq_ignore_ascii_case(name))
}

/// A URL as it may appear in logs: no user info, secret query values replaced.
pub fn redact_url(url: &Url) -> String {
    let mut clean = url.clone();
    if !clean.username().is_empty() || clean.password().is_some() {
        let _ = clean.set_username("");
        let _ = clean.set_password(None);
    }
    if clean.query().is_some() {
        let pairs: Vec<(String, String)> = clean
            .query_pairs()
            .map(|(k, v)| {
                let sensitive = SENSITIVE_QUERY_KEYS
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&k));
                let value = if sensitive {
                    REDACTED.to_string()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), value)
            })
            .collect();
        clean.query_pairs_mut().clear().extend_pairs(pairs);
    }
    clean.to_string()
}

/// Headers formatted for a log line, with every credential replaced.
pub struct RedactedHeaders<'a>(pub &'a HeaderMap);

impl fmt::Display for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for (name, value) in self.0 {
            if !first {
                f.write_str(", ")?;
            }
            first = false;
            let shown = if is_sensitive_header(name.as_str()) {
                REDACTED
            } else {
                value.to_str().unwrap_or("<binary>")
            };
            write!(f, "{}: {}", name, shown)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn headers_are_redacted() {
        let mut h = HeaderMap::new();
        h.insert("X-Auth-Token", HeaderValue::from_static("gAAAA-secret"));
        h.insert("Accept", HeaderValue::from_static("application/json"));
        let shown = RedactedHeaders(&h).to_string();
        assert!(!shown.contains("gAAAA-secret"), "{shown}");
        assert!(shown.contains("accept: application/json"), "{shown}");
    }

    #[test]
    fn url_user_info_and_secret_params_are_redacted() {
        let url = Url::parse("https://user:pw@example.test/a?limit=5&token=abc").unwrap();
        let shown = redact_url(&url);
        assert!(!shown.contains("pw"), "{shown}");
        assert!(!shown.contains("abc"), "{shown}");
        assert!(shown.contains("limit=5"), "{shown}");
    }
}
