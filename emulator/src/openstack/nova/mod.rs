//! Nova (compute v2.1) at `/plusserver/compute`: flavors, key pairs, availability zones,
//! servers with their actions, metadata and volume attachments.

mod actions;
mod attachments;
mod create;
mod flavors;
mod keypairs;
mod md5;
mod servers;
mod store;

pub(crate) use store::Store;

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::microversion::{self, VersionedCaller};
use super::{BaseUrl, COMPUTE_PREFIX};
use crate::app::App;
use crate::defaults;
use crate::state::State as AppState;

/// `{base}{COMPUTE_PREFIX}/{rest}`, for links.
pub(crate) fn link(base: &str, rest: &str) -> String {
    format!("{base}{COMPUTE_PREFIX}/{rest}")
}

/// `{COMPUTE_PREFIX}/v2.1/{path}` as a route.
fn v21(path: &str) -> String {
    format!("{COMPUTE_PREFIX}/v2.1/{path}")
}

/// Nova routes.
pub(super) fn router() -> Router<App> {
    let api = Router::new()
        .route(&v21("flavors"), get(flavors::list))
        .route(&v21("flavors/detail"), get(flavors::list_detail))
        .route(&v21("flavors/{id}"), get(flavors::show))
        .route(
            &v21("flavors/{id}/os-extra_specs"),
            get(flavors::extra_specs),
        )
        .route(
            &v21("os-keypairs"),
            get(keypairs::list).post(keypairs::create),
        )
        .route(
            &v21("os-keypairs/{name}"),
            get(keypairs::show).delete(keypairs::remove),
        )
        .route(&v21("os-availability-zone"), get(availability_zones))
        .route(&v21("limits"), get(limits))
        .route(&v21("servers"), get(servers::list).post(create::create))
        .route(&v21("servers/detail"), get(servers::list_detail))
        .route(
            &v21("servers/{id}"),
            get(servers::show)
                .put(servers::update)
                .delete(servers::remove),
        )
        .route(&v21("servers/{id}/action"), post(actions::action))
        .route(
            &v21("servers/{id}/metadata"),
            get(actions::show_metadata)
                .put(actions::replace_metadata)
                .post(actions::merge_metadata),
        )
        .route(
            &v21("servers/{id}/metadata/{key}"),
            get(actions::show_metadata_key).delete(actions::delete_metadata_key),
        )
        .route(
            &v21("servers/{id}/os-security-groups"),
            get(servers::security_groups),
        )
        .route(
            &v21("servers/{id}/os-volume_attachments"),
            get(attachments::list).post(attachments::create),
        )
        .route(
            &v21("servers/{id}/os-volume_attachments/{volume_id}"),
            get(attachments::show).delete(attachments::remove),
        )
        .layer(middleware::from_fn(negotiate));
    Router::new()
        .route(COMPUTE_PREFIX, get(versions))
        .route(&format!("{COMPUTE_PREFIX}/"), get(versions))
        .route(&format!("{COMPUTE_PREFIX}/v2.1"), get(version))
        .route(&format!("{COMPUTE_PREFIX}/v2.1/"), get(version))
        .merge(api)
}

async fn negotiate(request: Request, next: Next) -> Response {
    microversion::COMPUTE.apply(request, next).await
}

fn v21_document(base: &str) -> Value {
    microversion::COMPUTE.document(link(base, "v2.1/"))
}

/// `GET /plusserver/compute`: the version list (no token needed), like Nova.
async fn versions(BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"versions": [v21_document(&base)]}))
}

/// `GET /plusserver/compute/v2.1`: the v2.1 version document.
async fn version(BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"version": v21_document(&base)}))
}

/// A project-scoped caller with the negotiated compute microversion.
pub(crate) type NovaCaller = VersionedCaller;

/// `GET /os-availability-zone`.
async fn availability_zones(_caller: NovaCaller) -> Json<Value> {
    Json(json!({"availabilityZoneInfo": [{
        "zoneName": defaults::AVAILABILITY_ZONE,
        "zoneState": {"available": true},
        "hosts": null,
    }]}))
}

/// `GET /limits`: the absolute compute quotas and their usage.
async fn limits(State(app): State<App>, caller: NovaCaller) -> Json<Value> {
    let (instances, cores, ram, keypairs) = app.read(|state| {
        let compute = &state.plusserver_compute;
        let (instances, cores, ram) = compute.usage(&caller.project_id);
        (instances, cores, ram, compute.keypairs.len())
    });
    Json(json!({"limits": {"rate": [], "absolute": {
        "maxTotalInstances": store::QUOTA_INSTANCES,
        "maxTotalCores": store::QUOTA_CORES,
        "maxTotalRAMSize": store::QUOTA_RAM,
        "maxTotalKeypairs": store::QUOTA_KEY_PAIRS,
        "maxServerMeta": 128,
        "maxServerGroups": 10,
        "maxServerGroupMembers": 10,
        "totalInstancesUsed": instances,
        "totalCoresUsed": cores,
        "totalRAMUsed": ram,
        "totalServerGroupsUsed": 0,
        "totalKeypairsUsed": keypairs,
    }}}))
}

/// Servers and key pairs clients created, for the admin inventory (at the newest microversion).
pub(crate) fn inventory(state: &AppState, now: i64) -> Vec<(&'static str, Vec<Value>)> {
    let caller = NovaCaller {
        project_id: defaults::PROJECT_ID.to_string(),
        version: microversion::COMPUTE.max,
    };
    let servers = state
        .plusserver_compute
        .servers
        .values()
        .map(|s| servers::render(state, s, now, &caller, ""))
        .collect();
    let keypairs = state
        .plusserver_compute
        .keypairs
        .values()
        .map(|k| json!({"name": k.name, "fingerprint": k.fingerprint, "type": k.key_type}))
        .collect();
    vec![("servers", servers), ("keypairs", keypairs)]
}
