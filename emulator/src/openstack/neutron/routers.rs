//! `/v2.0/routers`, their external gateways and their interfaces.

use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::floating_ips;
use super::ipam;
use super::networks::Network;
use super::ports::{self, FixedIp, IpRequest, Port, ROUTER_GATEWAY, ROUTER_INTERFACE};
use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::subnets::{self, HostRoute, Subnet};
use super::{body, listing, quotas, reply, v2};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

const CREATE: &[&str] = &[
    "admin_state_up",
    "availability_zone_hints",
    "description",
    "distributed",
    "enable_ndp_proxy",
    "external_gateway_info",
    "flavor_id",
    "ha",
    "name",
    "project_id",
    "tags",
    "tenant_id",
];
const UPDATE: &[&str] = &[
    "admin_state_up",
    "description",
    "distributed",
    "enable_ndp_proxy",
    "external_gateway_info",
    "ha",
    "name",
    "routes",
];
const ADMIN_ONLY: &[(&str, Option<bool>)] = &[("distributed", None), ("ha", None)];
const GATEWAY_KEYS: [&str; 4] = [
    "network_id",
    "enable_snat",
    "external_fixed_ips",
    "qos_policy_id",
];

/// A router's external gateway.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Gateway {
    /// The external network.
    pub network_id: String,
    /// Whether SNAT is enabled.
    pub enable_snat: bool,
}

/// A router.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Router {
    /// Standard attributes.
    pub meta: Meta,
    /// Administrative state.
    pub admin_state_up: bool,
    /// External gateway, if set; its addresses live on the gateway port.
    pub gateway: Option<Gateway>,
    /// Extra routes.
    pub routes: Vec<HostRoute>,
    /// Requested availability zones.
    pub availability_zone_hints: Vec<String>,
}

fn gateway_port<'a>(store: &'a Store, router_id: &str) -> Option<&'a Port> {
    store
        .ports
        .values()
        .find(|p| p.device_id == router_id && p.device_owner == ROUTER_GATEWAY)
}

fn interface_ports<'a>(
    store: &'a Store,
    router_id: &'a str,
) -> impl Iterator<Item = &'a Port> + 'a {
    store
        .ports
        .values()
        .filter(move |p| p.device_id == router_id && p.device_owner == ROUTER_INTERFACE)
}

impl Resource for Router {
    const SINGULAR: &'static str = "router";
    const PLURAL: &'static str = "routers";
    const LABEL: &'static str = "Router";
    const QUOTA: usize = 10;

    resource_accessors!(routers);

    fn render(&self, store: &Store, now: i64) -> Object {
        let gateway = self.gateway.as_ref().map(|g| {
            let ips = gateway_port(store, &self.meta.id)
                .map(|p| p.fixed_ips.clone())
                .unwrap_or_default();
            json!({
                "network_id": g.network_id,
                "enable_snat": g.enable_snat,
                "external_fixed_ips": ips,
            })
        });
        let fields = json!({
            "status": self.meta.status(now, "ACTIVE"),
            "admin_state_up": self.admin_state_up,
            "external_gateway_info": gateway,
            "routes": self.routes,
            "availability_zone_hints": self.availability_zone_hints,
            "availability_zones": ["nova"],
            "flavor_id": null,
        });
        self.meta.render(fields)
    }
}

/// Adds the router routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    listing::routes::<Router>(router, cloud, post(create), put(update).delete(remove))
        .route(
            &v2(cloud, "routers/{id}/add_router_interface"),
            put(add_interface),
        )
        .route(
            &v2(cloud, "routers/{id}/remove_router_interface"),
            put(remove_interface),
        )
}

/// What a request asks of the external gateway.
enum GatewayRequest {
    Clear,
    Set {
        network_id: String,
        enable_snat: Option<bool>,
        fixed_ips: Option<Vec<IpRequest>>,
    },
}

fn parse_gateway(obj: &Object) -> Result<Option<GatewayRequest>, NeutronError> {
    let attr = "external_gateway_info";
    match obj.get(attr) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(GatewayRequest::Clear)),
        Some(Value::Object(info)) if info.is_empty() => Ok(Some(GatewayRequest::Clear)),
        Some(value @ Value::Object(_)) => {
            let info = body::entry(attr, value, &GATEWAY_KEYS)?;
            let network_id = info
                .get("network_id")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    body::invalid(
                        attr,
                        "Validation of dictionary's keys failed. Expected keys: {'network_id'}",
                    )
                })?;
            Ok(Some(GatewayRequest::Set {
                network_id: network_id.to_string(),
                enable_snat: body::boolean(info, "enable_snat")?,
                fixed_ips: ports::parse_fixed_ips(info, "external_fixed_ips")?,
            }))
        }
        Some(other) => Err(body::invalid(
            attr,
            format!("'{}' is not a dictionary", body::show(other)),
        )),
    }
}

