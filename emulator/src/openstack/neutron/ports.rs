//! `/v2.0/ports` and address allocation for ports.

use std::collections::BTreeSet;
use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::ipam;
use super::networks::Network;
use super::security_groups::{self, SecurityGroup};
use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::subnets::Subnet;
use super::{body, listing, quotas, reply};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

/// `device_owner` of a router's internal interface port.
pub(crate) const ROUTER_INTERFACE: &str = "network:router_interface";
/// `device_owner` of a router's external gateway port.
pub(crate) const ROUTER_GATEWAY: &str = "network:router_gateway";
const DHCP: &str = "network:dhcp";

const CREATE: &[&str] = &[
    "admin_state_up",
    "allowed_address_pairs",
    "binding:host_id",
    "binding:profile",
    "binding:vnic_type",
    "description",
    "device_id",
    "device_owner",
    "device_profile",
    "dns_domain",
    "dns_name",
    "extra_dhcp_opts",
    "fixed_ips",
    "hints",
    "mac_address",
    "name",
    "network_id",
    "numa_affinity_policy",
    "port_security_enabled",
    "project_id",
    "propagate_uplink_status",
    "qos_policy_id",
    "security_groups",
    "tags",
    "tenant_id",
];
const UPDATE: &[&str] = &[
    "admin_state_up",
    "allowed_address_pairs",
    "binding:host_id",
    "binding:profile",
    "binding:vnic_type",
    "data_plane_status",
    "description",
    "device_id",
    "device_owner",
    "dns_domain",
    "dns_name",
    "extra_dhcp_opts",
    "fixed_ips",
    "hints",
    "mac_address",
    "name",
    "numa_affinity_policy",
    "port_security_enabled",
    "qos_policy_id",
    "security_groups",
];
const ADMIN_ONLY_CREATE: &[(&str, Option<bool>)] =
    &[("binding:host_id", None), ("binding:profile", None)];
const ADMIN_ONLY_UPDATE: &[(&str, Option<bool>)] = &[
    ("binding:host_id", None),
    ("binding:profile", None),
    ("mac_address", None),
];

/// An address a port holds on a subnet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct FixedIp {
    /// Subnet the address belongs to.
    pub subnet_id: String,
    /// The address.
    pub ip_address: IpAddr,
}

/// An extra address (or CIDR) a port may send from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct AddressPair {
    /// Address or CIDR.
    pub ip_address: String,
    /// MAC address (the port's own unless given).
    pub mac_address: String,
}

/// A port.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Port {
    /// Standard attributes.
    pub meta: Meta,
    /// Network the port is attached to.
    pub network_id: String,
    /// MAC address.
    pub mac_address: String,
    /// Addresses held by the port.
    pub fixed_ips: Vec<FixedIp>,
    /// Id of the device using the port (e.g. a router id).
    pub device_id: String,
    /// Kind of device using the port (e.g. `network:router_interface`).
    pub device_owner: String,
    /// Administrative state.
    pub admin_state_up: bool,
    /// Whether port security is enabled.
    pub port_security_enabled: bool,
    /// Extra allowed addresses.
    pub allowed_address_pairs: Vec<AddressPair>,
    /// Security group ids as given by the client.
    pub security_groups: Vec<String>,
    /// `binding:vnic_type`.
    pub vnic_type: String,
}

impl Port {
    /// A port created by Neutron itself for a device (router interfaces and gateways).
    pub fn for_device(
        meta: Meta,
        network_id: &str,
        fixed_ips: Vec<FixedIp>,
        device_owner: &str,
        device_id: &str,
    ) -> Port {
        Port {
            meta,
            network_id: network_id.to_string(),
            mac_address: random_mac(),
            fixed_ips,
            device_id: device_id.to_string(),
            device_owner: device_owner.to_string(),
            admin_state_up: true,
            port_security_enabled: false,
            allowed_address_pairs: Vec::new(),
            security_groups: Vec::new(),
            vnic_type: "normal".to_string(),
        }
    }

    /// A DHCP port, which never keeps a network or subnet from being deleted.
    pub fn is_dhcp(&self) -> bool {
        self.device_owner == DHCP
    }

    /// A port owned by a router (interface or gateway).
    pub fn is_router_port(&self) -> bool {
        self.device_owner.starts_with("network:router")
            || self.device_owner.starts_with("network:ha_router")
    }

