//! The AK/SK layer in front of every OTC route: a request with an `SDK-HMAC-SHA256`
//! `Authorization` header is verified (401 `APIGW.0301` if it does not check out) and then
//! acts in the project named by `X-Project-Id` (the default project if none).

use axum::body::{to_bytes, Body};
use axum::extract::Request;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::Response;

use super::errors::signature_refused;
use super::signing::{self, SignedRequest, ALGORITHM};
use crate::clock;
use crate::defaults;
use crate::openstack::identity::Signature;

/// Largest body a signed request may have.
const MAX_BODY: usize = 16 << 20;

/// Middleware: verifies AK/SK signatures and marks the request as signed.
pub(crate) async fn verify_signature(request: Request, next: Next) -> Response {
    let signed = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(ALGORITHM));
    if !signed {
        return next.run(request).await;
    }
    let (mut parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return signature_refused("the request body could not be read");
    };
    let checked = SignedRequest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        query: parts.uri.query(),
        headers: &parts.headers,
        body: &bytes,
    };
    if let Err(message) = signing::verify(&checked, clock::now_ms()) {
        return signature_refused(&message);
    }
    let project = parts
        .headers
        .get("x-project-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or(defaults::OTC_PROJECT_ID)
        .to_string();
    if project != defaults::OTC_PROJECT_ID {
        return signature_refused(&format!(
            "project {project} is not accessible with this access key"
        ));
    }
    parts.extensions.insert(Signature {
        project_id: project,
    });
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
