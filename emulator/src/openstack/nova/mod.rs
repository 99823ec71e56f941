//! Nova (compute v2.1) at `<cloud>/compute`: flavors, key pairs, availability zones,
//! servers with their actions, metadata and volume attachments.

mod actions;
mod attachments;
mod boot;
mod create;
pub(crate) mod flavors;
mod keypairs;
mod md5;
mod servers;
mod store;

pub(crate) use boot::{boot_from_volume, VolumeBoot};
pub(crate) use servers::{destroy, security_group_names};
pub(crate) use store::{vm_state, Server, Store};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::microversion::{self, VersionedCaller};
use super::world::World;
use super::BaseUrl;
use crate::app::App;
use crate::cloud::Cloud;

/// `{base}<cloud>/compute/{rest}`, for links.
pub(crate) fn link(cloud: Cloud, base: &str, rest: &str) -> String {
    format!("{base}{}/{rest}", cloud.compute())
}

/// Nova routes of `cloud`.
pub(super) fn router(cloud: Cloud) -> Router<App> {
    let prefix = cloud.compute();
    let v21 = |path: &str| format!("{prefix}/v2.1/{path}");
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
        .route(&prefix, get(versions))
        .route(&format!("{prefix}/"), get(versions))
        .route(&format!("{prefix}/v2.1"), get(version))
        .route(&format!("{prefix}/v2.1/"), get(version))
        .merge(api)
}

async fn negotiate(request: Request, next: Next) -> Response {
    microversion::COMPUTE.apply(request, next).await
}

fn v21_document(cloud: Cloud, base: &str) -> Value {
    microversion::COMPUTE.document(link(cloud, base, "v2.1/"))
}

/// `GET <cloud>/compute`: the version list (no token needed), like Nova.
async fn versions(cloud: Cloud, BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"versions": [v21_document(cloud, &base)]}))
}

/// `GET <cloud>/compute/v2.1`: the v2.1 version document.
async fn version(cloud: Cloud, BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"version": v21_document(cloud, &base)}))
}

/// A project-scoped caller with the negotiated compute microversion.
pub(crate) type NovaCaller = VersionedCaller;

/// `GET /os-availability-zone`: the cloud's zones.
async fn availability_zones(caller: NovaCaller) -> Json<Value> {
    let zones: Vec<Value> = caller
        .cloud
        .profile()
        .zones
        .iter()
        .map(|zone| json!({"zoneName": zone, "zoneState": {"available": true}, "hosts": null}))
        .collect();
    Json(json!({ "availabilityZoneInfo": zones }))
}

/// `GET /limits`: the absolute compute quotas and their usage.
async fn limits(State(app): State<App>, caller: NovaCaller) -> Json<Value> {
    let (instances, cores, ram, keypairs) = app.read(|state| {
        let compute = &state[caller.cloud].compute;
        let (instances, cores, ram) = compute.usage(caller.cloud, &caller.project_id);
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

/// Servers and key pairs clients created in `cloud`'s `world`, for the admin inventory (at the
/// newest microversion).
pub(crate) fn inventory(world: &World, cloud: Cloud, now: i64) -> Vec<(&'static str, Vec<Value>)> {
    let caller = NovaCaller {
        cloud,
        project_id: cloud.profile().project_id.to_string(),
        version: microversion::COMPUTE.max,
    };
    let servers = world
        .compute
        .servers
        .values()
        .map(|s| servers::render(world, s, now, &caller, ""))
        .collect();
    let keypairs = world
        .compute
        .keypairs
        .values()
        .map(|k| json!({"name": k.name, "fingerprint": k.fingerprint, "type": k.key_type}))
        .collect();
    vec![("servers", servers), ("keypairs", keypairs)]
}
