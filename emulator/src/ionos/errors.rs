//! The IONOS Cloud error body `{"httpStatus": N, "messages": [{"errorCode", "message"}]}` and
//! the codes the emulator answers with.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// Code of a malformed body or query (400; chosen by the emulator).
const MALFORMED: &str = "100";
/// Code of a request that failed validation (422; chosen by the emulator).
const INVALID: &str = "200";
/// Code of a request that conflicts with another resource (409; chosen by the emulator).
const CONFLICT: &str = "300";
/// Code of a resource that does not exist (404; as the Cloud API answers).
const MISSING: &str = "309";
/// Code of a request without valid credentials (401; as the Cloud API answers).
const UNAUTHORIZED: &str = "315";
/// Code of a method the route does not have (405; chosen by the emulator).
const METHOD: &str = "310";

/// An error of the Cloud API or the Auth API.
#[derive(Debug)]
pub(crate) struct IonosError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl IonosError {
    /// Any status, code and message.
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        IonosError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400: the body or a query parameter cannot be parsed.
    pub fn malformed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, MALFORMED, message)
    }

    /// 401: no or wrong credentials.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, UNAUTHORIZED, "Unauthorized")
    }

    /// 404: the `kind` resource `id` does not exist (or is gone).
    pub fn not_found(kind: &str, id: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            MISSING,
            format!("Resource does not exist: {kind} {id}"),
        )
    }

    /// 404 for a path no route matches.
    pub fn unknown_route() -> Self {
        Self::new(StatusCode::NOT_FOUND, MISSING, "Resource does not exist")
    }

    /// 405 for a method the route does not have.
    pub fn method_not_allowed() -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            METHOD,
            "The method is not allowed on this resource",
        )
    }

    /// 409: the request conflicts with another resource.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, CONFLICT, message)
    }

    /// 422: the request is well-formed but not acceptable.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, INVALID, message)
    }

    /// An injected fault (429, 500 or 503); its code is the status number.
    pub fn injected(status: StatusCode, message: &str) -> Self {
        let code = match status {
            StatusCode::TOO_MANY_REQUESTS => "429",
            StatusCode::SERVICE_UNAVAILABLE => "503",
            _ => "500",
        };
        Self::new(status, code, message)
    }
}

impl IntoResponse for IonosError {
    fn into_response(self) -> Response {
        let body = json!({
            "httpStatus": self.status.as_u16(),
            "messages": [{"errorCode": self.code, "message": self.message}],
        });
        (self.status, Json(body)).into_response()
    }
}

/// Fallback for methods a route does not have.
pub(crate) async fn method_not_allowed() -> IonosError {
    IonosError::method_not_allowed()
}
