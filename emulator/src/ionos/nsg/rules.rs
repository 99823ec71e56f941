//! Handlers of `/datacenters/{dc}/securitygroups/{gid}/rules[/{ruleId}]`; every change also
//! keeps the group `BUSY` until it is done.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde_json::Value;

use super::{Rule, RuleProps};
use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::ops::{self, Op};
use crate::ionos::paging::Query;
use crate::ionos::render::{self, dyns, Resource};
use crate::ionos::store::Store;

/// Stores a rule of group `group` as part of `op`; returns its id.
pub(crate) fn insert(
    store: &mut Store,
    op: &mut Op,
    dc: &str,
    group: &str,
    props: RuleProps,
) -> String {
    let rule = Rule {
        dc: dc.to_string(),
        group: group.to_string(),
        id: uuid::Uuid::new_v4().to_string(),
        props,
        meta: op.meta(store),
    };
    op.target(&rule);
    let id = rule.id.clone();
    store.rules.insert(id.clone(), rule);
    id
}

/// Keeps group `id` busy for the rest of `op`.
fn touch_group(store: &mut Store, op: &Op, dc: &str, id: &str) -> Result<(), IonosError> {
    store.group_mut(dc, id, op.now)?.meta.touch(op.now, op.done);
    Ok(())
}

/// `GET /datacenters/{dc}/securitygroups/{gid}/rules`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, group)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let path = format!("{}/rules", ctx.store.group(&dc, &group, ctx.now)?.path());
        let rules = dyns(ctx.store.rules_of(&group, ctx.now));
        Ok(Json(query.list(ctx, &path, rules)))
    })
}

/// `POST /datacenters/{dc}/securitygroups/{gid}/rules`.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, group)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let props = RuleProps::parse(&input::properties(&input::object(&bytes)?)?, None)?;
    ops::run(&app, &call, &bytes, |store, op| {
        touch_group(store, op, &dc, &group)?;
        let id = insert(store, op, &dc, &group, props);
        let rule = store.rule(&dc, &group, &id, op.now)?;
        Ok(Some(render::resource(&op.ctx(store), rule, query.depth)))
    })
}

/// `GET /datacenters/{dc}/securitygroups/{gid}/rules/{ruleId}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, group, id)): Path<(String, String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let rule = ctx.store.rule(&dc, &group, &id, ctx.now)?;
        Ok(Json(render::resource(ctx, rule, query.depth)))
    })
}

/// `PUT|PATCH /datacenters/{dc}/securitygroups/{gid}/rules/{ruleId}`: anything but the
/// protocol.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, group, id)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let changes = input::update(&call.method, &bytes)?;
    ops::run(&app, &call, &bytes, |store, op| {
        touch_group(store, op, &dc, &group)?;
        let rule = store.rule_mut(&dc, &group, &id, op.now)?;
        rule.props = RuleProps::parse(&changes, Some(&rule.props))?;
        rule.meta.touch(op.now, op.done);
        let rule = store.rule(&dc, &group, &id, op.now)?;
        op.target(rule);
        Ok(Some(render::resource(&op.ctx(store), rule, query.depth)))
    })
}

/// `DELETE /datacenters/{dc}/securitygroups/{gid}/rules/{ruleId}`.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    Path((dc, group, id)): Path<(String, String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    ops::run(&app, &call, &[], |store, op| {
        touch_group(store, op, &dc, &group)?;
        op.target(store.rule(&dc, &group, &id, op.now)?);
        store
            .rule_mut(&dc, &group, &id, op.now)?
            .meta
            .remove(op.now, op.done);
        Ok(None)
    })
}
