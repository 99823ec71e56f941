//! Verification of OTC's AK/SK request signatures (`SDK-HMAC-SHA256`), in both forms clients
//! send: `Credential=<AK>/<yyyymmdd>/<region>/<service>/sdk_request` (key derived from the
//! secret key by an HMAC chain, as the official Go SDK signs) and `Access=<AK>` (HMAC keyed
//! with the secret key itself, as the API gateway's signing guide does).

use hmac::Mac;
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use crate::clock;
use crate::defaults;
pub(crate) use crate::signing::SignedRequest;
use crate::signing::{header_value, HmacSha256, MAX_SKEW_MS, UNRESERVED};

/// The algorithm name that starts the `Authorization` header and the string to sign.
pub(crate) const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// Who signed, as named by the `Authorization` header.
enum Signer<'a> {
    /// `Credential=<AK>/<date>/<region>/<service>/sdk_request`.
    Credential {
        access_key: &'a str,
        date: &'a str,
        region: &'a str,
        service: &'a str,
    },
    /// `Access=<AK>`.
    Access { access_key: &'a str },
}

/// The parsed `Authorization` header.
struct Authorization<'a> {
    signer: Signer<'a>,
    signed_headers: Vec<String>,
    signature: &'a str,
}

/// Parses `SDK-HMAC-SHA256 Credential|Access=..., SignedHeaders=..., Signature=...`.
fn parse_authorization(value: &str) -> Result<Authorization<'_>, String> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or("unsupported authorization algorithm")?;
    let mut signer = None;
    let mut signed_headers = None;
    let mut signature = None;
    for part in rest.split(',') {
        let (key, value) = part
            .trim()
            .split_once('=')
            .ok_or("malformed authorization header")?;
        match key {
            "Credential" => {
                let parts: Vec<&str> = value.split('/').collect();
                match parts.as_slice() {
                    [access_key, date, region, service, "sdk_request"] => {
                        signer = Some(Signer::Credential {
                            access_key,
                            date,
                            region,
                            service,
                        });
                    }
                    _ => return Err("malformed credential scope".to_string()),
                }
            }
            "Access" => signer = Some(Signer::Access { access_key: value }),
            "SignedHeaders" => {
                signed_headers = Some(value.split(';').map(str::to_ascii_lowercase).collect())
            }
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    Ok(Authorization {
        signer: signer.ok_or("no Credential or Access in the authorization header")?,
        signed_headers: signed_headers.ok_or("no SignedHeaders in the authorization header")?,
        signature: signature.ok_or("no Signature in the authorization header")?,
    })
}

/// Hex SHA-256 of `data`.
fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// The path with each segment percent-encoded, forced to start and end with `/`.
fn canonical_path(raw: &str) -> String {
    let decoded = percent_decode_str(raw).decode_utf8_lossy();
    let mut path = decoded
        .split('/')
        .map(|segment| utf8_percent_encode(segment, UNRESERVED).to_string())
        .collect::<Vec<_>>()
        .join("/");
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

/// Query pairs with keys and values percent-encoded, sorted, as `k=v` joined with `&`.
fn canonical_query(raw: &str) -> String {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).unwrap_or_default();
    let mut encoded: Vec<(String, String)> = pairs
        .iter()
        .map(|(k, v)| {
            (
                utf8_percent_encode(k, UNRESERVED).to_string(),
                utf8_percent_encode(v, UNRESERVED).to_string(),
            )
        })
        .collect();
    encoded.sort();
    encoded
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical request: method, path, query, the signed headers (`name:value\n` each), the
/// signed header list and the payload hash, joined by newlines.
///
/// A POST without a body signs an empty query and hashes the query string as its payload (the
/// Go SDK's rule); a given `X-Sdk-Content-Sha256` is taken as the payload hash.
fn canonical_request(request: &SignedRequest<'_>, signed_headers: &[String]) -> String {
    let query_as_payload = request.method.eq_ignore_ascii_case("POST") && request.body.is_empty();
    let raw_query = request.query.unwrap_or("");
    let query = if query_as_payload {
        String::new()
    } else {
        canonical_query(raw_query)
    };
    let payload = match request.headers.get("x-sdk-content-sha256") {
        Some(given) => String::from_utf8_lossy(given.as_bytes()).into_owned(),
        None if query_as_payload => sha256_hex(raw_query.as_bytes()),
        None => sha256_hex(request.body),
    };
    let headers: String = signed_headers
        .iter()
        .map(|name| format!("{name}:{}\n", header_value(request.headers, name)))
        .collect();
    format!(
        "{}\n{}\n{query}\n{headers}\n{}\n{payload}",
        request.method,
        canonical_path(request.path),
        signed_headers.join(";"),
    )
}

/// HMAC-SHA256 of `data` under `key`, not yet finalised (HMAC takes keys of any length, so
/// the error never happens in practice).
fn mac(key: &[u8], data: &str) -> Result<HmacSha256, String> {
    let mut mac = HmacSha256::new_from_slice(key).map_err(|e| e.to_string())?;
    mac.update(data.as_bytes());
    Ok(mac)
}

/// HMAC-SHA256 of `data` under `key`.
fn hmac_bytes(key: &[u8], data: &str) -> Result<Vec<u8>, String> {
    Ok(mac(key, data)?.finalize().into_bytes().to_vec())
}

/// Checks the signature of `request` made at most 15 minutes from `now` (unix ms) with the
/// emulator's access key; the error says what is wrong.
pub(crate) fn verify(request: &SignedRequest<'_>, now: i64) -> Result<(), String> {
    let header = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .ok_or("no authorization header")?;
    let authorization = parse_authorization(header)?;
    let access_key = match authorization.signer {
        Signer::Credential { access_key, .. } | Signer::Access { access_key } => access_key,
    };
    if access_key != defaults::OTC_ACCESS_KEY {
        return Err(format!("unknown access key {access_key}"));
    }
    if !authorization
        .signed_headers
        .iter()
        .any(|h| h == "x-sdk-date")
    {
        return Err("X-Sdk-Date is not signed".to_string());
    }
    let stamp = header_value(request.headers, "x-sdk-date");
    let signed_at = clock::parse_compact(&stamp).ok_or("malformed X-Sdk-Date")?;
    if (now - signed_at).abs() > MAX_SKEW_MS {
        return Err("X-Sdk-Date is more than 15 minutes away from now".to_string());
    }
    let digest = sha256_hex(canonical_request(request, &authorization.signed_headers).as_bytes());
    let (key, to_sign) = match authorization.signer {
        Signer::Credential {
            date,
            region,
            service,
            ..
        } => {
            if Some(date) != stamp.get(..8) {
                return Err("the credential date is not the day of X-Sdk-Date".to_string());
            }
            let mut key = hmac_bytes(format!("SDK{}", defaults::OTC_SECRET_KEY).as_bytes(), date)?;
            for part in [region, service, "sdk_request"] {
                key = hmac_bytes(&key, part)?;
            }
            let scope = format!("{date}/{region}/{service}/sdk_request");
            (key, format!("{ALGORITHM}\n{stamp}\n{scope}\n{digest}"))
        }
        Signer::Access { .. } => (
            defaults::OTC_SECRET_KEY.as_bytes().to_vec(),
            format!("{ALGORITHM}\n{stamp}\n{digest}"),
        ),
    };
    let given = hex::decode(authorization.signature).map_err(|_| "malformed signature")?;
    mac(&key, &to_sign)?
        .verify_slice(&given)
        .map_err(|_| "verify aksk signature fail".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderMap, HeaderValue};
    use hmac::Hmac;

    const NOW: i64 = 1_795_689_000_000; // 2026-11-26T10:30:00Z
    const STAMP: &str = "20261126T103000Z";

    /// HMAC-SHA256, spelled out with the `hmac` crate directly.
    fn h(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = Hmac::<Sha256>::new_from_slice(key).unwrap();
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }

    /// The request of the tests: a signed GET with a query, and its canonical form by hand.
    fn request_headers(authorization: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("host", HeaderValue::from_static("127.0.0.1:8787"));
        headers.insert("x-sdk-date", HeaderValue::from_static(STAMP));
        headers.insert("content-type", HeaderValue::from_static("application/json"));
        headers.insert(
            "authorization",
            HeaderValue::from_str(authorization).unwrap(),
        );
        headers
    }

    const CANONICAL: &str = "GET\n/otc/vpc/v1/p1/vpcs/\nlimit=10&marker=a%20b\ncontent-type:application/json\nhost:127.0.0.1:8787\nx-sdk-date:20261126T103000Z\n\ncontent-type;host;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    fn check(authorization: &str, now: i64) -> Result<(), String> {
        let headers = request_headers(authorization);
        let request = SignedRequest {
            method: "GET",
            path: "/otc/vpc/v1/p1/vpcs",
            query: Some("marker=a%20b&limit=10"),
            headers: &headers,
            body: b"",
        };
        verify(&request, now)
    }

    fn credential_signature(secret: &str) -> String {
        let hash = hex::encode(Sha256::digest(CANONICAL.as_bytes()));
        let to_sign = format!("SDK-HMAC-SHA256\n{STAMP}\n20261126///sdk_request\n{hash}");
        let k_date = h(format!("SDK{secret}").as_bytes(), b"20261126");
        let k_region = h(&k_date, b"");
        let k_service = h(&k_region, b"");
        let k_signing = h(&k_service, b"sdk_request");
        hex::encode(h(&k_signing, to_sign.as_bytes()))
    }

    fn credential_header(signature: &str) -> String {
        format!("SDK-HMAC-SHA256 Credential=EMULATOROTCACCESSKEY01/20261126///sdk_request, SignedHeaders=content-type;host;x-sdk-date, Signature={signature}")
    }

    #[test]
    fn canonical_request_of_a_query() {
        let headers = request_headers("x");
        let request = SignedRequest {
            method: "GET",
            path: "/otc/vpc/v1/p1/vpcs",
            query: Some("marker=a%20b&limit=10"),
            headers: &headers,
            body: b"",
        };
        let signed: Vec<String> = ["content-type", "host", "x-sdk-date"]
            .map(String::from)
            .to_vec();
        assert_eq!(canonical_request(&request, &signed), CANONICAL);
    }

    #[test]
    fn derived_key_signature_is_accepted() {
        let signature = credential_signature("emulator-otc-secret-key");
        assert_eq!(check(&credential_header(&signature), NOW), Ok(()));
        assert_eq!(
            check(&credential_header(&signature), NOW + 14 * 60_000),
            Ok(())
        );
    }

    #[test]
    fn simple_signature_is_accepted() {
        let hash = hex::encode(Sha256::digest(CANONICAL.as_bytes()));
        let to_sign = format!("SDK-HMAC-SHA256\n{STAMP}\n{hash}");
        let signature = hex::encode(h(b"emulator-otc-secret-key", to_sign.as_bytes()));
        let header = format!("SDK-HMAC-SHA256 Access=EMULATOROTCACCESSKEY01, SignedHeaders=content-type;host;x-sdk-date, Signature={signature}");
        assert_eq!(check(&header, NOW), Ok(()));
    }

    #[test]
    fn wrong_secret_unknown_key_and_stale_date_are_refused() {
        let wrong = credential_signature("another-secret");
        assert!(check(&credential_header(&wrong), NOW).is_err());
        let right = credential_signature("emulator-otc-secret-key");
        assert!(check(&credential_header(&right), NOW + 16 * 60_000).is_err());
        let other_key = credential_header(&right).replace("EMULATOROTCACCESSKEY01", "OTHERKEY");
        assert!(check(&other_key, NOW)
            .unwrap_err()
            .contains("unknown access key"));
        let unsigned_date =
            credential_header(&right).replace("content-type;host;x-sdk-date", "content-type;host");
        assert!(check(&unsigned_date, NOW).is_err());
    }

    #[test]
    fn post_without_body_hashes_the_query() {
        let headers = request_headers("x");
        let request = SignedRequest {
            method: "POST",
            path: "/otc/ecs/v1/p1/cloudservers/action",
            query: Some("a=1"),
            headers: &headers,
            body: b"",
        };
        let text = canonical_request(&request, &["host".to_string()]);
        let expected = format!(
            "POST\n/otc/ecs/v1/p1/cloudservers/action/\n\nhost:127.0.0.1:8787\n\nhost\n{}",
            hex::encode(Sha256::digest(b"a=1"))
        );
        assert_eq!(text, expected);
    }
}
