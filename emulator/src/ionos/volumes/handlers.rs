//! Handlers of `/datacenters/{dc}/volumes[/{id}]`.

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
use crate::ionos::ops;
use crate::ionos::paging::Query;
use crate::ionos::render::{self, dyns};

/// `GET /datacenters/{dc}/volumes`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    let path = format!("/datacenters/{dc}/volumes");
    Ok(Json(call.read(&app, |ctx| {
        query.list(ctx, &path, dyns(ctx.store.volumes(&dc, ctx.now)))
    })))
}

/// `POST /datacenters/{dc}/volumes`.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let location = datacenters::check(&dc)?.location();
    let spec = spec::parse_new(&input::properties(&input::object(&bytes)?)?, location)?;
    ops::run(&app, &call, &bytes, |store, op| {
        let id = spec::insert(store, op, &dc, spec);
        let volume = store.volume(&dc, &id, op.now)?;
        Ok(Some(render::resource(&op.ctx(store), volume, query.depth)))
    })
}

/// `GET /datacenters/{dc}/volumes/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let volume = ctx.store.volume(&dc, &id, ctx.now)?;
        Ok(Json(render::resource(ctx, volume, query.depth)))
    })
}

/// `PUT|PATCH /datacenters/{dc}/volumes/{id}`: rename, grow, change the bus.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let props = input::update(&call.method, &bytes)?;
    ops::run(&app, &call, &bytes, |store, op| {
        let volume = store.volume_mut(&dc, &id, op.now)?;
        spec::apply_update(volume, &props)?;
        volume.meta.touch(op.now, op.done);
        let volume = store.volume(&dc, &id, op.now)?;
        op.target(volume);
        Ok(Some(render::resource(&op.ctx(store), volume, query.depth)))
    })
}

/// `DELETE /datacenters/{dc}/volumes/{id}`: an attached volume is detached with it.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    ops::run(&app, &call, &[], |store, op| {
        op.target(store.volume(&dc, &id, op.now)?);
        store
            .volume_mut(&dc, &id, op.now)?
            .meta
            .remove(op.now, op.done);
        Ok(None)
    })
}
