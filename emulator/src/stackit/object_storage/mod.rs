//! STACKIT's Object Storage management API v2 under `/stackit/object-storage`
//! (`STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT`): every path is
//! `/v2/project/{projectId}/regions/{region}…` (singular `project`). The service is enabled per
//! project and region; buckets are created, read, listed and deleted. Errors are
//! `{"detail": [{"key", "msg"}]}`, or FastAPI's 422 for a bucket name of the wrong length.

mod admin;
mod buckets;
mod errors;
mod names;
mod service;
mod store;

pub(crate) use admin::router as admin_router;
pub(crate) use store::Store;

use axum::routing::get;
use axum::Router;

use crate::app::App;

/// Where the management API is served.
pub(crate) const PREFIX: &str = "/stackit/object-storage";

/// The management API's routes (the Bearer token is checked in front, as for IaaS).
pub(crate) fn router() -> Router<App> {
    let p = |path: &str| format!("{PREFIX}/v2/project/{{project}}/regions/{{region}}{path}");
    Router::new()
        .route(&p(""), get(service::status).post(service::enable))
        .route(
            &p("/bucket/{name}"),
            get(buckets::show)
                .post(buckets::create)
                .delete(buckets::remove),
        )
        .route(&p("/buckets"), get(buckets::list))
}
