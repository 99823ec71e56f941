//! `sovereign_network` as a STACKIT network with its IPv4 prefix: created asynchronously (202,
//! `CREATING` → `CREATED`), `routed` for internet access (fixed at create), the gateway and
//! DNS servers on the network itself.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::create::created_id;
use super::names::{check_labels, check_name, replacing, users};
use super::StackitBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{validate_cidr, Labels, Network, NetworkSpec, NetworkUpdate};
use crate::wait::status::{wait_for_status, Observed};
use crate::wait::{cleanup_deadline, Deadline};

/// The prefix length asked for when no `cidr` is given.
const DEFAULT_PREFIX_LENGTH: u8 = 24;
/// Network statuses that mean ready.
const READY: &[&str] = &["CREATED", "UPDATED", "ACTIVE"];
/// Network statuses that mean it failed.
const FAILED: &[&str] = &["FAILED", "ERROR"];

#[derive(Debug, Deserialize)]
struct StackitNetwork {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    ipv4: Option<Ipv4>,
    #[serde(default)]
    routed: bool,
    #[serde(default)]
    labels: Option<Labels>,
}

#[derive(Debug, Default, Deserialize)]
struct Ipv4 {
    #[serde(default)]
    prefixes: Vec<String>,
    #[serde(default)]
    gateway: Option<String>,
    #[serde(default)]
    nameservers: Vec<String>,
}

impl From<StackitNetwork> for Network {
    fn from(n: StackitNetwork) -> Self {
        let ipv4 = n.ipv4.unwrap_or_default();
        Network {
            id: n.id,
            name: n.name,
            cidr: ipv4.prefixes.into_iter().next(),
            gateway_ip: ipv4.gateway,
            dns_nameservers: ipv4.nameservers,
            internet_access: n.routed,
            labels: users(n.labels),
        }
    }
}

/// A network spec checked against STACKIT's rules.
pub(super) fn check_network(spec: &NetworkSpec) -> Result<()> {
    spec.validate()?;
    check_name(&spec.name)?;
    check_labels(&spec.labels)?;
    if let Some(cidr) = &spec.cidr {
        validate_cidr(cidr)?;
    }
    Ok(())
}

impl StackitBackend {
    fn network_path(&self, id: &str) -> String {
        self.client.p(&format!("/networks/{id}"))
    }

    async fn network_status(&self, id: &str) -> Result<Observed> {
        let network: StackitNetwork = self.client.get(&self.network_path(id)).await?;
        Ok(Observed {
            status: network.status,
            fault: None,
        })
    }

    async fn wait_network(&self, what: &str, id: &str, deadline: Deadline) -> Result<()> {
        wait_for_status(what, id, deadline, READY, FAILED, || {
            self.network_status(id)
        })
        .await
    }

    pub(super) async fn network_create(
        &self,
        spec: &NetworkSpec,
        deadline: Deadline,
    ) -> Result<Network> {
        check_network(spec)?;
        let mut ipv4 = match &spec.cidr {
            Some(cidr) => json!({ "prefix": cidr }),
            None => json!({ "prefixLength": DEFAULT_PREFIX_LENGTH }),
        };
        if !spec.dns_nameservers.is_empty() {
            ipv4["nameservers"] = json!(spec.dns_nameservers);
        }
        let body = json!({
            "name": spec.name,
            "ipv4": ipv4,
            "routed": spec.internet_access,
            "labels": spec.labels,
        });
        let networks = self.client.p("/networks");
        let made = self
            .client
            .create(
                &format!("network {:?}", spec.name),
                &networks,
                &body,
                || self.client.named(&networks, &spec.name),
            )
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidInput => e.with_field("cidr"),
                _ => e,
            })?;
        let id = created_id(&made, "network")?;
        let finished = async {
            self.wait_network("creating the network", &id, deadline)
                .await?;
            self.network_get(&id).await
        }
        .await;
        match finished {
            Ok(network) => Ok(network),
            Err(error) => {
                let cleanup = self.network_delete(&id, cleanup_deadline()).await;
                Err(crate::error::with_cleanup_note(
                    error, cleanup, "network", &id,
                ))
            }
        }
    }

    pub(super) async fn network_get(&self, id: &str) -> Result<Network> {
        let network: StackitNetwork = self.client.get(&self.network_path(id)).await?;
        Ok(network.into())
    }

    pub(super) async fn network_update(
        &self,
        id: &str,
        update: &NetworkUpdate,
        deadline: Deadline,
    ) -> Result<Network> {
        update.validate()?;
        if let Some(name) = &update.name {
            check_name(name)?;
        }
        if let Some(labels) = &update.labels {
            check_labels(labels)?;
        }
        let current: StackitNetwork = self.client.get(&self.network_path(id)).await?;
        if update
            .internet_access
            .is_some_and(|wanted| wanted != current.routed)
        {
            return Err(Error::invalid_field(
                "internet_access",
                "a STACKIT network is routed or not from its creation; changing it replaces the network",
            ));
        }
        let mut body = serde_json::Map::new();
        if let Some(name) = &update.name {
            body.insert("name".into(), json!(name));
        }
        if let Some(dns) = &update.dns_nameservers {
            body.insert("ipv4".into(), json!({ "nameservers": dns }));
        }
        if let Some(labels) = &update.labels {
            let labels_now = current.labels.clone().unwrap_or_default();
            body.insert("labels".into(), replacing(&labels_now, labels));
        }
        if !body.is_empty() {
            self.client
                .send(
                    Method::PATCH,
                    &self.network_path(id),
                    Some(&Value::Object(body)),
                )
                .await?;
            self.wait_network("updating the network", id, deadline)
                .await?;
        }
        self.network_get(id).await
    }

    pub(super) async fn network_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        // 409 while NICs remain (a server being deleted takes its NIC with it shortly).
        self.delete_when_free(&self.network_path(id), "deleting the network", deadline)
            .await
    }

    pub(super) async fn network_list(&self) -> Result<Vec<Network>> {
        let list: super::catalog::Items<StackitNetwork> =
            self.client.get(&self.client.p("/networks")).await?;
        Ok(list.items.into_iter().map(Network::from).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stackit_rules_apply_before_anything_is_sent() {
        let mut spec = NetworkSpec {
            name: "app".into(),
            cidr: Some("10.1.0.0/24".into()),
            ..Default::default()
        };
        assert!(check_network(&spec).is_ok());
        spec.name = "app!".into();
        assert_eq!(check_network(&spec).unwrap_err().field(), Some("name"));
        spec.name = "app".into();
        spec.labels = Labels::from([("stackit-x".into(), "y".into())]);
        assert_eq!(check_network(&spec).unwrap_err().field(), Some("labels"));
    }
}
