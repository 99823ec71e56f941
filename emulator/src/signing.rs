//! What the emulator's two HMAC-SHA256 request-signature verifiers share (OTC's
//! `SDK-HMAC-SHA256`, `otc/signing.rs`, and AWS SigV4 for S3, `s3/sigv4.rs`): the request parts
//! a signature covers, the unreserved character set, the allowed clock skew and how a signed
//! header's value is canonicalised.

use axum::http::HeaderMap;
use hmac::Hmac;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use sha2::Sha256;

/// How far the request's signing date may be from now.
pub(crate) const MAX_SKEW_MS: i64 = 15 * 60 * 1000;

/// Characters left as they are in canonical paths and queries: RFC 3986's unreserved set.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// HMAC-SHA256.
pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The parts of a request a signature covers.
pub(crate) struct SignedRequest<'a> {
    /// HTTP method, e.g. `GET`.
    pub method: &'a str,
    /// The path as received (percent-encoded), with the cloud's prefix.
    pub path: &'a str,
    /// The raw query string, if any.
    pub query: Option<&'a str>,
    /// All request headers.
    pub headers: &'a HeaderMap,
    /// The body.
    pub body: &'a [u8],
}

/// All values of header `name`, trimmed, inner whitespace collapsed, joined by `,`.
pub(crate) fn header_value(headers: &HeaderMap, name: &str) -> String {
    headers
        .get_all(name)
        .iter()
        .map(|v| {
            String::from_utf8_lossy(v.as_bytes())
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join(",")
}
