//! Neutron (networking v2.0) at `<cloud>/network`.

mod body;
mod floating_ips;
mod ipam;
mod listing;
mod managed;
mod networks;
mod ports;
mod quotas;
mod reply;
mod routers;
mod security_group_rules;
mod security_groups;
mod seed;
mod store;
mod subnets;
mod tags;

pub(crate) use floating_ips::{allocate_external, bind_directly};
pub(crate) use managed::{create_network, ManagedNetwork};
pub(crate) use ports::{bind_to_device, create_for_device, DevicePort};
pub(crate) use store::{Meta, Store};

use axum::extract::Path;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

use super::errors::NeutronError;
use super::identity::Caller;
use super::BaseUrl;
use crate::app::App;
use crate::cloud::Cloud;
use floating_ips::FloatingIp;
use networks::Network;
use ports::Port;
use routers::Router as NeutronRouter;
use security_group_rules::SecurityGroupRule;
use security_groups::SecurityGroup;
use store::Resource;
use subnets::Subnet;

/// Extensions the emulator announces: (alias, name, description).
const EXTENSIONS: &[(&str, &str, &str)] = &[
    ("router", "Neutron L3 Router", "Router abstraction for basic L3 forwarding between L2 Neutron networks and access to external networks via a NAT gateway."),
    ("external-net", "Neutron external network", "Adds external network attribute to network resource."),
    ("ext-gw-mode", "Neutron L3 Configurable external gateway mode", "Extension of the router abstraction for specifying whether SNAT should occur on the external gateway"),
    ("extraroute", "Neutron Extra Route", "Extra routes configuration for L3 router"),
    ("standard-attr-tag", "Tag support for resources with standard attribute: subnet, trunk, network_segment_range, router, network, policy, subnetpool, port, security_group, floatingip", "Enables to set tag on resources with standard attribute."),
    ("standard-attr-description", "standard-attr-description", "Extension to add descriptions to standard attributes"),
    ("standard-attr-timestamp", "Resource timestamps", "Adds created_at and updated_at fields to all Neutron resources that have Neutron standard attributes."),
    ("standard-attr-revisions", "Resource revision numbers", "This extension will display the revision number of neutron resources."),
    ("project-id", "project_id field enabled", "Extension that indicates that project_id field is enabled."),
    ("quotas", "Quota management support", "Expose functions for quotas management per project"),
    ("quota_details", "Quota details management support", "Expose functions for quotas usage statistics per project"),
    ("security-group", "security-group", "The security groups extension."),
    ("subnet_allocation", "Subnet Allocation", "Enables allocation of subnets from a subnet pool"),
    ("network-mtu", "Network MTU", "Provides MTU attribute for a network resource."),
    ("net-mtu-writable", "Network MTU (writable)", "Provides a writable MTU attribute for a network resource."),
    ("port-security", "Port Security", "Provides port security"),
    ("allowed-address-pairs", "Allowed Address Pairs", "Provides allowed address pairs"),
    ("binding", "Port Binding", "Expose port bindings of a virtual port to external application"),
    ("availability_zone", "Availability Zone", "The availability zone extension."),
    ("network_availability_zone", "Network Availability Zone", "Availability zone support for network."),
    ("router_availability_zone", "Router Availability Zone", "Availability zone support for router."),
    ("subnet-service-types", "Subnet service types", "Provides ability to set the subnet service_types field"),
];

/// `<cloud>/network/v2.0/{path}`.
fn v2(cloud: Cloud, path: &str) -> String {
    format!("{}/v2.0/{path}", cloud.network())
}

/// Neutron routes of `cloud`.
pub(super) fn router(cloud: Cloud) -> Router<App> {
    let prefix = cloud.network();
    let mut router = Router::new()
        .route(&prefix, get(versions))
        .route(&format!("{prefix}/"), get(versions))
        .route(&format!("{prefix}/v2.0"), get(index))
        .route(&v2(cloud, ""), get(index))
        .route(&v2(cloud, "extensions"), get(extensions))
        .route(&v2(cloud, "extensions/{alias}"), get(extension));
    router = networks::routes(router, cloud);
    router = subnets::routes(router, cloud);
    router = routers::routes(router, cloud);
    router = ports::routes(router, cloud);
    router = security_groups::routes(router, cloud);
    router = security_group_rules::routes(router, cloud);
    router = floating_ips::routes(router, cloud);
    router = quotas::routes(router, cloud);
    router = tags::routes::<Network>(router, cloud);
    router = tags::routes::<Subnet>(router, cloud);
    router = tags::routes::<NeutronRouter>(router, cloud);
    router = tags::routes::<Port>(router, cloud);
    router = tags::routes::<SecurityGroup>(router, cloud);
    tags::routes::<FloatingIp>(router, cloud)
}

/// `GET <cloud>/network`: the version list (no token needed, as in Neutron).
async fn versions(cloud: Cloud, BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"versions": [{
        "id": "v2.0",
        "status": "CURRENT",
        "links": [{"href": format!("{base}{}", v2(cloud, "")), "rel": "self"}],
    }]}))
}

fn resource_link<R: Resource>(cloud: Cloud, base: &str) -> Value {
    json!({
        "name": R::SINGULAR,
        "collection": R::PLURAL,
        "links": [{"href": format!("{base}{}", v2(cloud, R::PATH)), "rel": "self"}],
    })
}

/// `GET <cloud>/network/v2.0/`: the resource collections.
async fn index(caller: Caller, BaseUrl(base): BaseUrl) -> Json<Value> {
    let cloud = caller.cloud;
    Json(json!({"resources": [
        resource_link::<Network>(cloud, &base),
        resource_link::<Subnet>(cloud, &base),
        resource_link::<NeutronRouter>(cloud, &base),
        resource_link::<Port>(cloud, &base),
        resource_link::<SecurityGroup>(cloud, &base),
        resource_link::<SecurityGroupRule>(cloud, &base),
        resource_link::<FloatingIp>(cloud, &base),
    ]}))
}

fn extension_body(alias: &str, name: &str, description: &str) -> Value {
    json!({
        "alias": alias,
        "name": name,
        "description": description,
        "links": [],
        "updated": "2013-01-01T10:00:00-00:00",
    })
}

async fn extensions(_caller: Caller) -> Json<Value> {
    let all: Vec<Value> = EXTENSIONS
        .iter()
        .map(|(alias, name, description)| extension_body(alias, name, description))
        .collect();
    Json(json!({"extensions": all}))
}

async fn extension(
    _caller: Caller,
    Path(alias): Path<String>,
) -> Result<Json<Value>, NeutronError> {
    EXTENSIONS
        .iter()
        .find(|(a, _, _)| *a == alias)
        .map(|(alias, name, description)| {
            Json(json!({"extension": extension_body(alias, name, description)}))
        })
        .ok_or_else(|| {
            NeutronError::new(
                StatusCode::NOT_FOUND,
                "HTTPNotFound",
                format!("Extension with alias {alias} does not exist"),
            )
        })
}
