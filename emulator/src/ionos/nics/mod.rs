//! NICs `/datacenters/{dc}/servers/{sid}/nics[/{nicId}]`: a server's port on a LAN, with its
//! IPv4 addresses (from the LAN's block on private LANs, from the account's IP blocks or the
//! provider's pool on public ones), a MAC and the security groups attached to it.

mod addresses;
mod handlers;
mod spec;

pub(crate) use handlers::{create, list, remove, show, update};
pub(crate) use spec::insert;

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::meta::Meta;
use super::render::{dyns, Ctx, Entity, Resource};
use super::store::Stored;

/// A NIC.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Nic {
    /// Data center id.
    pub dc: String,
    /// The server it belongs to.
    pub server_id: String,
    /// NIC id.
    pub id: String,
    /// Name.
    pub name: String,
    /// LAN id.
    pub lan: String,
    /// IPv4 addresses.
    pub ips: Vec<Ipv4Addr>,
    /// Whether DHCP hands out its address.
    pub dhcp: bool,
    /// Whether its firewall is active.
    pub firewall_active: bool,
    /// `INGRESS`, `EGRESS` or `BIDIRECTIONAL`.
    pub firewall_type: String,
    /// MAC address.
    pub mac: String,
    /// Position among the server's NICs (from 1).
    pub device: u32,
    /// Ids of the security groups attached to it.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// Life cycle.
    pub meta: Meta,
}

impl Stored for Nic {
    const WHAT: &'static str = "nic";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Resource for Nic {
    fn kind(&self) -> &'static str {
        "nic"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!(
            "/datacenters/{}/servers/{}/nics/{}",
            self.dc, self.server_id, self.id
        )
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        json!({
            "name": self.name,
            "mac": self.mac,
            "ips": self.ips.iter().map(|ip| ip.to_string()).collect::<Vec<_>>(),
            "dhcp": self.dhcp,
            "ipv6Ips": [],
            "ipv6CidrBlock": null,
            "dhcpv6": null,
            "lan": self.lan.parse::<u32>().unwrap_or_default(),
            "firewallActive": self.firewall_active,
            "firewallType": self.firewall_type,
            "deviceNumber": self.device,
            "pciSlot": self.device + 5,
            "vnet": null,
        })
    }

    fn entities<'a>(&self, ctx: &Ctx<'a>) -> Vec<Entity<'a>> {
        vec![Entity {
            name: "securitygroups",
            path: format!("{}/securitygroups", self.path()),
            items: dyns(
                ctx.store
                    .groups_by_id(&self.dc, &self.security_groups, ctx.now),
            ),
        }]
    }
}
