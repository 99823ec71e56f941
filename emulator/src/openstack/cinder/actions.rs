//! `POST /volumes/{id}/action` (`os-extend`, `os-set_bootable`) and the metadata sub-resource.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::Value;

use super::ProjectCaller;
use crate::app::App;
use crate::clock;
use crate::openstack::errors::Fault;
use crate::openstack::{metadata, request};

/// `POST /volumes/{id}/action` with exactly one action key.
pub(crate) async fn action(
    State(app): State<App>,
    caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<StatusCode, Fault> {
    let obj = request::parse_any(&bytes)?;
    let Some((name, args)) = obj.iter().next() else {
        return Err(Fault::bad_request("Malformed request body"));
    };
    match name.as_str() {
        "os-extend" => extend(&app, &caller, &id, args),
        "os-set_bootable" => set_bootable(&app, &caller, &id, args),
        other => Err(Fault::bad_request(format!(
            "There is no such action: {other}"
        ))),
    }
}

/// `os-extend {"new_size": N}`: `extending`, then back to `available` (or `in-use`, which
/// needs microversion 3.42).
fn extend(app: &App, caller: &ProjectCaller, id: &str, args: &Value) -> Result<StatusCode, Fault> {
    let Value::Object(args) = args else {
        return Err(request::invalid(
            "os-extend",
            args,
            "is not of type 'object'",
        ));
    };
    let new_size = request::integer(args, "new_size", 1)?.ok_or_else(|| {
        Fault::bad_request(
            "Invalid input for field/attribute new_size. Value: None. 'new_size' is a required property",
        )
    })?;
    let new_size = u64::try_from(new_size).unwrap_or(0);
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    app.write(|state| {
        let volumes = &mut state[caller.cloud].volumes;
        volumes.purge(now);
        let volume = volumes.get(id, &caller.project_id, now)?;
        let status = volume.status(now).to_string();
        let allowed = status == "available" || (status == "in-use" && caller.version.at_least(3, 42));
        if !allowed {
            let wanted = if caller.version.at_least(3, 42) {
                "'available' or 'in-use'"
            } else {
                "'available'"
            };
            return Err(Fault::bad_request(format!(
                "Invalid volume: Volume {id} status must be {wanted} to extend, currently {status}."
            )));
        }
        if new_size <= volume.size {
            return Err(Fault::bad_request(format!(
                "Invalid input received: New size for extend must be greater than current size. (current: {}, extended: {new_size}).",
                volume.size
            )));
        }
        volumes.check_quota(&caller.project_id, now, 0, new_size - volume.size)?;
        let volume = volumes.get_mut(id, &caller.project_id, now)?;
        volume.size = new_size;
        volume.transition("extending", &status, now, delay);
        Ok(StatusCode::ACCEPTED)
    })
}

/// `os-set_bootable {"bootable": bool}`.
fn set_bootable(
    app: &App,
    caller: &ProjectCaller,
    id: &str,
    args: &Value,
) -> Result<StatusCode, Fault> {
    let Value::Object(args) = args else {
        return Err(request::invalid(
            "os-set_bootable",
            args,
            "is not of type 'object'",
        ));
    };
    let bootable = request::boolean(args, "bootable")?.ok_or_else(|| {
        Fault::bad_request("Invalid input for field/attribute bootable. Value: None. 'bootable' is a required property")
    })?;
    let now = clock::now_ms();
    app.write(|state| {
        let volume = state[caller.cloud]
            .volumes
            .get_mut(id, &caller.project_id, now)?;
        volume.bootable = bootable;
        volume.updated_ms = now;
        Ok(StatusCode::OK)
    })
}

/// `GET /volumes/{id}/metadata`.
pub(crate) async fn show_metadata(
    State(app): State<App>,
    caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<Value>, Fault> {
    let now = clock::now_ms();
    app.read(|state| {
        state[caller.cloud]
            .volumes
            .get(&id, &caller.project_id, now)
            .map(|v| metadata::body(&v.metadata))
    })
}

fn change_metadata(
    app: &App,
    caller: &ProjectCaller,
    id: &str,
    bytes: &[u8],
    replace: bool,
) -> Result<Json<Value>, Fault> {
    let metadata = metadata::parse(bytes)?;
    let now = clock::now_ms();
    app.write(|state| {
        let volume = state[caller.cloud]
            .volumes
            .get_mut(id, &caller.project_id, now)?;
        if replace {
            volume.metadata = metadata;
        } else {
            volume.metadata.extend(metadata);
        }
        volume.updated_ms = now;
        Ok(metadata::body(&volume.metadata))
    })
}

/// `PUT /volumes/{id}/metadata`: replaces all metadata.
pub(crate) async fn replace_metadata(
    State(app): State<App>,
    caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    change_metadata(&app, &caller, &id, &bytes, true)
}

/// `POST /volumes/{id}/metadata`: merges into the metadata.
pub(crate) async fn merge_metadata(
    State(app): State<App>,
    caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    change_metadata(&app, &caller, &id, &bytes, false)
}

/// `DELETE /volumes/{id}/metadata/{key}`.
pub(crate) async fn delete_metadata_key(
    State(app): State<App>,
    caller: ProjectCaller,
    Path((_, id, key)): Path<(String, String, String)>,
) -> Result<StatusCode, Fault> {
    let now = clock::now_ms();
    app.write(|state| {
        let volume = state[caller.cloud]
            .volumes
            .get_mut(&id, &caller.project_id, now)?;
        if volume.metadata.remove(&key).is_none() {
            return Err(Fault::not_found("Metadata item was not found"));
        }
        volume.updated_ms = now;
        Ok(StatusCode::OK)
    })
}