/// The changes a gateway request leads to, computed before anything is changed.
struct GatewayPlan {
    gateway: Option<Gateway>,
    remove_port: Option<String>,
    add_port: Option<Port>,
}

fn plan_gateway(
    store: &Store,
    router: &Router,
    request: GatewayRequest,
    project: &str,
    now: i64,
    delay: Duration,
) -> Result<GatewayPlan, NeutronError> {
    let current_port = gateway_port(store, &router.meta.id);
    let (network_id, enable_snat, fixed_ips) = match request {
        GatewayRequest::Clear => {
            floating_ips::check_gateway_change(store, &router.meta.id)?;
            return Ok(GatewayPlan {
                gateway: None,
                remove_port: current_port.map(|p| p.meta.id.clone()),
                add_port: None,
            });
        }
        GatewayRequest::Set {
            network_id,
            enable_snat,
            fixed_ips,
        } => (network_id, enable_snat, fixed_ips),
    };
    let network = store.get::<Network>(&network_id, project)?;
    if !network.external {
        return Err(NeutronError::bad_router_request(format!(
            "Network {network_id} is not a valid external network"
        )));
    }
    let same_network = router.gateway.as_ref().map(|g| &g.network_id) == Some(&network_id);
    let gateway = Gateway {
        network_id: network_id.clone(),
        enable_snat: enable_snat
            .or_else(|| router.gateway.as_ref().map(|g| g.enable_snat))
            .unwrap_or(true),
    };
    if same_network && fixed_ips.is_none() && current_port.is_some() {
        return Ok(GatewayPlan {
            gateway: Some(gateway),
            remove_port: None,
            add_port: None,
        });
    }
    if !same_network {
        floating_ips::check_gateway_change(store, &router.meta.id)?;
    }
    let reuse = current_port.filter(|_| same_network);
    let ips = ports::allocate(store, &network_id, fixed_ips.as_deref(), reuse)?;
    let port = Port::for_device(
        Meta::new("", now, delay),
        &network_id,
        ips,
        ROUTER_GATEWAY,
        &router.meta.id,
    );
    Ok(GatewayPlan {
        gateway: Some(gateway),
        remove_port: current_port.map(|p| p.meta.id.clone()),
        add_port: Some(port),
    })
}

fn apply_gateway(store: &mut Store, router_id: &str, plan: GatewayPlan) {
    if let Some(id) = plan.remove_port {
        store.ports.remove(&id);
    }
    if let Some(port) = plan.add_port {
        store.ports.insert(port.meta.id.clone(), port);
    }
    if let Some(router) = store.routers.get_mut(router_id) {
        router.gateway = plan.gateway;
    }
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "router", CREATE, &caller.project_id)?;
    body::admin_only(&obj, ADMIN_ONLY, "create_router", false)?;
    let gateway = parse_gateway(&obj)?;
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let mut router = Router {
        meta: Meta::new(&caller.project_id, now, delay),
        admin_state_up: body::boolean(&obj, "admin_state_up")?.unwrap_or(true),
        gateway: None,
        routes: Vec::new(),
        availability_zone_hints: body::string_list(&obj, "availability_zone_hints")?
            .unwrap_or_default(),
    };
    body::describe(&obj, &mut router.meta)?;
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        quotas::check::<Router>(store, &caller.project_id)?;
        let plan = gateway
            .map(|g| plan_gateway(store, &router, g, &caller.project_id, now, delay))
            .transpose()?;
        let id = router.meta.id.clone();
        store.routers.insert(id.clone(), router);
        if let Some(plan) = plan {
            apply_gateway(store, &id, plan);
        }
        Ok((
            StatusCode::CREATED,
            reply::object::<Router>(store, &id, now)?,
        ))
    })
}

/// Subnets a router is connected to (interfaces and gateway).
fn connected_subnets<'a>(store: &'a Store, router_id: &'a str) -> Vec<&'a Subnet> {
    interface_ports(store, router_id)
        .chain(gateway_port(store, router_id))
        .flat_map(|p| p.fixed_ips.iter())
        .filter_map(|f| store.subnets.get(&f.subnet_id))
        .collect()
}

