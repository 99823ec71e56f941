//! Servers on STACKIT: the SDK makes a key pair for `ssh_public_keys` (further keys go into
//! cloud-init) and a NIC on the network with the security groups by id, then the server with
//! a boot volume from the image that goes with it; `CREATING` → `ACTIVE` (or `ERROR` with
//! STACKIT's message). Delete removes the server, then the NIC and the key pair the SDK made.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::create::created_id;
use super::names::{check_labels, check_server_name, replacing, users, OWN_PREFIX};
use super::StackitBackend;
use crate::error::{ignore_not_found, with_cleanup_note, Error, ErrorKind, Result};
use crate::lost_create::{ensure_once, exists};
use crate::model::{Labels, Server, ServerSpec, ServerUpdate};
use crate::provisioning::{encoded_user_data, owned_name_within, validate};
use crate::wait::status::{wait_for_status, wait_until_gone, Observed};
use crate::wait::Deadline;

/// The label on a NIC the SDK made for a server.
const OWNED_NIC: &str = "sovereign-owned";
/// The label on that NIC naming the key pair made for the server.
const KEYPAIR_LABEL: &str = "sovereign-keypair";
/// How much of the server's name goes into the key pair's name.
const KEYPAIR_NAME_BUDGET: usize = 80;

#[derive(Debug, Deserialize)]
struct StackitServer {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default, rename = "machineType")]
    machine_type: String,
    #[serde(default, rename = "availabilityZone")]
    availability_zone: Option<String>,
    #[serde(default, rename = "imageId")]
    image_id: Option<String>,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    nics: Vec<ServerNic>,
    #[serde(default, rename = "errorMessage")]
    error_message: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ServerNic {
    #[serde(rename = "nicId")]
    nic_id: String,
    #[serde(default, rename = "networkId")]
    network_id: String,
    #[serde(default)]
    ipv4: Option<String>,
    #[serde(default, rename = "securityGroups")]
    security_groups: Vec<String>,
}

/// A server spec checked against STACKIT's rules.
pub(super) fn check_server(spec: &ServerSpec) -> Result<()> {
    validate(spec)?;
    check_server_name(&spec.name)?;
    check_labels(&spec.labels)
}

impl StackitBackend {
    fn server_path(&self, id: &str) -> String {
        self.client.p(&format!("/servers/{id}"))
    }

    async fn server_raw(&self, id: &str) -> Result<StackitServer> {
        self.client
            .get(&format!("{}?details=true", self.server_path(id)))
            .await
    }

