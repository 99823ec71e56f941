//! Which security groups a server or a NIC has: `PUT .../servers/{sid}/securitygroups` and
//! `PUT .../servers/{sid}/nics/{nicId}/securitygroups` with `{"ids": [...]}` replace the list
//! (every id must be a group of the data center, 404 otherwise) and answer with the groups;
//! `GET` on the same paths lists them.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde_json::Value;

use crate::app::App;
use crate::body;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::ops;
use crate::ionos::paging::Query;
use crate::ionos::render::{dyns, Ctx, Resource};
use crate::ionos::store::Store;

/// The ids of a `ListOfIds` body, without repeats.
fn ids(bytes: &[u8]) -> Result<Vec<String>, IonosError> {
    let obj = input::object(bytes)?;
    if body::list(&obj, "ids")
        .map_err(IonosError::invalid)?
        .is_none()
    {
        return Err(IonosError::invalid("[(root).ids] is required"));
    }
    let mut ids: Vec<String> = Vec::new();
    for id in input::strings(&obj, "ids")?.unwrap_or_default() {
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// 404 unless every id is a live group of `dc`.
fn check_groups(store: &Store, dc: &str, ids: &[String], now: i64) -> Result<(), IonosError> {
    ids.iter()
        .try_for_each(|id| store.group(dc, id, now).map(|_| ()))
}

/// The groups `ids` of `owner` as a collection at `owner`'s `/securitygroups`.
fn groups(ctx: &Ctx, query: &Query, dc: &str, owner: &dyn Resource, ids: &[String]) -> Value {
    let path = format!("{}/securitygroups", owner.path());
    query.list(ctx, &path, dyns(ctx.store.groups_by_id(dc, ids, ctx.now)))
}

/// `GET /datacenters/{dc}/servers/{sid}/securitygroups`.
pub(crate) async fn server_groups(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let server = ctx.store.server(&dc, &server, ctx.now)?;
        Ok(Json(groups(
            ctx,
            &query,
            &dc,
            server,
            &server.security_groups,
        )))
    })
}

/// `PUT /datacenters/{dc}/servers/{sid}/securitygroups`.
pub(crate) async fn set_server_groups(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let ids = ids(&bytes)?;
    ops::run(&app, &call, &bytes, |store, op| {
        check_groups(store, &dc, &ids, op.now)?;
        let holder = store.server_mut(&dc, &server, op.now)?;
        holder.security_groups = ids.clone();
        holder.meta.touch(op.now, op.done);
        let holder = store.server(&dc, &server, op.now)?;
        op.target(holder);
        Ok(Some(groups(&op.ctx(store), &query, &dc, holder, &ids)))
    })
}

/// `GET /datacenters/{dc}/servers/{sid}/nics/{nicId}/securitygroups`.
pub(crate) async fn nic_groups(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server, nic)): Path<(String, String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let nic = ctx.store.nic(&dc, &server, &nic, ctx.now)?;
        Ok(Json(groups(ctx, &query, &dc, nic, &nic.security_groups)))
    })
}

/// `PUT /datacenters/{dc}/servers/{sid}/nics/{nicId}/securitygroups`.
pub(crate) async fn set_nic_groups(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, server, nic)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let ids = ids(&bytes)?;
    ops::run(&app, &call, &bytes, |store, op| {
        check_groups(store, &dc, &ids, op.now)?;
        store
            .server_mut(&dc, &server, op.now)?
            .meta
            .touch(op.now, op.done);
        let holder = store.nic_mut(&dc, &server, &nic, op.now)?;
        holder.security_groups = ids.clone();
        holder.meta.touch(op.now, op.done);
        let holder = store.nic(&dc, &server, &nic, op.now)?;
        op.target(holder);
        Ok(Some(groups(&op.ctx(store), &query, &dc, holder, &ids)))
    })
}
