//! Servers with exact cores and memory, made in one request together with their boot volume
//! (from the image, with the SSH keys and user data) and their primary NIC on the network's
//! LAN. Security groups are attached to the server; labels use the label API. Delete detaches
//! the volumes the server did not bring, then removes the server with its boot volume in one
//! request, so no cut-off can leave the boot volume behind.

use base64::Engine as _;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::flavors;
use super::repr::Item;
use super::volume::{VolumeProperties, DEFAULT_VOLUME_TYPE};
use super::IonosBackend;
use crate::error::{ignore_not_found, Error, ErrorKind, Result};
use crate::model::*;
use crate::wait::Deadline;

/// The name of the NIC a server is made with on its network.
const PRIMARY_NIC: &str = "primary";

#[derive(Debug, Deserialize)]
struct ServerProperties {
    #[serde(default)]
    name: String,
    #[serde(default)]
    cores: u32,
    /// MB.
    #[serde(default)]
    ram: u64,
    #[serde(default, rename = "availabilityZone")]
    availability_zone: Option<String>,
    #[serde(default, rename = "vmState")]
    vm_state: Option<String>,
    #[serde(default, rename = "bootVolume")]
    boot_volume: Option<Value>,
}

#[derive(Debug, Deserialize)]
pub(super) struct NicProperties {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub lan: u64,
    #[serde(default)]
    pub ips: Vec<String>,
}

/// The uniform status of an IONOS server: its request state, then its VM state.
fn status(state: &str, vm_state: Option<&str>) -> String {
    match (state, vm_state) {
        ("BUSY" | "DEPLOYING" | "UPDATING", _) => "BUILD".to_string(),
        ("FAILED" | "FAILED_UPDATING" | "FAILED_SUSPENDED", _) => "ERROR".to_string(),
        (_, Some("RUNNING")) => "ACTIVE".to_string(),
        (_, Some(vm)) => vm.to_string(),
        (state, None) => state.to_string(),
    }
}

/// Items of an entity collection read with depth ≥ 2, decoded.
fn entity_items<P: serde::de::DeserializeOwned>(entities: &Value, name: &str) -> Vec<Item<P>> {
    entities[name]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| serde_json::from_value(item.clone()).ok())
                .collect()
        })
        .unwrap_or_default()
}

/// A random password of 32 letters and digits, for images that need one; it is sent once and
/// kept nowhere.
fn sealed_password() -> String {
    use rand::distributions::{Alphanumeric, DistString};
    // Letters and digits both appear, as IONOS's password rule wants.
    format!(
        "Aa1{}",
        Alphanumeric.sample_string(&mut rand::thread_rng(), 29)
    )
}

/// A LAN id as the number IONOS takes.
fn lan_number(network_id: &str) -> Result<u64> {
    network_id.parse().map_err(|_| {
        Error::invalid_field(
            "network_id",
            format!("{network_id:?} is not an IONOS LAN id (a number)"),
        )
    })
}

impl IonosBackend {
    pub(super) fn server_path(&self, id: &str) -> String {
        self.client.dc(&format!("/servers/{id}"))
    }

    fn server_body(&self, spec: &ServerSpec, image: &Image, lan: u64) -> Result<Value> {
        let (cores, memory_gb) = flavors::resolve(&spec.size)?;
        let zone = spec.availability_zone.as_deref().unwrap_or("AUTO");
        let mut boot = json!({
            "name": format!("{}-boot", spec.name),
            "size": spec.boot_volume_gb(image, 0)?,
            "type": spec.boot_volume_type.as_deref().unwrap_or(DEFAULT_VOLUME_TYPE),
            "image": image.id,
            "sshKeys": spec.ssh_public_keys,
        });
        if let Some(data) = &spec.user_data {
            boot["userData"] = json!(base64::engine::general_purpose::STANDARD.encode(data));
        }
        if spec.ssh_public_keys.is_empty() {
            // IONOS makes a volume from a public image only with SSH keys or a password; with no
            // keys given, a random password nobody sees or stores keeps the image closed.
            boot["imagePassword"] = json!(sealed_password());
        }
        Ok(json!({
            "properties": {
                "name": spec.name,
                "cores": cores,
                "ram": u64::from(memory_gb) * 1024,
                "availabilityZone": zone,
            },
            "entities": {
                "volumes": {"items": [{"properties": boot}]},
                "nics": {"items": [{"properties": {
                    "name": PRIMARY_NIC, "lan": lan, "dhcp": true, "firewallActive": false,
                }}]},
            },
        }))
    }

