//! VPC v1 subnets: `POST|GET /v1/{project_id}/subnets`, `GET /v1/{project_id}/subnets/{id}`,
//! and the nested `PUT|DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{id}`.
//!
//! A VPC subnet is a Neutron network with one subnet in the OTC world: its id is the
//! network's id, its name, description, CIDR, gateway, DNS servers and DHCP live there.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::VpcError;
use super::tags::Tags;
use super::{body, check_project, paging};
use crate::app::App;
use crate::clock;
use crate::defaults;
use crate::openstack::identity::Caller;
use crate::openstack::neutron::{self, ManagedNetwork};
use crate::openstack::world::World;

/// Code of an invalid subnet request.
const INVALID: &str = "VPC.0201";
/// Code of a subnet that does not exist.
const MISSING: &str = "VPC.0202";
/// Code of a subnet that cannot be deleted because ports remain (chosen by the emulator).
const IN_USE: &str = "VPC.0203";
/// Smallest subnet (longest prefix).
const MAX_PREFIX: u8 = 28;

/// The VPC side of a subnet; the rest is its Neutron network and subnet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct VpcSubnet {
    /// Subnet id, which is the Neutron network's id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// The VPC.
    pub vpc_id: String,
    /// The Neutron subnet.
    pub neutron_subnet_id: String,
    /// Availability zone asked for (empty if none).
    pub availability_zone: String,
    /// Until this instant the subnet is `UNKNOWN`.
    pub ready_ms: i64,
    /// Tags.
    #[serde(default)]
    pub tags: Tags,
}

impl VpcSubnet {
    /// The body VPC v1 returns, read from the Neutron network and subnet (`None` if they are
    /// gone).
    pub fn render(&self, world: &World, now: i64) -> Option<Value> {
        let network = world.network.networks.get(&self.id)?;
        let subnet = world.network.subnets.get(&self.neutron_subnet_id)?;
        let dns = &subnet.dns_nameservers;
        Some(json!({
            "id": self.id,
            "name": network.meta.name,
            "description": network.meta.description,
            "cidr": subnet.cidr.to_string(),
            "gateway_ip": subnet.gateway_ip.map(|g| g.to_string()).unwrap_or_default(),
            "dhcp_enable": subnet.enable_dhcp,
            "primary_dns": dns.first().cloned().unwrap_or_default(),
            "secondary_dns": dns.get(1).cloned().unwrap_or_default(),
            "dnsList": dns,
            "status": if now < self.ready_ms { "UNKNOWN" } else { "ACTIVE" },
            "vpc_id": self.vpc_id,
            "neutron_network_id": self.id,
            "neutron_subnet_id": self.neutron_subnet_id,
            "availability_zone": self.availability_zone,
            "extra_dhcp_opts": [],
            "tenant_id": self.project_id,
        }))
    }
}

/// 404 `VPC.0202` for `id`.
pub(crate) fn missing(id: &str) -> VpcError {
    VpcError::not_found(MISSING, format!("Subnet {id} does not exist."))
}

/// 400 `VPC.0201`.
fn invalid(message: impl Into<String>) -> VpcError {
    VpcError::bad_request(INVALID, message)
}

/// An IPv4 address given as `key`.
fn parse_ip(key: &str, text: &str) -> Result<IpAddr, VpcError> {
    text.parse::<IpAddr>()
        .ok()
        .filter(IpAddr::is_ipv4)
        .ok_or_else(|| invalid(format!("{key} {text} is not a valid IPv4 address.")))
}

