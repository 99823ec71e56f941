//! Volumes `/datacenters/{dc}/volumes[/{id}]`: block storage, blank or from a public image,
//! attached to at most one server (the server keeps the attachment; the volume shows it as
//! `bootServer` and `deviceNumber`).

mod handlers;
mod spec;

pub(crate) use handlers::{create, list, remove, show, update};
pub(crate) use spec::{insert, parse_new, Spec};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::meta::Meta;
use super::render::{Ctx, Resource};
use super::store::Stored;

/// A volume.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Volume {
    /// Data center id.
    pub dc: String,
    /// Volume id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Size in GB (it only grows).
    pub size: f64,
    /// `HDD`, `SSD`, `SSD Standard` or `SSD Premium`.
    pub kind: String,
    /// `AUTO`, `ZONE_1`, `ZONE_2` or `ZONE_3`.
    pub zone: String,
    /// The image it was made from.
    pub image: Option<String>,
    /// The image alias it was asked for with.
    pub alias: Option<String>,
    /// `LINUX` for volumes from an image, as asked (or `UNKNOWN`) for blank ones.
    pub licence: String,
    /// `VIRTIO` or `IDE`.
    pub bus: String,
    /// Public SSH keys given at creation (never shown by the API).
    #[serde(default)]
    pub ssh_keys: Vec<String>,
    /// Base64 cloud-init user data given at creation (never shown by the API).
    #[serde(default)]
    pub user_data: Option<String>,
    /// Whether an image password was given at creation (the password is not kept).
    #[serde(default)]
    pub password_set: bool,
    /// Life cycle.
    pub meta: Meta,
}

impl Stored for Volume {
    const WHAT: &'static str = "volume";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Volume {
    /// What the admin inventory shows beyond the API body: the write-only fields.
    pub fn write_only(&self) -> Value {
        json!({
            "sshKeys": self.ssh_keys,
            "userData": self.user_data,
            "imagePasswordSet": self.password_set,
        })
    }
}

impl Resource for Volume {
    fn kind(&self) -> &'static str {
        "volume"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!("/datacenters/{}/volumes/{}", self.dc, self.id)
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, ctx: &Ctx) -> Value {
        let attached = ctx.store.attachment(&self.id, ctx.now);
        json!({
            "name": self.name,
            "type": self.kind,
            "size": self.size,
            "availabilityZone": self.zone,
            "image": self.image,
            "imagePassword": null,
            "imageAlias": self.alias,
            "sshKeys": null,
            "bus": self.bus,
            "licenceType": self.licence,
            "cpuHotPlug": true,
            "ramHotPlug": true,
            "nicHotPlug": true,
            "nicHotUnplug": true,
            "discVirtioHotPlug": true,
            "discVirtioHotUnplug": true,
            "deviceNumber": attached.map(|(_, device)| device),
            "pciSlot": attached.map(|(_, device)| device + 5),
            "backupunitId": null,
            "userData": null,
            "bootServer": attached.map(|(server, _)| server.id.as_str()),
            "bootOrder": "AUTO",
        })
    }
}
