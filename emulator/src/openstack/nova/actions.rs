//! `POST /servers/{id}/action` (resize, confirm/revert, stop/start, reboot, security groups)
//! and `/servers/{id}/metadata`.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::{flavors, NovaCaller};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::Fault;
use crate::openstack::world::World;
use crate::openstack::{metadata, request};

/// `POST /servers/{id}/action` with exactly one action key.
pub(crate) async fn action(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<StatusCode, Fault> {
    let obj = request::parse_any(&bytes)?;
    let Some((name, args)) = obj.iter().next() else {
        return Err(Fault::bad_request("Malformed request body"));
    };
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let project = caller.project_id.clone();
    let cloud = caller.cloud;
    app.write(|state| {
        let world = &mut state[cloud];
        world.compute.server_mut(&id, &project, now)?;
        match name.as_str() {
            "resize" => resize(world, cloud, &id, &project, args, now, delay),
            "confirmResize" => {
                let server = world.compute.server_mut(&id, &project, now)?;
                server.require("confirmResize", &["VERIFY_RESIZE"], now)?;
                server.old_flavor_id = None;
                server.status = "ACTIVE".to_string();
                server.updated_ms = now;
                Ok(StatusCode::NO_CONTENT)
            }
            "revertResize" => {
                let server = world.compute.server_mut(&id, &project, now)?;
                server.require("revertResize", &["VERIFY_RESIZE"], now)?;
                if let Some(old) = server.old_flavor_id.take() {
                    server.flavor_id = old;
                }
                server.start_task("REVERT_RESIZE", "resize_reverting", "ACTIVE", now, delay);
                Ok(StatusCode::ACCEPTED)
            }
            "os-stop" => {
                let server = world.compute.server_mut(&id, &project, now)?;
                server.require("stop", &["ACTIVE", "ERROR"], now)?;
                server.start_task("ACTIVE", "powering-off", "SHUTOFF", now, delay);
                Ok(StatusCode::ACCEPTED)
            }
            "os-start" => {
                let server = world.compute.server_mut(&id, &project, now)?;
                server.require("start", &["SHUTOFF"], now)?;
                server.start_task("SHUTOFF", "powering-on", "ACTIVE", now, delay);
                Ok(StatusCode::ACCEPTED)
            }
            "reboot" => {
                let kind = args
                    .get("type")
                    .and_then(Value::as_str)
                    .map(str::to_ascii_uppercase);
                let server = world.compute.server_mut(&id, &project, now)?;
                match kind.as_deref() {
                    Some("SOFT") => {
                        server.require("reboot", &["ACTIVE"], now)?;
                        server.start_task("REBOOT", "rebooting", "ACTIVE", now, delay);
                    }
                    Some("HARD") => {
                        server.require("reboot", &["ACTIVE", "SHUTOFF", "ERROR"], now)?;
                        server.start_task("HARD_REBOOT", "rebooting_hard", "ACTIVE", now, delay);
                    }
                    _ => {
                        return Err(request::invalid(
                            "type",
                            args.get("type").unwrap_or(&Value::Null),
                            "is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']",
                        ))
                    }
                }
                Ok(StatusCode::ACCEPTED)
            }
            "addSecurityGroup" => change_group(world, &id, &project, args, true, now),
            "removeSecurityGroup" => change_group(world, &id, &project, args, false, now),
            other => Err(Fault::bad_request(format!(
                "There is no such action: {other}"
            ))),
        }
    })
}

fn resize(
    world: &mut World,
    cloud: Cloud,
    id: &str,
    project: &str,
    args: &Value,
    now: i64,
    delay: std::time::Duration,
) -> Result<StatusCode, Fault> {
    let reference = args
        .get("flavorRef")
        .and_then(|v| match v {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
        .ok_or_else(|| {
            Fault::bad_request("Invalid input for field/attribute resize. Value: {}. 'flavorRef' is a required property")
        })?;
    let new = flavors::find(cloud, &reference)
        .ok_or_else(|| Fault::bad_request(format!("Flavor {reference} could not be found.")))?;
    let compute = &world.compute;
    let server = compute.server(id, project)?;
    server.require("resize", &["ACTIVE", "SHUTOFF"], now)?;
    let old = flavors::find(cloud, &server.flavor_id);
    if server.flavor_id == new.id {
        return Err(Fault::bad_request(
            "When resizing, instances must change flavor!",
        ));
    }
    if let Some(old) = old {
        if server.image_id.is_some() && new.disk < old.disk {
            return Err(Fault::bad_request(
                "Resizing to a smaller disk flavor is not allowed.",
            ));
        }
        if server.image_id.is_some() && new.disk == 0 {
            return Err(Fault::forbidden(
                "Only volume-backed servers are allowed for flavors with zero disk.",
            ));
        }
        compute.check_quota(
            cloud,
            project,
            0,
            new.vcpus.saturating_sub(old.vcpus),
            new.ram.saturating_sub(old.ram),
        )?;
    }
    let server = world.compute.server_mut(id, project, now)?;
    server.old_flavor_id = Some(server.flavor_id.clone());
    server.flavor_id = new.id.to_string();
    server.start_task("RESIZE", "resize_migrating", "VERIFY_RESIZE", now, delay);
    Ok(StatusCode::ACCEPTED)
}

/// `addSecurityGroup` / `removeSecurityGroup` `{"name": ...}` on every port of the server.
fn change_group(
    world: &mut World,
    id: &str,
    project: &str,
    args: &Value,
    add: bool,
    now: i64,
) -> Result<StatusCode, Fault> {
    let name = args.get("name").and_then(Value::as_str).ok_or_else(|| {
        Fault::bad_request(
            "Invalid input for field/attribute name. Value: None. 'name' is a required property",
        )
    })?;
    let group_id = world
        .network
        .resolve_security_group(project, name)
        .map_err(|e| Fault::conflict(e.message()))?
        .ok_or_else(|| {
            Fault::not_found(format!(
                "Security group {name} not found for project {project}."
            ))
        })?;
    let group_name = world
        .network
        .security_groups
        .get(&group_id)
        .map(|g| g.meta.name.clone())
        .unwrap_or_else(|| name.to_string());
    let names = super::servers::security_group_names(world, world.compute.server(id, project)?);
    let present = names.contains(&group_name);
    if add && present {
        return Err(Fault::bad_request(format!(
            "Security group {group_name} is already associated with the instance {id}"
        )));
    }
    if !add && !present {
        return Err(Fault::bad_request(format!(
            "Security group {group_name} not associated with the instance {id}"
        )));
    }
    let server = world.compute.server_mut(id, project, now)?;
    if add {
        server.security_groups.push(group_name.clone());
    } else {
        server.security_groups.retain(|n| n != &group_name);
    }
    server.updated_ms = now;
    let port_ids: Vec<String> = server.ports.iter().map(|p| p.port_id.clone()).collect();
    for port_id in port_ids {
        if let Some(port) = world.network.ports.get_mut(&port_id) {
            if add {
                port.security_groups.push(group_id.clone());
            } else {
                port.security_groups.retain(|g| g != &group_id);
            }
            port.meta.touch(now);
        }
    }
    Ok(StatusCode::ACCEPTED)
}

/// `GET /servers/{id}/metadata`.
pub(crate) async fn show_metadata(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fault> {
    app.read(|state| {
        state[caller.cloud]
            .compute
            .server(&id, &caller.project_id)
            .map(|s| metadata::body(&s.metadata))
    })
}

fn change_metadata(
    app: &App,
    caller: &NovaCaller,
    id: &str,
    bytes: &[u8],
    replace: bool,
) -> Result<Json<Value>, Fault> {
    let metadata = metadata::parse(bytes)?;
    let now = clock::now_ms();
    app.write(|state| {
        let server = state[caller.cloud]
            .compute
            .server_mut(id, &caller.project_id, now)?;
        let mut merged = if replace {
            BTreeMap::new()
        } else {
            server.metadata.clone()
        };
        merged.extend(metadata);
        if merged.len() > 128 {
            return Err(Fault::forbidden(
                "Quota exceeded for metadata_items: Requested more than the allowed 128",
            ));
        }
        server.metadata = merged;
        server.updated_ms = now;
        Ok(metadata::body(&server.metadata))
    })
}

/// `PUT /servers/{id}/metadata`: replaces all metadata.
pub(crate) async fn replace_metadata(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    change_metadata(&app, &caller, &id, &bytes, true)
}

/// `POST /servers/{id}/metadata`: merges into the metadata.
pub(crate) async fn merge_metadata(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    change_metadata(&app, &caller, &id, &bytes, false)
}

/// `GET /servers/{id}/metadata/{key}`.
pub(crate) async fn show_metadata_key(
    State(app): State<App>,
    caller: NovaCaller,
    Path((id, key)): Path<(String, String)>,
) -> Result<Json<Value>, Fault> {
    app.read(|state| {
        let server = state[caller.cloud]
            .compute
            .server(&id, &caller.project_id)?;
        server
            .metadata
            .get(&key)
            .map(|value| Json(json!({"meta": { key.as_str(): value }})))
            .ok_or_else(|| Fault::not_found("Metadata item was not found"))
    })
}

/// `DELETE /servers/{id}/metadata/{key}`.
pub(crate) async fn delete_metadata_key(
    State(app): State<App>,
    caller: NovaCaller,
    Path((id, key)): Path<(String, String)>,
) -> Result<StatusCode, Fault> {
    let now = clock::now_ms();
    app.write(|state| {
        let server = state[caller.cloud]
            .compute
            .server_mut(&id, &caller.project_id, now)?;
        if server.metadata.remove(&key).is_none() {
            return Err(Fault::not_found("Metadata item was not found"));
        }
        server.updated_ms = now;
        Ok(StatusCode::NO_CONTENT)
    })
}
