//! Servers on Nova: a port on the network with the server's security groups, a keypair the
//! server owns for `ssh_public_keys`, a boot volume from the image, BUILD -> ACTIVE waits, resize
//! with confirm, and a delete that removes the port and keypair with the server.

use std::collections::BTreeMap;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client::Service;
use super::common::{ignore_not_found, query, wait_for_status, wait_until_gone, Observed};
use super::create::{field_is, Create};
use super::images::NovaFlavor;
use super::OpenStackBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::{create_once, Candidate};
use crate::model::{validate_labels, Labels, Server, ServerSpec, ServerUpdate};
use crate::provisioning::{encoded_user_data, owned_name, validate};
use crate::wait::Deadline;

/// The tag that ties a port the SDK made to its server, also when Nova never bound it (a
/// build that failed).
const SERVER_TAG: &str = "sovereign-server";
/// The tag on that port that names the keypair made for the server, so that delete removes
/// exactly that keypair and never one a user named alike.
const KEYPAIR_TAG: &str = "sovereign-keypair";

#[derive(Debug, Deserialize)]
struct NovaServer {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    flavor: Option<EmbeddedFlavor>,
    #[serde(default)]
    image: Value,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
    #[serde(default, rename = "OS-EXT-AZ:availability_zone")]
    availability_zone: Option<String>,
    #[serde(default)]
    fault: Option<Fault>,
    #[serde(default, rename = "os-extended-volumes:volumes_attached")]
    volumes_attached: Vec<AttachedVolume>,
}

#[derive(Debug, Deserialize)]
struct AttachedVolume {
    id: String,
    #[serde(default)]
    delete_on_termination: bool,
}

#[derive(Debug, Deserialize)]
struct EmbeddedFlavor {
    #[serde(default)]
    original_name: Option<String>,
    #[serde(default)]
    vcpus: u32,
    #[serde(default)]
    ram: u64,
}

#[derive(Debug, Deserialize)]
struct Fault {
    #[serde(default)]
    message: String,
}

#[derive(Debug, Deserialize)]
struct ServerPort {
    id: String,
    device_id: String,
    network_id: String,
    #[serde(default)]
    fixed_ips: Vec<PortIp>,
    #[serde(default)]
    security_groups: Vec<String>,
    #[serde(default)]
    tags: Vec<String>,
}

impl ServerPort {
    fn is_owned_by(&self, server_id: &str) -> bool {
        self.tags.contains(&format!("{SERVER_TAG}={server_id}"))
    }

    fn keypair(&self) -> Option<String> {
        let prefix = format!("{KEYPAIR_TAG}=");
        self.tags
            .iter()
            .find_map(|t| t.strip_prefix(&prefix).map(String::from))
    }
}

#[derive(Debug, Deserialize)]
struct PortIp {
    #[serde(default)]
    ip_address: String,
}

impl OpenStackBackend {
    async fn server_ports(&self, server_id: &str) -> Result<Vec<ServerPort>> {
        let ports: Vec<ServerPort> = self
            .neutron(
                Method::GET,
                &query("/ports", &[("device_id", server_id)]),
                None,
                "ports",
            )
            .await?;
        Ok(ports
            .into_iter()
            .filter(|p| p.device_id == server_id)
            .collect())
    }

    /// The server's primary interface: the port made for it (tagged), else, for a server made
    /// elsewhere and imported, the first port bound to it.
    async fn primary_port(&self, server_id: &str) -> Result<Option<ServerPort>> {
        let mut ports = self.server_ports(server_id).await?;
        let owned = ports.iter().position(|p| p.is_owned_by(server_id));
        Ok(match owned {
            Some(index) => Some(ports.swap_remove(index)),
            None => ports.into_iter().next(),
        })
    }

