//! Error bodies of OTC's native APIs: VPC/EIP (`{"code","message"}` at the top level), ECS
//! (`{"error":{"code","message"}}`) and the API gateway's AK/SK refusals
//! (`{"error_msg","error_code","request_id"}`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// A VPC v1 / EIP v1 / tag API error: top-level `{"code": "VPC.0101", "message": ...}`.
#[derive(Debug)]
pub(crate) struct VpcError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl VpcError {
    /// Any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        VpcError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 with `code`.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 404 with `code`.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }

    /// 409 with `code`.
    pub fn conflict(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, message)
    }
}

impl IntoResponse for VpcError {
    fn into_response(self) -> Response {
        let body = json!({"code": self.code, "message": self.message});
        (self.status, Json(body)).into_response()
    }
}

/// An ECS error: `{"error": {"code": "Ecs.0005", "message": ...}}`.
#[derive(Debug)]
pub(crate) struct EcsError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl EcsError {
    /// Any status, code and message.
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        EcsError {
            status,
            code,
            message: message.into(),
        }
    }

    /// 400 `Ecs.0005`: the request's parameters are invalid.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "Ecs.0005", message)
    }

    /// 400 with `code`.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    /// 404 with `code`.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }
}

impl IntoResponse for EcsError {
    fn into_response(self) -> Response {
        let body = json!({"error": {"code": self.code, "message": self.message}});
        (self.status, Json(body)).into_response()
    }
}

/// 401 from the API gateway for a request whose AK/SK signature does not check out.
pub(crate) fn signature_refused(message: &str) -> Response {
    let body = json!({
        "error_msg": format!("Incorrect IAM authentication information: {message}"),
        "error_code": "APIGW.0301",
        "request_id": uuid::Uuid::new_v4().simple().to_string(),
    });
    (StatusCode::UNAUTHORIZED, Json(body)).into_response()
}
