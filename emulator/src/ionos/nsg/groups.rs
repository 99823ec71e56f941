//! Handlers of `/datacenters/{dc}/securitygroups[/{id}]`. A group may be created with rules
//! (`entities.rules.items`); one still attached to a server or NIC cannot be deleted (422),
//! and its rules go with it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use serde_json::Value;

use super::rules;
use super::{RuleProps, SecurityGroup};
use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::ops;
use crate::ionos::paging::Query;
use crate::ionos::render::{self, dyns};

/// `GET /datacenters/{dc}/securitygroups`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    let path = format!("/datacenters/{dc}/securitygroups");
    Ok(Json(call.read(&app, |ctx| {
        query.list(ctx, &path, dyns(ctx.store.groups(&dc, ctx.now)))
    })))
}

/// `POST /datacenters/{dc}/securitygroups`: `{properties: {name, description}, entities?}`.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let obj = input::object(&bytes)?;
    let props = input::properties(&obj)?;
    let name = input::string(&props, "name")?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| IonosError::invalid("[(root).properties.name] is required"))?;
    let description = input::string(&props, "description")?.unwrap_or_default();
    let new_rules = input::entity_items(&obj, "rules")?
        .into_iter()
        .map(|item| RuleProps::parse(&input::properties(item)?, None))
        .collect::<Result<Vec<_>, IonosError>>()?;
    ops::run(&app, &call, &bytes, |store, op| {
        let group = SecurityGroup {
            dc: dc.clone(),
            id: uuid::Uuid::new_v4().to_string(),
            name,
            description,
            meta: op.meta(store),
        };
        op.target(&group);
        let id = group.id.clone();
        store.groups.insert(id.clone(), group);
        for props in new_rules {
            rules::insert(store, op, &dc, &id, props);
        }
        let group = store.group(&dc, &id, op.now)?;
        let depth = query.depth.max(1);
        Ok(Some(render::resource(&op.ctx(store), group, depth)))
    })
}

/// `GET /datacenters/{dc}/securitygroups/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let group = ctx.store.group(&dc, &id, ctx.now)?;
        Ok(Json(render::resource(ctx, group, query.depth)))
    })
}

/// `PUT|PATCH /datacenters/{dc}/securitygroups/{id}`: name and description.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let props = input::update(&call.method, &bytes)?;
    let name = input::string(&props, "name")?;
    let description = input::string(&props, "description")?;
    if name.as_deref() == Some("") {
        return Err(IonosError::invalid(
            "[(root).properties.name] must not be empty",
        ));
    }
    ops::run(&app, &call, &bytes, |store, op| {
        let group = store.group_mut(&dc, &id, op.now)?;
        if let Some(name) = name {
            group.name = name;
        }
        if let Some(description) = description {
            group.description = description;
        }
        group.meta.touch(op.now, op.done);
        let group = store.group(&dc, &id, op.now)?;
        op.target(group);
        Ok(Some(render::resource(&op.ctx(store), group, query.depth)))
    })
}

/// `DELETE /datacenters/{dc}/securitygroups/{id}`: 422 while attached; its rules go too.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    ops::run(&app, &call, &[], |store, op| {
        op.target(store.group(&dc, &id, op.now)?);
        let servers = store.servers(&dc, op.now);
        let nics = store.all_nics(op.now);
        let holder = servers
            .iter()
            .filter(|s| s.security_groups.contains(&id))
            .map(|s| format!("server {}", s.id))
            .chain(
                nics.iter()
                    .filter(|n| n.security_groups.contains(&id))
                    .map(|n| format!("NIC {}", n.id)),
            )
            .next();
        if let Some(holder) = holder {
            return Err(IonosError::invalid(format!(
                "Security group {id} is still attached to {holder}; detach it first"
            )));
        }
        let rule_ids: Vec<String> = store
            .rules_of(&id, op.now)
            .iter()
            .map(|r| r.id.clone())
            .collect();
        for rule in rule_ids {
            store
                .rule_mut(&dc, &id, &rule, op.now)?
                .meta
                .remove(op.now, op.done);
        }
        store
            .group_mut(&dc, &id, op.now)?
            .meta
            .remove(op.now, op.done);
        Ok(None)
    })
}
