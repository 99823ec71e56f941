//! `/v2.0/subnets`.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::Json;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::ipam::{self, Pool};
use super::networks::Network;
use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::{body, listing, quotas, reply};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

const CREATE: &[&str] = &[
    "allocation_pools",
    "cidr",
    "description",
    "dns_nameservers",
    "dns_publish_fixed_ip",
    "enable_dhcp",
    "gateway_ip",
    "host_routes",
    "ip_version",
    "ipv6_address_mode",
    "ipv6_ra_mode",
    "name",
    "network_id",
    "prefixlen",
    "project_id",
    "segment_id",
    "service_types",
    "subnetpool_id",
    "tags",
    "tenant_id",
    "use_default_subnetpool",
];
const UPDATE: &[&str] = &[
    "allocation_pools",
    "description",
    "dns_nameservers",
    "dns_publish_fixed_ip",
    "enable_dhcp",
    "gateway_ip",
    "host_routes",
    "name",
    "segment_id",
    "service_types",
];
const IPV6_MODES: [&str; 3] = ["slaac", "dhcpv6-stateful", "dhcpv6-stateless"];

/// A static route: a destination CIDR and the next hop address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct HostRoute {
    /// Destination CIDR (normalised).
    pub destination: String,
    /// Next hop address.
    pub nexthop: IpAddr,
}

/// A subnet.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Subnet {
    /// Standard attributes.
    pub meta: Meta,
    /// Network the subnet belongs to.
    pub network_id: String,
    /// 4 or 6.
    pub ip_version: u8,
    /// Address range (normalised).
    pub cidr: IpNet,
    /// Gateway address; `None` for no gateway.
    pub gateway_ip: Option<IpAddr>,
    /// Ranges addresses are allocated from.
    pub allocation_pools: Vec<Pool>,
    /// DNS servers handed out by DHCP.
    pub dns_nameservers: Vec<String>,
    /// Routes handed out by DHCP.
    pub host_routes: Vec<HostRoute>,
    /// Whether DHCP is enabled.
    pub enable_dhcp: bool,
    /// IPv6 address mode.
    pub ipv6_address_mode: Option<String>,
    /// IPv6 router advertisement mode.
    pub ipv6_ra_mode: Option<String>,
}

impl Default for Subnet {
    fn default() -> Self {
        Subnet {
            meta: Meta::default(),
            network_id: String::new(),
            ip_version: 4,
            cidr: IpNet::V4(ipnet::Ipv4Net::default()),
            gateway_ip: None,
            allocation_pools: Vec::new(),
            dns_nameservers: Vec::new(),
            host_routes: Vec::new(),
            enable_dhcp: true,
            ipv6_address_mode: None,
            ipv6_ra_mode: None,
        }
    }
}

impl Resource for Subnet {
    const SINGULAR: &'static str = "subnet";
    const PLURAL: &'static str = "subnets";
    const LABEL: &'static str = "Subnet";
    const QUOTA: usize = 100;

    resource_accessors!(subnets);

    fn render(&self, store: &Store, _now: i64) -> Object {
        let external = store
            .networks
            .get(&self.network_id)
            .is_some_and(|n| n.external);
        let fields = json!({
            "network_id": self.network_id,
            "ip_version": self.ip_version,
            "cidr": self.cidr.to_string(),
            "gateway_ip": self.gateway_ip,
            "allocation_pools": self.allocation_pools,
            "dns_nameservers": self.dns_nameservers,
            "host_routes": self.host_routes,
            "enable_dhcp": self.enable_dhcp,
            "ipv6_address_mode": self.ipv6_address_mode,
            "ipv6_ra_mode": self.ipv6_ra_mode,
            "subnetpool_id": null,
            "segment_id": null,
            "service_types": [],
            "router:external": external,
        });
        self.meta.render(fields)
    }

    fn visible_to(&self, store: &Store, project: &str) -> bool {
        self.meta.project_id == project
            || store
                .networks
                .get(&self.network_id)
                .is_some_and(|n| n.shared)
    }
}

/// Adds the subnet routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    listing::routes::<Subnet>(router, cloud, post(create), put(update).delete(remove))
}

