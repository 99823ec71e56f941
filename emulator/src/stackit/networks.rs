//! Networks `P/networks[/{id}]` (the subnet is embedded as `ipv4`): create, update and delete
//! answer 202; a new network is `CREATING`, then `CREATED`; a deleted one `DELETING`, then gone.
//! Without a `prefix` the network gets the first free block of `prefixLength` in 10.0.0.0/8.

use std::net::Ipv4Addr;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::StackitError;
use super::input;
use super::labels::{self, Labels};
use super::life::Life;
use super::ops::{self, items, reply};
use super::store::{find, find_mut, live, Store, Stored};
use crate::app::App;
use crate::body::Object;

/// Path of one network: project, region, network id.
type NetworkPath = Path<(String, String, String)>;

/// Prefix length of a network created without `ipv4`.
const DEFAULT_PREFIX_LENGTH: u8 = 24;

/// A network.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Network {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// The IPv4 prefix.
    pub prefix: Ipv4Net,
    /// Gateway (none if created with `gateway: null`).
    pub gateway: Option<Ipv4Addr>,
    /// DNS servers, as given.
    pub nameservers: Vec<String>,
    /// Whether the network is routed (reaches the internet).
    pub routed: bool,
    /// DHCP on.
    pub dhcp: bool,
    /// Labels.
    pub labels: Labels,
    /// Life cycle.
    pub life: Life,
}

impl Stored for Network {
    const WHAT: &'static str = "network";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl Network {
    /// The API body at `now`.
    pub fn render(&self, now: i64) -> Value {
        let mut ipv4 = json!({
            "prefixes": [self.prefix.to_string()],
            "nameservers": self.nameservers,
        });
        if let Some(gateway) = self.gateway {
            ipv4["gateway"] = Value::from(gateway.to_string());
        }
        json!({
            "id": self.id,
            "name": self.name,
            "status": self.life.status(now, "CREATED"),
            "ipv4": ipv4,
            "dhcp": self.dhcp,
            "routed": self.routed,
            "labels": self.labels,
            "createdAt": self.life.created_at(),
            "updatedAt": self.life.updated_at(),
        })
    }
}

/// The first block of length `len` in 10.0.0.0/8 that overlaps no network.
fn free_block(store: &Store, len: u8) -> Result<Ipv4Net, StackitError> {
    let pool = Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8)
        .map_err(|e| StackitError::bad_request(e.to_string()))?;
    let used: Vec<Ipv4Net> = store.networks.values().map(|n| n.prefix).collect();
    pool.subnets(len)
        .map_err(|_| StackitError::bad_request("prefixLength must be between 8 and 29"))?
        .find(|candidate| !used.iter().any(|u| overlaps(u, candidate)))
        .ok_or_else(|| StackitError::conflict("no free prefix left in 10.0.0.0/8"))
}

/// Whether two blocks share an address.
fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// IPv4 addresses under `key` (at most 3).
fn nameservers(obj: &Object) -> Result<Option<Vec<String>>, StackitError> {
    let Some(list) = input::string_list(obj, "nameservers")? else {
        return Ok(None);
    };
    if list.len() > 3 {
        return Err(StackitError::bad_request(
            "at most 3 nameservers are allowed",
        ));
    }
    for server in &list {
        server.parse::<Ipv4Addr>().map_err(|_| {
            StackitError::bad_request(format!("nameserver '{server}' is not an IPv4 address"))
        })?;
    }
    Ok(Some(list))
}

/// A gateway under `ipv4.gateway` inside `prefix`: absent = first host, `null` = none.
fn gateway(ipv4: &Object, prefix: &Ipv4Net) -> Result<Option<Ipv4Addr>, StackitError> {
    match ipv4.get("gateway") {
        None => Ok(prefix.hosts().next()),
        Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => {
            let addr: Ipv4Addr = text.trim().parse().map_err(|_| {
                StackitError::bad_request(format!("gateway '{text}' is not an IPv4 address"))
            })?;
            if !prefix.contains(&addr) || addr == prefix.network() || addr == prefix.broadcast() {
                return Err(StackitError::bad_request(format!(
                    "gateway {addr} is not a host address of {prefix}"
                )));
            }
            Ok(Some(addr))
        }
        Some(_) => Err(StackitError::bad_request(
            "gateway must be a string or null",
        )),
    }
}

