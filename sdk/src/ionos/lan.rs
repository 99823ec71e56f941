//! `sovereign_network` as a private LAN of the data center. LAN ids are small numbers within
//! the data center. IONOS assigns each private LAN its IPv4 block (`ipv4CidrBlock` is
//! read-only), which `cidr` reports. A LAN has no gateway, DNS servers or labels, and reaches
//! the internet only through a NAT gateway, which is not mapped: asking for any of those, or
//! for a `cidr`, is refused before anything is sent.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::repr::{Collection, Item};
use super::IonosBackend;
use crate::error::{with_cleanup_note, Error, ErrorKind, Result};
use crate::model::{Labels, Network, NetworkSpec, NetworkUpdate};
use crate::wait::{cleanup_deadline, Deadline};

#[derive(Debug, Deserialize)]
pub(super) struct LanProperties {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub public: bool,
    #[serde(default, rename = "ipv4CidrBlock")]
    pub ipv4_cidr_block: Option<String>,
}

/// A network spec checked against what a LAN can be.
pub(super) fn check_network(spec: &NetworkSpec) -> Result<()> {
    spec.validate()?;
    if let Some(cidr) = &spec.cidr {
        return Err(Error::invalid_field(
            "cidr",
            format!(
                "IONOS assigns each LAN's IPv4 block itself ({cidr} cannot be chosen); remove \
                 `cidr` and read the assigned block from the network's `cidr` after apply"
            ),
        ));
    }
    refuse_lan_extras(
        Some(&spec.dns_nameservers),
        Some(spec.internet_access),
        Some(&spec.labels),
    )
}

/// What a LAN cannot carry: DNS servers (IONOS's DHCP hands out its resolvers), internet
/// access (needs a NAT gateway) and labels.
fn refuse_lan_extras(
    dns: Option<&Vec<String>>,
    internet: Option<bool>,
    labels: Option<&Labels>,
) -> Result<()> {
    if dns.is_some_and(|d| !d.is_empty()) {
        return Err(Error::invalid_field(
            "dns_nameservers",
            "IONOS LANs take no DNS servers (DHCP hands out IONOS's resolvers); remove `dns_nameservers`",
        ));
    }
    if internet == Some(true) {
        return Err(Error::invalid_field(
            "internet_access",
            "a private IONOS LAN reaches the internet only through a NAT gateway, which sovereign \
             does not manage yet; give servers a `sovereign_public_ip` instead",
        ));
    }
    if labels.is_some_and(|l| !l.is_empty()) {
        return Err(Error::invalid_field(
            "labels",
            "IONOS LANs take no labels; remove `labels`",
        ));
    }
    Ok(())
}

impl IonosBackend {
    fn lan_path(&self, id: &str) -> String {
        self.client.dc(&format!("/lans/{id}"))
    }

    pub(super) async fn lan_create(
        &self,
        spec: &NetworkSpec,
        deadline: Deadline,
    ) -> Result<Network> {
        check_network(spec)?;
        let body = json!({"properties": {"name": spec.name, "public": false}});
        let lans = self.client.dc("/lans");
        let made = self
            .client
            .create(&format!("LAN {:?}", spec.name), &lans, &body, || {
                self.client.named(&lans, &spec.name)
            })
            .await?;
        let id = made.id.clone();
        let finished = async {
            self.client
                .wait_made(&made, &self.lan_path(&id), "creating the LAN", deadline)
                .await?;
            self.lan_get(&id).await
        }
        .await;
        match finished {
            Ok(network) => Ok(network),
            Err(error) => {
                let cleanup = self.lan_delete(&id, cleanup_deadline()).await;
                Err(with_cleanup_note(error, cleanup, "LAN", &id))
            }
        }
    }

    pub(super) async fn lan_get(&self, id: &str) -> Result<Network> {
        let lan: Item<LanProperties> = self
            .client
            .get(&format!("{}?depth=1", self.lan_path(id)))
            .await?;
        if lan.properties.public {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("LAN {id} is a public LAN, not a sovereign network"),
            ));
        }
        Ok(network_of(lan))
    }

    pub(super) async fn lan_update(
        &self,
        id: &str,
        update: &NetworkUpdate,
        deadline: Deadline,
    ) -> Result<Network> {
        update.validate()?;
        refuse_lan_extras(
            update.dns_nameservers.as_ref(),
            update.internet_access,
            update.labels.as_ref(),
        )?;
        if let Some(name) = &update.name {
            self.client
                .change_and_wait(
                    Method::PATCH,
                    &self.lan_path(id),
                    Some(&json!({ "name": name })),
                    "renaming the LAN",
                    id,
                    deadline,
                )
                .await?;
        }
        self.lan_get(id).await
    }

    pub(super) async fn lan_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.client
            .delete_and_wait(&self.lan_path(id), "deleting the LAN", id, deadline)
            .await
    }

    /// The data center's LANs, public or private.
    pub(super) async fn lans(&self) -> Result<Vec<Item<LanProperties>>> {
        let list: Collection<Item<LanProperties>> =
            self.client.get(&self.client.dc("/lans?depth=1")).await?;
        Ok(list.items)
    }

    pub(super) async fn lan_list(&self) -> Result<Vec<Network>> {
        Ok(self
            .lans()
            .await?
            .into_iter()
            .filter(|lan| !lan.properties.public)
            .map(network_of)
            .collect())
    }
}

fn network_of(lan: Item<LanProperties>) -> Network {
    Network {
        id: lan.id,
        name: lan.properties.name,
        cidr: lan.properties.ipv4_cidr_block.filter(|b| b != "AUTO"),
        gateway_ip: None,
        dns_nameservers: Vec::new(),
        internet_access: false,
        labels: Labels::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_lan_cannot_carry_is_refused() {
        let mut spec = NetworkSpec {
            name: "n".into(),
            ..Default::default()
        };
        assert!(check_network(&spec).is_ok());
        spec.cidr = Some("10.1.2.0/24".into());
        assert_eq!(check_network(&spec).unwrap_err().field(), Some("cidr"));
        spec.cidr = None;
        spec.internet_access = true;
        assert_eq!(
            check_network(&spec).unwrap_err().field(),
            Some("internet_access")
        );
        spec.internet_access = false;
        spec.dns_nameservers = vec!["1.1.1.1".into()];
        assert_eq!(
            check_network(&spec).unwrap_err().field(),
            Some("dns_nameservers")
        );
    }
}
