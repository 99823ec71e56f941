//! The management API's error bodies: `{"detail": [{"key", "msg"}]}` (`ErrorMessage`) and
//! FastAPI's validation answer, 422 `{"detail": [{"type", "loc", "msg", "input"}]}`
//! (`HTTPValidationError`).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error of the object storage management API.
#[derive(Debug)]
pub(crate) enum ApiError {
    /// An `ErrorMessage` with one detail.
    Detail {
        /// The HTTP status.
        status: StatusCode,
        /// The detail's machine-readable key.
        key: &'static str,
        /// The detail's message.
        msg: String,
    },
    /// A request parameter FastAPI refused before the handler ran.
    Invalid {
        /// Where the value was (`["path", "bucketName"]`).
        loc: [&'static str; 2],
        /// Pydantic's error type (`string_too_short`).
        kind: &'static str,
        /// What is wrong.
        msg: String,
        /// The refused value.
        input: String,
    },
}

impl ApiError {
    /// An `ErrorMessage` answer.
    pub fn detail(status: StatusCode, key: &'static str, msg: impl Into<String>) -> Self {
        ApiError::Detail {
            status,
            key,
            msg: msg.into(),
        }
    }

    /// 403: the token may not act on this project.
    pub fn forbidden(project: &str) -> Self {
        Self::detail(
            StatusCode::FORBIDDEN,
            "auth.forbidden",
            format!("Not authorized to access project {project}"),
        )
    }

    /// 404: object storage is not enabled for the project (STACKIT says "Project not found").
    pub fn service_not_enabled() -> Self {
        Self::detail(
            StatusCode::NOT_FOUND,
            "project.not_found",
            "Project not found",
        )
    }

    /// 404: no such bucket in the project.
    pub fn bucket_not_found(name: &str) -> Self {
        Self::detail(
            StatusCode::NOT_FOUND,
            "bucket.not_found",
            format!("Bucket {name} not found"),
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self {
            ApiError::Detail { status, key, msg } => {
                (status, Json(json!({"detail": [{"key": key, "msg": msg}]}))).into_response()
            }
            ApiError::Invalid {
                loc,
                kind,
                msg,
                input,
            } => (
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"detail": [{"type": kind, "loc": loc, "msg": msg, "input": input}]})),
            )
                .into_response(),
        }
    }
}
