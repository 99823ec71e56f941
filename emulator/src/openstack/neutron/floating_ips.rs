//! `/v2.0/floatingips`: addresses of an external network, associated with ports behind a router.

use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::networks::Network;
use super::ports::{self, FixedIp, Port, ROUTER_GATEWAY, ROUTER_INTERFACE};
use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::{body, ipam, listing, quotas, reply};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

const CREATE: &[&str] = &[
    "description",
    "dns_domain",
    "dns_name",
    "fixed_ip_address",
    "floating_ip_address",
    "floating_network_id",
    "port_id",
    "project_id",
    "qos_policy_id",
    "subnet_id",
    "tags",
    "tenant_id",
];
const UPDATE: &[&str] = &[
    "description",
    "fixed_ip_address",
    "port_id",
    "qos_policy_id",
];
const ADMIN_ONLY: &[(&str, Option<bool>)] = &[("floating_ip_address", None)];

/// A floating IP.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct FloatingIp {
    /// Standard attributes (floating IPs have no name).
    pub meta: Meta,
    /// The external network the address comes from.
    pub floating_network_id: String,
    /// The subnet of the external network holding the address.
    pub subnet_id: String,
    /// The address; `None` only in the template used for field names.
    pub floating_ip_address: Option<IpAddr>,
    /// Associated port.
    pub port_id: Option<String>,
    /// The port's address the floating IP is mapped to.
    pub fixed_ip_address: Option<IpAddr>,
    /// The router doing the translation.
    pub router_id: Option<String>,
}

impl Resource for FloatingIp {
    const SINGULAR: &'static str = "floatingip";
    const PLURAL: &'static str = "floatingips";
    const LABEL: &'static str = "FloatingIP";
    const QUOTA: usize = 50;

    resource_accessors!(floatingips);

    fn render(&self, store: &Store, now: i64) -> Object {
        let port_details = self
            .port_id
            .as_ref()
            .and_then(|id| store.ports.get(id))
            .map(|p| {
                let status = p.render(store, now).get("status").cloned();
                json!({
                    "name": p.meta.name,
                    "network_id": p.network_id,
                    "mac_address": p.mac_address,
                    "admin_state_up": p.admin_state_up,
                    "status": status,
                    "device_id": p.device_id,
                    "device_owner": p.device_owner,
                })
            });
        let fields = json!({
            "status": if self.port_id.is_some() { "ACTIVE" } else { "DOWN" },
            "floating_network_id": self.floating_network_id,
            "floating_ip_address": self.floating_ip_address,
            "port_id": self.port_id,
            "fixed_ip_address": self.fixed_ip_address,
            "router_id": self.router_id,
            "port_details": port_details,
            "port_forwardings": [],
            "dns_domain": "",
            "dns_name": "",
            "qos_policy_id": null,
            "qos_network_policy_id": null,
        });
        let mut out = self.meta.render(fields);
        out.remove("name");
        out
    }

    fn missing_message(id: &str) -> String {
        format!("Floating IP {id} could not be found")
    }
}

impl Store {
    /// Detaches every floating IP from `port_id` (Neutron does this when the port goes away).
    pub fn disassociate_port(&mut self, port_id: &str, now: i64) {
        for fip in self.floatingips.values_mut() {
            if fip.port_id.as_deref() == Some(port_id) {
                fip.port_id = None;
                fip.fixed_ip_address = None;
                fip.router_id = None;
                fip.meta.touch(now);
            }
        }
    }

    /// Addresses of floating IPs on `subnet_id`, as numbers (they are taken for ports too).
    pub fn floating_addresses(&self, subnet_id: &str) -> impl Iterator<Item = u128> + '_ {
        let subnet_id = subnet_id.to_string();
        self.floatingips
            .values()
            .filter(move |f| f.subnet_id == subnet_id)
            .filter_map(|f| f.floating_ip_address.map(ipam::to_u128))
    }
}

/// Adds the floating IP routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    listing::routes::<FloatingIp>(router, cloud, post(create), put(update).delete(remove))
}

fn bad_floatingip(reason: impl std::fmt::Display) -> NeutronError {
    NeutronError::new(
        StatusCode::BAD_REQUEST,
        "BadRequest",
        format!("Bad floatingip request: {reason}."),
    )
}

/// Where an association points: port, fixed address and router (none for direct bindings).
struct Association {
    port_id: String,
    fixed_ip: IpAddr,
    router_id: Option<String>,
}