/// Parses a list of `{destination, nexthop}` routes from `attr`.
pub(crate) fn parse_routes(
    obj: &Object,
    attr: &str,
) -> Result<Option<Vec<HostRoute>>, NeutronError> {
    let Some(items) = body::list(obj, attr)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| {
            let entry = body::entry(attr, item, &["destination", "nexthop"])?;
            let text = |key: &str| {
                entry
                    .get(key)
                    .and_then(Value::as_str)
                    .ok_or_else(|| body::invalid(attr, format!("Validation of dictionary's keys failed. Expected keys: {{'destination', 'nexthop'}} Provided keys: {:?}", entry.keys().collect::<Vec<_>>())))
            };
            Ok(HostRoute {
                destination: ipam::parse_cidr(attr, text("destination")?)?.to_string(),
                nexthop: ipam::parse_ip(attr, text("nexthop")?)?,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn parse_pools(obj: &Object, net: &IpNet) -> Result<Option<Vec<Pool>>, NeutronError> {
    let Some(items) = body::list(obj, "allocation_pools")? else {
        return Ok(None);
    };
    let mut pools = Vec::new();
    for item in items {
        let entry = body::entry("allocation_pools", item, &["start", "end"])?;
        let ip = |key: &str| {
            let text = entry
                .get(key)
                .and_then(Value::as_str)
                .ok_or_else(|| body::invalid("allocation_pools", format!("'{key}' is required")))?;
            ipam::parse_ip("allocation_pools", text)
        };
        let pool = Pool {
            start: ip("start")?,
            end: ip("end")?,
        };
        if !net.contains(&pool.start) || !net.contains(&pool.end) {
            return Err(NeutronError::new(
                StatusCode::BAD_REQUEST,
                "OutOfBoundsAllocationPool",
                format!("The allocation pool {pool} spans beyond the subnet cidr {net}."),
            ));
        }
        if ipam::to_u128(pool.start) > ipam::to_u128(pool.end) {
            return Err(NeutronError::new(
                StatusCode::BAD_REQUEST,
                "InvalidAllocationPool",
                format!("The allocation pool {pool} is not valid."),
            ));
        }
        if let Some(other) = pools.iter().find(|p: &&Pool| {
            p.contains(pool.start) || p.contains(pool.end) || pool.contains(p.start)
        }) {
            return Err(NeutronError::conflict(
                "OverlappingAllocationPools",
                format!("Found overlapping allocation pools: {other} {pool} for subnet {net}."),
            ));
        }
        pools.push(pool);
    }
    Ok(Some(pools))
}

fn check_gateway_outside_pools(
    gateway: Option<IpAddr>,
    pools: &[Pool],
) -> Result<(), NeutronError> {
    match gateway.and_then(|g| pools.iter().find(|p| p.contains(g)).map(|p| (g, p))) {
        Some((g, pool)) => Err(NeutronError::conflict(
            "GatewayConflictWithAllocationPools",
            format!("Gateway ip {g} conflicts with allocation pool {pool}."),
        )),
        None => Ok(()),
    }
}

fn parse_gateway(text: &str, net: &IpNet) -> Result<IpAddr, NeutronError> {
    let ip = ipam::parse_ip("gateway_ip", text)?;
    if ipam::valid_gateway(net, ip) {
        Ok(ip)
    } else {
        Err(NeutronError::invalid_input(format!(
            "Gateway is not valid on subnet {net}"
        )))
    }
}

fn parse_nameservers(obj: &Object) -> Result<Option<Vec<String>>, NeutronError> {
    let Some(servers) = body::string_list(obj, "dns_nameservers")? else {
        return Ok(None);
    };
    for (i, server) in servers.iter().enumerate() {
        ipam::parse_ip("dns_nameservers", server).map_err(|_| {
            body::invalid(
                "dns_nameservers",
                format!("'{server}' is not a valid nameserver"),
            )
        })?;
        if servers[..i].contains(server) {
            return Err(body::invalid(
                "dns_nameservers",
                format!("Duplicate nameserver '{server}'"),
            ));
        }
    }
    Ok(Some(servers))
}

fn ipv6_mode(obj: &Object, attr: &str, ip_version: i64) -> Result<Option<String>, NeutronError> {
    match body::nullable_string(obj, attr)?.flatten() {
        None => Ok(None),
        Some(_) if ip_version == 4 => Err(NeutronError::invalid_input(format!(
            "{attr} can only be set on IPv6 subnets"
        ))),
        Some(mode) if IPV6_MODES.contains(&mode.as_str()) => Ok(Some(mode)),
        Some(mode) => Err(body::invalid(
            attr,
            format!("'{mode}' is not in {IPV6_MODES:?}"),
        )),
    }
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "subnet", CREATE, &caller.project_id)?;
    let network_id = body::required_string(&obj, "network_id")?;
    let ip_version =
        body::integer(&obj, "ip_version")?.ok_or_else(|| body::required("ip_version"))?;
    if ip_version != 4 && ip_version != 6 {
        return Err(body::invalid(
            "ip_version",
            format!("{ip_version} is not in [4, 6]"),
        ));
    }
    if let Some(pool) = body::nullable_string(&obj, "subnetpool_id")?.flatten() {
        return Err(NeutronError::new(
            StatusCode::NOT_FOUND,
            "SubnetPoolNotFound",
            format!("Subnet pool {pool} could not be found."),
        ));
    }
    if body::boolean(&obj, "use_default_subnetpool")? == Some(true) {
        return Err(NeutronError::bad_request(format!(
            "No default subnetpool found for IPv{ip_version}"
        )));
    }
    let cidr_text = body::string(&obj, "cidr", body::MAX_LEN)?.ok_or_else(|| {
        NeutronError::new(
            StatusCode::BAD_REQUEST,
            "BadRequest",
            "Bad subnets request: a subnetpool must be specified in the absence of a cidr.",
        )
    })?;
    let cidr = ipam::parse_cidr("cidr", &cidr_text)?;
    if cidr.network().is_ipv6() != (ip_version == 6) {
        return Err(NeutronError::invalid_input(format!(
            "cidr '{cidr_text}' does not match the ip_version '{ip_version}'"
        )));
    }
    let gateway_ip = match body::nullable_string(&obj, "gateway_ip")? {
        None => ipam::default_gateway(&cidr),
        Some(None) => None,
        Some(Some(text)) => Some(parse_gateway(&text, &cidr)?),
    };
    let allocation_pools = match parse_pools(&obj, &cidr)? {
        Some(pools) => {
            check_gateway_outside_pools(gateway_ip, &pools)?;
            pools
        }
        None => ipam::default_pools(&cidr, gateway_ip),
    };
    let now = clock::now_ms();
    let mut subnet = Subnet {
        meta: Meta::new(&caller.project_id, now, app.faults().provision_delay()),
        network_id,
        ip_version: if ip_version == 6 { 6 } else { 4 },
        cidr,
        gateway_ip,
        allocation_pools,
        dns_nameservers: parse_nameservers(&obj)?.unwrap_or_default(),
        host_routes: parse_routes(&obj, "host_routes")?.unwrap_or_default(),
        enable_dhcp: body::boolean(&obj, "enable_dhcp")?.unwrap_or(true),
        ipv6_address_mode: ipv6_mode(&obj, "ipv6_address_mode", ip_version)?,
        ipv6_ra_mode: ipv6_mode(&obj, "ipv6_ra_mode", ip_version)?,
    };
    body::describe(&obj, &mut subnet.meta)?;
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let network = store.get::<Network>(&subnet.network_id, &caller.project_id)?;
        if network.meta.project_id != caller.project_id {
            return Err(NeutronError::policy("create_subnet"));
        }
        quotas::check::<Subnet>(store, &caller.project_id)?;
        let overlapping = store
            .subnets
            .values()
            .any(|s| s.network_id == subnet.network_id && ipam::overlaps(&s.cidr, &subnet.cidr));
        if overlapping {
            return Err(NeutronError::invalid_input(format!(
                "Requested subnet with cidr: {} for network: {} overlaps with another subnet",
                subnet.cidr, subnet.network_id
            )));
        }
        Ok(reply::created(store, subnet, now))
    })
}

async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let obj = body::update_request(&bytes, "subnet", UPDATE, CREATE)?;
    let renaming = body::Renaming::parse(&obj)?;
    let enable_dhcp = body::boolean(&obj, "enable_dhcp")?;
    let nameservers = parse_nameservers(&obj)?;
    let host_routes = parse_routes(&obj, "host_routes")?;
    let gateway_text = body::nullable_string(&obj, "gateway_ip")?;
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let current = store.owned::<Subnet>(&id, &caller.project_id, "update_subnet")?;
        let cidr = current.cidr;
        let gateway_ip = match gateway_text {
            None => current.gateway_ip,
            Some(None) => None,
            Some(Some(text)) => Some(parse_gateway(&text, &cidr)?),
        };
        if let Some(old) = current.gateway_ip.filter(|old| Some(*old) != gateway_ip) {
            if let Some(port) = store.ports.values().find(|p| p.has_ip(&id, old)) {
                return Err(NeutronError::conflict(
                    "GatewayIpInUse",
                    format!(
                        "Current gateway ip {old} already in use by port {}. Unable to update.",
                        port.meta.id
                    ),
                ));
            }
        }
        let pools = parse_pools(&obj, &cidr)?.unwrap_or_else(|| current.allocation_pools.clone());
        check_gateway_outside_pools(gateway_ip, &pools)?;
        let subnet = store.owned_mut::<Subnet>(&id, &caller.project_id, "update_subnet")?;
        subnet.gateway_ip = gateway_ip;
        subnet.allocation_pools = pools;
        renaming.apply(&mut subnet.meta);
        body::set(&mut subnet.enable_dhcp, enable_dhcp);
        body::set(&mut subnet.dns_nameservers, nameservers);
        body::set(&mut subnet.host_routes, host_routes);
        reply::updated::<Subnet>(store, &id, now)
    })
}

/// Deletes a subnet; 409 `SubnetInUse` while ports other than DHCP hold addresses from it.
async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        store.owned::<Subnet>(&id, &caller.project_id, "delete_subnet")?;
        let in_use = store
            .ports
            .values()
            .any(|p| !p.is_dhcp() && p.fixed_ips.iter().any(|ip| ip.subnet_id == id));
        if in_use {
            return Err(NeutronError::conflict(
                "SubnetInUse",
                format!("Unable to complete operation on subnet {id}: One or more ports have an IP allocation from this subnet."),
            ));
        }
        for port in store.ports.values_mut() {
            port.fixed_ips.retain(|ip| ip.subnet_id != id);
        }
        store.subnets.remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })
}
