//! Volume attachments `P/servers/{id}/volume-attachments[/{volumeId}]`: attach (`POST` with
//! `{volumeId}` or `PUT .../{volumeId}`, 202, `ATTACHING` then `ATTACHED`), read, change
//! `deleteOnTermination` (`PATCH`, 200), detach (`DELETE`, 202, `DETACHING` then `AVAILABLE`).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use crate::app::App;
use crate::stackit::errors::StackitError;
use crate::stackit::input;
use crate::stackit::ops::{self, items, reply};
use crate::stackit::store::{find, find_mut, Store};
use crate::stackit::volumes::Volume;

use super::handlers::ServerPath;

/// Path of one attachment: project, region, server id, volume id.
type AttachmentPath = Path<(String, String, String, String)>;

/// `VolumeAttachment{serverId, volumeId, deleteOnTermination}`.
fn render(volume: &Volume) -> Value {
    json!({
        "serverId": volume.server_id,
        "volumeId": volume.id,
        "deleteOnTermination": volume.delete_on_termination,
    })
}

/// The volume `volume` attached to server `server`.
fn attached<'a>(
    store: &'a Store,
    server: &str,
    volume: &str,
    now: i64,
) -> Result<&'a Volume, StackitError> {
    find(&store.servers, server, now)?;
    find(&store.volumes, volume, now)
        .ok()
        .filter(|v| v.server_id.as_deref() == Some(server))
        .ok_or_else(|| StackitError::not_found("volume attachment"))
}

/// Attaches `volume` to `server`.
fn attach(
    app: &App,
    server: &str,
    volume: &str,
    delete_on_termination: bool,
) -> Result<Response, StackitError> {
    ops::write(app, |store, op| {
        let zone = {
            let s = find(&store.servers, server, op.now)?;
            if s.life.deleting() {
                return Err(StackitError::conflict(format!(
                    "server {server} is being deleted"
                )));
            }
            s.zone.clone()
        };
        let v = find_mut(&mut store.volumes, volume, op.now)?;
        if v.server_id.is_some() || v.life.deleting() {
            return Err(StackitError::conflict(format!(
                "volume {volume} is not available"
            )));
        }
        if v.zone != zone {
            return Err(StackitError::bad_request(format!(
                "volume {volume} is in {}, the server in {zone}",
                v.zone
            )));
        }
        v.server_id = Some(server.to_string());
        v.delete_on_termination = delete_on_termination;
        v.life.busy(op.now, op.done, "ATTACHING");
        Ok(reply(StatusCode::ACCEPTED, render(v)))
    })
}

/// `deleteOnTermination` of an optional body.
fn delete_on_termination(body: &[u8]) -> Result<Option<bool>, StackitError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    input::boolean(&input::object(body)?, "deleteOnTermination")
}

/// `GET P/servers/{id}/volume-attachments`.
pub(crate) async fn list(
    State(app): State<App>,
    Path((_, _, server)): ServerPath,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        find(&store.servers, &server, now)?;
        Ok(items(
            store
                .volumes_of(&server, now)
                .into_iter()
                .map(render)
                .collect(),
        ))
    })
}

/// `POST P/servers/{id}/volume-attachments` `{volumeId, deleteOnTermination?}`.
pub(crate) async fn create(
    State(app): State<App>,
    Path((_, _, server)): ServerPath,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let volume = input::uuid(&obj, "volumeId")?
        .ok_or_else(|| StackitError::bad_request("volumeId is required"))?;
    let dot = input::boolean(&obj, "deleteOnTermination")?.unwrap_or(false);
    attach(&app, &server, &volume, dot)
}

/// `PUT P/servers/{id}/volume-attachments/{volumeId}`.
pub(crate) async fn put(
    State(app): State<App>,
    Path((_, _, server, volume)): AttachmentPath,
    body: Bytes,
) -> Result<Response, StackitError> {
    let dot = delete_on_termination(&body)?.unwrap_or(false);
    attach(&app, &server, &volume, dot)
}

/// `GET P/servers/{id}/volume-attachments/{volumeId}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, server, volume)): AttachmentPath,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            render(attached(store, &server, &volume, now)?),
        ))
    })
}

/// `PATCH P/servers/{id}/volume-attachments/{volumeId}` `{deleteOnTermination}`.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, server, volume)): AttachmentPath,
    body: Bytes,
) -> Result<Response, StackitError> {
    let dot = delete_on_termination(&body)?;
    ops::write(&app, |store, op| {
        attached(store, &server, &volume, op.now)?;
        let v = find_mut(&mut store.volumes, &volume, op.now)?;
        if let Some(dot) = dot {
            v.delete_on_termination = dot;
        }
        Ok(reply(StatusCode::OK, render(v)))
    })
}

/// `DELETE P/servers/{id}/volume-attachments/{volumeId}`: 202; the boot volume stays (400).
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, server, volume)): AttachmentPath,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        attached(store, &server, &volume, op.now)?;
        if find(&store.servers, &server, op.now)?
            .boot_volume
            .as_deref()
            == Some(volume.as_str())
        {
            return Err(StackitError::bad_request(
                "the boot volume cannot be detached",
            ));
        }
        let v = find_mut(&mut store.volumes, &volume, op.now)?;
        v.server_id = None;
        v.delete_on_termination = false;
        v.life.busy(op.now, op.done, "DETACHING");
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}