    /// The id of the server's primary port (for public IPs).
    pub(crate) async fn primary_port_id(&self, server_id: &str) -> Result<String> {
        self.primary_port(server_id)
            .await?
            .map(|p| p.id)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::NotFound,
                    format!("server {server_id} has no network port to put a public IP on"),
                )
                .with_field("server_id")
            })
    }

    async fn nova_server(&self, id: &str) -> Result<NovaServer> {
        let server: NovaServer = self
            .client
            .call_key(
                Service::Compute,
                Method::GET,
                &format!("/servers/{id}"),
                None,
                "server",
            )
            .await?;
        if server.status == "DELETED" || server.status == "SOFT_DELETED" {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("server {id} is deleted"),
            ));
        }
        Ok(server)
    }

    async fn observe_server(&self, id: &str) -> Result<Observed> {
        let server = self.nova_server(id).await?;
        Ok(Observed {
            status: server.status,
            fault: server.fault.map(|f| f.message),
        })
    }

    /// Waits until the server is in one of `ready`; `ERROR` ends the wait with Nova's fault.
    pub(crate) async fn wait_server(
        &self,
        id: &str,
        what: &str,
        ready: &[&str],
        deadline: Deadline,
    ) -> Result<()> {
        wait_for_status(what, id, deadline, ready, &["ERROR"], || {
            self.observe_server(id)
        })
        .await
    }

    async fn create_port(&self, spec: &ServerSpec) -> Result<ServerPort> {
        let mut port = json!({
            "network_id": spec.network_id,
            "name": owned_name("port", &spec.name),
            "description": format!("primary interface of server {}, managed by sovereign", spec.name),
        });
        if !spec.security_group_ids.is_empty() {
            port["security_groups"] = json!(spec.security_group_ids);
        }
        let name = port["name"].as_str().unwrap_or_default().to_string();
        let create = Create::neutron("/ports", "port", "ports", port, &[("name", &name)]);
        self.create_object(create, |p| field_is(p, "name", &name))
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::NotFound => e.with_field("network_id"),
                _ => e,
            })
    }

    /// Makes the keypair `name` that carries the server's first SSH key; `None` when there is
    /// no key.
    pub(crate) async fn create_keypair(
        &self,
        spec: &ServerSpec,
        name: String,
    ) -> Result<Option<String>> {
        let Some(key) = spec.ssh_public_keys.first() else {
            return Ok(None);
        };
        let body = json!({"keypair": {"name": name, "public_key": key.trim()}});
        create_once(
            &format!("key pair {name:?}"),
            || {
                self.client
                    .call_empty(Service::Compute, Method::POST, "/os-keypairs", Some(&body))
            },
            |_| name.clone(),
            // The name has a random suffix: a key pair of that name is this create's.
            || async {
                let path = format!("/os-keypairs/{}", crate::http::path_segment(&name));
                match self
                    .client
                    .call(Service::Compute, Method::GET, &path, None)
                    .await
                {
                    Ok(_) => Ok(vec![Candidate::uniquely_named(&name)]),
                    Err(e) if e.is_not_found() => Ok(vec![]),
                    Err(e) => Err(e),
                }
            },
        )
        .await
        .map_err(|e| match e.kind() {
            ErrorKind::InvalidInput => e.with_field("ssh_public_keys"),
            _ => e,
        })?;
        Ok(Some(name))
    }

    async fn remove_owned(&self, ports: &[String], keypair: Option<&str>) -> Result<()> {
        for port in ports {
            ignore_not_found(self.neutron_delete(&format!("/ports/{port}")).await)?;
        }
        match keypair {
            Some(name) => self.delete_keypair(name).await,
            None => Ok(()),
        }
    }

    /// Removes a keypair made for a server; one already gone is fine.
    pub(crate) async fn delete_keypair(&self, name: &str) -> Result<()> {
        ignore_not_found(
            self.client
                .call_empty(
                    Service::Compute,
                    Method::DELETE,
                    &format!("/os-keypairs/{name}"),
                    None,
                )
                .await,
        )
    }

    fn server_body(
        &self,
        spec: &ServerSpec,
        flavor: &NovaFlavor,
        image_id: &str,
        boot_gb: u32,
        port_id: &str,
        keypair: Option<&str>,
    ) -> Value {
        let mut volume = json!({
            "boot_index": 0,
            "uuid": image_id,
            "source_type": "image",
            "destination_type": "volume",
            "volume_size": boot_gb,
            "delete_on_termination": true,
        });
        if let Some(volume_type) = &spec.boot_volume_type {
            volume["volume_type"] = json!(volume_type);
        }
        let mut server = json!({
            "name": spec.name,
            "flavorRef": flavor.id,
            "networks": [{"port": port_id}],
            "block_device_mapping_v2": [volume],
            "metadata": spec.labels,
        });
        if let Some(name) = keypair {
            server["key_name"] = json!(name);
        }
        if let Some(data) = encoded_user_data(spec) {
            server["user_data"] = json!(data);
        }
        if let Some(zone) = &spec.availability_zone {
            server["availability_zone"] = json!(zone);
        }
        server
    }

    pub(super) async fn server_create(
        &self,
        spec: &ServerSpec,
        deadline: Deadline,
    ) -> Result<Server> {
        validate(spec)?;
        let image = self.resolve_image(&spec.image).await?;
        let flavor = self.resolve_flavor(&spec.size).await?;
        let boot_gb = spec.boot_volume_gb(&image, flavor.disk)?;
        let port = self.create_port(spec).await?;
        let keypair = match self
            .create_keypair(spec, owned_name("key", &spec.name))
            .await
        {
            Ok(keypair) => keypair,
            Err(error) => {
                self.remove_owned(std::slice::from_ref(&port.id), None)
                    .await
                    .ok();
                return Err(error);
            }
        };
        let body = self.server_body(
            spec,
            &flavor,
            &image.id,
            boot_gb,
            &port.id,
            keypair.as_deref(),
        );
        let create = Create {
            service: Service::Compute,
            collection: "/servers",
            key: "server",
            object: body,
            listing: server_listing(&spec.name),
            list_key: "servers",
            what: format!("server {:?}", spec.name),
            unique: false,
        };
        let created: Result<Value> = self
            .create_object(create, server_matches(&spec.name, keypair.as_deref()))
            .await;
        let id = match created.and_then(|v| {
            v.get("id")
                .and_then(Value::as_str)
                .map(String::from)
                .ok_or_else(|| Error::new(ErrorKind::Api, "Nova answered without a server id"))
        }) {
            Ok(id) => id,
            Err(error) => {
                self.remove_owned(std::slice::from_ref(&port.id), keypair.as_deref())
                    .await
                    .ok();
                return Err(error);
            }
        };
        let mut owner: Labels = [(SERVER_TAG.to_string(), id.clone())].into();
        if let Some(name) = &keypair {
            owner.insert(KEYPAIR_TAG.to_string(), name.clone());
        }
        self.put_tags("ports", &port.id, &owner)
            .await
            .map_err(|e| e.with_resource_id(&id))?;
        tracing::info!(id, name = %spec.name, "server requested; waiting for ACTIVE");
        self.wait_server(&id, "creating the server", &["ACTIVE"], deadline)
            .await?;
        self.server_get(&id)
            .await
            .map_err(|e| e.with_resource_id(&id))
    }

    pub(super) async fn server_get(&self, id: &str) -> Result<Server> {
        let server = self.nova_server(id).await?;
        let primary = self.primary_port(id).await?;
        let port = primary.as_ref();
        let flavor = server.flavor.unwrap_or(EmbeddedFlavor {
            original_name: None,
            vcpus: 0,
            ram: 0,
        });
        Ok(Server {
            id: server.id,
            name: server.name,
            status: server.status,
            image_id: server
                .image
                .get("id")
                .and_then(Value::as_str)
                .map(String::from),
            network_id: port.map(|p| p.network_id.clone()).unwrap_or_default(),
            private_ip: port
                .and_then(|p| p.fixed_ips.first())
                .map(|ip| ip.ip_address.clone()),
            flavor: flavor.original_name,
            cores: flavor.vcpus,
            memory_gb: u32::try_from(flavor.ram / 1024).unwrap_or(u32::MAX),
            availability_zone: server.availability_zone,
            security_group_ids: port.map(|p| p.security_groups.clone()).unwrap_or_default(),
            labels: server
                .metadata
                .into_iter()
                .filter(|(key, _)| !self.profile.is_system_metadata(key))
                .collect(),
        })
    }

    async fn resize(&self, id: &str, flavor: &NovaFlavor, deadline: Deadline) -> Result<()> {
        let body = json!({"resize": {"flavorRef": flavor.id}});
        self.client
            .call_empty(
                Service::Compute,
                Method::POST,
                &format!("/servers/{id}/action"),
                Some(&body),
            )
            .await?;
        self.wait_server(id, "resizing the server", &["VERIFY_RESIZE"], deadline)
            .await?;
        let confirm = json!({"confirmResize": null});
        self.client
            .call_empty(
                Service::Compute,
                Method::POST,
                &format!("/servers/{id}/action"),
                Some(&confirm),
            )
            .await?;
        self.wait_server(id, "confirming the resize", &["ACTIVE"], deadline)
            .await
    }

    pub(super) async fn server_update(
        &self,
        id: &str,
        update: &ServerUpdate,
        deadline: Deadline,
    ) -> Result<Server> {
        if let Some(name) = &update.name {
            crate::model::validate_name(name)?;
            let body = json!({"server": {"name": name}});
            self.client
                .call_empty(
                    Service::Compute,
                    Method::PUT,
                    &format!("/servers/{id}"),
                    Some(&body),
                )
                .await?;
        }
        if let Some(labels) = &update.labels {
            self.set_metadata(id, labels).await?;
        }
        if let Some(groups) = &update.security_group_ids {
            let port = self.primary_port_id(id).await?;
            let _: Value = self
                .neutron(
                    Method::PUT,
                    &format!("/ports/{port}"),
                    Some(&json!({"port": {"security_groups": groups}})),
                    "port",
                )
                .await
                .map_err(|e| e.with_field("security_group_ids"))?;
        }
        if let Some(size) = &update.size {
            let flavor = self.resolve_flavor(size).await?;
            let current = self.server_get(id).await?;
            if current.flavor.as_deref() != Some(flavor.name.as_str()) {
                self.resize(id, &flavor, deadline).await?;
            }
        }
        self.server_get(id).await
    }

    /// Makes the server's labels exactly `labels`. Where the cloud keeps metadata of its own
    /// (OTC's `vpc_id`, `metering.*`), labels are merged in and removed key by key, never
    /// touching the cloud's keys; elsewhere the metadata is replaced in one call.
    async fn set_metadata(&self, id: &str, labels: &Labels) -> Result<()> {
        validate_labels(labels)?;
        let path = format!("/servers/{id}/metadata");
        let body = json!({ "metadata": labels });
        if self.profile.system_metadata.is_empty() {
            return self
                .client
                .call_empty(Service::Compute, Method::PUT, &path, Some(&body))
                .await;
        }
        let current = self.nova_server(id).await?.metadata;
        self.client
            .call_empty(Service::Compute, Method::POST, &path, Some(&body))
            .await?;
        for key in current
            .keys()
            .filter(|key| !labels.contains_key(*key) && !self.profile.is_system_metadata(key))
        {
            let item = format!("{path}/{}", crate::http::path_segment(key));
            ignore_not_found(
                self.client
                    .call_empty(Service::Compute, Method::DELETE, &item, None)
                    .await,
            )?;
        }
        Ok(())
    }

    /// Deletes the server, waits until it and its boot volume are gone, then removes the port
    /// and keypair made for it. Those are found by their tags, so a delete that was cut off
    /// after the server went still cleans them up when it runs again.
    pub(super) async fn server_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let owned = self.owned_ports(id).await?;
        let keypair = owned.iter().find_map(ServerPort::keypair);
        let port_ids: Vec<String> = owned.into_iter().map(|p| p.id).collect();
        let server = match self.nova_server(id).await {
            Ok(server) => server,
            Err(e) if e.is_not_found() => {
                self.remove_owned(&port_ids, keypair.as_deref()).await?;
                return Err(e);
            }
            Err(e) => return Err(e),
        };
        // A delete sent again after its answer was lost may hear that the server is gone:
        // what the server owned must go all the same.
        ignore_not_found(
            self.client
                .call_empty(
                    Service::Compute,
                    Method::DELETE,
                    &format!("/servers/{id}"),
                    None,
                )
                .await,
        )?;
        self.wait_server_gone(id, &volumes_deleted_with(&server), deadline)
            .await?;
        self.remove_owned(&port_ids, keypair.as_deref()).await
    }

    /// The volumes the cloud deletes together with the server (its boot volume).
    pub(crate) async fn volumes_deleted_with_server(&self, id: &str) -> Result<Vec<String>> {
        Ok(volumes_deleted_with(&self.nova_server(id).await?))
    }

    /// Waits until the server and `volumes` (those deleted with it) are gone.
    pub(crate) async fn wait_server_gone(
        &self,
        id: &str,
        volumes: &[String],
        deadline: Deadline,
    ) -> Result<()> {
        wait_until_gone("deleting the server", deadline, || self.nova_server(id)).await?;
        for volume in volumes {
            let path = format!("/volumes/{volume}");
            wait_until_gone("deleting the server's boot volume", deadline, || {
                self.client
                    .call_empty(Service::BlockStorage, Method::GET, &path, None)
            })
            .await?;
        }
        Ok(())
    }

    /// The ports the SDK made for a server (tagged with it), bound or not.
    async fn owned_ports(&self, server_id: &str) -> Result<Vec<ServerPort>> {
        let tag = format!("{SERVER_TAG}={server_id}");
        let tagged: Vec<ServerPort> = self
            .neutron(
                Method::GET,
                &query("/ports", &[("tags", &tag)]),
                None,
                "ports",
            )
            .await?;
        Ok(tagged
            .into_iter()
            .filter(|p| p.is_owned_by(server_id))
            .collect())
    }
}

fn volumes_deleted_with(server: &NovaServer) -> Vec<String> {
    server
        .volumes_attached
        .iter()
        .filter(|v| v.delete_on_termination)
        .map(|v| v.id.clone())
        .collect()
}

/// The Nova listing that shows the servers named `name` (with their `created` time).
pub(crate) fn server_listing(name: &str) -> String {
    query("/servers/detail", &[("name", &exact_name(name))])
}

/// Whether a listed server may be the one a create of `name` with `keypair` made: the key
/// pair's name is unique to the create; without one, the name must do.
pub(crate) fn server_matches<'a>(
    name: &'a str,
    keypair: Option<&'a str>,
) -> impl Fn(&Value) -> bool + 'a {
    move |server| {
        field_is(server, "name", name) && keypair.is_none_or(|k| field_is(server, "key_name", k))
    }
}

/// A Nova `name` filter (a regular expression) that matches exactly `name`.
fn exact_name(name: &str) -> String {
    let mut pattern = String::from("^");
    for c in name.chars() {
        if r"\.^$|?*+()[]{}".contains(c) {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('$');
    pattern
}