    pub(super) async fn server_create(
        &self,
        spec: &ServerSpec,
        deadline: Deadline,
    ) -> Result<Server> {
        spec.validate()?;
        if let Some(zone) = &spec.availability_zone {
            if !super::ZONES.contains(&zone.as_str()) {
                return Err(Error::invalid_field(
                    "availability_zone",
                    format!(
                        "IONOS servers go in {}, not {zone:?}",
                        super::ZONES.join(" or ")
                    ),
                ));
            }
        }
        let lan = lan_number(&spec.network_id)?;
        let image = self.resolve_image(&spec.image).await?;
        let body = self.server_body(spec, &image, lan)?;
        // The server brings its boot volume and NIC in the same request: finding the server
        // finds them all.
        let servers = self.client.dc("/servers");
        let made = self
            .client
            .create(&format!("server {:?}", spec.name), &servers, &body, || {
                self.client.named(&servers, &spec.name)
            })
            .await?;
        let id = made.id.clone();
        tracing::info!(id, name = %spec.name, "server requested; following its request");
        let finished = async {
            self.client
                .wait_made(
                    &made,
                    &self.server_path(&id),
                    "creating the server",
                    deadline,
                )
                .await?;
            if !spec.security_group_ids.is_empty() {
                self.set_server_groups(&id, &spec.security_group_ids, deadline)
                    .await?;
            }
            if !spec.labels.is_empty() {
                self.set_labels(&self.server_path(&id), &spec.labels, deadline)
                    .await?;
            }
            self.server_get(&id).await
        }
        .await;
        finished.map_err(|e| e.with_resource_id(&id))
    }

    async fn set_server_groups(
        &self,
        id: &str,
        groups: &[String],
        deadline: Deadline,
    ) -> Result<()> {
        self.client
            .change_and_wait(
                Method::PUT,
                &format!("{}/securitygroups", self.server_path(id)),
                Some(&json!({ "ids": groups })),
                "attaching security groups",
                id,
                deadline,
            )
            .await
            .map(|_| ())
            .map_err(|e| match e.kind() {
                ErrorKind::NotFound | ErrorKind::InvalidInput => e.with_field("security_group_ids"),
                _ => e,
            })
    }

    /// The server's primary NIC: the one it was made with, else (a server made elsewhere) the
    /// first on a private LAN.
    async fn pick_primary(
        &self,
        mut nics: Vec<Item<NicProperties>>,
    ) -> Result<Option<Item<NicProperties>>> {
        if let Some(at) = nics
            .iter()
            .position(|n| n.properties.name.as_deref() == Some(PRIMARY_NIC))
        {
            return Ok(Some(nics.swap_remove(at)));
        }
        let public: Vec<u64> = self
            .lans()
            .await?
            .into_iter()
            .filter(|l| l.properties.public)
            .filter_map(|l| l.id.parse().ok())
            .collect();
        Ok(nics
            .into_iter()
            .find(|n| !public.contains(&n.properties.lan)))
    }

