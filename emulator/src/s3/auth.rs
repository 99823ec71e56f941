//! The S3 middleware: SigV4 verification on the buffered body, and `x-amz-request-id`.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::cloud::S3Cloud;
use super::errors::{self, S3Error};
use super::sigv4::{self, SignedRequest};
use crate::clock;

/// The largest body the emulator buffers.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// Buffers the body, checks the signature against the cloud's keys and passes the request on.
pub(crate) async fn verify(request: Request, next: Next) -> Response {
    let Some(cloud) = request.extensions().get::<S3Cloud>().copied() else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_BODY).await else {
        return S3Error::bad_request(
            "EntityTooLarge",
            "Your proposed upload exceeds the maximum allowed size",
        )
        .into_response();
    };
    let signed = SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &bytes,
    };
    if let Err(error) = sigv4::verify(&signed, cloud, clock::now_ms()) {
        return error.into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Adds `x-amz-request-id` to answers that have none yet (error answers bring their own).
pub(crate) async fn request_id(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if !response.headers().contains_key("x-amz-request-id") {
        if let Ok(value) = HeaderValue::from_str(&errors::request_id()) {
            response.headers_mut().insert("x-amz-request-id", value);
        }
    }
    response
}
