//! STACKIT's IaaS error body `{"code": <status>, "msg": "..."}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error of the IaaS API.
#[derive(Debug)]
pub(crate) struct StackitError {
    status: StatusCode,
    msg: String,
}

impl StackitError {
    /// Any status and message.
    pub fn new(status: StatusCode, msg: impl Into<String>) -> Self {
        StackitError {
            status,
            msg: msg.into(),
        }
    }

    /// 400: the request is malformed or invalid.
    pub fn bad_request(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, msg)
    }

    /// 401: no, unknown or expired Bearer token.
    pub fn unauthorized() -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "Unauthorized")
    }

    /// 404: the `what` (e.g. `network`) does not exist.
    pub fn not_found(what: &str) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{what} not found"))
    }

    /// 409: the request conflicts with the state of a resource.
    pub fn conflict(msg: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, msg)
    }
}

impl IntoResponse for StackitError {
    fn into_response(self) -> Response {
        let body = json!({"code": self.status.as_u16(), "msg": self.msg});
        (self.status, Json(body)).into_response()
    }
}

/// Fallback for paths under `/stackit` no route matches.
pub(crate) async fn unknown_route() -> StackitError {
    StackitError::new(StatusCode::NOT_FOUND, "not found")
}

/// Fallback for methods a route does not have.
pub(crate) async fn method_not_allowed() -> StackitError {
    StackitError::new(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
}