/// The DNS servers of a request: `dnsList` if given, else `primary_dns`/`secondary_dns`;
/// `None` when the request names none.
fn parse_dns(obj: &body::Object) -> Result<Option<Vec<String>>, VpcError> {
    if let Some(items) = body::list(obj, "dnsList").map_err(invalid)? {
        return items
            .iter()
            .map(|item| match item {
                Value::String(s) => parse_ip("dnsList", s).map(|ip| ip.to_string()),
                _ => Err(invalid("dnsList must hold IPv4 addresses.")),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some);
    }
    let mut servers = Vec::new();
    for key in ["primary_dns", "secondary_dns"] {
        if let Some(text) = body::string(obj, key, 64).map_err(invalid)? {
            servers.push(parse_ip(key, &text)?.to_string());
        }
    }
    Ok((!servers.is_empty()).then_some(servers))
}

/// The name (1..=64 letters, digits, `-_.`), `required` on create.
fn parse_name(obj: &body::Object, required: bool) -> Result<Option<String>, VpcError> {
    let name = if required {
        Some(body::required(obj, "name", 64).map_err(invalid)?)
    } else {
        body::string(obj, "name", 64).map_err(invalid)?
    };
    match name {
        Some(name) if !body::valid_name(&name, false) => {
            Err(invalid(format!("name {name} is invalid.")))
        }
        other => Ok(other),
    }
}

/// An IPv4 CIDR with host bits clear, at most /28.
fn parse_cidr(text: &str) -> Result<IpNet, VpcError> {
    match text.parse::<IpNet>() {
        Ok(net @ IpNet::V4(_)) if net.trunc() == net && net.prefix_len() <= MAX_PREFIX => Ok(net),
        _ => Err(invalid(format!("cidr {text} is not a valid subnet CIDR."))),
    }
}

/// `POST /v1/{project_id}/subnets`: 200 with the subnet in `UNKNOWN`; creates the Neutron
/// network and subnet.
pub(crate) async fn create(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "subnet").map_err(invalid)?;
    let name = parse_name(&obj, true)?.unwrap_or_default();
    let description = body::string(&obj, "description", 255).map_err(invalid)?;
    let cidr = parse_cidr(&body::required(&obj, "cidr", 64).map_err(invalid)?)?;
    let gateway = parse_ip(
        "gateway_ip",
        &body::required(&obj, "gateway_ip", 64).map_err(invalid)?,
    )?;
    if !cidr.contains(&gateway) || gateway == cidr.network() || gateway == cidr.broadcast() {
        return Err(invalid(format!(
            "gateway_ip {gateway} is not a host address of {cidr}."
        )));
    }
    let vpc_id = body::required(&obj, "vpc_id", 64).map_err(invalid)?;
    let zone = body::string(&obj, "availability_zone", 64).map_err(invalid)?;
    if let Some(zone) = zone
        .as_deref()
        .filter(|z| !defaults::OTC_AVAILABILITY_ZONES.contains(z))
    {
        return Err(invalid(format!("availability_zone {zone} does not exist.")));
    }
    let dns = parse_dns(&obj)?.unwrap_or_default();
    let dhcp = body::boolean(&obj, "dhcp_enable")
        .map_err(invalid)?
        .unwrap_or(true);
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let id = uuid::Uuid::new_v4().to_string();
    let subnet = app.write(|state| {
        let vpc = state.otc_native.vpc(&vpc_id, &project)?;
        if !vpc.cidr.contains(&cidr) {
            return Err(invalid(format!(
                "cidr {cidr} is not inside the VPC's {}.",
                vpc.cidr
            )));
        }
        let taken = state
            .otc_native
            .subnets
            .values()
            .filter(|s| s.vpc_id == vpc_id)
            .filter_map(|s| state.otc.network.subnets.get(&s.neutron_subnet_id))
            .find(|s| s.cidr.contains(&cidr.network()) || cidr.contains(&s.cidr.network()));
        if let Some(other) = taken {
            return Err(invalid(format!(
                "cidr {cidr} overlaps the subnet {} of the VPC.",
                other.cidr
            )));
        }
        let spec = ManagedNetwork {
            project: project.clone(),
            id: id.clone(),
            name,
            description: description.unwrap_or_default(),
            cidr,
            gateway,
            dns_nameservers: dns,
            enable_dhcp: dhcp,
            zone: zone.clone(),
        };
        let neutron_subnet_id = neutron::create_network(&mut state.otc.network, spec, now, delay)
            .map_err(|e| VpcError::new(e.status(), "VPC.0205", e.message()))?;
        let subnet = VpcSubnet {
            id: id.clone(),
            project_id: project.clone(),
            vpc_id: vpc_id.clone(),
            neutron_subnet_id,
            availability_zone: zone.unwrap_or_default(),
            ready_ms: clock::after(now, delay),
            tags: Tags::new(),
        };
        state.otc_native.subnets.insert(id.clone(), subnet.clone());
        subnet.render(&state.otc, now).ok_or_else(|| missing(&id))
    })?;
    Ok(Json(json!({ "subnet": subnet })))
}

