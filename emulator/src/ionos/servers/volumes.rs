//! A server's volumes `/datacenters/{dc}/servers/{sid}/volumes[/{vid}]`: list, show, attach
//! (`{"id": "<volume>"}`, or a new volume's `{"properties": ...}`) and detach. A volume is
//! attached to one server at most (422).

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde_json::Value;

use super::Attachment;
use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::ops;
use crate::ionos::paging::Query;
use crate::ionos::render::{self, dyns, Resource};
use crate::ionos::volumes;

/// `GET /datacenters/{dc}/servers/{sid}/volumes`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let server = ctx.store.server(&dc, &server, ctx.now)?;
        let path = format!("{}/volumes", server.path());
        let attached = dyns(ctx.store.attached_volumes(server, ctx.now));
        Ok(Json(query.list(ctx, &path, attached)))
    })
}

/// `GET /datacenters/{dc}/servers/{sid}/volumes/{vid}`: 404 unless attached to the server.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server, id)): Path<(String, String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let server = ctx.store.server(&dc, &server, ctx.now)?;
        let volume = ctx
            .store
            .attached_volumes(server, ctx.now)
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| IonosError::not_found("volume", &id))?;
        Ok(Json(render::resource(ctx, volume, query.depth)))
    })
}

/// `POST /datacenters/{dc}/servers/{sid}/volumes`: attaches a volume (or creates one).
pub(crate) async fn attach(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let location = datacenters::check(&dc)?.location();
    let obj = input::object(&bytes)?;
    let existing = input::string(&obj, "id")?;
    let new = match &existing {
        Some(_) => None,
        None => Some(volumes::parse_new(&input::properties(&obj)?, location)?),
    };
    ops::run(&app, &call, &bytes, |store, op| {
        store.server(&dc, &server, op.now)?;
        let id = match (existing, new) {
            (Some(id), _) => {
                op.target(store.volume(&dc, &id, op.now)?);
                if let Some((holder, _)) = store.attachment(&id, op.now) {
                    return Err(IonosError::invalid(format!(
                        "Volume {id} is already attached to server {}",
                        holder.id
                    )));
                }
                store
                    .volume_mut(&dc, &id, op.now)?
                    .meta
                    .touch(op.now, op.done);
                id
            }
            (None, Some(spec)) => volumes::insert(store, op, &dc, spec),
            (None, None) => return Err(IonosError::invalid("[(root).id] is required")),
        };
        let device = store
            .server(&dc, &server, op.now)?
            .next_device(store, op.now);
        let holder = store.server_mut(&dc, &server, op.now)?;
        holder.volumes.push(Attachment {
            volume: id.clone(),
            device,
        });
        holder.meta.touch(op.now, op.done);
        let volume = store.volume(&dc, &id, op.now)?;
        Ok(Some(render::resource(&op.ctx(store), volume, query.depth)))
    })
}

/// `DELETE /datacenters/{dc}/servers/{sid}/volumes/{vid}`: detaches (404 unless attached).
pub(crate) async fn detach(
    State(app): State<App>,
    call: Call,
    Path((dc, server, id)): Path<(String, String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    ops::run(&app, &call, &[], |store, op| {
        let holder = store.server(&dc, &server, op.now)?;
        let attached = store
            .attached_volumes(holder, op.now)
            .into_iter()
            .find(|v| v.id == id)
            .ok_or_else(|| IonosError::not_found("volume", &id))?;
        op.target(attached);
        store
            .volume_mut(&dc, &id, op.now)?
            .meta
            .touch(op.now, op.done);
        let holder = store.server_mut(&dc, &server, op.now)?;
        holder.volumes.retain(|a| a.volume != id);
        if holder.boot_volume.as_deref() == Some(id.as_str()) {
            holder.boot_volume = None;
        }
        holder.meta.touch(op.now, op.done);
        Ok(None)
    })
}
