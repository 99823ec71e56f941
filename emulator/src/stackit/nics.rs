//! Network interfaces `P/networks/{net}/nics[/{nic}]` and the project-wide `P/nics[/{nic}]`.
//! NICs change at once (create 201, update 200, delete 204). `device` is the server using the
//! NIC; a NIC in use cannot be deleted (409).

use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::StackitError;
use super::input;
use super::labels::{self, Labels};
use super::life::Life;
use super::ops::{self, items, reply, Op};
use super::store::{find, find_mut, live, Store, Stored};
use crate::app::App;
use crate::body::Object;

/// A network interface.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Nic {
    /// Id.
    pub id: String,
    /// The network it is on.
    pub network_id: String,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Its IPv4 address.
    pub ipv4: Ipv4Addr,
    /// MAC address.
    pub mac: String,
    /// Security group ids.
    pub security_groups: Vec<String>,
    /// Whether security groups apply.
    pub nic_security: bool,
    /// Labels.
    pub labels: Labels,
    /// The server using it.
    pub device: Option<String>,
    /// Made by a server create from `networkId` (removed with the server).
    pub owned: bool,
    /// Life cycle.
    pub life: Life,
}

impl Stored for Nic {
    const WHAT: &'static str = "nic";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl Nic {
    /// The API body (`publicIp` and `allowedAddresses` are not shown).
    pub fn render(&self) -> Value {
        let mut out = json!({
            "id": self.id,
            "networkId": self.network_id,
            "ipv4": self.ipv4.to_string(),
            "mac": self.mac,
            "securityGroups": self.security_groups,
            "nicSecurity": self.nic_security,
            "labels": self.labels,
            "status": "ACTIVE",
            "type": if self.device.is_some() { "server" } else { "none" },
        });
        let optional = [
            ("name", self.name.as_ref()),
            ("description", self.description.as_ref()),
            ("device", self.device.as_ref()),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                out[key] = Value::from(value.clone());
            }
        }
        out
    }
}

/// What a NIC is made from.
pub(crate) struct NicSpec {
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// A wanted address.
    pub ipv4: Option<Ipv4Addr>,
    /// Security group ids.
    pub security_groups: Vec<String>,
    /// Whether security groups apply.
    pub nic_security: bool,
    /// Labels.
    pub labels: Labels,
}

impl NicSpec {
    /// Reads a create body.
    pub fn parse(obj: &Object) -> Result<NicSpec, StackitError> {
        let ipv4 = match input::string(obj, "ipv4")? {
            Some(text) => Some(text.parse().map_err(|_| {
                StackitError::bad_request(format!("ipv4 '{text}' is not an IPv4 address"))
            })?),
            None => None,
        };
        let nic_security = input::boolean(obj, "nicSecurity")?.unwrap_or(true);
        let security_groups = input::uuid_list(obj, "securityGroups")?.unwrap_or_default();
        if !nic_security && !security_groups.is_empty() {
            return Err(StackitError::bad_request(
                "securityGroups need nicSecurity to be true",
            ));
        }
        Ok(NicSpec {
            name: input::generic_name(obj, "name")?,
            description: input::string(obj, "description")?,
            ipv4,
            security_groups,
            nic_security,
            labels: labels::of(obj)?,
        })
    }
}

/// 404 unless every id is a live security group.
pub(crate) fn check_groups(store: &Store, ids: &[String], now: i64) -> Result<(), StackitError> {
    ids.iter()
        .try_for_each(|id| find(&store.groups, id, now).map(|_| ()))
}

/// A random MAC address in the locally administered range.
fn mac() -> String {
    let bytes: [u8; 4] = rand::thread_rng().gen();
    format!(
        "fa:16:{:02x}:{:02x}:{:02x}:{:02x}",
        bytes[0], bytes[1], bytes[2], bytes[3]
    )
}