/// The address of `port_id` (`fixed_ip`, or its only IPv4 address) that `fip` can be
/// associated with: the port must be the project's own, not a router's, and that address
/// must not have a floating IP already.
fn fixed_address(
    store: &Store,
    fip: &FloatingIp,
    port_id: &str,
    fixed_ip: Option<IpAddr>,
    project: &str,
) -> Result<FixedIp, NeutronError> {
    let port = store.get::<Port>(port_id, project)?;
    if port.meta.project_id != project || port.is_router_port() {
        return Err(bad_floatingip(format!(
            "Port {port_id} has owner {} and therefore cannot be associated with a floating IP",
            port.device_owner
        )));
    }
    let fixed = match fixed_ip {
        Some(ip) => port
            .fixed_ips
            .iter()
            .find(|f| f.ip_address == ip)
            .ok_or_else(|| bad_floatingip(format!("Port {port_id} does not have fixed ip {ip}")))?,
        None => {
            let v4: Vec<_> = port
                .fixed_ips
                .iter()
                .filter(|f| f.ip_address.is_ipv4())
                .collect();
            match v4.as_slice() {
                [one] => *one,
                [] => return Err(bad_floatingip(format!(
                    "No IPv4 addresses found on port {port_id}, cannot associate a floating IP"
                ))),
                _ => return Err(bad_floatingip(format!(
                    "Port {port_id} has multiple fixed IPv4 addresses. Must provide a specific IPv4 address when assigning a floating IP"
                ))),
            }
        }
    };
    if let Some(other) = store.floatingips.values().find(|f| {
        f.meta.id != fip.meta.id
            && f.port_id.as_deref() == Some(port_id)
            && f.fixed_ip_address == Some(fixed.ip_address)
    }) {
        return Err(NeutronError::conflict(
            "FloatingIPPortAlreadyAssociated",
            format!(
                "Cannot associate floating IP {} ({}) with port {port_id} using fixed IP {}, as that fixed IP already has a floating IP on external network {}.",
                show_ip(fip.floating_ip_address), fip.meta.id, fixed.ip_address, other.floating_network_id
            ),
        ));
    }
    Ok(fixed.clone())
}

/// Checks that `port_id` (with `fixed_ip`, if given) can get floating IP `fip`, through a
/// router with a gateway on the floating IP's network.
fn plan_association(
    store: &Store,
    fip: &FloatingIp,
    port_id: &str,
    fixed_ip: Option<IpAddr>,
    project: &str,
) -> Result<Association, NeutronError> {
    let fixed = fixed_address(store, fip, port_id, fixed_ip, project)?;
    let router_id = store
        .routers
        .values()
        .filter(|r| {
            r.gateway
                .as_ref()
                .is_some_and(|g| g.network_id == fip.floating_network_id)
        })
        .find(|r| {
            store.ports.values().any(|p| {
                p.device_id == r.meta.id
                    && p.device_owner == ROUTER_INTERFACE
                    && p.fixed_ips.iter().any(|f| f.subnet_id == fixed.subnet_id)
            })
        })
        .map(|r| r.meta.id.clone())
        .ok_or_else(|| {
            NeutronError::new(
                StatusCode::NOT_FOUND,
                "ExternalGatewayForFloatingIPNotFound",
                format!(
                    "External network {} is not reachable from subnet {}.  Therefore, cannot associate Port {port_id} with a Floating IP.",
                    fip.floating_network_id, fixed.subnet_id
                ),
            )
        })?;
    Ok(Association {
        port_id: port_id.to_string(),
        fixed_ip: fixed.ip_address,
        router_id: Some(router_id),
    })
}

fn show_ip(ip: Option<IpAddr>) -> String {
    ip.map(|ip| ip.to_string()).unwrap_or_default()
}

fn apply(fip: &mut FloatingIp, association: Option<Association>) {
    match association {
        Some(a) => {
            fip.port_id = Some(a.port_id);
            fip.fixed_ip_address = Some(a.fixed_ip);
            fip.router_id = a.router_id;
        }
        None => {
            fip.port_id = None;
            fip.fixed_ip_address = None;
            fip.router_id = None;
        }
    }
}

fn fixed_ip(obj: &Object) -> Result<Option<IpAddr>, NeutronError> {
    body::nullable_string(obj, "fixed_ip_address")?
        .flatten()
        .map(|text| ipam::parse_ip("fixed_ip_address", &text))
        .transpose()
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "floatingip", CREATE, &caller.project_id)?;
    body::admin_only(&obj, ADMIN_ONLY, "create_floatingip", false)?;
    let network_id = body::required_string(&obj, "floating_network_id")?;
    let port_id = body::nullable_string(&obj, "port_id")?.flatten();
    let fixed_ip = fixed_ip(&obj)?;
    let subnet_id = body::nullable_string(&obj, "subnet_id")?.flatten();
    let now = clock::now_ms();
    let mut fip = FloatingIp {
        meta: Meta::new(&caller.project_id, now, std::time::Duration::ZERO),
        floating_network_id: network_id.clone(),
        ..FloatingIp::default()
    };
    body::describe(&obj, &mut fip.meta)?;
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let network = store.get::<Network>(&network_id, &caller.project_id)?;
        if !network.external {
            return Err(bad_floatingip(format!(
                "Network {network_id} is not a valid external network"
            )));
        }
        quotas::check::<FloatingIp>(store, &caller.project_id)?;
        let request = subnet_id.map(|id| vec![ports::IpRequest::on_subnet(id)]);
        let address = ports::allocate(store, &network_id, request.as_deref(), None)?
            .into_iter()
            .next()
            .ok_or_else(|| {
                bad_floatingip(format!(
                    "Network {network_id} has no subnet to allocate from"
                ))
            })?;
        fip.subnet_id = address.subnet_id;
        fip.floating_ip_address = Some(address.ip_address);
        let association = port_id
            .map(|port| plan_association(store, &fip, &port, fixed_ip, &caller.project_id))
            .transpose()?;
        apply(&mut fip, association);
        Ok(reply::created(store, fip, now))
    })
}

