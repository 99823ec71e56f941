//! Verification of AWS Signature Version 4 in the `Authorization` header (S3 flavour: the path
//! is encoded once and never normalised; the payload hash is `x-amz-content-sha256`).

use axum::http::StatusCode;
use hmac::Mac;
use percent_encoding::{percent_decode_str, utf8_percent_encode};
use sha2::{Digest, Sha256};

use super::cloud::S3Cloud;
use super::errors::S3Error;
use crate::clock;
pub(crate) use crate::signing::SignedRequest;
use crate::signing::{header_value, HmacSha256, MAX_SKEW_MS, UNRESERVED};

/// The algorithm that starts the `Authorization` header and the string to sign.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// The payload hash of requests whose body is not signed.
const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// The parsed `Authorization` header.
struct Authorization<'a> {
    access_key: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

/// Checks the request's signature against the keys and region of `cloud` at time `now` (unix ms).
pub(crate) fn verify(request: &SignedRequest<'_>, cloud: S3Cloud, now: i64) -> Result<(), S3Error> {
    let Some(value) = request.headers.get("authorization") else {
        return Err(S3Error::forbidden("AccessDenied", "Access Denied"));
    };
    let value = value
        .to_str()
        .map_err(|_| malformed("The authorization header is not valid text"))?;
    let auth = parse_authorization(value)?;
    let secret = cloud.secret_of(auth.access_key).ok_or_else(|| {
        S3Error::forbidden(
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
        )
        .with("AWSAccessKeyId", auth.access_key)
    })?;
    if let Some(region) = cloud.required_region() {
        if auth.region != region {
            return Err(malformed(format!(
                "The authorization header is malformed; the region '{}' is wrong; expecting '{region}'",
                auth.region
            ))
            .with("Region", region));
        }
    }
    if auth.service != "s3" {
        return Err(malformed(format!(
            "The authorization header is malformed; incorrect service '{}'. This endpoint belongs to 's3'.",
            auth.service
        )));
    }
    if !auth.signed_headers.contains(&"host") {
        return Err(malformed("The host header must be signed"));
    }
    let amz_date = header_value(request.headers, "x-amz-date");
    let Some(signed_at) = clock::parse_compact(&amz_date) else {
        return Err(S3Error::forbidden(
            "AccessDenied",
            "AWS authentication requires a valid Date or x-amz-date header",
        ));
    };
    if !amz_date.starts_with(auth.date) || auth.date.len() != 8 {
        return Err(malformed(format!(
            "The authorization header is malformed; Invalid credential date \"{}\". This date is not the same as X-Amz-Date: \"{}\".",
            auth.date, &amz_date[..8]
        )));
    }
    if (now - signed_at).abs() > MAX_SKEW_MS {
        return Err(S3Error::forbidden(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
        )
        .with("RequestTime", amz_date)
        .with("ServerTime", clock::iso_seconds(now)));
    }
    let payload_hash = payload_hash(request)?;
    let canonical = canonical_request(request, &auth.signed_headers, &payload_hash);
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let to_sign = string_to_sign(&amz_date, &scope, &canonical);
    let expected = hex::decode(auth.signature).unwrap_or_default();
    let mut mac = mac(&signing_key(secret, auth.date, auth.region, auth.service));
    mac.update(to_sign.as_bytes());
    mac.verify_slice(&expected).map_err(|_| {
        S3Error::forbidden(
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match the signature you provided. Check your key and signing method.",
        )
        .with("AWSAccessKeyId", auth.access_key)
        .with("StringToSign", to_sign)
        .with("SignatureProvided", auth.signature)
        .with("CanonicalRequest", canonical)
    })
}

fn malformed(message: impl Into<String>) -> S3Error {
    S3Error::bad_request("AuthorizationHeaderMalformed", message)
}

/// Parses `AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=…, Signature=…`.
fn parse_authorization(value: &str) -> Result<Authorization<'_>, S3Error> {
    let rest = value
        .strip_prefix(ALGORITHM)
        .filter(|r| r.starts_with(' '))
        .ok_or_else(|| {
            S3Error::bad_request(
                "InvalidArgument",
                "Unsupported Authorization Type: only AWS4-HMAC-SHA256 is accepted",
            )
        })?;
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let Some((key, value)) = part.trim().split_once('=') else {
            return Err(malformed("The authorization header is malformed"));
        };
        match key {
            "Credential" => credential = Some(value),
            "SignedHeaders" => signed_headers = Some(value.split(';').collect()),
            "Signature" => signature = Some(value),
            _ => {}
        }
    }
    let parts: Vec<&str> = credential
        .ok_or_else(|| malformed("The authorization header has no Credential"))?
        .split('/')
        .collect();
    let [access_key, date, region, service, "aws4_request"] = parts.as_slice() else {
        return Err(malformed(
            "The authorization header is malformed; the Credential is mal-formed; expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".",
        ));
    };
    Ok(Authorization {
        access_key,
        date,
        region,
        service,
        signed_headers: signed_headers
            .ok_or_else(|| malformed("The authorization header has no SignedHeaders"))?,
        signature: signature
            .ok_or_else(|| malformed("The authorization header has no Signature"))?,
    })
}

