//! Servers `P/servers[/{id}]` with their actions (`resize`), volume attachments, security
//! groups and public IPs. A new server is `CREATING`, then `ACTIVE` (or `ERROR` when its name
//! contains `fail-build`); a deleted one `DELETING`, then gone, taking its
//! `deleteOnTermination` volumes and the NICs it made along.

pub(crate) mod actions;
pub(crate) mod attachments;
pub(crate) mod create;
pub(crate) mod handlers;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::labels::Labels;
use super::life::Life;
use super::store::{find, Store, Stored};

/// A server.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Server {
    /// Id.
    pub id: String,
    /// Name (a host name).
    pub name: String,
    /// Machine type.
    pub machine_type: String,
    /// Availability zone.
    pub zone: String,
    /// Key pair name.
    pub keypair: Option<String>,
    /// Labels.
    pub labels: Labels,
    /// Metadata object, as given.
    pub metadata: Option<Value>,
    /// The image it was started from by `imageId`.
    pub image_id: Option<String>,
    /// The boot volume.
    pub boot_volume: Option<String>,
    /// Base64 user data (write-only).
    pub user_data: Option<String>,
    /// Why the build failed (`fail-build`).
    pub error: Option<String>,
    /// Life cycle.
    pub life: Life,
}

impl Stored for Server {
    const WHAT: &'static str = "server";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl Server {
    /// The settled status.
    fn settled(&self) -> &'static str {
        if self.error.is_some() {
            "ERROR"
        } else {
            "ACTIVE"
        }
    }

    /// The API body at `now`; `details` adds `nics`. `networking`, `userData` and
    /// `securityGroups` are write-only and never shown.
    pub fn render(&self, store: &Store, now: i64, details: bool) -> Value {
        let status = self.life.status(now, self.settled());
        let mut out = json!({
            "id": self.id,
            "name": self.name,
            "status": status,
            "machineType": self.machine_type,
            "availabilityZone": self.zone,
            "labels": self.labels,
            "volumes": store.volumes_of(&self.id, now).iter().map(|v| v.id.clone()).collect::<Vec<_>>(),
            "createdAt": self.life.created_at(),
            "updatedAt": self.life.updated_at(),
        });
        match (status, &self.error) {
            ("CREATING", _) => {}
            (_, Some(error)) => {
                out["powerStatus"] = Value::from("ERROR");
                out["errorMessage"] = Value::from(error.clone());
            }
            _ => {
                out["powerStatus"] = Value::from("RUNNING");
                out["launchedAt"] = Value::from(self.life.created_at());
            }
        }
        if let Some(boot) = self
            .boot_volume
            .as_ref()
            .and_then(|id| find(&store.volumes, id, now).ok())
        {
            out["bootVolume"] =
                json!({"id": boot.id, "deleteOnTermination": boot.delete_on_termination});
        }
        let optional = [("keypairName", &self.keypair), ("imageId", &self.image_id)];
        for (key, value) in optional {
            if let Some(value) = value {
                out[key] = Value::from(value.clone());
            }
        }
        if let Some(metadata) = &self.metadata {
            out["metadata"] = metadata.clone();
        }
        if details {
            out["nics"] = Value::Array(self.nics(store, now));
        }
        out
    }

    /// `nics` of a detailed body.
    fn nics(&self, store: &Store, now: i64) -> Vec<Value> {
        store
            .nics_of(&self.id, now)
            .into_iter()
            .map(|nic| {
                let network = store.networks.get(&nic.network_id);
                let mut out = json!({
                    "nicId": nic.id,
                    "networkId": nic.network_id,
                    "networkName": network.map(|n| n.name.clone()).unwrap_or_default(),
                    "ipv4": nic.ipv4.to_string(),
                    "mac": nic.mac,
                    "nicSecurity": nic.nic_security,
                    "securityGroups": nic.security_groups,
                });
                if let Some(ip) = store
                    .public_ips
                    .values()
                    .find(|ip| ip.nic.as_deref() == Some(nic.id.as_str()))
                {
                    out["publicIp"] = Value::from(ip.ip.to_string());
                }
                out
            })
            .collect()
    }
}
