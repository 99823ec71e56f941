//! `GET /datacenters/{dc}/servers` and `GET /datacenters/{dc}/servers/{id}`.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::Value;

use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::paging::Query;
use crate::ionos::render::{self, dyns};

/// `GET /datacenters/{dc}/servers`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    let path = format!("/datacenters/{dc}/servers");
    Ok(Json(call.read(&app, |ctx| {
        query.list(ctx, &path, dyns(ctx.store.servers(&dc, ctx.now)))
    })))
}

/// `GET /datacenters/{dc}/servers/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let server = ctx.store.server(&dc, &id, ctx.now)?;
        Ok(Json(render::resource(ctx, server, query.depth)))
    })
}
