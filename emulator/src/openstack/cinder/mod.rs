//! Cinder (block storage v3) at `/plusserver/volume/v3/{project_id}`.

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
use super::{BaseUrl, VOLUME_PREFIX};
use crate::app::App;
use crate::clock;
use crate::defaults;
use crate::state::State as AppState;

/// `{VOLUME_PREFIX}/v3/{project_id}/{path}` as a route.
fn v3(path: &str) -> String {
    format!("{VOLUME_PREFIX}/v3/{{project_id}}/{path}")
}

/// The endpoint URL of the caller's project, which links point to.
pub(crate) fn endpoint(base: &str, project: &str) -> String {
    format!("{base}{VOLUME_PREFIX}/v3/{project}")
}

/// Cinder routes.
pub(super) fn router() -> Router<App> {
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
        .route(VOLUME_PREFIX, get(versions))
        .route(&format!("{VOLUME_PREFIX}/"), get(versions))
        .route(&format!("{VOLUME_PREFIX}/v3"), get(v3_versions))
        .route(&format!("{VOLUME_PREFIX}/v3/"), get(v3_versions))
        .merge(api)
}

async fn negotiate(request: Request, next: Next) -> Response {
    microversion::VOLUME.apply(request, next).await
}

fn v3_document(base: &str) -> Value {
    microversion::VOLUME.document(format!("{base}{VOLUME_PREFIX}/v3/"))
}

/// `GET /plusserver/volume`: 300 with the version list (no token needed), like Cinder.
async fn versions(BaseUrl(base): BaseUrl) -> Response {
    (
        StatusCode::MULTIPLE_CHOICES,
        Json(json!({"versions": [v3_document(&base)]})),
    )
        .into_response()
}

/// `GET /plusserver/volume/v3`: the v3 version document.
async fn v3_versions(BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"versions": [v3_document(&base)]}))
}

/// A caller whose token is scoped to the project named in the URL, with the negotiated version.
pub(crate) struct ProjectCaller {
    /// The project.
    pub project_id: String,
    /// The negotiated microversion.
    pub version: Microversion,
}

impl FromRequestParts<App> for ProjectCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let VersionedCaller {
            project_id,
            version,
        } = VersionedCaller::from_request_parts(parts, app).await?;
        let in_path = parts
            .uri
            .path()
            .strip_prefix(&format!("{VOLUME_PREFIX}/v3/"))
            .and_then(|rest| rest.split('/').next())
            .unwrap_or("");
        if in_path != project_id {
            return Err(Fault::bad_request("Malformed request url").into_response());
        }
        Ok(ProjectCaller {
            project_id,
            version,
        })
    }
}

/// `GET /os-availability-zone`.
async fn availability_zones(_caller: ProjectCaller) -> Json<Value> {
    Json(json!({"availabilityZoneInfo": [{
        "zoneName": defaults::AVAILABILITY_ZONE,
        "zoneState": {"available": true},
    }]}))
}

/// `GET /limits`: the absolute volume quotas and their usage.
async fn limits(State(app): State<App>, caller: ProjectCaller) -> Json<Value> {
    let now = clock::now_ms();
    let (volumes, gigabytes) =
        app.read(|state| state.plusserver_volumes.usage(&caller.project_id, now));
    Json(json!({"limits": {"rate": [], "absolute": {
        "maxTotalVolumes": store::QUOTA_VOLUMES,
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

/// Volumes clients created, for the admin inventory (rendered at the newest microversion).
pub(crate) fn inventory(state: &AppState, now: i64) -> Vec<(&'static str, Vec<Value>)> {
    let volumes = state
        .plusserver_volumes
        .volumes
        .values()
        .filter(|v| !v.gone(now))
        .map(|v| v.render(now, microversion::VOLUME.max, ""))
        .collect();
    vec![("volumes", volumes)]
}
