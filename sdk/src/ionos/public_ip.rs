//! Public IPs as IP blocks of one address in the data center's location. Associating one
//! with a server adds a NIC on the data center's public LAN (`sovereign-public`, made when the
//! first IP needs it) that carries the address; dissociating removes that NIC, and the public
//! LAN goes when no NIC is left on it. Labels use the label API.

use serde::Deserialize;
use serde_json::json;

use super::repr::{Collection, Item};
use super::IonosBackend;
use crate::error::{ignore_not_found, with_cleanup_note, Error, ErrorKind, Result};
use crate::lost_create::token;
use crate::model::{Labels, PublicIp, PublicIpSpec};
use crate::provisioning::OWNED_PREFIX;
use crate::wait::{cleanup_deadline, Deadline};

/// The public LAN the SDK makes for its public IPs' NICs.
const PUBLIC_LAN: &str = "sovereign-public";

#[derive(Debug, Deserialize)]
struct IpBlockProperties {
    #[serde(default)]
    ips: Vec<String>,
    #[serde(default, rename = "ipConsumers")]
    ip_consumers: Vec<IpConsumer>,
}

#[derive(Debug, Deserialize)]
struct IpConsumer {
    #[serde(default, rename = "nicId")]
    nic_id: Option<String>,
    #[serde(default, rename = "serverId")]
    server_id: Option<String>,
    #[serde(default, rename = "datacenterId")]
    datacenter_id: Option<String>,
}

/// The NIC name that ties a NIC to the IP block it carries.
fn nic_name(block: &str) -> String {
    format!("public-{block}")
}

impl IonosBackend {
    fn block_path(id: &str) -> String {
        format!("/ipblocks/{id}")
    }

    async fn block(&self, id: &str) -> Result<Item<IpBlockProperties>> {
        self.client
            .get(&format!("{}?depth=1", Self::block_path(id)))
            .await
    }

    /// Where the block's address is in use in this data center: (server, NIC).
    fn consumer(&self, block: &Item<IpBlockProperties>) -> Option<(String, String)> {
        block.properties.ip_consumers.iter().find_map(|c| {
            let here = c
                .datacenter_id
                .as_deref()
                .is_none_or(|dc| dc == self.client.datacenter_id());
            match (here, &c.server_id, &c.nic_id) {
                (true, Some(server), Some(nic)) => Some((server.clone(), nic.clone())),
                _ => None,
            }
        })
    }

    pub(super) async fn ip_create(
        &self,
        spec: &PublicIpSpec,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        crate::model::validate_labels(&spec.labels)?;
        let location = self.location().await?;
        // A name only this create uses, by which a block whose answer was lost is found.
        let name = format!("{OWNED_PREFIX}ip-{}", token());
        let body = json!({"properties": {"location": location, "size": 1, "name": name}});
        let made = self
            .client
            .create("IP block", "/ipblocks", &body, || {
                self.client.named("/ipblocks", &name)
            })
            .await?;
        let id = made.id.clone();
        let finished = async {
            self.client
                .wait_made(&made, &Self::block_path(&id), "reserving the IP", deadline)
                .await?;
            if !spec.labels.is_empty() {
                self.set_labels(&Self::block_path(&id), &spec.labels, deadline)
                    .await?;
            }
            match &spec.server_id {
                Some(server) => self.ip_associate(&id, Some(server), deadline).await,
                None => self.ip_get(&id).await,
            }
        }
        .await;
        match finished {
            Ok(ip) => Ok(ip),
            Err(error) => {
                let cleanup = ignore_not_found(self.ip_delete(&id, cleanup_deadline()).await);
                Err(with_cleanup_note(error, cleanup, "IP block", &id))
            }
        }
    }

    pub(super) async fn ip_get(&self, id: &str) -> Result<PublicIp> {
        let block = self.block(id).await?;
        Ok(PublicIp {
            server_id: self.consumer(&block).map(|(server, _)| server),
            address: block.properties.ips.first().cloned().unwrap_or_default(),
            labels: self.labels(&Self::block_path(id)).await?,
            id: block.id,
        })
    }