fn check_routes(store: &Store, router_id: &str, routes: &[HostRoute]) -> Result<(), NeutronError> {
    let connected = connected_subnets(store, router_id);
    match routes
        .iter()
        .find(|r| !connected.iter().any(|s| s.cidr.contains(&r.nexthop)))
    {
        Some(route) => Err(NeutronError::new(
            StatusCode::BAD_REQUEST,
            "InvalidRoutes",
            format!(
                "Invalid format for routes: [{{'destination': '{}', 'nexthop': '{}'}}], the nexthop is not connected with router",
                route.destination, route.nexthop
            ),
        )),
        None => Ok(()),
    }
}

async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let obj = body::update_request(&bytes, "router", UPDATE, CREATE)?;
    body::admin_only(&obj, ADMIN_ONLY, "update_router", true)?;
    let gateway = parse_gateway(&obj)?;
    let routes = subnets::parse_routes(&obj, "routes")?;
    let renaming = body::Renaming::parse(&obj)?;
    let admin_state_up = body::boolean(&obj, "admin_state_up")?;
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let current = store.owned::<Router>(&id, &caller.project_id, "update_router")?;
        if let Some(routes) = &routes {
            check_routes(store, &id, routes)?;
        }
        let plan = gateway
            .map(|g| plan_gateway(store, current, g, &caller.project_id, now, delay))
            .transpose()?;
        if let Some(plan) = plan {
            apply_gateway(store, &id, plan);
        }
        let router = store.owned_mut::<Router>(&id, &caller.project_id, "update_router")?;
        body::set(&mut router.routes, routes);
        renaming.apply(&mut router.meta);
        body::set(&mut router.admin_state_up, admin_state_up);
        reply::updated::<Router>(store, &id, now)
    })
}

/// Deletes a router and its gateway port; 409 `RouterInUse` while it has interfaces.
async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        store.owned::<Router>(&id, &caller.project_id, "delete_router")?;
        if interface_ports(store, &id).next().is_some() {
            return Err(NeutronError::conflict(
                "RouterInUse",
                format!("Router {id} still has ports"),
            ));
        }
        store
            .ports
            .retain(|_, p| !(p.device_id == id && p.device_owner == ROUTER_GATEWAY));
        store.routers.remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })
}

/// The body of add/remove_router_interface: a subnet or a port.
enum InterfaceRequest {
    Subnet(String),
    Port(String),
}

fn parse_interface(bytes: &[u8]) -> Result<InterfaceRequest, NeutronError> {
    let value: Value = serde_json::from_slice(bytes)
        .map_err(|e| NeutronError::bad_request(format!("Malformed request body: {e}")))?;
    let field = |key: &str| value.get(key).and_then(Value::as_str).map(String::from);
    match (field("subnet_id"), field("port_id")) {
        (Some(_), Some(_)) => Err(NeutronError::bad_router_request(
            "Cannot specify both subnet-id and port-id",
        )),
        (Some(subnet), None) => Ok(InterfaceRequest::Subnet(subnet)),
        (None, Some(port)) => Ok(InterfaceRequest::Port(port)),
        (None, None) => Err(NeutronError::bad_router_request(
            "Either subnet_id or port_id must be specified",
        )),
    }
}

fn interface_info(router_id: &str, project: &str, port: &Port) -> Json<Value> {
    let subnet_id = port.fixed_ips.first().map(|f| f.subnet_id.clone());
    Json(json!({
        "id": router_id,
        "tenant_id": project,
        "project_id": project,
        "port_id": port.meta.id,
        "network_id": port.network_id,
        "subnet_id": subnet_id,
        "subnet_ids": subnet_id.iter().collect::<Vec<_>>(),
    }))
}

/// Refuses a new interface subnet that overlaps one the router is already attached to.
fn check_overlap(store: &Store, router_id: &str, subnet: &Subnet) -> Result<(), NeutronError> {
    for port in interface_ports(store, router_id) {
        for fixed in &port.fixed_ips {
            if fixed.subnet_id == subnet.meta.id {
                return Err(NeutronError::bad_router_request(format!(
                    "Router already has a port on subnet {}",
                    subnet.meta.id
                )));
            }
            if let Some(other) = store.subnets.get(&fixed.subnet_id) {
                if ipam::overlaps(&other.cidr, &subnet.cidr) {
                    return Err(NeutronError::bad_router_request(format!(
                        "Cidr {} of subnet {} overlaps with cidr {} of subnet {}",
                        subnet.cidr, subnet.meta.id, other.cidr, other.meta.id
                    )));
                }
            }
        }
    }
    Ok(())
}

