//! The resources every plusserver project finds in place: the shared external network `ext01`.

use std::collections::BTreeSet;

use ipnet::IpNet;

use super::ipam;
use super::networks::Network;
use super::store::{Meta, Store};
use super::subnets::Subnet;
use crate::clock;
use crate::defaults;

fn seeded_meta(id: &str, name: &str, description: &str, now: i64) -> Meta {
    Meta {
        id: id.to_string(),
        name: name.to_string(),
        description: description.to_string(),
        project_id: defaults::ADMIN_PROJECT_ID.to_string(),
        tags: BTreeSet::new(),
        created_ms: now,
        updated_ms: now,
        ready_ms: now,
        revision_number: 1,
        seeded: true,
    }
}

impl Store {
    /// Puts the seeded resources in place unless they already are (e.g. loaded from a state file).
    pub fn seed(&mut self) {
        let now = clock::now_ms();
        self.networks
            .entry(defaults::EXTERNAL_NETWORK_ID.to_string())
            .or_insert_with(|| Network {
                meta: seeded_meta(
                    defaults::EXTERNAL_NETWORK_ID,
                    defaults::EXTERNAL_NETWORK_NAME,
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
        let Ok(cidr) = defaults::EXTERNAL_SUBNET_CIDR.parse::<IpNet>() else {
            return;
        };
        self.subnets
            .entry(defaults::EXTERNAL_SUBNET_ID.to_string())
            .or_insert_with(|| {
                let gateway_ip = ipam::default_gateway(&cidr);
                Subnet {
                    meta: seeded_meta(
                        defaults::EXTERNAL_SUBNET_ID,
                        &format!("{}-subnet", defaults::EXTERNAL_NETWORK_NAME),
                        "",
                        now,
                    ),
                    network_id: defaults::EXTERNAL_NETWORK_ID.to_string(),
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
