//! Cinder (block storage v3) at `<cloud>/volume/v3/{project_id}`.

mod actions;
mod store;
pub(crate) mod types;
mod volumes;

pub(crate) use store::{Store, Volume};

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use super::errors::Fault;
use super::microversion::{self, Microversion, VersionedCaller};
use super::world::World;
use super::BaseUrl;
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;

/// The endpoint URL of the caller's project, which links point to.
pub(crate) fn endpoint(cloud: Cloud, base: &str, project: &str) -> String {
    format!("{base}{}/v3/{project}", cloud.volume())
}

/// Cinder routes of `cloud`.
pub(super) fn router(cloud: Cloud) -> Router<App> {
    let prefix = cloud.volume();
    let v3 = |path: &str| format!("{prefix}/v3/{{project_id}}/{path}");
    let api = Router::new()
        .route(
            &v3("volumes"),
            get(volumes::list_summary).post(volumes::create),
        )
        .route(&v3("volumes/detail"), get(volumes::list_detail))
        .route(
            &v3("volumes/{id}"),
            get(volumes::show)
                .put(volumes::update)
                .delete(volumes::remove),
        )
        .route(&v3("volumes/{id}/action"), post(actions::action))
        .route(
            &v3("volumes/{id}/metadata"),
            get(actions::show_metadata)
                .put(actions::replace_metadata)
                .post(actions::merge_metadata),
        )
        .route(
            &v3("volumes/{id}/metadata/{key}"),
            delete(actions::delete_metadata_key),
        )
        .route(&v3("types"), get(types::list))
        .route(&v3("types/{id}"), get(types::show))
        .route(&v3("os-availability-zone"), get(availability_zones))
        .route(&v3("limits"), get(limits))
        .layer(middleware::from_fn(negotiate));
    Router::new()
        .route(&prefix, get(versions))
        .route(&format!("{prefix}/"), get(versions))
        .route(&format!("{prefix}/v3"), get(v3_versions))
        .route(&format!("{prefix}/v3/"), get(v3_versions))
        .merge(api)
}

async fn negotiate(request: Request, next: Next) -> Response {
    microversion::VOLUME.apply(request, next).await
}

fn v3_document(cloud: Cloud, base: &str) -> Value {
    microversion::VOLUME.document(format!("{base}{}/v3/", cloud.volume()))
}

/// `GET <cloud>/volume`: 300 with the version list (no token needed), like Cinder.
async fn versions(cloud: Cloud, BaseUrl(base): BaseUrl) -> Response {
    (
        StatusCode::MULTIPLE_CHOICES,
        Json(json!({"versions": [v3_document(cloud, &base)]})),
    )
        .into_response()
}

/// `GET <cloud>/volume/v3`: the v3 version document.
async fn v3_versions(cloud: Cloud, BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"versions": [v3_document(cloud, &base)]}))
}

/// A caller whose token is scoped to the project named in the URL, with the negotiated version.
pub(crate) struct ProjectCaller {
    /// The cloud the request is for.
    pub cloud: Cloud,
    /// The project.
    pub project_id: String,
    /// The negotiated microversion.
    pub version: Microversion,
}

impl FromRequestParts<App> for ProjectCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let VersionedCaller {
            cloud,
            project_id,
            version,
        } = VersionedCaller::from_request_parts(parts, app).await?;
        let in_path = parts
            .uri
            .path()
            .strip_prefix(&format!("{}/v3/", cloud.volume()))
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        if in_path != project_id {
            return Err(Fault::bad_request("Malformed request url").into_response());
        }
        Ok(ProjectCaller {
            cloud,
            project_id,
            version,
        })
    }
}

/// `GET /os-availability-zone`: the cloud's zones.
async fn availability_zones(caller: ProjectCaller) -> Json<Value> {
    let zones: Vec<Value> = caller
        .cloud
        .profile()
        .zones
        .iter()
        .map(|zone| json!({"zoneName": zone, "zoneState": {"available": true}}))
        .collect();
    Json(json!({ "availabilityZoneInfo": zones }))
}

/// `GET /limits`: the absolute volume quotas and their usage.
async fn limits(State(app): State<App>, caller: ProjectCaller) -> Json<Value> {
    let now = clock::now_ms();
    let (quota, (volumes, gigabytes)) = app.read(|state| {
        let store = &state[caller.cloud].volumes;
        (store.volume_quota(), store.usage(&caller.project_id, now))
    });
    Json(json!({"limits": {"rate": [], "absolute": {
        "maxTotalVolumes": quota,
        "maxTotalVolumeGigabytes": store::QUOTA_GIGABYTES,
        "maxTotalSnapshots": 10,
        "maxTotalBackups": 10,
        "maxTotalBackupGigabytes": 1000,
        "totalVolumesUsed": volumes,
        "totalGigabytesUsed": gigabytes,
        "totalSnapshotsUsed": 0,
        "totalBackupsUsed": 0,
        "totalBackupGigabytesUsed": 0,
    }}}))
}

/// Volumes clients created in `cloud`'s `world`, for the admin inventory (rendered at the
/// newest microversion).
pub(crate) fn inventory(world: &World, cloud: Cloud, now: i64) -> Vec<(&'static str, Vec<Value>)> {
    let volumes = world
        .volumes
        .volumes
        .values()
        .filter(|v| !v.gone(now))
        .map(|v| v.render(cloud, now, microversion::VOLUME.max, ""))
        .collect();
    vec![("volumes", volumes)]
}