async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let obj = body::update_request(&bytes, "floatingip", UPDATE, CREATE)?;
    let port_id = body::nullable_string(&obj, "port_id")?;
    let fixed_ip = fixed_ip(&obj)?;
    let renaming = body::Renaming::parse(&obj)?;
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let current = store.owned::<FloatingIp>(&id, &caller.project_id, "update_floatingip")?;
        let association = match &port_id {
            None => None,
            Some(None) => Some(None),
            Some(Some(port)) => Some(Some(plan_association(
                store,
                current,
                port,
                fixed_ip,
                &caller.project_id,
            )?)),
        };
        let fip = store.owned_mut::<FloatingIp>(&id, &caller.project_id, "update_floatingip")?;
        if let Some(association) = association {
            apply(fip, association);
        }
        renaming.apply(&mut fip.meta);
        reply::updated::<FloatingIp>(store, &id, now)
    })
}

async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        store.owned::<FloatingIp>(&id, &caller.project_id, "delete_floatingip")?;
        store.floatingips.remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })
}

/// Allocates floating IP `id` for `project` on external network `network_id`, the way another
/// API (OTC's EIPs) does: no router is involved.
pub(crate) fn allocate_external(
    store: &mut Store,
    project: &str,
    id: &str,
    network_id: &str,
    now: i64,
) -> Result<(), NeutronError> {
    quotas::check::<FloatingIp>(store, project)?;
    let address = ports::allocate(store, network_id, None, None)?
        .into_iter()
        .next()
        .ok_or_else(|| {
            bad_floatingip(format!(
                "Network {network_id} has no subnet to allocate from"
            ))
        })?;
    let mut meta = Meta::new(project, now, std::time::Duration::ZERO);
    meta.id = id.to_string();
    let fip = FloatingIp {
        meta,
        floating_network_id: network_id.to_string(),
        subnet_id: address.subnet_id,
        floating_ip_address: Some(address.ip_address),
        ..FloatingIp::default()
    };
    store.floatingips.insert(id.to_string(), fip);
    Ok(())
}

/// Associates floating IP `id` of `project` directly with `port_id` (OTC's EIP binding needs
/// no router), or disassociates it when `port_id` is `None`.
pub(crate) fn bind_directly(
    store: &mut Store,
    project: &str,
    id: &str,
    port_id: Option<&str>,
    now: i64,
) -> Result<(), NeutronError> {
    let current = store.owned::<FloatingIp>(id, project, "update_floatingip")?;
    let association = match port_id {
        Some(port) => Some(Association {
            port_id: port.to_string(),
            fixed_ip: fixed_address(store, current, port, None, project)?.ip_address,
            router_id: None,
        }),
        None => None,
    };
    let fip = store.owned_mut::<FloatingIp>(id, project, "update_floatingip")?;
    apply(fip, association);
    fip.meta.touch(now);
    Ok(())
}

/// 409 when removing the interface of `router_id` on `subnet_id` would strand floating IPs.
pub(crate) fn check_interface_removal(
    store: &Store,
    router_id: &str,
    port: &Port,
) -> Result<(), NeutronError> {
    for fixed in &port.fixed_ips {
        let needed = store.floatingips.values().any(|f| {
            f.router_id.as_deref() == Some(router_id)
                && f.port_id
                    .as_ref()
                    .and_then(|p| store.ports.get(p))
                    .is_some_and(|p| p.fixed_ips.iter().any(|x| x.subnet_id == fixed.subnet_id))
        });
        if needed {
            return Err(NeutronError::conflict(
                "RouterInterfaceInUseByFloatingIP",
                format!(
                    "Router interface for subnet {} on router {router_id} cannot be deleted, as it is required by one or more floating IPs.",
                    fixed.subnet_id
                ),
            ));
        }
    }
    Ok(())
}

/// 409 when clearing or moving the gateway of `router_id` would strand floating IPs.
pub(crate) fn check_gateway_change(store: &Store, router_id: &str) -> Result<(), NeutronError> {
    let gateway = store
        .ports
        .values()
        .find(|p| p.device_id == router_id && p.device_owner == ROUTER_GATEWAY);
    match store
        .floatingips
        .values()
        .find(|f| f.router_id.as_deref() == Some(router_id))
    {
        Some(fip) if gateway.is_some() => Err(NeutronError::conflict(
            "RouterExternalGatewayInUseByFloatingIp",
            format!(
                "Gateway cannot be updated for router {router_id}, since a gateway to external network {} is required by one or more floating IPs.",
                fip.floating_network_id
            ),
        )),
        _ => Ok(()),
    }
}