    /// Whether the port holds `ip` on `subnet_id`.
    pub fn has_ip(&self, subnet_id: &str, ip: IpAddr) -> bool {
        self.fixed_ips
            .iter()
            .any(|f| f.subnet_id == subnet_id && f.ip_address == ip)
    }
}

impl Resource for Port {
    const SINGULAR: &'static str = "port";
    const PLURAL: &'static str = "ports";
    const LABEL: &'static str = "Port";
    const QUOTA: usize = 500;

    resource_accessors!(ports);

    fn render(&self, _store: &Store, now: i64) -> Object {
        let status = if self.device_owner.is_empty() {
            "DOWN"
        } else {
            self.meta.status(now, "ACTIVE")
        };
        let fields = json!({
            "status": status,
            "network_id": self.network_id,
            "mac_address": self.mac_address,
            "fixed_ips": self.fixed_ips,
            "device_id": self.device_id,
            "device_owner": self.device_owner,
            "admin_state_up": self.admin_state_up,
            "port_security_enabled": self.port_security_enabled,
            "allowed_address_pairs": self.allowed_address_pairs,
            "security_groups": self.security_groups,
            "binding:vnic_type": self.vnic_type,
            "extra_dhcp_opts": [],
            "ip_allocation": "immediate",
            "propagate_uplink_status": false,
            "qos_policy_id": null,
            "qos_network_policy_id": null,
            "resource_request": null,
        });
        self.meta.render(fields)
    }

    /// Owners see their ports; router owners also see the router's gateway port.
    fn visible_to(&self, store: &Store, project: &str) -> bool {
        self.meta.project_id == project
            || (self.is_router_port()
                && store
                    .routers
                    .get(&self.device_id)
                    .is_some_and(|r| r.meta.project_id == project))
    }
}

/// Adds the port routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    listing::routes::<Port>(router, cloud, post(create), put(update).delete(remove))
}

/// A `fa:16:3e:xx:xx:xx` MAC address, like Neutron's default base MAC.
fn random_mac() -> String {
    let bytes = uuid::Uuid::new_v4();
    let b = bytes.as_bytes();
    format!("fa:16:3e:{:02x}:{:02x}:{:02x}", b[0], b[1], b[2])
}

fn valid_mac(mac: &str) -> bool {
    let parts: Vec<&str> = mac.split(':').collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

/// One requested address: a subnet, an address, or both.
#[derive(Debug, Clone)]
pub(crate) struct IpRequest {
    subnet_id: Option<String>,
    ip_address: Option<IpAddr>,
}

impl IpRequest {
    /// Any free address on `subnet_id`.
    pub fn on_subnet(subnet_id: String) -> IpRequest {
        IpRequest {
            subnet_id: Some(subnet_id),
            ip_address: None,
        }
    }
}

/// Parses a `fixed_ips`-style list (`[{"subnet_id"?, "ip_address"?}]`) from `attr`.
pub(crate) fn parse_fixed_ips(
    obj: &Object,
    attr: &str,
) -> Result<Option<Vec<IpRequest>>, NeutronError> {
    let Some(items) = body::list(obj, attr)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| {
            let entry = body::entry(attr, item, &["subnet_id", "ip_address"])?;
            let text = |key: &str| -> Result<Option<&str>, NeutronError> {
                match entry.get(key) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s)),
                    Some(other) => Err(body::invalid(
                        attr,
                        format!("'{}' is not a valid string", body::show(other)),
                    )),
                }
            };
            let request = IpRequest {
                subnet_id: text("subnet_id")?.map(String::from),
                ip_address: text("ip_address")?
                    .map(|ip| ipam::parse_ip(attr, ip))
                    .transpose()?,
            };
            if request.subnet_id.is_none() && request.ip_address.is_none() {
                return Err(body::invalid(
                    attr,
                    "each entry needs a subnet_id or an ip_address",
                ));
            }
            Ok(request)
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// Addresses taken on `subnet_id`: by ports (other than `except_port`) and by floating IPs.
fn used_addresses(store: &Store, subnet_id: &str, except_port: Option<&str>) -> BTreeSet<u128> {
    store
        .ports
        .values()
        .filter(|p| Some(p.meta.id.as_str()) != except_port)
        .flat_map(|p| p.fixed_ips.iter())
        .filter(|f| f.subnet_id == subnet_id)
        .map(|f| ipam::to_u128(f.ip_address))
        .chain(store.floating_addresses(subnet_id))
        .collect()
}