/// `GET /v1/{project_id}/subnets?vpc_id=&marker=&limit=`.
pub(crate) async fn list(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let query = paging::Query::parse(raw.as_deref())?;
    let vpc_id = query.filter("vpc_id").map(String::from);
    let now = clock::now_ms();
    let subnets = app.read(|state| {
        query.page(
            state
                .otc_native
                .subnets
                .values()
                .filter(|s| s.project_id == project)
                .filter(|s| vpc_id.as_ref().is_none_or(|v| &s.vpc_id == v))
                .filter_map(|s| Some((s.id.clone(), s.render(&state.otc, now)?))),
        )
    });
    Ok(Json(json!({ "subnets": subnets })))
}

/// `GET /v1/{project_id}/subnets/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let now = clock::now_ms();
    let subnet = app.read(|state| {
        state
            .otc_native
            .subnet(&id, &project)?
            .render(&state.otc, now)
            .ok_or_else(|| missing(&id))
    })?;
    Ok(Json(json!({ "subnet": subnet })))
}

/// `PUT /v1/{project_id}/vpcs/{vpc_id}/subnets/{id}`: name, description, DHCP and DNS.
pub(crate) async fn update(
    State(app): State<App>,
    caller: Caller,
    Path((project, vpc_id, id)): Path<(String, String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "subnet").map_err(invalid)?;
    let name = parse_name(&obj, false)?;
    let description = body::string(&obj, "description", 255).map_err(invalid)?;
    let dns = parse_dns(&obj)?;
    let dhcp = body::boolean(&obj, "dhcp_enable").map_err(invalid)?;
    let now = clock::now_ms();
    let subnet = app.write(|state| {
        let neutron_subnet_id = nested(state, &project, &vpc_id, &id)?;
        let neutron = &mut state.otc.network;
        if let Some(network) = neutron.networks.get_mut(&id) {
            if let Some(name) = name {
                network.meta.name = name;
            }
            if let Some(description) = description {
                network.meta.description = description;
            }
            network.meta.touch(now);
        }
        if let Some(subnet) = neutron.subnets.get_mut(&neutron_subnet_id) {
            if let Some(dns) = dns {
                subnet.dns_nameservers = dns;
            }
            if let Some(dhcp) = dhcp {
                subnet.enable_dhcp = dhcp;
            }
            subnet.meta.touch(now);
        }
        state
            .otc_native
            .subnet(&id, &project)?
            .render(&state.otc, now)
            .ok_or_else(|| missing(&id))
    })?;
    Ok(Json(json!({ "subnet": subnet })))
}

/// The Neutron subnet of VPC subnet `id`, which must belong to `vpc_id`.
fn nested(
    state: &crate::state::State,
    project: &str,
    vpc_id: &str,
    id: &str,
) -> Result<String, VpcError> {
    state.otc_native.vpc(vpc_id, project)?;
    let subnet = state.otc_native.subnet(id, project)?;
    if subnet.vpc_id == vpc_id {
        Ok(subnet.neutron_subnet_id.clone())
    } else {
        Err(missing(id))
    }
}

/// `DELETE /v1/{project_id}/vpcs/{vpc_id}/subnets/{id}`: 204, removing the Neutron network;
/// 409 while ports other than DHCP are on it.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path((project, vpc_id, id)): Path<(String, String, String)>,
) -> Result<StatusCode, VpcError> {
    check_project(&caller, &project)?;
    app.write(|state| {
        nested(state, &project, &vpc_id, &id)?;
        if state.otc.network.networks.contains_key(&id) {
            state
                .otc
                .network
                .remove_network(&id)
                .map_err(|e| VpcError::conflict(IN_USE, e.message()))?;
        }
        state.otc_native.subnets.remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })
}