/// Makes a NIC on `network_id` from `spec` as part of `op`; returns its id.
pub(crate) fn insert(
    store: &mut Store,
    op: &Op,
    network_id: &str,
    spec: NicSpec,
    owned: bool,
) -> Result<String, StackitError> {
    let network = find(&store.networks, network_id, op.now)?;
    check_groups(store, &spec.security_groups, op.now)?;
    let used: Vec<Ipv4Addr> = store
        .nics
        .values()
        .filter(|n| n.network_id == network_id)
        .map(|n| n.ipv4)
        .chain(network.gateway)
        .collect();
    let ipv4 = match spec.ipv4 {
        Some(addr) => {
            let prefix = network.prefix;
            if !prefix.contains(&addr) || addr == prefix.network() || addr == prefix.broadcast() {
                return Err(StackitError::bad_request(format!(
                    "ipv4 {addr} is not a host address of {prefix}"
                )));
            }
            if used.contains(&addr) {
                return Err(StackitError::conflict(format!(
                    "ipv4 {addr} is already in use"
                )));
            }
            addr
        }
        None => network
            .prefix
            .hosts()
            .find(|a| !used.contains(a))
            .ok_or_else(|| StackitError::conflict("the network has no free address left"))?,
    };
    let nic = Nic {
        id: uuid::Uuid::new_v4().to_string(),
        network_id: network_id.to_string(),
        name: spec.name,
        description: spec.description,
        ipv4,
        mac: mac(),
        security_groups: spec.security_groups,
        nic_security: spec.nic_security,
        labels: spec.labels,
        device: None,
        owned,
        life: Life::new(store.next_seq(), op.now, op.now, "ACTIVE"),
    };
    let id = nic.id.clone();
    store.nics.insert(id.clone(), nic);
    Ok(id)
}

/// The live NIC `nic` on network `net`.
fn on_network<'a>(
    store: &'a Store,
    net: &str,
    nic: &str,
    now: i64,
) -> Result<&'a Nic, StackitError> {
    find(&store.networks, net, now)?;
    find(&store.nics, nic, now)
        .ok()
        .filter(|n| n.network_id == net)
        .ok_or_else(|| StackitError::not_found("nic"))
}

/// `GET P/networks/{net}/nics`.
pub(crate) async fn list(
    State(app): State<App>,
    Path((_, _, net)): Path<(String, String, String)>,
    RawQuery(raw): RawQuery,
) -> Result<Response, StackitError> {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        find(&store.networks, &net, now)?;
        Ok(items(
            live(&store.nics, now, |n| {
                n.network_id == net && labels::matches(&n.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(Nic::render)
            .collect(),
        ))
    })
}

/// `GET P/nics`: every NIC of the project.
pub(crate) async fn list_all(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.nics, now, |n| {
                labels::matches(&n.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(Nic::render)
            .collect(),
        )
    })
}

/// `POST P/networks/{net}/nics`: 201.
pub(crate) async fn create(
    State(app): State<App>,
    Path((_, _, net)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let spec = NicSpec::parse(&input::object(&body)?)?;
    ops::write(&app, |store, op| {
        let id = insert(store, op, &net, spec, false)?;
        let body = find(&store.nics, &id, op.now)?.render();
        Ok(reply(StatusCode::CREATED, body))
    })
}

/// `GET P/networks/{net}/nics/{nic}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, net, nic)): Path<(String, String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            on_network(store, &net, &nic, now)?.render(),
        ))
    })
}

/// `GET P/nics/{nic}`.
pub(crate) async fn show_any(
    State(app): State<App>,
    Path((_, _, nic)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            find(&store.nics, &nic, now)?.render(),
        ))
    })
}

/// `PATCH P/networks/{net}/nics/{nic}`: name, description, labels, securityGroups,
/// nicSecurity; 200.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, net, id)): Path<(String, String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::generic_name(&obj, "name")?;
    let description = input::string(&obj, "description")?;
    let groups = input::uuid_list(&obj, "securityGroups")?;
    let security = input::boolean(&obj, "nicSecurity")?;
    ops::write(&app, |store, op| {
        let current = on_network(store, &net, &id, op.now)?;
        let labels = labels::merged(&current.labels, &obj)?;
        if let Some(groups) = &groups {
            check_groups(store, groups, op.now)?;
        }
        let nic_security = security.unwrap_or(current.nic_security);
        let final_groups = groups
            .clone()
            .unwrap_or_else(|| current.security_groups.clone());
        if !nic_security && !final_groups.is_empty() {
            return Err(StackitError::bad_request(
                "securityGroups need nicSecurity to be true",
            ));
        }
        let nic = find_mut(&mut store.nics, &id, op.now)?;
        if name.is_some() {
            nic.name = name;
        }
        if description.is_some() {
            nic.description = description;
        }
        if let Some(labels) = labels {
            nic.labels = labels;
        }
        nic.security_groups = final_groups;
        nic.nic_security = nic_security;
        nic.life.touch(op.now);
        let body = find(&store.nics, &id, op.now)?.render();
        Ok(reply(StatusCode::OK, body))
    })
}

/// `DELETE P/networks/{net}/nics/{nic}`: 204; 409 while a server uses it.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, net, id)): Path<(String, String, String, String)>,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        let nic = on_network(store, &net, &id, op.now)?;
        if let Some(server) = &nic.device {
            return Err(StackitError::conflict(format!(
                "nic {id} is in use by server {server}"
            )));
        }
        store.nics.remove(&id);
        store.purge(op.now);
        Ok(ops::empty(StatusCode::NO_CONTENT))
    })
}