/// `PUT /routers/{id}/add_router_interface`: attaches a subnet (new port on its gateway IP) or a port.
async fn add_interface(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let request = parse_interface(&bytes)?;
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let project = caller.project_id;
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        store.owned::<Router>(&id, &project, "add_router_interface")?;
        let port_id = match request {
            InterfaceRequest::Subnet(subnet_id) => {
                let subnet = store.get::<Subnet>(&subnet_id, &project)?;
                let gateway = subnet.gateway_ip.ok_or_else(|| {
                    NeutronError::bad_router_request("Subnet for router interface must have a gateway IP")
                })?;
                check_overlap(store, &id, subnet)?;
                if store.ports.values().any(|p| p.has_ip(&subnet_id, gateway)) {
                    return Err(NeutronError::conflict(
                        "IpAddressInUse",
                        format!(
                            "Unable to complete operation for network {}. The IP address {gateway} is in use.",
                            subnet.network_id
                        ),
                    ));
                }
                quotas::check::<Port>(store, &project)?;
                let port = Port::for_device(
                    Meta::new(&project, now, delay),
                    &subnet.network_id,
                    vec![FixedIp {
                        subnet_id: subnet_id.clone(),
                        ip_address: gateway,
                    }],
                    ROUTER_INTERFACE,
                    &id,
                );
                let port_id = port.meta.id.clone();
                store.ports.insert(port_id.clone(), port);
                port_id
            }
            InterfaceRequest::Port(port_id) => {
                let port = store.owned::<Port>(&port_id, &project, "update_port")?;
                if !port.device_id.is_empty() || !port.device_owner.is_empty() {
                    return Err(NeutronError::conflict(
                        "PortInUse",
                        format!(
                            "Unable to complete operation on port {port_id} for network {}. Port already has an attached device {}.",
                            port.network_id, port.device_id
                        ),
                    ));
                }
                if port.fixed_ips.is_empty() {
                    return Err(NeutronError::bad_router_request(
                        "Router port must have at least one fixed IP",
                    ));
                }
                for fixed in &port.fixed_ips {
                    if let Some(subnet) = store.subnets.get(&fixed.subnet_id) {
                        check_overlap(store, &id, subnet)?;
                    }
                }
                let port = store.owned_mut::<Port>(&port_id, &project, "update_port")?;
                port.device_id = id.clone();
                port.device_owner = ROUTER_INTERFACE.to_string();
                port.meta.touch(now);
                port_id
            }
        };
        if let Some(router) = store.routers.get_mut(&id) {
            router.meta.touch(now);
        }
        let port = store.get::<Port>(&port_id, &project)?;
        Ok(interface_info(&id, &project, port))
    })
}

/// `PUT /routers/{id}/remove_router_interface`: detaches a subnet or port and deletes the port.
async fn remove_interface(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let request = parse_interface(&bytes)?;
    let now = clock::now_ms();
    let project = caller.project_id;
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let router = store.owned::<Router>(&id, &project, "remove_router_interface")?;
        let port = match &request {
            InterfaceRequest::Subnet(subnet_id) => {
                store.get::<Subnet>(subnet_id, &project)?;
                interface_ports(store, &id)
                    .find(|p| p.fixed_ips.iter().any(|f| &f.subnet_id == subnet_id))
                    .ok_or_else(|| {
                        NeutronError::new(
                            StatusCode::NOT_FOUND,
                            "RouterInterfaceNotFoundForSubnet",
                            format!("Router {id} has no interface on subnet {subnet_id}"),
                        )
                    })?
            }
            InterfaceRequest::Port(port_id) => interface_ports(store, &id)
                .find(|p| &p.meta.id == port_id)
                .ok_or_else(|| {
                    NeutronError::new(
                        StatusCode::NOT_FOUND,
                        "RouterInterfaceNotFound",
                        format!("Router {id} does not have an interface with id {port_id}"),
                    )
                })?,
        };
        for fixed in &port.fixed_ips {
            let needed = store.subnets.get(&fixed.subnet_id).is_some_and(|s| {
                router.routes.iter().any(|r| s.cidr.contains(&r.nexthop))
            });
            if needed {
                return Err(NeutronError::conflict(
                    "RouterInterfaceInUseByRoute",
                    format!(
                        "Router interface for subnet {} on router {id} cannot be deleted, as it is required by one or more routes.",
                        fixed.subnet_id
                    ),
                ));
            }
        }
        floating_ips::check_interface_removal(store, &id, port)?;
        let info = interface_info(&id, &project, port);
        let port_id = port.meta.id.clone();
        store.ports.remove(&port_id);
        if let Some(router) = store.routers.get_mut(&id) {
            router.meta.touch(now);
        }
        Ok(info)
    })
}
