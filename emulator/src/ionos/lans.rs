//! LANs `/datacenters/{dc}/lans[/{lanId}]` (ids are small integers) and the NICs on a LAN
//! (`/lans/{lanId}/nics[/{nicId}]`). A private LAN has an IPv4 `/24` inside 10.0.0.0/8 that
//! IONOS assigns (`ipv4CidrBlock` is read-only); a public one has none.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::call::Call;
use super::datacenters;
use super::errors::IonosError;
use super::input;
use super::ipam;
use super::meta::Meta;
use super::ops::{self, Op};
use super::paging::Query;
use super::render::{self, dyns, Ctx, Entity, Resource};
use super::store::{Store, Stored};
use crate::app::App;

/// A LAN of a data center.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Lan {
    /// Data center id.
    pub dc: String,
    /// LAN id: `"1"`, `"2"`, ...
    pub id: String,
    /// Name.
    pub name: String,
    /// Whether the LAN faces the internet.
    pub public: bool,
    /// The private IPv4 block (none for public LANs).
    pub cidr: Option<Ipv4Net>,
    /// Life cycle.
    pub meta: Meta,
}

impl Stored for Lan {
    const WHAT: &'static str = "lan";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Resource for Lan {
    fn kind(&self) -> &'static str {
        "lan"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!("/datacenters/{}/lans/{}", self.dc, self.id)
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        json!({
            "name": self.name,
            "public": self.public,
            "ipv4CidrBlock": self.cidr.map(|c| c.to_string()),
            "ipv6CidrBlock": null,
            "ipFailover": [],
            "pcc": null,
        })
    }

    fn entities<'a>(&self, ctx: &Ctx<'a>) -> Vec<Entity<'a>> {
        vec![Entity {
            name: "nics",
            path: format!("{}/nics", self.path()),
            items: dyns(ctx.store.nics_on_lan(&self.dc, &self.id, ctx.now)),
        }]
    }
}

/// Creates LAN `id` of `dc` (private with an assigned block if not public) as part of `op`.
pub(crate) fn insert(
    store: &mut Store,
    op: &mut Op,
    dc: &str,
    id: String,
    name: String,
    public: bool,
) -> Result<String, IonosError> {
    let cidr = block(store, dc, None, public)?;
    let lan = Lan {
        dc: dc.to_string(),
        id: id.clone(),
        name,
        public,
        cidr,
        meta: op.meta(store),
    };
    op.target(&lan);
    store.lans.insert(id.clone(), lan);
    Ok(id)
}

/// The block of a LAN that is (or becomes) `public` (none) or private (the first free one,
/// not clashing with the other LANs of `dc`; `own` is the LAN's id when it exists).
fn block(
    store: &Store,
    dc: &str,
    own: Option<&str>,
    public: bool,
) -> Result<Option<Ipv4Net>, IonosError> {
    if public {
        return Ok(None);
    }
    let used: Vec<Ipv4Net> = store
        .lans
        .values()
        .filter(|l| l.dc == dc && Some(l.id.as_str()) != own)
        .filter_map(|l| l.cidr)
        .collect();
    ipam::lan_block(&used).map(Some)
}

/// Refuses an `ipv4CidrBlock` a client tries to set: the property is read-only. `AUTO`, null
/// and the LAN's `current` block (a client echoing what it read) pass.
fn refuse_block_change(
    requested: Option<&str>,
    current: Option<Ipv4Net>,
) -> Result<(), IonosError> {
    match requested {
        None => Ok(()),
        Some(r) if r.eq_ignore_ascii_case("AUTO") => Ok(()),
        Some(r) if current.is_some_and(|c| c.to_string() == r) => Ok(()),
        Some(r) => Err(IonosError::invalid(format!(
            "[(root).properties.ipv4CidrBlock] is read-only: IONOS assigns a private LAN's IPv4 block, {r} cannot be chosen"
        ))),
    }
}

/// The smallest LAN id not taken in `dc`.
pub(crate) fn next_id(store: &Store, dc: &str) -> String {
    (1u32..)
        .map(|n| n.to_string())
        .find(|id| store.lans.get(id).is_none_or(|l| l.dc != dc))
        .unwrap_or_default()
}

