//! The service itself, `…/v2/project/{projectId}/regions/{region}`: EnableService (201 the first
//! time, 200 after) and GetServiceStatus (200, or 404 `Project not found` while not enabled).
//! Only the seeded project may be named (another is 403).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::errors::ApiError;
use super::store::Store;
use crate::app::App;
use crate::defaults;

/// 403 for any project but the seeded one.
pub(super) fn check_project(project: &str) -> Result<(), ApiError> {
    if project == defaults::STACKIT_PROJECT_ID {
        Ok(())
    } else {
        Err(ApiError::forbidden(project))
    }
}

/// 404 unless object storage is enabled for the project in the region.
pub(super) fn require_enabled(store: &Store, project: &str, region: &str) -> Result<(), ApiError> {
    if store.is_enabled(project, region) {
        Ok(())
    } else {
        Err(ApiError::service_not_enabled())
    }
}

/// The `ProjectStatus` body.
fn project_status(project: &str) -> Value {
    json!({"project": project, "scope": "PUBLIC"})
}

/// `GET …/{region}`: GetServiceStatus.
pub(crate) async fn status(
    State(app): State<App>,
    Path((project, region)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    check_project(&project)?;
    app.read(|state| require_enabled(&state.stackit.object_storage, &project, &region))?;
    Ok(Json(project_status(&project)).into_response())
}

/// `POST …/{region}`: EnableService.
pub(crate) async fn enable(
    State(app): State<App>,
    Path((project, region)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    check_project(&project)?;
    let fresh = app.mutate(|state| state.stackit.object_storage.enable(&project, &region));
    let status = if fresh {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(project_status(&project))).into_response())
}
