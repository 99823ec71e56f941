//! Networks with one IPv4 subnet that another API manages on a project's behalf (OTC's VPC
//! subnets, whose id is the network's id).

use std::net::IpAddr;
use std::time::Duration;

use ipnet::IpNet;

use super::ipam;
use super::networks::Network;
use super::quotas;
use super::store::{Meta, Store};
use super::subnets::Subnet;
use crate::openstack::errors::NeutronError;

/// What the managing API asks for.
pub(crate) struct ManagedNetwork {
    /// Owning project.
    pub project: String,
    /// Id of the network to create.
    pub id: String,
    /// Name of the network (and its subnet).
    pub name: String,
    /// Description of the network.
    pub description: String,
    /// The subnet's range.
    pub cidr: IpNet,
    /// The subnet's gateway.
    pub gateway: IpAddr,
    /// DNS servers handed out by DHCP.
    pub dns_nameservers: Vec<String>,
    /// Whether DHCP is on.
    pub enable_dhcp: bool,
    /// Availability zone the network is meant for, if any.
    pub zone: Option<String>,
}

/// Creates the network and its subnet (within the project's quotas); returns the subnet id.
pub(crate) fn create_network(
    store: &mut Store,
    spec: ManagedNetwork,
    now: i64,
    delay: Duration,
) -> Result<String, NeutronError> {
    quotas::check::<Network>(store, &spec.project)?;
    quotas::check::<Subnet>(store, &spec.project)?;
    let mut meta = Meta::new(&spec.project, now, delay);
    meta.id = spec.id.clone();
    meta.name = spec.name.clone();
    meta.description = spec.description;
    let network = Network {
        meta,
        admin_state_up: true,
        shared: false,
        external: false,
        mtu: 1500,
        port_security_enabled: true,
        availability_zone_hints: spec.zone.into_iter().collect(),
    };
    let mut meta = Meta::new(&spec.project, now, delay);
    meta.name = spec.name;
    let subnet_id = meta.id.clone();
    let subnet = Subnet {
        meta,
        network_id: spec.id.clone(),
        ip_version: 4,
        cidr: spec.cidr,
        gateway_ip: Some(spec.gateway),
        allocation_pools: ipam::default_pools(&spec.cidr, Some(spec.gateway)),
        dns_nameservers: spec.dns_nameservers,
        enable_dhcp: spec.enable_dhcp,
        ..Subnet::default()
    };
    store.networks.insert(spec.id, network);
    store.subnets.insert(subnet_id.clone(), subnet);
    Ok(subnet_id)
}
