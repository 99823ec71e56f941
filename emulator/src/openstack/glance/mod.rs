//! Glance (image v2) at `<cloud>/image`: the public images every project can boot from.

pub(crate) mod images;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use super::BaseUrl;
use crate::app::App;
use crate::cloud::Cloud;

/// Glance routes of `cloud`.
pub(super) fn router(cloud: Cloud) -> Router<App> {
    let prefix = cloud.image();
    Router::new()
        .route(&prefix, get(versions))
        .route(&format!("{prefix}/"), get(versions))
        .route(&format!("{prefix}/versions"), get(versions))
        .route(&format!("{prefix}/v2/images"), get(images::list))
        .route(&format!("{prefix}/v2/images/{{id}}"), get(images::show))
}

/// `GET <cloud>/image`: 300 with the version list (no token needed), like Glance.
async fn versions(cloud: Cloud, BaseUrl(base): BaseUrl) -> Response {
    let link = format!("{base}{}/v2/", cloud.image());
    let entry = |id: &str, status: &str| json!({"id": id, "status": status, "links": [{"rel": "self", "href": link}]});
    let body = json!({"versions": [
        entry("v2.16", "CURRENT"),
        entry("v2.15", "SUPPORTED"),
        entry("v2.0", "SUPPORTED"),
    ]});
    (StatusCode::MULTIPLE_CHOICES, Json(body)).into_response()
}
