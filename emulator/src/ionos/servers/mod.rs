//! Servers `/datacenters/{dc}/servers[/{id}]` (ENTERPRISE only): cores and RAM, an
//! availability zone, a boot volume, attached volumes and NICs (created with the server from
//! `entities`, or later) and security groups.

mod create;
mod delete;
mod handlers;
mod spec;
mod update;
pub(crate) mod volumes;

pub(crate) use create::create;
pub(crate) use delete::remove;
pub(crate) use handlers::{list, show};
pub(crate) use update::update;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::meta::Meta;
use super::render::{dyns, reference, Ctx, Entity, Resource};
use super::store::{Store, Stored};

/// A volume attached to a server.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Attachment {
    /// Volume id.
    pub volume: String,
    /// Its device number on the server (from 1).
    pub device: u32,
}

/// A server.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Server {
    /// Data center id.
    pub dc: String,
    /// Server id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Cores.
    pub cores: i64,
    /// RAM in MB.
    pub ram: i64,
    /// `ZONE_1` or `ZONE_2` (`AUTO` is resolved to `ZONE_1`).
    pub zone: String,
    /// CPU family.
    pub cpu_family: String,
    /// `ENTERPRISE`.
    pub kind: String,
    /// The boot volume's id.
    pub boot_volume: Option<String>,
    /// Attached volumes.
    #[serde(default)]
    pub volumes: Vec<Attachment>,
    /// Ids of the security groups attached to it.
    #[serde(default)]
    pub security_groups: Vec<String>,
    /// When its build is over (it runs from then on unless the build failed).
    pub running_from: i64,
    /// Life cycle.
    pub meta: Meta,
}

impl Stored for Server {
    const WHAT: &'static str = "server";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Server {
    /// `vmState`: `RUNNING` once built, `NOSTATE` while building or after a failed build.
    fn vm_state(&self, now: i64) -> &'static str {
        if self.meta.failed || now < self.running_from {
            "NOSTATE"
        } else {
            "RUNNING"
        }
    }

    /// The smallest device number no live volume of the server has.
    pub fn next_device(&self, store: &Store, now: i64) -> u32 {
        let taken: Vec<u32> = store
            .attached_volumes(self, now)
            .iter()
            .filter_map(|v| self.volumes.iter().find(|a| a.volume == v.id))
            .map(|a| a.device)
            .collect();
        (1u32..).find(|d| !taken.contains(d)).unwrap_or(1)
    }
}

impl Resource for Server {
    fn kind(&self) -> &'static str {
        "server"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!("/datacenters/{}/servers/{}", self.dc, self.id)
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, ctx: &Ctx) -> Value {
        let boot = self
            .boot_volume
            .as_deref()
            .and_then(|id| ctx.store.volume(&self.dc, id, ctx.now).ok())
            .map(|v| reference(ctx.api, v));
        json!({
            "templateUuid": null,
            "name": self.name,
            "hostname": null,
            "cores": self.cores,
            "ram": self.ram,
            "availabilityZone": self.zone,
            "vmState": self.vm_state(ctx.now),
            "bootCdrom": null,
            "bootVolume": boot,
            "cpuFamily": self.cpu_family,
            "type": self.kind,
            "placementGroupId": null,
            "nicMultiQueue": false,
        })
    }

    fn entities<'a>(&self, ctx: &Ctx<'a>) -> Vec<Entity<'a>> {
        vec![
            Entity {
                name: "volumes",
                path: format!("{}/volumes", self.path()),
                items: dyns(ctx.store.attached_volumes(self, ctx.now)),
            },
            Entity {
                name: "nics",
                path: format!("{}/nics", self.path()),
                items: dyns(ctx.store.nics_of(&self.id, ctx.now)),
            },
            Entity {
                name: "securitygroups",
                path: format!("{}/securitygroups", self.path()),
                items: dyns(
                    ctx.store
                        .groups_by_id(&self.dc, &self.security_groups, ctx.now),
                ),
            },
        ]
    }
}
