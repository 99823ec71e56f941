//! Handlers of `/datacenters/{dc}/servers/{sid}/nics[/{nicId}]`; every change also keeps the
//! server `BUSY` until it is done.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde_json::Value;

use super::spec;
use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::ops::{self, Op};
use crate::ionos::paging::Query;
use crate::ionos::render::{self, dyns, Resource};
use crate::ionos::store::Store;

/// Keeps server `id` busy for the rest of `op`.
fn touch_server(store: &mut Store, op: &Op, dc: &str, id: &str) -> Result<(), IonosError> {
    store
        .server_mut(dc, id, op.now)?
        .meta
        .touch(op.now, op.done);
    Ok(())
}

/// `GET /datacenters/{dc}/servers/{sid}/nics`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let path = format!("{}/nics", ctx.store.server(&dc, &server, ctx.now)?.path());
        let nics = dyns(ctx.store.nics_of(&server, ctx.now));
        Ok(Json(query.list(ctx, &path, nics)))
    })
}

/// `POST /datacenters/{dc}/servers/{sid}/nics`.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let location = datacenters::check(&dc)?.location();
    let props = input::properties(&input::object(&bytes)?)?;
    ops::run(&app, &call, &bytes, |store, op| {
        touch_server(store, op, &dc, &server)?;
        let id = spec::insert(store, op, &dc, &server, &props, location.id)?;
        let nic = store.nic(&dc, &server, &id, op.now)?;
        Ok(Some(render::resource(&op.ctx(store), nic, query.depth)))
    })
}

/// `GET /datacenters/{dc}/servers/{sid}/nics/{nicId}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server, id)): Path<(String, String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let nic = ctx.store.nic(&dc, &server, &id, ctx.now)?;
        Ok(Json(render::resource(ctx, nic, query.depth)))
    })
}

/// `PUT|PATCH /datacenters/{dc}/servers/{sid}/nics/{nicId}`.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server, id)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let location = datacenters::check(&dc)?.location();
    let props = input::update(&call.method, &bytes)?;
    ops::run(&app, &call, &bytes, |store, op| {
        touch_server(store, op, &dc, &server)?;
        spec::apply_update(store, op, (&dc, &server, &id), &props, location.id)?;
        let nic = store.nic(&dc, &server, &id, op.now)?;
        op.target(nic);
        Ok(Some(render::resource(&op.ctx(store), nic, query.depth)))
    })
}

/// `DELETE /datacenters/{dc}/servers/{sid}/nics/{nicId}`.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    Path((dc, server, id)): Path<(String, String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    ops::run(&app, &call, &[], |store, op| {
        touch_server(store, op, &dc, &server)?;
        op.target(store.nic(&dc, &server, &id, op.now)?);
        store
            .nic_mut(&dc, &server, &id, op.now)?
            .meta
            .remove(op.now, op.done);
        Ok(None)
    })
}
