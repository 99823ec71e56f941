//! IONOS Cloud: the Cloud API v6 under `/ionos/cloudapi/v6` and the Auth API under
//! `/ionos/auth/v1`.
//!
//! There is no project: resources live in a data center (one is seeded), IP blocks in the
//! account. Every mutation is an asynchronous request (202 + `Location` of its status), reads
//! take `depth`, and errors come as `{"httpStatus", "messages": [{"errorCode", "message"}]}`.

mod auth;
mod call;
mod datacenters;
pub(crate) mod errors;
mod images;
mod input;
mod ipam;
mod ipblocks;
mod labels;
mod lans;
mod locations;
mod meta;
mod nics;
mod nsg;
mod ops;
mod paging;
mod ratelimit;
mod render;
mod requests;
mod servers;
mod store;
mod volumes;

pub(crate) use auth::check as authenticate;
pub(crate) use ratelimit::{headers as rate_limit_headers, Window as RateLimitWindow};
pub(crate) use store::Store;

use axum::routing::{any, get};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::app::App;
use call::Call;
use errors::IonosError;

/// Where the Cloud API is served.
pub(crate) const API_PREFIX: &str = "/ionos/cloudapi/v6";
/// Where the Auth API is served.
const AUTH_PREFIX: &str = "/ionos/auth/v1";

/// `GET /ionos/cloudapi/v6/`: the API's entry point.
async fn info(call: Call) -> Json<Value> {
    Json(json!({
        "href": format!("{}/", call.api()),
        "name": "CLOUD API",
        "version": "6.0",
    }))
}

/// 404 in the IONOS shape for paths under `/ionos` that no route matches.
async fn unknown_route() -> IonosError {
    IonosError::unknown_route()
}

/// The routes of the Cloud API and the Auth API (credentials are checked by the middleware
/// [`authenticate`], which [`crate::server`] puts in front).
pub(crate) fn router() -> Router<App> {
    let api = |path: &str| format!("{API_PREFIX}{path}");
    let dc = |path: &str| format!("{API_PREFIX}/datacenters/{{dc}}{path}");
    Router::new()
        .route(API_PREFIX, get(info))
        .route(&api("/"), get(info))
        .route(&api("/datacenters"), get(datacenters::list))
        .route(&dc(""), get(datacenters::show))
        .route(
            &dc("/servers/{server}/labels"),
            get(labels::list).post(labels::create),
        )
        .route(
            &dc("/servers/{server}/labels/{key}"),
            get(labels::show).put(labels::update).delete(labels::remove),
        )
        .route(
            &dc("/volumes/{volume}/labels"),
            get(labels::list).post(labels::create),
        )
        .route(
            &dc("/volumes/{volume}/labels/{key}"),
            get(labels::show).put(labels::update).delete(labels::remove),
        )
        .route(
            &api("/ipblocks/{id}/labels"),
            get(labels::list).post(labels::create),
        )
        .route(
            &api("/ipblocks/{id}/labels/{key}"),
            get(labels::show).put(labels::update).delete(labels::remove),
        )
        .route(&dc("/lans"), get(lans::list).post(lans::create))
        .route(
            &dc("/lans/{lan}"),
            get(lans::show)
                .put(lans::update)
                .patch(lans::update)
                .delete(lans::remove),
        )
        .route(&dc("/lans/{lan}/nics"), get(lans::nics))
        .route(&dc("/lans/{lan}/nics/{nic}"), get(lans::nic))
        .route(&dc("/servers"), get(servers::list).post(servers::create))
        .route(
            &dc("/servers/{server}"),
            get(servers::show)
                .put(servers::update)
                .patch(servers::update)
                .delete(servers::remove),
        )
        .route(
            &dc("/servers/{server}/volumes"),
            get(servers::volumes::list).post(servers::volumes::attach),
        )
        .route(
            &dc("/servers/{server}/volumes/{volume}"),
            get(servers::volumes::show).delete(servers::volumes::detach),
        )
        .route(
            &dc("/servers/{server}/securitygroups"),
            get(nsg::server_groups).put(nsg::set_server_groups),
        )
        .route(
            &dc("/servers/{server}/nics"),
            get(nics::list).post(nics::create),
        )
        .route(
            &dc("/servers/{server}/nics/{nic}"),
            get(nics::show)
                .put(nics::update)
                .patch(nics::update)
                .delete(nics::remove),
        )
        .route(
            &dc("/servers/{server}/nics/{nic}/securitygroups"),
            get(nsg::nic_groups).put(nsg::set_nic_groups),
        )
        .route(&dc("/volumes"), get(volumes::list).post(volumes::create))
        .route(
            &dc("/volumes/{volume}"),
            get(volumes::show)
                .put(volumes::update)
                .patch(volumes::update)
                .delete(volumes::remove),
        )
        .route(&dc("/securitygroups"), get(nsg::list).post(nsg::create))
        .route(
            &dc("/securitygroups/{group}"),
            get(nsg::show)
                .put(nsg::update)
                .patch(nsg::update)
                .delete(nsg::remove),
        )
        .route(
            &dc("/securitygroups/{group}/rules"),
            get(nsg::rules::list).post(nsg::rules::create),
        )
        .route(
            &dc("/securitygroups/{group}/rules/{rule}"),
            get(nsg::rules::show)
                .put(nsg::rules::update)
                .patch(nsg::rules::update)
                .delete(nsg::rules::remove),
        )
        .route(
            &api("/ipblocks"),
            get(ipblocks::list).post(ipblocks::create),
        )
        .route(
            &api("/ipblocks/{id}"),
            get(ipblocks::show)
                .put(ipblocks::update)
                .patch(ipblocks::update)
                .delete(ipblocks::remove),
        )
        .route(&api("/images"), get(images::list))
        .route(&api("/images/{id}"), get(images::show))
        .route(&api("/locations"), get(locations::list))
        .route(&api("/locations/{region}"), get(locations::region))
        .route(&api("/locations/{region}/{site}"), get(locations::show))
        .route(&api("/requests"), get(requests::list))
        .route(&api("/requests/{id}"), get(requests::show))
        .route(&api("/requests/{id}/status"), get(requests::status))
        .route(
            &format!("{AUTH_PREFIX}/tokens/generate"),
            get(auth::generate),
        )
        .route("/ionos/{*rest}", any(unknown_route))
        .method_not_allowed_fallback(errors::method_not_allowed)
}