/// Checks that every group id exists for `project` (404 `SecurityGroupNotFound` otherwise).
pub(crate) fn check_security_groups(
    store: &Store,
    groups: &[String],
    project: &str,
) -> Result<(), NeutronError> {
    for id in groups {
        store.get::<SecurityGroup>(id, project)?;
    }
    Ok(())
}

/// What another service (Nova) asks of a port it creates for a device.
pub(crate) struct DevicePort<'a> {
    /// Owning project.
    pub project: &'a str,
    /// Network to attach to.
    pub network_id: &'a str,
    /// A specific address, if asked for.
    pub fixed_ip: Option<IpAddr>,
    /// Security group ids (used when port security is on).
    pub security_groups: Vec<String>,
    /// `device_id`.
    pub device_id: &'a str,
    /// `device_owner`.
    pub device_owner: &'a str,
}

/// Creates a port the way Neutron does for a client's `POST /ports`, on behalf of a device;
/// returns the new port's id. `meta` carries the timing (the port is `ACTIVE` once ready).
pub(crate) fn create_for_device(
    store: &mut Store,
    request: DevicePort<'_>,
    meta: Meta,
) -> Result<String, NeutronError> {
    let network = store.get::<Network>(request.network_id, request.project)?;
    let port_security_enabled = network.port_security_enabled;
    quotas::check::<Port>(store, request.project)?;
    check_security_groups(store, &request.security_groups, request.project)?;
    let requests = request.fixed_ip.map(|ip| {
        vec![IpRequest {
            subnet_id: None,
            ip_address: Some(ip),
        }]
    });
    let fixed_ips = allocate(store, request.network_id, requests.as_deref(), None)?;
    let mut port = Port::for_device(
        meta,
        request.network_id,
        fixed_ips,
        request.device_owner,
        request.device_id,
    );
    port.port_security_enabled = port_security_enabled;
    if port_security_enabled {
        port.security_groups = request.security_groups;
    }
    let id = port.meta.id.clone();
    store.ports.insert(id.clone(), port);
    Ok(id)
}

/// Binds an unbound port of `project` to a device (409 `PortInUse` if it is bound already).
pub(crate) fn bind_to_device(
    store: &mut Store,
    project: &str,
    port_id: &str,
    device_id: &str,
    device_owner: &str,
    now: i64,
) -> Result<(), NeutronError> {
    let port = store.owned::<Port>(port_id, project, "update_port")?;
    if !port.device_id.is_empty() || !port.device_owner.is_empty() {
        return Err(NeutronError::conflict(
            "PortInUse",
            format!(
                "Unable to complete operation on port {port_id} for network {}. Port already has an attached device {}.",
                port.network_id, port.device_id
            ),
        ));
    }
    let port = store.owned_mut::<Port>(port_id, project, "update_port")?;
    port.device_id = device_id.to_string();
    port.device_owner = device_owner.to_string();
    port.meta.touch(now);
    Ok(())
}

/// Whether Neutron gives a new port the project's `default` group: port security on, and
/// not a port Neutron owns itself (`network:*`).
fn wants_default_group(port: &Port) -> bool {
    port.port_security_enabled && !port.device_owner.starts_with("network:")
}

fn exhausted(network_id: &str) -> NeutronError {
    NeutronError::conflict(
        "IpAddressGenerationFailure",
        format!("No more IP addresses available on network {network_id}."),
    )
}