    pub(super) async fn server_get(&self, id: &str) -> Result<Server> {
        let path = self.server_path(id);
        let server: Item<ServerProperties> = self.client.get(&format!("{path}?depth=2")).await?;
        let boot_id = server
            .properties
            .boot_volume
            .as_ref()
            .and_then(|b| b["id"].as_str())
            .map(String::from);
        let volumes: Vec<Item<Value>> = entity_items(&server.entities, "volumes");
        let image_id = volumes
            .iter()
            .find(|v| Some(&v.id) == boot_id.as_ref())
            .and_then(|v| v.properties["image"].as_str())
            .map(String::from);
        let primary = self
            .pick_primary(entity_items(&server.entities, "nics"))
            .await?;
        let groups = super::repr::entity_ids(&server.entities, "securitygroups");
        let cores = server.properties.cores;
        let memory_gb = u32::try_from(server.properties.ram / 1024).unwrap_or(u32::MAX);
        Ok(Server {
            status: status(
                &server.metadata.state,
                server.properties.vm_state.as_deref(),
            ),
            id: server.id,
            name: server.properties.name,
            image_id,
            network_id: primary
                .as_ref()
                .map(|n| n.properties.lan.to_string())
                .unwrap_or_default(),
            private_ip: primary.and_then(|n| n.properties.ips.into_iter().next()),
            // The size as its SCS name; none for memory in less than whole GB (set elsewhere).
            flavor: server
                .properties
                .ram
                .is_multiple_of(1024)
                .then(|| flavors::scs_name(cores, memory_gb)),
            cores,
            memory_gb,
            availability_zone: server.properties.availability_zone,
            security_group_ids: groups,
            labels: self.labels(&path).await?,
        })
    }

    pub(super) async fn server_update(
        &self,
        id: &str,
        update: &ServerUpdate,
        deadline: Deadline,
    ) -> Result<Server> {
        let mut properties = json!({});
        if let Some(name) = &update.name {
            validate_name(name)?;
            properties["name"] = json!(name);
        }
        if let Some(size) = &update.size {
            let (cores, memory_gb) = flavors::resolve(size)?;
            properties["cores"] = json!(cores);
            properties["ram"] = json!(u64::from(memory_gb) * 1024);
        }
        if properties.as_object().is_some_and(|p| !p.is_empty()) {
            self.client
                .change_and_wait(
                    Method::PATCH,
                    &self.server_path(id),
                    Some(&properties),
                    "changing the server",
                    id,
                    deadline,
                )
                .await?;
        }
        if let Some(groups) = &update.security_group_ids {
            self.set_server_groups(id, groups, deadline).await?;
        }
        if let Some(labels) = &update.labels {
            self.set_labels(&self.server_path(id), labels, deadline)
                .await?;
        }
        self.server_get(id).await
    }

    pub(super) async fn server_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let path = self.server_path(id);
        let server: Item<ServerProperties> = self.client.get(&format!("{path}?depth=2")).await?;
        let boot_id = server
            .properties
            .boot_volume
            .as_ref()
            .and_then(|b| b["id"].as_str())
            .map(String::from);
        // Volumes the server did not bring keep their data: detach them first.
        // What was there a moment ago and is gone now went with a DELETE resent after a lost
        // answer.
        for volume in entity_items::<VolumeProperties>(&server.entities, "volumes")
            .into_iter()
            .filter(|v| Some(&v.id) != boot_id.as_ref())
        {
            ignore_not_found(self.detach(&format!("{id}/{}", volume.id), deadline).await)?;
        }
        let deleted = self
            .client
            .delete_and_wait(
                &format!("{path}?deleteVolumes=true"),
                "deleting the server",
                id,
                deadline,
            )
            .await;
        ignore_not_found(deleted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_read_like_every_cloud() {
        assert_eq!(status("BUSY", None), "BUILD");
        assert_eq!(status("AVAILABLE", Some("RUNNING")), "ACTIVE");
        assert_eq!(status("FAILED", Some("NOSTATE")), "ERROR");
        assert_eq!(status("AVAILABLE", Some("SHUTOFF")), "SHUTOFF");
        assert_eq!(lan_number("3").unwrap(), 3);
        assert_eq!(lan_number("x").unwrap_err().field(), Some("network_id"));
        let password = sealed_password();
        assert_eq!(password.len(), 32);
        assert_ne!(password, sealed_password());
    }
}
