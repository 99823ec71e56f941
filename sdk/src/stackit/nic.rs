//! The NIC the SDK makes for a server before the server itself: STACKIT takes a server's
//! security groups only by name (not unique), a NIC takes them by id. The NIC carries labels
//! naming the key pair made for the server, so that delete removes exactly what was made.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::create::tag;
use super::StackitBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::Created;
use crate::model::Labels;

/// A NIC as STACKIT reports it.
#[derive(Debug, Clone, Deserialize)]
pub(super) struct Nic {
    pub id: String,
    #[serde(default, rename = "networkId")]
    pub network_id: String,
    /// The server using the NIC, if any.
    #[serde(default)]
    pub device: Option<String>,
    #[serde(default)]
    pub labels: Option<Labels>,
}

impl StackitBackend {
    fn nic_path(&self, network_id: &str, nic_id: &str) -> String {
        self.client
            .p(&format!("/networks/{network_id}/nics/{nic_id}"))
    }

    /// Makes a NIC on `network_id` with `groups` and `labels`.
    pub(super) async fn nic_create(
        &self,
        network_id: &str,
        groups: &[String],
        labels: &Labels,
    ) -> Result<Nic> {
        // A NIC has no name: a label with a token finds one whose answer was lost.
        let mut labels = labels.clone();
        let token = tag(&mut labels);
        let body = json!({ "securityGroups": groups, "labels": labels });
        let nics = self.client.p(&format!("/networks/{network_id}/nics"));
        let made = self
            .client
            .create("a NIC", &nics, &body, || self.client.tagged(&nics, &token))
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::NotFound => Error::invalid_field(
                    "network_id",
                    format!("no STACKIT network {network_id:?}: {}", e.message()),
                ),
                ErrorKind::InvalidInput => e.with_field("security_group_ids"),
                _ => e,
            })?;
        match made {
            Created::Answered(created) => serde_json::from_value(created).map_err(|e| {
                Error::new(
                    ErrorKind::Api,
                    format!("STACKIT answered a NIC create oddly: {e}"),
                )
            }),
            Created::Adopted(id) => self.nic_get(&id).await,
        }
    }

    /// A NIC by id, wherever it is.
    pub(super) async fn nic_get(&self, nic_id: &str) -> Result<Nic> {
        self.client
            .get(&self.client.p(&format!("/nics/{nic_id}")))
            .await
    }

    /// Sets the security groups of NIC `nic_id` on `network_id`.
    pub(super) async fn nic_set_groups(
        &self,
        network_id: &str,
        nic_id: &str,
        groups: &[String],
    ) -> Result<()> {
        self.client
            .send(
                Method::PATCH,
                &self.nic_path(network_id, nic_id),
                Some(&json!({ "securityGroups": groups })),
            )
            .await
            .map(|_| ())
            .map_err(|e| match e.kind() {
                ErrorKind::NotFound | ErrorKind::InvalidInput => e.with_field("security_group_ids"),
                _ => e,
            })
    }

    /// Deletes a NIC (a gone one is fine), freeing any public IP on it first.
    pub(super) async fn nic_delete(&self, nic: &Nic) -> Result<()> {
        self.release_public_ips_on(&nic.id).await?;
        match self
            .client
            .send(
                Method::DELETE,
                &self.nic_path(&nic.network_id, &nic.id),
                None,
            )
            .await
        {
            Err(e) if !e.is_not_found() => Err(e),
            _ => Ok(()),
        }
    }
}
