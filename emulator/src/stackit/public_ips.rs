//! Public IPs `P/public-ips[/{id}]`: synchronous (create 201, update 200, delete 204).
//! Addresses come from 192.0.2.0/24 (TEST-NET-1), lowest free first; `networkInterface` is the
//! NIC the address is on (`null` for none), one address per NIC.

use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::catalog::PUBLIC_IP_RANGE;
use super::errors::StackitError;
use super::input;
use super::labels::{self, Labels};
use super::life::Life;
use super::ops::{self, items, reply};
use super::store::{find, find_mut, live, Store, Stored};
use crate::app::App;
use crate::body::Object;

/// A public IP.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PublicIp {
    /// Id.
    pub id: String,
    /// The address.
    pub ip: Ipv4Addr,
    /// The NIC it is on.
    pub nic: Option<String>,
    /// Labels.
    pub labels: Labels,
    /// Life cycle.
    pub life: Life,
}

impl Stored for PublicIp {
    const WHAT: &'static str = "public ip";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl PublicIp {
    /// The API body at `now` (a NIC that is gone no longer counts).
    pub fn render(&self, store: &Store, now: i64) -> Value {
        let nic = self
            .nic
            .as_ref()
            .filter(|id| find(&store.nics, id, now).is_ok());
        json!({
            "id": self.id,
            "ip": self.ip.to_string(),
            "networkInterface": nic,
            "labels": self.labels,
        })
    }
}

/// `networkInterface` of a body: `Some(None)` for `null`, `None` when absent; the NIC must
/// exist and carry no other address.
fn nic(
    store: &Store,
    obj: &Object,
    own: Option<&str>,
    now: i64,
) -> Result<Option<Option<String>>, StackitError> {
    if !obj.contains_key("networkInterface") {
        return Ok(None);
    }
    let Some(id) = input::uuid(obj, "networkInterface")? else {
        return Ok(Some(None));
    };
    find(&store.nics, &id, now)?;
    if let Some(other) = live(&store.public_ips, now, |p| {
        p.nic.as_deref() == Some(id.as_str()) && Some(p.id.as_str()) != own
    })
    .first()
    {
        return Err(StackitError::conflict(format!(
            "network interface {id} already has public ip {}",
            other.ip
        )));
    }
    Ok(Some(Some(id)))
}

/// The lowest free address of the range.
fn free_address(store: &Store) -> Result<Ipv4Addr, StackitError> {
    let range: Ipv4Net = PUBLIC_IP_RANGE
        .parse()
        .map_err(|_| StackitError::conflict("no public ip range"))?;
    range
        .hosts()
        .find(|a| !store.public_ips.values().any(|p| p.ip == *a))
        .ok_or_else(|| StackitError::conflict("no public ip address left"))
}

/// `GET P/public-ips`.
pub(crate) async fn list(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.public_ips, now, |p| {
                labels::matches(&p.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(|p| p.render(store, now))
            .collect(),
        )
    })
}

/// `POST P/public-ips` `{networkInterface?, labels}`: 201.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let labels = labels::of(&obj)?;
    ops::write(&app, |store, op| {
        let nic = nic(store, &obj, None, op.now)?.flatten();
        let ip = PublicIp {
            id: uuid::Uuid::new_v4().to_string(),
            ip: free_address(store)?,
            nic,
            labels,
            life: Life::new(store.next_seq(), op.now, op.now, ""),
        };
        let body = ip.render(store, op.now);
        store.public_ips.insert(ip.id.clone(), ip);
        Ok(reply(StatusCode::CREATED, body))
    })
}

/// `GET P/public-ips/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            find(&store.public_ips, &id, now)?.render(store, now),
        ))
    })
}

/// `PATCH P/public-ips/{id}` `{networkInterface: id|null, labels}`: 200.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    ops::write(&app, |store, op| {
        let nic = nic(store, &obj, Some(&id), op.now)?;
        let ip = find_mut(&mut store.public_ips, &id, op.now)?;
        if let Some(labels) = labels::merged(&ip.labels, &obj)? {
            ip.labels = labels;
        }
        if let Some(nic) = nic {
            ip.nic = nic;
        }
        ip.life.touch(op.now);
        let body = find(&store.public_ips, &id, op.now)?.render(store, op.now);
        Ok(reply(StatusCode::OK, body))
    })
}

/// `DELETE P/public-ips/{id}`: 204.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        find(&store.public_ips, &id, op.now)?;
        store.public_ips.remove(&id);
        Ok(ops::empty(StatusCode::NO_CONTENT))
    })
}
