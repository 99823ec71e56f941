//! Error bodies in the shapes Keystone, Neutron, Nova/Cinder and Glance use.

use axum::extract::OriginalUri;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use crate::cloud::Cloud;
use crate::ionos::errors::IonosError;
use crate::otc::errors::{EcsError, VpcError};
use crate::s3::{S3Cloud, S3Error};
use crate::stackit::errors::StackitError;

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

    /// The error type, e.g. `PortInUse`.
    pub fn kind(&self) -> &str {
        &self.kind
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
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

/// A Nova or Cinder fault: `{"<name>": {"code", "message"}}` with the fault name of the status.
#[derive(Debug)]
pub(crate) struct Fault {
    status: StatusCode,
    message: String,
}

impl Fault {
    /// Any status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Fault {
            status,
            message: message.into(),
        }
    }

    /// 400 `badRequest`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 403 `forbidden`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }

    /// 404 `itemNotFound`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    /// 409 `conflictingRequest`.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }

    /// 413 `overLimit`.
    pub fn over_limit(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The fault name Nova and Cinder use for a status.
    fn name(&self) -> &'static str {
        match self.status.as_u16() {
            400 => "badRequest",
            401 => "unauthorized",
            403 => "forbidden",
            404 => "itemNotFound",
            405 => "badMethod",
            406 => "notAcceptable",
            409 => "conflictingRequest",
            413 | 429 => "overLimit",
            415 => "badMediaType",
            501 => "notImplemented",
            503 => "serviceUnavailable",
            _ => "computeFault",
        }
    }
}

impl IntoResponse for Fault {
    fn into_response(self) -> Response {
        let mut inner = json!({"code": self.status.as_u16(), "message": self.message});
        if self.status == StatusCode::PAYLOAD_TOO_LARGE {
            inner["retryAfter"] = json!("0");
        }
        (self.status, Json(json!({ self.name(): inner }))).into_response()
    }
}

/// A Glance error, as WebOb renders it for JSON clients: `{"code": "404 Not Found", "title", "message"}`.
#[derive(Debug)]
pub(crate) struct GlanceError {
    status: StatusCode,
    message: String,
}

impl GlanceError {
    /// 400 for a bad query or body.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }

    /// 404 for a missing image.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }

    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        GlanceError {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for GlanceError {
    fn into_response(self) -> Response {
        let title = self.status.canonical_reason().unwrap_or("Error");
        let body = json!({
            "code": format!("{} {title}", self.status.as_u16()),
            "title": title,
            "message": self.message,
        });
        (self.status, Json(body)).into_response()
    }
}

/// The service a path belongs to, for error shapes.
enum Service {
    Keystone,
    Neutron,
    NovaOrCinder,
    Glance,
    /// OTC's VPC v1 / EIP v1 / tags (also served at the host's root).
    Vpc,
    /// OTC's ECS.
    Ecs,
    /// IONOS Cloud (`/ionos/...`).
    Ionos,
    /// STACKIT (`/stackit/...`).
    Stackit,
    /// The S3 endpoints (`/ionos/s3`, `/otc/obs`, `/plusserver/s3`).
    S3,
}

fn service_of(path: &str) -> Service {
    let under = |prefix: &str| {
        path.strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
    };
    if under("/v1") || under("/v2.0") {
        return Service::Vpc;
    }
    if S3Cloud::of_path(path).is_some() {
        return Service::S3;
    }
    if under("/ionos") {
        return Service::Ionos;
    }
    if under("/stackit") {
        return Service::Stackit;
    }
    let Some(cloud) = Cloud::of_path(path) else {
        return Service::Keystone;
    };
    let under = |prefix: String| under(&prefix);
    if under(cloud.service("vpc")) {
        Service::Vpc
    } else if under(cloud.service("ecs")) {
        Service::Ecs
    } else if under(cloud.network()) {
        Service::Neutron
    } else if under(cloud.compute()) || under(cloud.volume()) {
        Service::NovaOrCinder
    } else if under(cloud.image()) {
        Service::Glance
    } else {
        Service::Keystone
    }
}

/// The response for a fault injected on `path`, shaped like the service behind that path.
pub(crate) fn injected_fault(path: &str, status: StatusCode) -> Response {
    let message = match status {
        StatusCode::TOO_MANY_REQUESTS => "Rate limit exceeded, retry later (injected fault).",
        StatusCode::SERVICE_UNAVAILABLE => {
            "The service is temporarily unavailable (injected fault)."
        }
        StatusCode::BAD_GATEWAY => {
            "Bad gateway: the upstream service did not answer (injected fault)."
        }
        _ => {
            "Request Failed: internal server error while processing your request (injected fault)."
        }
    };
    let mut response = match service_of(path) {
        Service::Neutron => {
            let kind = match status {
                StatusCode::TOO_MANY_REQUESTS => "OverLimit",
                StatusCode::SERVICE_UNAVAILABLE => "HTTPServiceUnavailable",
                _ => "HTTPInternalServerError",
            };
            NeutronError::new(status, kind, message).into_response()
        }
        Service::NovaOrCinder => Fault::new(status, message).into_response(),
        Service::Glance => GlanceError::new(status, message).into_response(),
        Service::Keystone => KeystoneError::new(status, message).into_response(),
        Service::Vpc => VpcError::new(status, "VPC.0500", message).into_response(),
        Service::Ecs => EcsError::new(status, "Ecs.0500", message).into_response(),
        Service::Ionos => IonosError::injected(status, message).into_response(),
        Service::Stackit => StackitError::new(status, message).into_response(),
        Service::S3 if status.as_u16() == 500 || status.as_u16() == 502 => {
            S3Error::new(status, "InternalError", message).into_response()
        }
        Service::S3 => {
            S3Error::new(StatusCode::SERVICE_UNAVAILABLE, "SlowDown", message).into_response()
        }
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
    match service_of(uri.path()) {
        Service::Neutron => {
            NeutronError::new(StatusCode::NOT_FOUND, "HTTPNotFound", message).into_response()
        }
        Service::NovaOrCinder => Fault::not_found(message).into_response(),
        Service::Glance => GlanceError::not_found(message).into_response(),
        Service::Keystone => KeystoneError::not_found(message).into_response(),
        Service::Vpc => VpcError::not_found("VPC.0404", message).into_response(),
        Service::Ecs => EcsError::not_found("Ecs.0404", message).into_response(),
        Service::Ionos => IonosError::unknown_route().into_response(),
        Service::Stackit => StackitError::new(StatusCode::NOT_FOUND, "not found").into_response(),
        Service::S3 => S3Error::new(StatusCode::NOT_FOUND, "NotFound", message).into_response(),
    }
}
