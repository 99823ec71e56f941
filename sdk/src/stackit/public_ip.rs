//! Public IPs on STACKIT (synchronous): associated with a server by putting its primary NIC in
//! the IP's `networkInterface`; the server is read back as the NIC's `device`.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::catalog::Items;
use super::create::{created_id, tag};
use super::names::{check_labels, replacing, users};
use super::StackitBackend;
use crate::error::{Error, Result};
use crate::model::{Labels, PublicIp, PublicIpSpec};

#[derive(Debug, Deserialize)]
struct StackitPublicIp {
    id: String,
    #[serde(default)]
    ip: String,
    #[serde(default, rename = "networkInterface")]
    network_interface: Option<String>,
    #[serde(default)]
    labels: Option<Labels>,
}

impl StackitBackend {
    fn ip_path(&self, id: &str) -> String {
        self.client.p(&format!("/public-ips/{id}"))
    }

    /// The primary NIC of a server (where its public IP goes).
    async fn primary_nic(&self, server_id: &str) -> Result<String> {
        #[derive(Deserialize)]
        struct Nics {
            #[serde(default)]
            nics: Vec<NicRef>,
        }
        #[derive(Deserialize)]
        struct NicRef {
            #[serde(rename = "nicId")]
            nic_id: String,
        }
        let server: Nics = self
            .client
            .get(&format!(
                "{}?details=true",
                self.client.p(&format!("/servers/{server_id}"))
            ))
            .await
            .map_err(|e| {
                if e.is_not_found() {
                    e.with_field("server_id")
                } else {
                    e
                }
            })?;
        server
            .nics
            .into_iter()
            .next()
            .map(|n| n.nic_id)
            .ok_or_else(|| {
                Error::invalid_field(
                    "server_id",
                    format!("server {server_id} has no network interface"),
                )
            })
    }

    async fn public_ip_of(&self, ip: StackitPublicIp) -> Result<PublicIp> {
        let server_id = match &ip.network_interface {
            Some(nic) => match self.nic_get(nic).await {
                Ok(nic) => nic.device,
                Err(e) if e.is_not_found() => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        Ok(PublicIp {
            id: ip.id,
            address: ip.ip,
            server_id,
            labels: users(ip.labels),
        })
    }

    pub(super) async fn ip_create(&self, spec: &PublicIpSpec) -> Result<PublicIp> {
        check_labels(&spec.labels)?;
        // A public IP has no name: a label with a token finds one whose answer was lost.
        let mut labels = spec.labels.clone();
        let token = tag(&mut labels);
        let mut body = json!({ "labels": labels });
        if let Some(server) = &spec.server_id {
            body["networkInterface"] = json!(self.primary_nic(server).await?);
        }
        let ips = self.client.p("/public-ips");
        let made = self
            .client
            .create("a public IP", &ips, &body, || {
                self.client.tagged(&ips, &token)
            })
            .await?;
        let id = created_id(&made, "public IP")?;
        self.ip_get(&id).await.map_err(|e| e.with_resource_id(&id))
    }

    pub(super) async fn ip_get(&self, id: &str) -> Result<PublicIp> {
        let ip: StackitPublicIp = self.client.get(&self.ip_path(id)).await?;
        self.public_ip_of(ip).await
    }

    pub(super) async fn ip_associate(&self, id: &str, server_id: Option<&str>) -> Result<PublicIp> {
        let nic = match server_id {
            Some(server) => Value::String(self.primary_nic(server).await?),
            None => Value::Null,
        };
        self.client
            .send(
                Method::PATCH,
                &self.ip_path(id),
                Some(&json!({ "networkInterface": nic })),
            )
            .await?;
        self.ip_get(id).await
    }

    pub(super) async fn ip_set_labels(&self, id: &str, labels: &Labels) -> Result<PublicIp> {
        check_labels(labels)?;
        let current: StackitPublicIp = self.client.get(&self.ip_path(id)).await?;
        let patch = json!({ "labels": replacing(&current.labels.unwrap_or_default(), labels) });
        self.client
            .send(Method::PATCH, &self.ip_path(id), Some(&patch))
            .await?;
        self.ip_get(id).await
    }

    pub(super) async fn ip_delete(&self, id: &str) -> Result<()> {
        match self
            .client
            .send(Method::DELETE, &self.ip_path(id), None)
            .await
        {
            Err(e) if !e.is_not_found() => Err(e),
            _ => Ok(()),
        }
    }

    /// Dissociates every public IP from NIC `nic_id` (before the NIC goes).
    pub(super) async fn release_public_ips_on(&self, nic_id: &str) -> Result<()> {
        let list: Items<StackitPublicIp> = self.client.get(&self.client.p("/public-ips")).await?;
        for ip in list
            .items
            .iter()
            .filter(|ip| ip.network_interface.as_deref() == Some(nic_id))
        {
            self.client
                .send(
                    Method::PATCH,
                    &self.ip_path(&ip.id),
                    Some(&json!({ "networkInterface": null })),
                )
                .await?;
        }
        Ok(())
    }
}
