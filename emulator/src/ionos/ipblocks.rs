//! IP blocks `/ipblocks[/{id}]` (not under a data center): reserved public addresses of a
//! location, from a TEST-NET range per location. Their addresses go on NICs of public LANs
//! (`ipConsumers` lists where); a block whose address is still on a NIC cannot be deleted.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::Json;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::call::Call;
use super::errors::IonosError;
use super::input;
use super::ipam;
use super::locations;
use super::meta::Meta;
use super::ops;
use super::paging::Query;
use super::render::{self, dyns, Ctx, Resource};
use super::store::{Store, Stored};
use crate::app::App;
use crate::defaults;

/// Most addresses in one block.
const MAX_SIZE: i64 = 64;

/// An IP block.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct IpBlock {
    /// Block id.
    pub id: String,
    /// Location, e.g. `de/fra`.
    pub location: String,
    /// Name.
    pub name: String,
    /// Its addresses.
    pub ips: Vec<Ipv4Addr>,
    /// Life cycle.
    pub meta: Meta,
}

impl Stored for IpBlock {
    const WHAT: &'static str = "ipblock";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Resource for IpBlock {
    fn kind(&self) -> &'static str {
        "ipblock"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!("/ipblocks/{}", self.id)
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, ctx: &Ctx) -> Value {
        json!({
            "ips": self.ips.iter().map(|ip| ip.to_string()).collect::<Vec<_>>(),
            "location": self.location,
            "size": self.ips.len(),
            "name": self.name,
            "ipConsumers": consumers(ctx, self),
        })
    }
}

/// Where the block's addresses are in use.
fn consumers(ctx: &Ctx, block: &IpBlock) -> Vec<Value> {
    ctx.store
        .all_nics(ctx.now)
        .into_iter()
        .flat_map(|nic| {
            nic.ips
                .iter()
                .filter(|ip| block.ips.contains(ip))
                .map(move |ip| (nic, ip))
        })
        .map(|(nic, ip)| {
            let server = ctx.store.server(&nic.dc, &nic.server_id, ctx.now).ok();
            json!({
                "ip": ip.to_string(),
                "mac": nic.mac,
                "nicId": nic.id,
                "serverId": nic.server_id,
                "serverName": server.map(|s| s.name.as_str()),
                "datacenterId": nic.dc,
                "datacenterName": defaults::IONOS_DATACENTER_NAME,
                "k8sNodePoolUuid": null,
                "k8sClusterUuid": null,
            })
        })
        .collect()
}

/// `count` free addresses of `location`'s pool.
fn allocate(
    store: &Store,
    location: &str,
    pool: &str,
    count: usize,
) -> Result<Vec<Ipv4Addr>, IonosError> {
    let pool: Ipv4Net = pool
        .parse()
        .map_err(|_| IonosError::invalid(format!("{location} has no IP pool")))?;
    let used: BTreeSet<Ipv4Addr> = store
        .ipblocks
        .values()
        .flat_map(|b| b.ips.iter().copied())
        .collect();
    ipam::free_hosts(pool, 1, count, &used).ok_or_else(|| {
        IonosError::invalid(format!("Not enough free IP addresses left in {location}"))
    })
}

/// `GET /ipblocks`.
pub(crate) async fn list(State(app): State<App>, call: Call, query: Query) -> Json<Value> {
    Json(call.read(&app, |ctx| {
        query.list(ctx, "/ipblocks", dyns(ctx.store.ipblocks(ctx.now)))
    }))
}

/// `POST /ipblocks`: `{properties: {location, size, name}}`.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let props = input::properties(&input::object(&bytes)?)?;
    let location = input::string(&props, "location")?
        .ok_or_else(|| IonosError::invalid("[(root).properties.location] is required"))?;
    let location = locations::find(&location).ok_or_else(|| {
        IonosError::invalid(format!(
            "[(root).properties.location] {location} is not a location"
        ))
    })?;
    let size = input::integer(&props, "size", 1..=MAX_SIZE)?
        .ok_or_else(|| IonosError::invalid("[(root).properties.size] is required"))?;
    let name = input::string(&props, "name")?.unwrap_or_default();
    ops::run(&app, &call, &bytes, |store, op| {
        let count = usize::try_from(size).unwrap_or(1);
        let block = IpBlock {
            id: uuid::Uuid::new_v4().to_string(),
            location: location.id.to_string(),
            name,
            ips: allocate(store, location.id, location.ip_pool, count)?,
            meta: op.meta(store),
        };
        op.target(&block);
        let id = block.id.clone();
        store.ipblocks.insert(id.clone(), block);
        let block = store.ipblock(&id, op.now)?;
        Ok(Some(render::resource(&op.ctx(store), block, query.depth)))
    })
}

/// `GET /ipblocks/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(id): Path<String>,
) -> Result<Json<Value>, IonosError> {
    call.read(&app, |ctx| {
        let block = ctx.store.ipblock(&id, ctx.now)?;
        Ok(Json(render::resource(ctx, block, query.depth)))
    })
}

/// `PUT|PATCH /ipblocks/{id}`: only the name changes; location and size cannot.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let props = input::update(&call.method, &bytes)?;
    let name = input::string(&props, "name")?;
    let location = input::string(&props, "location")?;
    let size = input::integer(&props, "size", i64::MIN..=i64::MAX)?;
    ops::run(&app, &call, &bytes, |store, op| {
        let block = store.ipblock_mut(&id, op.now)?;
        input::unchanged("location", &block.location, location)?;
        let current = i64::try_from(block.ips.len()).unwrap_or(i64::MAX);
        input::unchanged("size", &current, size)?;
        if let Some(name) = name {
            block.name = name;
        }
        block.meta.touch(op.now, op.done);
        let block = store.ipblock(&id, op.now)?;
        op.target(block);
        Ok(Some(render::resource(&op.ctx(store), block, query.depth)))
    })
}

/// `DELETE /ipblocks/{id}`: 422 while one of its addresses is on a NIC.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    Path(id): Path<String>,
) -> Result<Response, IonosError> {
    ops::run(&app, &call, &[], |store, op| {
        let block = store.ipblock(&id, op.now)?;
        op.target(block);
        if let Some(nic) = store
            .all_nics(op.now)
            .into_iter()
            .find(|n| n.ips.iter().any(|ip| block.ips.contains(ip)))
        {
            return Err(IonosError::invalid(format!(
                "IP block {id} is still in use by NIC {}; remove its addresses first",
                nic.id
            )));
        }
        store.ipblock_mut(&id, op.now)?.meta.remove(op.now, op.done);
        Ok(None)
    })
}