/// The prefix, gateway and nameservers of a create body.
fn addressing(
    store: &Store,
    obj: &Object,
) -> Result<(Ipv4Net, Option<Ipv4Addr>, Vec<String>), StackitError> {
    let empty = Object::new();
    let ipv4 = input::nested(obj, "ipv4")?.unwrap_or(&empty);
    // As STACKIT: a network that names no DNS servers gets the area's defaults.
    let servers = nameservers(ipv4)?.unwrap_or_else(|| {
        crate::defaults::STACKIT_AREA_NAMESERVERS
            .iter()
            .map(|s| s.to_string())
            .collect()
    });
    let prefix = match input::string(ipv4, "prefix")? {
        Some(text) => {
            let prefix: Ipv4Net = text.parse().map_err(|_| {
                StackitError::bad_request(format!("prefix '{text}' is not an IPv4 CIDR"))
            })?;
            if prefix.network() != prefix.addr() {
                return Err(StackitError::bad_request(format!(
                    "prefix '{text}' has host bits set"
                )));
            }
            if !(8..=29).contains(&prefix.prefix_len()) {
                return Err(StackitError::bad_request(
                    "prefix length must be between 8 and 29",
                ));
            }
            if let Some(other) = store
                .networks
                .values()
                .find(|n| overlaps(&n.prefix, &prefix))
            {
                return Err(StackitError::bad_request(format!(
                    "prefix {prefix} overlaps {} of network {}",
                    other.prefix, other.id
                )));
            }
            prefix
        }
        None => {
            let len =
                input::integer(ipv4, "prefixLength")?.unwrap_or(i64::from(DEFAULT_PREFIX_LENGTH));
            let len = u8::try_from(len)
                .ok()
                .filter(|l| (8..=29).contains(l))
                .ok_or_else(|| {
                    StackitError::bad_request("prefixLength must be between 8 and 29")
                })?;
            free_block(store, len)?
        }
    };
    Ok((prefix, gateway(ipv4, &prefix)?, servers))
}

/// `GET P/networks`.
pub(crate) async fn list(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.networks, now, |n| {
                labels::matches(&n.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(|n| n.render(now))
            .collect(),
        )
    })
}

/// `POST P/networks`: 202 with the network `CREATING`.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::required_name(&obj, "name")?;
    let labels = labels::of(&obj)?;
    let routed = input::boolean(&obj, "routed")?.unwrap_or(true);
    let dhcp = input::boolean(&obj, "dhcp")?.unwrap_or(true);
    ops::write(&app, |store, op| {
        let (prefix, gateway, nameservers) = addressing(store, &obj)?;
        let network = Network {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            prefix,
            gateway,
            nameservers,
            routed,
            dhcp,
            labels,
            life: op.life(store, "CREATING"),
        };
        let body = network.render(op.now);
        store.networks.insert(network.id.clone(), network);
        Ok(reply(StatusCode::ACCEPTED, body))
    })
}

/// `GET P/networks/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, id)): NetworkPath,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        let network = find(&store.networks, &id, now)?;
        Ok(reply(StatusCode::OK, network.render(now)))
    })
}

/// `PATCH P/networks/{id}`: name, labels, `ipv4.nameservers`/`ipv4.gateway`, `dhcp`,
/// `routed`; 202, `UPDATING` until done.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, id)): NetworkPath,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::generic_name(&obj, "name")?;
    let routed = input::boolean(&obj, "routed")?;
    let dhcp = input::boolean(&obj, "dhcp")?;
    ops::write(&app, |store, op| {
        let network = find_mut(&mut store.networks, &id, op.now)?;
        if network.life.deleting() {
            return Err(StackitError::conflict(format!(
                "network {id} is being deleted"
            )));
        }
        let labels = labels::merged(&network.labels, &obj)?;
        let ipv4 = input::nested(&obj, "ipv4")?;
        let servers = ipv4.map(nameservers).transpose()?.flatten();
        let gateway = match ipv4 {
            Some(ipv4) if ipv4.contains_key("gateway") => Some(gateway(ipv4, &network.prefix)?),
            _ => None,
        };
        if let Some(name) = name {
            network.name = name;
        }
        if let Some(labels) = labels {
            network.labels = labels;
        }
        if let Some(servers) = servers {
            network.nameservers = servers;
        }
        if let Some(gateway) = gateway {
            network.gateway = gateway;
        }
        network.routed = routed.unwrap_or(network.routed);
        network.dhcp = dhcp.unwrap_or(network.dhcp);
        network.life.busy(op.now, op.done, "UPDATING");
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}

/// `DELETE P/networks/{id}`: 202, `DELETING` until done, then gone; 409 while NICs are on it.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, id)): NetworkPath,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        find(&store.networks, &id, op.now)?;
        if !live(&store.nics, op.now, |n| n.network_id == id).is_empty() {
            return Err(StackitError::conflict(format!(
                "network {id} still has network interfaces"
            )));
        }
        let network = find_mut(&mut store.networks, &id, op.now)?;
        if !network.life.deleting() {
            network.life.remove(op);
        }
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}
