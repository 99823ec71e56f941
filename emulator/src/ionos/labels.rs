//! Labels (`{key, value}`) on servers, volumes and IP blocks: `.../labels` (GET, POST) and
//! `.../labels/{key}` (GET, PUT, DELETE). Unlike everything else they change at once, as the
//! spec says: POST answers 201, PUT and DELETE 200, without a request to follow. A label goes
//! with its resource.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::call::Call;
use super::datacenters;
use super::errors::IonosError;
use super::input;
use super::meta::Meta;
use super::paging::Query;
use super::render::{self, dyns, Ctx, Resource};
use super::store::{Store, Stored};
use crate::app::App;
use crate::clock;

/// Longest key and value.
const MAX_LENGTH: usize = 255;

/// A label of a resource.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Label {
    /// Path of the resource it is on (below the API root).
    pub owner: String,
    /// Id of that resource.
    pub owner_id: String,
    /// Key (unique per resource).
    pub key: String,
    /// Value.
    pub value: String,
    /// Life cycle (a label is never busy).
    pub meta: Meta,
}

impl Stored for Label {
    const WHAT: &'static str = "label";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Resource for Label {
    fn kind(&self) -> &'static str {
        "label"
    }

    fn id(&self) -> &str {
        &self.key
    }

    fn path(&self) -> String {
        format!("{}/labels/{}", self.owner, self.key)
    }

    fn metadata(&self, now: i64) -> Value {
        let mut metadata = self.meta.render(now);
        if let Some(fields) = metadata.as_object_mut() {
            fields.remove("state");
        }
        metadata
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        json!({"key": self.key, "value": self.value})
    }
}

/// Where a label lives in the store: its owner's path and its key.
fn storage_key(owner: &str, key: &str) -> String {
    format!("{owner}/labels/{key}")
}

/// The path and id of the live resource the route's parameters name (a server, volume or IP
/// block).
fn owner(
    store: &Store,
    params: &BTreeMap<String, String>,
    now: i64,
) -> Result<(String, String), IonosError> {
    let get = |name: &str| params.get(name).map(String::as_str);
    let resource: &dyn Resource = match (get("dc"), get("server"), get("volume"), get("id")) {
        (Some(dc), Some(server), _, _) => {
            datacenters::check(dc)?;
            store.server(dc, server, now)?
        }
        (Some(dc), None, Some(volume), _) => {
            datacenters::check(dc)?;
            store.volume(dc, volume, now)?
        }
        (None, _, _, Some(block)) => store.ipblock(block, now)?,
        _ => return Err(IonosError::unknown_route()),
    };
    Ok((resource.path(), resource.id().to_string()))
}

/// The `key` and `value` of a label body; `key` must be `expected` when that is given.
fn parse(bytes: &[u8], expected: Option<&str>) -> Result<(String, String), IonosError> {
    let props = input::properties(&input::object(bytes)?)?;
    let key = input::string(&props, "key")?.or_else(|| expected.map(str::to_string));
    let key = key
        .filter(|k| !k.is_empty() && k.chars().count() <= MAX_LENGTH)
        .ok_or_else(|| {
            IonosError::invalid("[(root).properties.key] is required (1 to 255 characters)")
        })?;
    if expected.is_some_and(|e| e != key) {
        return Err(IonosError::invalid(format!(
            "[(root).properties.key] {key} is not the key of the label in the URL"
        )));
    }
    let value = input::string(&props, "value")?.unwrap_or_default();
    Ok((key, value))
}

/// The label `key` of the resource at `owner`.
fn find<'a>(store: &'a Store, owner: &str, key: &str) -> Result<&'a Label, IonosError> {
    store
        .labels
        .get(&storage_key(owner, key))
        .ok_or_else(|| IonosError::not_found("label", key))
}

/// `GET .../labels`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(params): Path<BTreeMap<String, String>>,
) -> Result<Json<Value>, IonosError> {
    call.read(&app, |ctx| {
        let (owner, _) = owner(ctx.store, &params, ctx.now)?;
        let labels = dyns(ctx.store.labels_of(&owner));
        Ok(Json(query.list(ctx, &format!("{owner}/labels"), labels)))
    })
}

/// `GET .../labels/{key}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(params): Path<BTreeMap<String, String>>,
) -> Result<Json<Value>, IonosError> {
    let key = params.get("key").cloned().unwrap_or_default();
    call.read(&app, |ctx| {
        let (owner, _) = owner(ctx.store, &params, ctx.now)?;
        let label = find(ctx.store, &owner, &key)?;
        Ok(Json(render::resource(ctx, label, query.depth)))
    })
}

/// Runs a label change `f` on the store and renders the label it returns.
fn change(
    app: &App,
    call: &Call,
    status: StatusCode,
    f: impl FnOnce(&mut Store, i64) -> Result<String, IonosError>,
) -> Result<Response, IonosError> {
    let api = call.api();
    let body = app.write(|state| {
        let now = clock::now_ms();
        state.ionos.purge(now);
        let id = f(&mut state.ionos, now)?;
        let store = &state.ionos;
        let label = store
            .labels
            .get(&id)
            .ok_or_else(|| IonosError::not_found("label", &id))?;
        let ctx = Ctx {
            store,
            api: &api,
            now,
        };
        Ok::<Value, IonosError>(render::resource(&ctx, label, 0))
    })?;
    Ok((status, Json(body)).into_response())
}

/// `POST .../labels`: 201; 409 if the resource has the key already.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    Path(params): Path<BTreeMap<String, String>>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let (key, value) = parse(&bytes, None)?;
    change(&app, &call, StatusCode::CREATED, |store, now| {
        let (owner, owner_id) = owner(store, &params, now)?;
        let id = storage_key(&owner, &key);
        if store.labels.contains_key(&id) {
            return Err(IonosError::conflict(format!(
                "The resource has a label {key} already"
            )));
        }
        let meta = Meta::new(store.next_seq(), now, now);
        store.labels.insert(
            id.clone(),
            Label {
                owner,
                owner_id,
                key,
                value,
                meta,
            },
        );
        Ok(id)
    })
}

/// `PUT .../labels/{key}`: a new value.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    Path(params): Path<BTreeMap<String, String>>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let current = params.get("key").cloned().unwrap_or_default();
    let (key, value) = parse(&bytes, Some(&current))?;
    change(&app, &call, StatusCode::OK, |store, now| {
        let (owner, _) = owner(store, &params, now)?;
        let id = storage_key(&owner, &key);
        let label = store
            .labels
            .get_mut(&id)
            .ok_or_else(|| IonosError::not_found("label", &key))?;
        label.value = value;
        label.meta.touch(now, now);
        Ok(id)
    })
}

/// `DELETE .../labels/{key}`: 200 without a body.
pub(crate) async fn remove(
    State(app): State<App>,
    Path(params): Path<BTreeMap<String, String>>,
) -> Result<StatusCode, IonosError> {
    let key = params.get("key").cloned().unwrap_or_default();
    app.write(|state| {
        let now = clock::now_ms();
        let (owner, _) = owner(&state.ionos, &params, now)?;
        find(&state.ionos, &owner, &key)?;
        state.ionos.labels.remove(&storage_key(&owner, &key));
        Ok(StatusCode::OK)
    })
}