    pub(super) async fn server_create(
        &self,
        spec: &ServerSpec,
        deadline: Deadline,
    ) -> Result<Server> {
        check_server(spec)?;
        let image = self.resolve_image(&spec.image).await?;
        let machine_type = self.resolve_machine_type(&spec.size).await?;
        let zone = match &spec.availability_zone {
            Some(zone) => zone.clone(),
            None => self.default_zone().await?,
        };
        let keypair = match spec.ssh_public_keys.first() {
            Some(key) => Some(self.keypair_create(&spec.name, key).await?),
            None => None,
        };
        let mut nic_labels = Labels::from([(OWNED_NIC.to_string(), "true".to_string())]);
        if let Some(name) = &keypair {
            nic_labels.insert(KEYPAIR_LABEL.to_string(), name.clone());
        }
        let made = async {
            let nic = self
                .nic_create(&spec.network_id, &spec.security_group_ids, &nic_labels)
                .await?;
            let mut boot = json!({
                "source": {"type": "image", "id": image.id},
                "size": spec.boot_volume_gb(&image, 0)?,
                "deleteOnTermination": true,
            });
            if let Some(class) = &spec.boot_volume_type {
                boot["performanceClass"] = json!(class);
            }
            let mut body = json!({
                "name": spec.name,
                "machineType": machine_type.name,
                "availabilityZone": zone,
                "networking": {"nicIds": [nic.id]},
                "bootVolume": boot,
                "labels": spec.labels,
            });
            if let Some(name) = &keypair {
                body["keypairName"] = json!(name);
            }
            if let Some(data) = encoded_user_data(spec) {
                body["userData"] = json!(data);
            }
            let servers = self.client.p("/servers");
            let created = self
                .client
                .create(&format!("server {:?}", spec.name), &servers, &body, || {
                    self.client.named(&servers, &spec.name)
                })
                .await;
            match created {
                Ok(created) => Ok((nic, created)),
                Err(error) => {
                    let cleanup = self.nic_delete(&nic).await;
                    Err(with_cleanup_note(error, cleanup, "NIC", &nic.id))
                }
            }
        }
        .await;
        let (_, created) = match made {
            Ok(made) => made,
            Err(error) => {
                if let Some(name) = &keypair {
                    let cleanup = self.keypair_delete(name).await;
                    return Err(with_cleanup_note(error, cleanup, "key pair", name));
                }
                return Err(error);
            }
        };
        let id = created_id(&created, "server")?;
        tracing::info!(id, name = %spec.name, "server requested; waiting for ACTIVE");
        wait_for_status(
            "creating the server",
            &id,
            deadline,
            &["ACTIVE"],
            &["ERROR", "FAILED"],
            || self.server_observed(&id, None),
        )
        .await?;
        self.server_get(&id)
            .await
            .map_err(|e| e.with_resource_id(&id))
    }

    /// The server's status for a wait; while a resize to `machine_type` has not shown, it reads
    /// as `RESIZING`.
    async fn server_observed(&self, id: &str, machine_type: Option<&str>) -> Result<Observed> {
        let server = self.server_raw(id).await?;
        let status = match machine_type {
            Some(wanted) if server.machine_type != wanted => "RESIZING".to_string(),
            _ => server.status,
        };
        Ok(Observed {
            status,
            fault: server.error_message,
        })
    }

    pub(super) async fn server_get(&self, id: &str) -> Result<Server> {
        let server = self.server_raw(id).await?;
        let size = self
            .machine_types()
            .await?
            .into_iter()
            .find(|t| t.name == server.machine_type);
        let primary = server.nics.into_iter().next();
        Ok(Server {
            id: server.id,
            name: server.name,
            status: server.status,
            image_id: server.image_id,
            network_id: primary
                .as_ref()
                .map(|n| n.network_id.clone())
                .unwrap_or_default(),
            private_ip: primary.as_ref().and_then(|n| n.ipv4.clone()),
            flavor: Some(server.machine_type),
            cores: size.as_ref().map(|t| t.vcpus).unwrap_or_default(),
            memory_gb: size
                .as_ref()
                .map(|t| u32::try_from(t.ram / 1024).unwrap_or(u32::MAX))
                .unwrap_or_default(),
            availability_zone: server.availability_zone,
            security_group_ids: primary.map(|n| n.security_groups).unwrap_or_default(),
            labels: users(server.labels),
        })
    }

