//! Public IPs as Neutron floating IPs from the external network, associated with the port of
//! the server's primary interface.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::common::{labels_from_tags, with_cleanup_note};
use super::create::{field_is, Create};
use super::OpenStackBackend;
use crate::error::Result;
use crate::model::{validate_labels, Labels, PublicIp, PublicIpSpec};
use crate::provisioning::owned_name;

#[derive(Debug, Deserialize)]
struct FloatingIp {
    id: String,
    #[serde(default)]
    floating_ip_address: String,
    #[serde(default)]
    port_id: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct PortOwner {
    #[serde(default)]
    device_id: String,
}

impl OpenStackBackend {
    /// The server a public IP's port belongs to, if any.
    pub(crate) async fn server_of_port(&self, port_id: Option<&str>) -> Result<Option<String>> {
        let Some(port_id) = port_id.filter(|p| !p.is_empty()) else {
            return Ok(None);
        };
        let port: Result<PortOwner> = self
            .neutron(Method::GET, &format!("/ports/{port_id}"), None, "port")
            .await;
        match port {
            Ok(port) => Ok(Some(port.device_id).filter(|d| !d.is_empty())),
            // The port went between the two reads: the IP is on no server.
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn public_ip_from(&self, ip: FloatingIp) -> Result<PublicIp> {
        let server_id = self.server_of_port(ip.port_id.as_deref()).await?;
        Ok(PublicIp {
            labels: labels_from_tags(&ip.tags),
            id: ip.id,
            address: ip.floating_ip_address,
            server_id,
        })
    }

    async fn port_for(&self, server_id: Option<&str>) -> Result<Value> {
        match server_id {
            Some(server_id) => Ok(json!(self.primary_port_id(server_id).await?)),
            None => Ok(Value::Null),
        }
    }

    pub(super) async fn fip_create(&self, spec: &PublicIpSpec) -> Result<PublicIp> {
        validate_labels(&spec.labels)?;
        let network = self
            .external_network_id()
            .await
            .map_err(|e| e.with_field("server_id"))?;
        let port = self.port_for(spec.server_id.as_deref()).await?;
        // Floating IPs have no name: a description only this create uses finds one whose
        // answer was lost.
        let description = owned_name("public-ip", "made-by-sovereign");
        let mut body = json!({"floating_network_id": network, "description": description});
        if !port.is_null() {
            body["port_id"] = port;
        }
        let create = Create::neutron(
            "/floatingips",
            "floatingip",
            "floatingips",
            body,
            &[("description", &description)],
        );
        let ip: FloatingIp = self
            .create_object(create, |ip| field_is(ip, "description", &description))
            .await?;
        if !spec.labels.is_empty() {
            if let Err(error) = self.put_tags("floatingips", &ip.id, &spec.labels).await {
                let cleanup = self
                    .neutron_delete(&format!("/floatingips/{}", ip.id))
                    .await;
                return Err(with_cleanup_note(error, cleanup, "public IP", &ip.id));
            }
        }
        self.fip_get(&ip.id)
            .await
            .map_err(|e| e.with_resource_id(&ip.id))
    }

    pub(super) async fn fip_get(&self, id: &str) -> Result<PublicIp> {
        let ip: FloatingIp = self
            .neutron(
                Method::GET,
                &format!("/floatingips/{id}"),
                None,
                "floatingip",
            )
            .await?;
        self.public_ip_from(ip).await
    }

    pub(super) async fn fip_associate(
        &self,
        id: &str,
        server_id: Option<&str>,
    ) -> Result<PublicIp> {
        let port = self.port_for(server_id).await?;
        let ip: FloatingIp = self
            .neutron(
                Method::PUT,
                &format!("/floatingips/{id}"),
                Some(&json!({"floatingip": {"port_id": port}})),
                "floatingip",
            )
            .await?;
        self.public_ip_from(ip).await
    }

    pub(super) async fn fip_set_labels(&self, id: &str, labels: &Labels) -> Result<PublicIp> {
        validate_labels(labels)?;
        self.put_tags("floatingips", id, labels).await?;
        self.fip_get(id).await
    }

    pub(super) async fn fip_delete(&self, id: &str) -> Result<()> {
        self.neutron_delete(&format!("/floatingips/{id}")).await
    }
}
