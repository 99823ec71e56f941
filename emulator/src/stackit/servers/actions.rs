//! Server actions: `resize` (202, `RESIZING` until done), adding and removing a security group
//! on the server's NICs (`PUT|DELETE .../security-groups/{sg}`, 202) and a public IP on its
//! first NIC (`PUT` 202, `DELETE` 204).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;

use crate::app::App;
use crate::stackit::catalog;
use crate::stackit::errors::StackitError;
use crate::stackit::input;
use crate::stackit::ops::{self, Op};
use crate::stackit::store::{find, find_mut, Store};

use super::handlers::ServerPath;

/// Path of a server and another object: project, region, server id, object id.
type PairPath = Path<(String, String, String, String)>;

/// 404 unless `id` is a server, 409 while it is being deleted.
fn usable(store: &Store, id: &str, op: &Op) -> Result<(), StackitError> {
    if find(&store.servers, id, op.now)?.life.deleting() {
        return Err(StackitError::conflict(format!(
            "server {id} is being deleted"
        )));
    }
    Ok(())
}

/// `POST P/servers/{id}/resize` `{machineType}`.
pub(crate) async fn resize(
    State(app): State<App>,
    Path((_, _, id)): ServerPath,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let machine_type = input::string(&obj, "machineType")?
        .filter(|t| catalog::is_machine_type(t))
        .ok_or_else(|| StackitError::bad_request("machine type is not valid"))?;
    ops::write(&app, |store, op| {
        usable(store, &id, op)?;
        let server = find_mut(&mut store.servers, &id, op.now)?;
        server.machine_type = machine_type;
        server.life.busy(op.now, op.done, "RESIZING");
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}

/// Adds (`add`) or removes group `group` on every NIC of server `id`.
fn set_group(app: &App, id: &str, group: &str, add: bool) -> Result<Response, StackitError> {
    ops::write(app, |store, op| {
        usable(store, id, op)?;
        find(&store.groups, group, op.now)?;
        for nic in store.nics.values_mut() {
            if nic.device.as_deref() != Some(id) {
                continue;
            }
            nic.security_groups.retain(|g| g != group);
            if add {
                nic.security_groups.push(group.to_string());
                nic.nic_security = true;
            }
            nic.life.touch(op.now);
        }
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}

/// `PUT P/servers/{id}/security-groups/{sg}`.
pub(crate) async fn add_group(
    State(app): State<App>,
    Path((_, _, id, group)): PairPath,
) -> Result<Response, StackitError> {
    set_group(&app, &id, &group, true)
}

/// `DELETE P/servers/{id}/security-groups/{sg}`.
pub(crate) async fn remove_group(
    State(app): State<App>,
    Path((_, _, id, group)): PairPath,
) -> Result<Response, StackitError> {
    set_group(&app, &id, &group, false)
}

/// `PUT P/servers/{id}/public-ips/{ip}`: onto the server's first NIC; 409 if the address is
/// on another NIC.
pub(crate) async fn add_public_ip(
    State(app): State<App>,
    Path((_, _, id, ip)): PairPath,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        usable(store, &id, op)?;
        let nic = store
            .nics_of(&id, op.now)
            .first()
            .map(|n| n.id.clone())
            .ok_or_else(|| {
                StackitError::conflict(format!("server {id} has no network interface"))
            })?;
        let public = find_mut(&mut store.public_ips, &ip, op.now)?;
        if public.nic.as_ref().is_some_and(|n| *n != nic) {
            return Err(StackitError::conflict(format!(
                "public ip {ip} is associated with another network interface"
            )));
        }
        public.nic = Some(nic);
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}

/// `DELETE P/servers/{id}/public-ips/{ip}`: 204; 404 unless the address is on the server.
pub(crate) async fn remove_public_ip(
    State(app): State<App>,
    Path((_, _, id, ip)): PairPath,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        find(&store.servers, &id, op.now)?;
        let nics: Vec<String> = store
            .nics_of(&id, op.now)
            .iter()
            .map(|n| n.id.clone())
            .collect();
        let public = find_mut(&mut store.public_ips, &ip, op.now)?;
        if !public.nic.as_ref().is_some_and(|n| nics.contains(n)) {
            return Err(StackitError::not_found("public ip"));
        }
        public.nic = None;
        Ok(ops::empty(StatusCode::NO_CONTENT))
    })
}
