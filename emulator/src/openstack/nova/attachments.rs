//! `/servers/{id}/os-volume_attachments`: attach (`attaching`, then `in-use`) and detach
//! (`detaching`, then `available`) Cinder volumes.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::store::{AttachedVolume, Server};
use super::NovaCaller;
use crate::app::App;
use crate::clock;
use crate::openstack::errors::Fault;
use crate::openstack::request;

/// Server states a volume may be attached or detached in.
const IDLE: [&str; 3] = ["ACTIVE", "SHUTOFF", "VERIFY_RESIZE"];

fn body(server: &Server, attached: &AttachedVolume, caller: &NovaCaller) -> Value {
    let v = caller.version;
    let mut out = json!({
        "device": attached.device,
        "serverId": server.id,
        "volumeId": attached.volume_id,
    });
    if !v.at_least(2, 89) {
        out["id"] = json!(attached.volume_id);
    }
    if v.at_least(2, 70) {
        out["tag"] = json!(attached.tag);
    }
    if v.at_least(2, 79) {
        out["delete_on_termination"] = json!(attached.delete_on_termination);
    }
    if v.at_least(2, 89) {
        out["attachment_id"] = json!(attached.bdm_id);
        out["bdm_uuid"] = json!(attached.bdm_id);
    }
    out
}

fn not_attached(server: &str, volume: &str) -> Fault {
    Fault::not_found(format!(
        "Volume {volume} is not attached to server {server}."
    ))
}

/// `GET /servers/{id}/os-volume_attachments`.
pub(crate) async fn list(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fault> {
    app.read(|state| {
        let server = state[caller.cloud]
            .compute
            .server(&id, &caller.project_id)?;
        let all: Vec<Value> = server
            .volumes
            .iter()
            .map(|a| body(server, a, &caller))
            .collect();
        Ok(Json(json!({ "volumeAttachments": all })))
    })
}

/// `GET /servers/{id}/os-volume_attachments/{volume_id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: NovaCaller,
    Path((id, volume_id)): Path<(String, String)>,
) -> Result<Json<Value>, Fault> {
    app.read(|state| {
        let server = state[caller.cloud]
            .compute
            .server(&id, &caller.project_id)?;
        server
            .volumes
            .iter()
            .find(|a| a.volume_id == volume_id)
            .map(|a| Json(json!({ "volumeAttachment": body(server, a, &caller) })))
            .ok_or_else(|| not_attached(&id, &volume_id))
    })
}

/// `POST /servers/{id}/os-volume_attachments` `{"volumeAttachment": {"volumeId", ...}}`.
pub(crate) async fn create(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    let obj = request::parse(&bytes, "volumeAttachment")?;
    let v = caller.version;
    let allowed: Vec<&str> = ["volumeId", "device", "tag", "delete_on_termination"]
        .into_iter()
        .filter(|k| match *k {
            "tag" => v.at_least(2, 49),
            "delete_on_termination" => v.at_least(2, 79),
            _ => true,
        })
        .collect();
    request::check_attributes(&obj, &allowed)?;
    let volume_id = request::required_string(&obj, "volumeId")?;
    let device = request::string(&obj, "device", 255)?;
    let tag = request::string(&obj, "tag", 60)?;
    let delete_on_termination = request::boolean(&obj, "delete_on_termination")?.unwrap_or(false);
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let project = caller.project_id.clone();
    app.write(|state| {
        let state = &mut state[caller.cloud];
        state.volumes.purge(now);
        let server = state.compute.server_mut(&id, &project, now)?;
        server.require("attach_volume", &IDLE, now)?;
        let volume = state.volumes.get(&volume_id, &project, now)?;
        let status = volume.status(now);
        if status != "available" || volume.attachment.is_some() {
            return Err(Fault::conflict(format!(
                "Invalid volume: volume {volume_id} status must be 'available' to attach, currently '{status}'"
            )));
        }
        let server = state.compute.server_mut(&id, &project, now)?;
        let device = device
            .filter(|d| !server.volumes.iter().any(|a| &a.device == d) && d != "/dev/vda")
            .unwrap_or_else(|| server.next_device());
        let attached = AttachedVolume {
            volume_id: volume_id.clone(),
            device: device.clone(),
            delete_on_termination,
            tag,
            bdm_id: uuid::Uuid::new_v4().to_string(),
            root: false,
        };
        server.volumes.push(attached.clone());
        server.updated_ms = now;
        let out = body(server, &attached, &caller);
        if let Some(volume) = state.volumes.volumes.get_mut(&volume_id) {
            volume.attach(&id, &device, now, delay);
        }
        Ok(Json(json!({ "volumeAttachment": out })))
    })
}

/// `DELETE /servers/{id}/os-volume_attachments/{volume_id}`: 202; 400 for the root volume,
/// 404 when the volume is not attached to the server, 409 while it is still attaching.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: NovaCaller,
    Path((id, volume_id)): Path<(String, String)>,
) -> Result<StatusCode, Fault> {
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let project = caller.project_id.clone();
    app.write(|state| {
        let state = &mut state[caller.cloud];
        state.volumes.purge(now);
        let server = state.compute.server_mut(&id, &project, now)?;
        server.require("detach_volume", &IDLE, now)?;
        let attached = server
            .volumes
            .iter()
            .find(|a| a.volume_id == volume_id)
            .ok_or_else(|| not_attached(&id, &volume_id))?;
        if attached.root {
            return Err(Fault::bad_request("Cannot detach a root device volume"));
        }
        let status = state
            .volumes
            .volumes
            .get(&volume_id)
            .map(|v| v.status(now).to_string())
            .unwrap_or_default();
        if status != "in-use" {
            return Err(Fault::conflict(format!(
                "Invalid volume: Unable to detach volume {volume_id}: its status is '{status}', not 'in-use'."
            )));
        }
        let server = state.compute.server_mut(&id, &project, now)?;
        server.volumes.retain(|a| a.volume_id != volume_id);
        server.updated_ms = now;
        if let Some(volume) = state.volumes.volumes.get_mut(&volume_id) {
            volume.detach(now, delay);
        }
        Ok(StatusCode::ACCEPTED)
    })
}
