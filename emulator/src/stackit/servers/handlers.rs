//! Reading, renaming and deleting servers.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::Value;

use crate::app::App;
use crate::stackit::errors::StackitError;
use crate::stackit::input;
use crate::stackit::labels;
use crate::stackit::ops::{self, items, reply};
use crate::stackit::store::{find, find_mut, live};

/// Path of one server: project, region, server id.
pub(crate) type ServerPath = Path<(String, String, String)>;

/// Whether `?details=true` was asked for.
fn details(query: &std::collections::BTreeMap<String, String>) -> bool {
    query.get("details").is_some_and(|d| d == "true")
}

/// `GET P/servers[?details=true&label_selector=...]`.
pub(crate) async fn list(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.servers, now, |s| {
                labels::matches(&s.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(|s| s.render(store, now, details(&query)))
            .collect(),
        )
    })
}

/// `GET P/servers/{id}[?details=true]`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, id)): ServerPath,
    RawQuery(raw): RawQuery,
) -> Result<Response, StackitError> {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        let server = find(&store.servers, &id, now)?;
        Ok(reply(
            StatusCode::OK,
            server.render(store, now, details(&query)),
        ))
    })
}

/// `PATCH P/servers/{id}`: name, labels, metadata; 200.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, id)): ServerPath,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::string(&obj, "name")?;
    if name.as_ref().is_some_and(|n| !input::is_server_name(n)) {
        return Err(StackitError::bad_request(
            "name is not a valid host name of at most 63 characters",
        ));
    }
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => None,
        Some(m @ Value::Object(_)) => Some(m.clone()),
        Some(_) => return Err(StackitError::bad_request("metadata must be an object")),
    };
    ops::write(&app, |store, op| {
        let server = find_mut(&mut store.servers, &id, op.now)?;
        if let Some(labels) = labels::merged(&server.labels, &obj)? {
            server.labels = labels;
        }
        if let Some(name) = name {
            server.name = name;
        }
        if metadata.is_some() {
            server.metadata = metadata;
        }
        server.life.touch(op.now);
        let body = find(&store.servers, &id, op.now)?.render(store, op.now, false);
        Ok(reply(StatusCode::OK, body))
    })
}

/// `DELETE P/servers/{id}`: 202; `DELETING` until done, then gone. Its volumes with
/// `deleteOnTermination` go with it, the others are detached; the NICs it made from
/// `networkId` go with it, the NICs it was given are freed.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, id)): ServerPath,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        let server = find_mut(&mut store.servers, &id, op.now)?;
        if server.life.deleting() {
            return Ok(ops::empty(StatusCode::ACCEPTED));
        }
        server.life.remove(op);
        for volume in store.volumes.values_mut() {
            if volume.server_id.as_deref() != Some(id.as_str()) || !volume.life.alive(op.now) {
                continue;
            }
            if volume.delete_on_termination {
                volume.life.remove(op);
            } else {
                volume.server_id = None;
                volume.life.busy(op.now, op.done, "DETACHING");
            }
        }
        for nic in store.nics.values_mut() {
            if nic.device.as_deref() != Some(id.as_str()) {
                continue;
            }
            if nic.owned {
                nic.life.remove(op);
            } else {
                nic.device = None;
            }
        }
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}