/// `GET /datacenters/{dc}/lans`.
pub(crate) async fn list(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    let path = format!("/datacenters/{dc}/lans");
    Ok(Json(call.read(&app, |ctx| {
        query.list(ctx, &path, dyns(ctx.store.lans(&dc, ctx.now)))
    })))
}

/// `POST /datacenters/{dc}/lans`: `{properties: {name, public}}`.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let props = input::properties(&input::object(&bytes)?)?;
    let name = input::string(&props, "name")?.unwrap_or_default();
    let public = input::boolean(&props, "public")?.unwrap_or(false);
    refuse_block_change(input::string(&props, "ipv4CidrBlock")?.as_deref(), None)?;
    ops::run(&app, &call, &bytes, |store, op| {
        let id = next_id(store, &dc);
        let id = insert(store, op, &dc, id, name, public)?;
        let lan = store.lan(&dc, &id, op.now)?;
        Ok(Some(render::resource(&op.ctx(store), lan, query.depth)))
    })
}

/// `GET /datacenters/{dc}/lans/{lanId}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let lan = ctx.store.lan(&dc, &id, ctx.now)?;
        Ok(Json(render::resource(ctx, lan, query.depth)))
    })
}

/// `PUT|PATCH /datacenters/{dc}/lans/{lanId}`: name and public; switching between public and
/// private needs a LAN without NICs (the block goes or is assigned).
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
    let public = input::boolean(&props, "public")?;
    let requested = input::string(&props, "ipv4CidrBlock")?;
    ops::run(&app, &call, &bytes, |store, op| {
        let lan = store.lan(&dc, &id, op.now)?;
        refuse_block_change(requested.as_deref(), lan.cidr)?;
        let public = public.unwrap_or(lan.public);
        let cidr = if public != lan.public {
            if !store.nics_on_lan(&dc, &id, op.now).is_empty() {
                return Err(IonosError::invalid(format!(
                    "LAN {id} still has NICs; its public flag cannot change"
                )));
            }
            block(store, &dc, Some(&id), public)?
        } else {
            lan.cidr
        };
        let lan = store.lan_mut(&dc, &id, op.now)?;
        if let Some(name) = name {
            lan.name = name;
        }
        lan.public = public;
        lan.cidr = cidr;
        lan.meta.touch(op.now, op.done);
        let lan = store.lan(&dc, &id, op.now)?;
        op.target(lan);
        Ok(Some(render::resource(&op.ctx(store), lan, query.depth)))
    })
}

/// `DELETE /datacenters/{dc}/lans/{lanId}`: 422 while NICs are on it.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    ops::run(&app, &call, &[], |store, op| {
        op.target(store.lan(&dc, &id, op.now)?);
        if !store.nics_on_lan(&dc, &id, op.now).is_empty() {
            return Err(IonosError::invalid(format!(
                "LAN {id} still has NICs; delete or move them first"
            )));
        }
        store
            .lan_mut(&dc, &id, op.now)?
            .meta
            .remove(op.now, op.done);
        Ok(None)
    })
}

/// `GET /datacenters/{dc}/lans/{lanId}/nics`.
pub(crate) async fn nics(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        let lan = ctx.store.lan(&dc, &id, ctx.now)?;
        let path = format!("{}/nics", lan.path());
        let nics = dyns(ctx.store.nics_on_lan(&dc, &id, ctx.now));
        Ok(Json(query.list(ctx, &path, nics)))
    })
}

/// `GET /datacenters/{dc}/lans/{lanId}/nics/{nicId}`.
pub(crate) async fn nic(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id, nic)): Path<(String, String, String)>,
) -> Result<Json<Value>, IonosError> {
    datacenters::check(&dc)?;
    call.read(&app, |ctx| {
        ctx.store.lan(&dc, &id, ctx.now)?;
        let nic = ctx
            .store
            .nics_on_lan(&dc, &id, ctx.now)
            .into_iter()
            .find(|n| n.id == nic)
            .ok_or_else(|| IonosError::not_found("nic", &nic))?;
        Ok(Json(render::resource(ctx, nic, query.depth)))
    })
}