    pub(super) async fn server_update(
        &self,
        id: &str,
        update: &ServerUpdate,
        deadline: Deadline,
    ) -> Result<Server> {
        let mut body = serde_json::Map::new();
        if let Some(name) = &update.name {
            check_server_name(name)?;
            body.insert("name".into(), json!(name));
        }
        if let Some(labels) = &update.labels {
            check_labels(labels)?;
            let current = self.server_raw(id).await?;
            body.insert(
                "labels".into(),
                replacing(&current.labels.unwrap_or_default(), labels),
            );
        }
        if !body.is_empty() {
            self.client
                .send(
                    Method::PATCH,
                    &self.server_path(id),
                    Some(&Value::Object(body)),
                )
                .await?;
        }
        if let Some(size) = &update.size {
            let machine_type = self.resolve_machine_type(size).await?;
            let resize = format!("{}/resize", self.server_path(id));
            let body = json!({ "machineType": machine_type.name });
            // A lost answer is checked (the new type shows at once) rather than sent again.
            ensure_once(
                &format!("resizing server {id}"),
                || self.client.send(Method::POST, &resize, Some(&body)),
                || async { Ok(self.server_raw(id).await?.machine_type == machine_type.name) },
            )
            .await?;
            wait_for_status(
                "resizing the server",
                id,
                deadline,
                &["ACTIVE"],
                &["ERROR", "FAILED"],
                || self.server_observed(id, Some(&machine_type.name)),
            )
            .await?;
        }
        if let Some(groups) = &update.security_group_ids {
            let server = self.server_raw(id).await?;
            let nic = server.nics.first().ok_or_else(|| {
                Error::new(
                    ErrorKind::Api,
                    format!("server {id} has no network interface"),
                )
            })?;
            self.nic_set_groups(&nic.network_id, &nic.nic_id, groups)
                .await?;
        }
        self.server_get(id).await
    }

    pub(super) async fn server_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let server = match self.server_raw(id).await {
            Ok(server) => server,
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(e),
        };
        ignore_not_found(
            self.client
                .send(Method::DELETE, &self.server_path(id), None)
                .await
                .map(|_| ()),
        )?;
        wait_until_gone("deleting the server", deadline, || self.server_raw(id)).await?;
        for primary in &server.nics {
            let nic = match self.nic_get(&primary.nic_id).await {
                Ok(nic) => nic,
                Err(e) if e.is_not_found() => continue,
                Err(e) => return Err(e),
            };
            let labels = nic.labels.clone().unwrap_or_default();
            if labels.get(OWNED_NIC).map(String::as_str) != Some("true") {
                continue;
            }
            self.nic_delete(&nic).await?;
            if let Some(keypair) = labels.get(KEYPAIR_LABEL) {
                self.keypair_delete(keypair).await?;
            }
        }
        Ok(())
    }

    /// Makes a key pair holding `key` for server `server_name`; its name.
    async fn keypair_create(&self, server_name: &str, key: &str) -> Result<String> {
        let name = owned_name_within("key", server_name, KEYPAIR_NAME_BUDGET);
        debug_assert!(name.starts_with(OWN_PREFIX));
        let body = json!({ "name": name, "publicKey": key.trim() });
        // The name is unique to this create: a key pair of that name is its.
        ensure_once(
            &format!("creating key pair {name}"),
            || self.client.send(Method::POST, "/v2/keypairs", Some(&body)),
            || async { exists(self.client.get::<Value>(&keypair_path(&name)).await) },
        )
        .await
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidInput => e.with_field("ssh_public_keys"),
            _ => e,
        })?;
        Ok(name)
    }

    /// Deletes a key pair the SDK made (a gone one is fine).
    async fn keypair_delete(&self, name: &str) -> Result<()> {
        ignore_not_found(
            self.client
                .send(Method::DELETE, &keypair_path(name), None)
                .await
                .map(|_| ()),
        )
    }
}

/// Where key pair `name` is.
fn keypair_path(name: &str) -> String {
    format!("/v2/keypairs/{}", crate::http::path_segment(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_names_are_host_names() {
        let spec = ServerSpec {
            name: "web_1".into(),
            image: "img".into(),
            network_id: "net".into(),
            size: crate::model::ServerSize::Flavor("c1.1".into()),
            availability_zone: None,
            security_group_ids: Vec::new(),
            ssh_public_keys: Vec::new(),
            user_data: None,
            boot_volume_size_gb: None,
            boot_volume_type: None,
            labels: Labels::new(),
        };
        assert_eq!(check_server(&spec).unwrap_err().field(), Some("name"));
        let ok = ServerSpec {
            name: "web-1".into(),
            ..spec
        };
        assert!(check_server(&ok).is_ok());
    }
}