    /// Moves the address to the server (a NIC on the public LAN), or takes it off when
    /// `server_id` is `None`.
    pub(super) async fn ip_associate(
        &self,
        id: &str,
        server_id: Option<&str>,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        let block = self.block(id).await?;
        let current = self.consumer(&block);
        if current.as_ref().map(|(s, _)| s.as_str()) != server_id {
            if let Some((server, nic)) = &current {
                self.remove_nic(server, nic, deadline).await?;
            }
            if let Some(server) = server_id {
                let address = block.properties.ips.first().cloned().ok_or_else(|| {
                    Error::new(ErrorKind::Api, format!("IP block {id} holds no address"))
                })?;
                let lan = self.public_lan(deadline).await?;
                let body = json!({"properties": {
                    "name": nic_name(id), "lan": lan, "ips": [address], "dhcp": true,
                    "firewallActive": false,
                }});
                let nics = format!("{}/nics", self.server_path(server));
                // The NIC's name is the block's: one of that name is this request's.
                let accepted = self
                    .client
                    .change_once("adding the public NIC", &nics, &body, || async {
                        Ok(!self.client.named(&nics, &nic_name(id)).await?.is_empty())
                    })
                    .await
                    .map_err(|e| {
                        if e.is_not_found() {
                            e.with_field("server_id")
                        } else {
                            e
                        }
                    })?;
                self.client
                    .wait_either(
                        accepted.as_ref(),
                        &self.server_path(server),
                        "adding the public NIC",
                        server,
                        deadline,
                    )
                    .await?;
            }
            if server_id.is_none() {
                self.drop_public_lan_if_empty(deadline).await?;
            }
        }
        self.ip_get(id).await
    }

    pub(super) async fn ip_set_labels(
        &self,
        id: &str,
        labels: &Labels,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        self.set_labels(&Self::block_path(id), labels, deadline)
            .await?;
        self.ip_get(id).await
    }

    /// Takes the address off its server, releases the block, and removes the public LAN when
    /// nothing is left on it.
    pub(super) async fn ip_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let block = self.block(id).await?;
        if let Some((server, nic)) = self.consumer(&block) {
            self.remove_nic(&server, &nic, deadline).await?;
        }
        // The block was there a moment ago: gone now means a DELETE resent after a lost answer.
        let released = self
            .client
            .delete_and_wait(
                &Self::block_path(id),
                "releasing the IP block",
                id,
                deadline,
            )
            .await;
        ignore_not_found(released)?;
        self.drop_public_lan_if_empty(deadline).await
    }

    async fn remove_nic(&self, server: &str, nic: &str, deadline: Deadline) -> Result<()> {
        let gone = self
            .client
            .delete_and_wait(
                &format!("{}/nics/{nic}", self.server_path(server)),
                "removing the public NIC",
                server,
                deadline,
            )
            .await;
        ignore_not_found(gone)
    }

    /// The public LAN's id, made on first use.
    async fn public_lan(&self, deadline: Deadline) -> Result<u64> {
        if let Some(lan) = self.find_public_lan().await? {
            return Ok(lan);
        }
        let body = json!({"properties": {"name": PUBLIC_LAN, "public": true}});
        let lans = self.client.dc("/lans");
        let made = self
            .client
            .create("public LAN", &lans, &body, || {
                self.client.named(&lans, PUBLIC_LAN)
            })
            .await?;
        let id = made.id.clone();
        self.client
            .wait_made(
                &made,
                &self.client.dc(&format!("/lans/{id}")),
                "creating the public LAN",
                deadline,
            )
            .await?;
        id.parse().map_err(|_| {
            Error::new(
                ErrorKind::Api,
                format!("IONOS gave the public LAN the id {id:?}"),
            )
        })
    }

    async fn find_public_lan(&self) -> Result<Option<u64>> {
        Ok(self
            .lans()
            .await?
            .into_iter()
            .find(|l| l.properties.public && l.properties.name == PUBLIC_LAN)
            .and_then(|l| l.id.parse().ok()))
    }

    async fn drop_public_lan_if_empty(&self, deadline: Deadline) -> Result<()> {
        let Some(lan) = self.find_public_lan().await? else {
            return Ok(());
        };
        let nics: Collection<serde_json::Value> = self
            .client
            .get(&self.client.dc(&format!("/lans/{lan}/nics")))
            .await?;
        if nics.items.is_empty() {
            let gone = self
                .client
                .delete_and_wait(
                    &self.client.dc(&format!("/lans/{lan}")),
                    "removing the public LAN",
                    &lan.to_string(),
                    deadline,
                )
                .await;
            ignore_not_found(gone)?;
        }
        Ok(())
    }
}