/// Allocates addresses on `network_id` for a port (`current`, when re-allocating an existing port).
///
/// Without requests the port gets the next free address of the network's first IPv4 subnet
/// (or first subnet), like Neutron; with requests each one is honoured or refused.
pub(crate) fn allocate(
    store: &Store,
    network_id: &str,
    requests: Option<&[IpRequest]>,
    current: Option<&Port>,
) -> Result<Vec<FixedIp>, NeutronError> {
    let except = current.map(|p| p.meta.id.as_str());
    let mut subnets: Vec<&Subnet> = store
        .subnets
        .values()
        .filter(|s| s.network_id == network_id)
        .collect();
    subnets.sort_by_key(|s| (s.ip_version, s.meta.created_ms, s.meta.id.clone()));
    let Some(requests) = requests else {
        let Some(subnet) = subnets.first() else {
            return Ok(Vec::new());
        };
        let used = used_addresses(store, &subnet.meta.id, except);
        let ip = ipam::next_free(&subnet.allocation_pools, &used)
            .ok_or_else(|| exhausted(network_id))?;
        return Ok(vec![FixedIp {
            subnet_id: subnet.meta.id.clone(),
            ip_address: ip,
        }]);
    };
    let mut allocated: Vec<FixedIp> = Vec::new();
    for request in requests {
        let subnet = match (&request.subnet_id, request.ip_address) {
            (Some(id), _) => subnets.iter().find(|s| &s.meta.id == id).ok_or_else(|| {
                NeutronError::invalid_input(format!(
                    "Failed to create port on network {network_id}, because fixed_ips included invalid subnet {id}"
                ))
            })?,
            (None, Some(ip)) => subnets.iter().find(|s| s.cidr.contains(&ip)).ok_or_else(|| {
                NeutronError::invalid_input(format!(
                    "IP address {ip} is not a valid IP for any of the subnets on the specified network"
                ))
            })?,
            (None, None) => return Err(body::invalid("fixed_ips", "each entry needs a subnet_id or an ip_address")),
        };
        let subnet_id = subnet.meta.id.clone();
        let mut used = used_addresses(store, &subnet_id, except);
        used.extend(
            allocated
                .iter()
                .filter(|f| f.subnet_id == subnet_id)
                .map(|f| ipam::to_u128(f.ip_address)),
        );
        let ip = match request.ip_address {
            Some(ip) => {
                if !subnet.cidr.contains(&ip) {
                    return Err(NeutronError::invalid_input(format!(
                        "IP address {ip} is not a valid IP for the specified subnet"
                    )));
                }
                if used.contains(&ipam::to_u128(ip)) {
                    return Err(NeutronError::conflict(
                        "IpAddressAlreadyAllocated",
                        format!("IP address {ip} already allocated in subnet {subnet_id}"),
                    ));
                }
                ip
            }
            None => {
                let kept = current.and_then(|p| {
                    p.fixed_ips
                        .iter()
                        .find(|f| {
                            f.subnet_id == subnet_id && !used.contains(&ipam::to_u128(f.ip_address))
                        })
                        .map(|f| f.ip_address)
                });
                match kept {
                    Some(ip) => ip,
                    None => ipam::next_free(&subnet.allocation_pools, &used)
                        .ok_or_else(|| exhausted(network_id))?,
                }
            }
        };
        allocated.push(FixedIp {
            subnet_id,
            ip_address: ip,
        });
    }
    Ok(allocated)
}

fn parse_address_pairs(obj: &Object, mac: &str) -> Result<Option<Vec<AddressPair>>, NeutronError> {
    let attr = "allowed_address_pairs";
    let Some(items) = body::list(obj, attr)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| {
            let entry = body::entry(attr, item, &["ip_address", "mac_address"])?;
            let ip = entry
                .get("ip_address")
                .and_then(Value::as_str)
                .ok_or_else(|| body::invalid(attr, "Missing ip_address"))?;
            if ip.parse::<IpAddr>().is_err() {
                ipam::parse_cidr(attr, ip)?;
            }
            let mac = match entry.get("mac_address") {
                None | Some(Value::Null) => mac.to_string(),
                Some(Value::String(m)) if valid_mac(m) => m.to_ascii_lowercase(),
                Some(other) => {
                    return Err(body::invalid(
                        attr,
                        format!("'{}' is not a valid MAC address", body::show(other)),
                    ))
                }
            };
            Ok(AddressPair {
                ip_address: ip.to_string(),
                mac_address: mac,
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "port", CREATE, &caller.project_id)?;
    body::admin_only(&obj, ADMIN_ONLY_CREATE, "create_port", false)?;
    let network_id = body::required_string(&obj, "network_id")?;
    let requests = parse_fixed_ips(&obj, "fixed_ips")?;
    let mac_address = match body::string(&obj, "mac_address", body::MAX_LEN)? {
        Some(mac) if valid_mac(&mac) => mac.to_ascii_lowercase(),
        Some(mac) => {
            return Err(body::invalid(
                "mac_address",
                format!("'{mac}' is not a valid MAC address"),
            ))
        }
        None => random_mac(),
    };
    let allowed_address_pairs = parse_address_pairs(&obj, &mac_address)?.unwrap_or_default();
    let now = clock::now_ms();
    let mut port = Port {
        meta: Meta::new(&caller.project_id, now, app.faults().provision_delay()),
        network_id,
        mac_address,
        fixed_ips: Vec::new(),
        device_id: body::string(&obj, "device_id", body::MAX_LEN)?.unwrap_or_default(),
        device_owner: body::string(&obj, "device_owner", body::MAX_LEN)?.unwrap_or_default(),
        admin_state_up: body::boolean(&obj, "admin_state_up")?.unwrap_or(true),
        port_security_enabled: true,
        allowed_address_pairs,
        security_groups: body::string_list(&obj, "security_groups")?.unwrap_or_default(),
        vnic_type: body::string(&obj, "binding:vnic_type", body::MAX_LEN)?
            .unwrap_or_else(|| "normal".to_string()),
    };
    body::describe(&obj, &mut port.meta)?;
    let port_security = body::boolean(&obj, "port_security_enabled")?;
    let groups_given = obj.contains_key("security_groups");
    security_groups::ensure_default(&app, &caller);
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let network = store.get::<Network>(&port.network_id, &caller.project_id)?;
        port.port_security_enabled = port_security.unwrap_or(network.port_security_enabled);
        if !groups_given && wants_default_group(&port) {
            port.security_groups = store
                .default_security_group(&caller.project_id)
                .into_iter()
                .collect();
        }
        check_security_groups(store, &port.security_groups, &caller.project_id)?;
        quotas::check::<Port>(store, &caller.project_id)?;
        if store
            .ports
            .values()
            .any(|p| p.network_id == port.network_id && p.mac_address == port.mac_address)
        {
            return Err(NeutronError::conflict(
                "MacAddressInUse",
                format!(
                    "Unable to complete operation for network {}. The mac address {} is in use.",
                    port.network_id, port.mac_address
                ),
            ));
        }
        port.fixed_ips = allocate(store, &port.network_id, requests.as_deref(), None)?;
        Ok(reply::created(store, port, now))
    })
}

