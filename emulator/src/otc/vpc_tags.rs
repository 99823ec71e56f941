//! VPC-style tags of VPCs, subnets and EIPs: `GET /v2.0/{project_id}/{kind}/{id}/tags` and
//! `POST /v2.0/{project_id}/{kind}/{id}/tags/action` (`kind` is `vpcs`, `subnets` or `publicips`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::check_project;
use super::errors::VpcError;
use super::tags::{self, TagAction};
use crate::app::App;
use crate::openstack::identity::Caller;

/// `GET .../tags` -> `{"tags":[{"key","value"}]}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, kind, id)): Path<(String, String, String)>,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let tags = app.read(|state| {
        state
            .otc_native
            .tags(&kind, &id, &project)
            .map(tags::render)
    })?;
    Ok(Json(json!({ "tags": tags })))
}

/// `POST .../tags/action`: 204 (`create` upserts by key, `delete` removes by key).
pub(crate) async fn action(
    State(app): State<App>,
    caller: Caller,
    Path((project, kind, id)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<StatusCode, VpcError> {
    check_project(&caller, &project)?;
    let action = TagAction::parse(&bytes).map_err(|m| VpcError::bad_request("VPC.0601", m))?;
    app.write(|state| {
        action.apply(state.otc_native.tags_mut(&kind, &id, &project)?);
        Ok(StatusCode::NO_CONTENT)
    })
}
