//! Glance (image v2) at `/plusserver/image`: the public images every project can boot from.

pub(crate) mod images;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::{BaseUrl, IMAGE_PREFIX};
use crate::app::App;

/// Glance routes.
pub(super) fn router() -> Router<App> {
    Router::new()
        .route(IMAGE_PREFIX, get(versions))
        .route(&format!("{IMAGE_PREFIX}/"), get(versions))
        .route(&format!("{IMAGE_PREFIX}/versions"), get(versions))
        .route(&format!("{IMAGE_PREFIX}/v2/images"), get(images::list))
        .route(
            &format!("{IMAGE_PREFIX}/v2/images/{{id}}"),
            get(images::show),
        )
}

/// `GET /plusserver/image`: 300 with the version list (no token needed), like Glance.
async fn versions(BaseUrl(base): BaseUrl) -> Response {
    let link = format!("{base}{IMAGE_PREFIX}/v2/");
    let entry = |id: &str, status: &str| json!({"id": id, "status": status, "links": [{"rel": "self", "href": link}]});
    let body = json!({"versions": [
        entry("v2.16", "CURRENT"),
        entry("v2.15", "SUPPORTED"),
        entry("v2.0", "SUPPORTED"),
    ]});
    (StatusCode::MULTIPLE_CHOICES, Json(body)).into_response()
}
