//! The resources every project of a cloud finds in place: the shared external network
//! (`ext01` on plusserver, `admin_external_net` on OTC).

use std::collections::BTreeSet;

use ipnet::IpNet;

use super::ipam;
use super::networks::Network;
use super::store::{Meta, Store};
use super::subnets::Subnet;
use crate::clock;
use crate::cloud::Cloud;

fn seeded_meta(owner: &str, id: &str, name: &str, description: &str, now: i64) -> Meta {
    Meta {
        id: id.to_string(),
        name: name.to_string(),
        description: description.to_string(),
        project_id: owner.to_string(),
        tags: BTreeSet::new(),
        created_ms: now,
        updated_ms: now,
        ready_ms: now,
        revision_number: 1,
        seeded: true,
    }
}

impl Store {
    /// Puts `cloud`'s seeded resources in place unless they already are (e.g. loaded from a
    /// state file).
    pub fn seed(&mut self, cloud: Cloud) {
        let profile = cloud.profile();
        let owner = profile.admin_project_id;
        let external = &profile.external_network;
        let now = clock::now_ms();
        self.networks
            .entry(external.id.to_string())
            .or_insert_with(|| Network {
                meta: seeded_meta(
                    owner,
                    external.id,
                    external.name,
                    "External network for floating IPs and router gateways",
                    now,
                ),
                admin_state_up: true,
                shared: true,
                external: true,
                mtu: 1500,
                port_security_enabled: true,
                availability_zone_hints: Vec::new(),
            });
        let Ok(cidr) = external.cidr.parse::<IpNet>() else {
            return;
        };
        self.subnets
            .entry(external.subnet_id.to_string())
            .or_insert_with(|| {
                let gateway_ip = ipam::default_gateway(&cidr);
                Subnet {
                    meta: seeded_meta(
                        owner,
                        external.subnet_id,
                        &format!("{}-subnet", external.name),
                        "",
                        now,
                    ),
                    network_id: external.id.to_string(),
                    ip_version: 4,
                    cidr,
                    gateway_ip,
                    allocation_pools: ipam::default_pools(&cidr, gateway_ip),
                    enable_dhcp: false,
                    ..Subnet::default()
                }
            });
    }
}