/// The payload hash the client declared, checked against the body unless unsigned.
fn payload_hash(request: &SignedRequest<'_>) -> Result<String, S3Error> {
    let Some(declared) = request.headers.get("x-amz-content-sha256") else {
        return Err(S3Error::bad_request(
            "InvalidRequest",
            "Missing required header for this request: x-amz-content-sha256",
        ));
    };
    let declared = declared.to_str().unwrap_or_default().to_string();
    if declared == UNSIGNED_PAYLOAD {
        return Ok(declared);
    }
    if declared.starts_with("STREAMING-") {
        return Err(S3Error::new(
            StatusCode::NOT_IMPLEMENTED,
            "NotImplemented",
            "Streaming (aws-chunked) uploads are not implemented by the emulator",
        ));
    }
    let actual = hex::encode(Sha256::digest(request.body));
    if declared != actual {
        return Err(S3Error::bad_request(
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
        )
        .with("ClientComputedContentSHA256", declared)
        .with("S3ComputedContentSHA256", actual));
    }
    Ok(declared)
}

/// Decodes and re-encodes every path segment with the unreserved set.
fn canonical_uri(path: &str) -> String {
    if path.is_empty() {
        return "/".to_string();
    }
    path.split('/')
        .map(|segment| {
            let decoded = percent_decode_str(segment).decode_utf8_lossy();
            utf8_percent_encode(&decoded, UNRESERVED).to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Pairs decoded, re-encoded, sorted by key then value, `k=v` joined by `&`.
fn canonical_query(query: Option<&str>) -> String {
    let encode = |text: &str| {
        let decoded = percent_decode_str(text).decode_utf8_lossy();
        utf8_percent_encode(&decoded, UNRESERVED).to_string()
    };
    let mut pairs: Vec<(String, String)> = query
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (encode(k), encode(v))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The canonical request of SigV4.
fn canonical_request(request: &SignedRequest<'_>, signed: &[&str], payload_hash: &str) -> String {
    let headers: String = signed
        .iter()
        .map(|name| format!("{name}:{}\n", header_value(request.headers, name)))
        .collect();
    format!(
        "{}\n{}\n{}\n{headers}\n{}\n{payload_hash}",
        request.method,
        canonical_uri(request.path),
        canonical_query(request.query),
        signed.join(";"),
    )
}

/// The string to sign of SigV4.
fn string_to_sign(amz_date: &str, scope: &str, canonical: &str) -> String {
    format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    )
}

fn mac(key: &[u8]) -> HmacSha256 {
    HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length")
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = mac(key);
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// `HMAC(HMAC(HMAC(HMAC("AWS4"+secret, date), region), service), "aws4_request")`.
fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> Vec<u8> {
    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    hmac(&k_service, "aws4_request")
}

#[cfg(test)]
mod tests {
    use axum::http::{HeaderMap, HeaderValue};

    use super::*;

    const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// AWS's published "GET Object" example of header-based SigV4 for S3.
    #[test]
    fn aws_get_object_vector() {
        let mut headers = HeaderMap::new();
        for (name, value) in [
            ("host", "examplebucket.s3.amazonaws.com"),
            ("range", "bytes=0-9"),
            ("x-amz-content-sha256", EMPTY_SHA256),
            ("x-amz-date", "20130524T000000Z"),
        ] {
            headers.insert(name, HeaderValue::from_static(value));
        }
        let request = SignedRequest {
            method: "GET",
            path: "/test.txt",
            query: None,
            headers: &headers,
            body: b"",
        };
        let signed = ["host", "range", "x-amz-content-sha256", "x-amz-date"];
        let canonical = canonical_request(&request, &signed, EMPTY_SHA256);
        let to_sign = string_to_sign(
            "20130524T000000Z",
            "20130524/us-east-1/s3/aws4_request",
            &canonical,
        );
        assert!(
            to_sign.ends_with("7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972")
        );
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "20130524",
            "us-east-1",
            "s3",
        );
        assert_eq!(
            hex::encode(hmac(&key, &to_sign)),
            "f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41"
        );
    }

    #[test]
    fn canonical_query_sorts_and_encodes() {
        assert_eq!(canonical_query(Some("versioning")), "versioning=");
        assert_eq!(
            canonical_query(Some("prefix=a%20b&list-type=2&max-keys=2")),
            "list-type=2&max-keys=2&prefix=a%20b"
        );
        assert_eq!(canonical_uri("/ionos/s3/b/a%2Bb~c"), "/ionos/s3/b/a%2Bb~c");
        assert_eq!(canonical_uri("/ionos/s3/b/a+b"), "/ionos/s3/b/a%2Bb");
    }
}