async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let obj = body::update_request(&bytes, "port", UPDATE, CREATE)?;
    body::admin_only(&obj, ADMIN_ONLY_UPDATE, "update_port", true)?;
    let renaming = body::Renaming::parse(&obj)?;
    let admin_state_up = body::boolean(&obj, "admin_state_up")?;
    let device_id = body::string(&obj, "device_id", body::MAX_LEN)?;
    let device_owner = body::string(&obj, "device_owner", body::MAX_LEN)?;
    let port_security = body::boolean(&obj, "port_security_enabled")?;
    let security_groups = body::string_list(&obj, "security_groups")?;
    let vnic_type = body::string(&obj, "binding:vnic_type", body::MAX_LEN)?;
    let requests = parse_fixed_ips(&obj, "fixed_ips")?;
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let current = store.owned::<Port>(&id, &caller.project_id, "update_port")?;
        if let Some(groups) = &security_groups {
            check_security_groups(store, groups, &caller.project_id)?;
        }
        let pairs = parse_address_pairs(&obj, &current.mac_address)?;
        let fixed_ips = match &requests {
            Some(requests) => Some(allocate(
                store,
                &current.network_id,
                Some(requests),
                Some(current),
            )?),
            None => None,
        };
        let port = store.owned_mut::<Port>(&id, &caller.project_id, "update_port")?;
        body::set(&mut port.fixed_ips, fixed_ips);
        body::set(&mut port.allowed_address_pairs, pairs);
        renaming.apply(&mut port.meta);
        body::set(&mut port.admin_state_up, admin_state_up);
        body::set(&mut port.device_id, device_id);
        body::set(&mut port.device_owner, device_owner);
        body::set(&mut port.port_security_enabled, port_security);
        body::set(&mut port.security_groups, security_groups);
        body::set(&mut port.vnic_type, vnic_type);
        reply::updated::<Port>(store, &id, now)
    })
}

/// Deletes a port and disassociates its floating IPs; router ports must be removed through the
/// router (409 `ServicePortInUse`).
async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let port = store.get::<Port>(&id, &caller.project_id)?;
        if port.is_router_port() {
            return Err(NeutronError::conflict(
                "ServicePortInUse",
                format!(
                    "Port {id} cannot be deleted directly via the port API: has device owner {}.",
                    port.device_owner
                ),
            ));
        }
        store.owned::<Port>(&id, &caller.project_id, "delete_port")?;
        store.ports.remove(&id);
        store.disassociate_port(&id, now);
        Ok(StatusCode::NO_CONTENT)
    })
}
