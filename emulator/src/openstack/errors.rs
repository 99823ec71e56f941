//! Error bodies in the shapes Keystone and Neutron use.

use axum::extract::OriginalUri;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::NETWORK_PREFIX;

/// A Keystone (or keystonemiddleware) error: `{"error":{"code","title","message"}}`.
#[derive(Debug)]
pub(crate) struct KeystoneError {
    status: StatusCode,
    message: String,
}

impl KeystoneError {
    /// 401 with Keystone's standard message; used for every failed authentication.
    pub fn unauthorized() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            "The request you have made requires authentication.",
        )
    }

    /// 400 for a malformed or incomplete request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 for a missing object.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        KeystoneError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for KeystoneError {
    fn into_response(self) -> Response {
        let body = json!({"error": {
            "code": self.status.as_u16(),
            "title": self.status.canonical_reason().unwrap_or("Error"),
            "message": self.message,
        }});
        (self.status, Json(body)).into_response()
    }
}

/// A Neutron error: `{"NeutronError":{"type","message","detail":""}}`.
#[derive(Debug)]
pub(crate) struct NeutronError {
    status: StatusCode,
    kind: String,
    message: String,
}

impl NeutronError {
    /// Any status, type and message.
    pub fn new(status: StatusCode, kind: &str, message: impl Into<String>) -> Self {
        NeutronError {
            status,
            kind: kind.to_string(),
            message: message.into(),
        }
    }

    /// 400 `HTTPBadRequest`, what Neutron answers for bodies that fail validation.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "HTTPBadRequest", message)
    }

    /// 400 `InvalidInput` ("Invalid input for operation: ...").
    pub fn invalid_input(reason: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "InvalidInput",
            format!("Invalid input for operation: {reason}."),
        )
    }

    /// 400 `BadRequest` raised by the L3 plugin ("Bad router request: ...").
    pub fn bad_router_request(reason: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            format!("Bad router request: {reason}."),
        )
    }

    /// 409 with the given type.
    pub fn conflict(kind: &str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, kind, message)
    }

    /// 403 `PolicyNotAuthorized` for an action reserved to administrators.
    pub fn policy(rule: &str) -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            "PolicyNotAuthorized",
            format!("rule:{rule} is disallowed by policy"),
        )
    }
}

impl IntoResponse for NeutronError {
    fn into_response(self) -> Response {
        let body = json!({"NeutronError": {
            "type": self.kind,
            "message": self.message,
            "detail": "",
        }});
        (self.status, Json(body)).into_response()
    }
}

/// The response for a fault injected on `path`, shaped like the service behind that path.
pub(crate) fn injected_fault(path: &str, status: StatusCode) -> Response {
    let message = match status {
        StatusCode::TOO_MANY_REQUESTS => "Rate limit exceeded, retry later (injected fault).",
        StatusCode::SERVICE_UNAVAILABLE => {
            "The service is temporarily unavailable (injected fault)."
        }
        _ => {
            "Request Failed: internal server error while processing your request (injected fault)."
        }
    };
    let mut response = if path.starts_with(NETWORK_PREFIX) {
        let kind = match status {
            StatusCode::TOO_MANY_REQUESTS => "OverLimit",
            StatusCode::SERVICE_UNAVAILABLE => "HTTPServiceUnavailable",
            _ => "HTTPInternalServerError",
        };
        NeutronError::new(status, kind, message).into_response()
    } else {
        KeystoneError::new(status, message).into_response()
    };
    if status == StatusCode::TOO_MANY_REQUESTS {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    }
    response
}

/// Fallback for paths no route matches: a 404 in the shape of the service the path belongs to.
pub(crate) async fn unknown_route(OriginalUri(uri): OriginalUri) -> Response {
    let message = "The resource could not be found.";
    if uri.path().starts_with(NETWORK_PREFIX) {
        NeutronError::new(StatusCode::NOT_FOUND, "HTTPNotFound", message).into_response()
    } else {
        KeystoneError::not_found(message).into_response()
    }
}
