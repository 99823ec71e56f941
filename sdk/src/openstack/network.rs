//! `sovereign_network` on Neutron: a network, one IPv4 subnet, and a router to the external
//! network when `internet_access` is on. Labels are Neutron tags `key=value`.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client::Service;
use super::common::{check_deadline, ignore_not_found, labels_from_tags, query, with_cleanup_note};
use super::create::{field_is, Create};
use super::OpenStackBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Labels, Network, NetworkSpec, NetworkUpdate};
use crate::wait::Deadline;

/// The range a network gets when the caller names none.
const DEFAULT_CIDR: &str = "10.0.0.0/24";
const ROUTER_INTERFACE: &str = "network:router_interface";
/// The tag that ties a router the SDK made to its network.
const NETWORK_TAG: &str = "sovereign-network";

#[derive(Debug, Deserialize)]
struct NeutronNetwork {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default, rename = "router:external")]
    external: bool,
}

#[derive(Debug, Deserialize)]
struct NeutronSubnet {
    id: String,
    network_id: String,
    #[serde(default)]
    cidr: Option<String>,
    #[serde(default)]
    gateway_ip: Option<String>,
    #[serde(default)]
    dns_nameservers: Vec<String>,
    #[serde(default)]
    ip_version: u8,
}

#[derive(Debug, Deserialize)]
struct NeutronPort {
    device_id: String,
    network_id: String,
    #[serde(default)]
    fixed_ips: Vec<FixedIp>,
}

#[derive(Debug, Deserialize)]
struct FixedIp {
    subnet_id: String,
}

#[derive(Debug, Deserialize)]
struct NeutronRouter {
    id: String,
    #[serde(default)]
    external_gateway_info: Option<Value>,
}

impl OpenStackBackend {
    async fn subnets_of(&self, network_id: &str) -> Result<Vec<NeutronSubnet>> {
        let subnets: Vec<NeutronSubnet> = self
            .neutron(
                Method::GET,
                &query("/subnets", &[("network_id", network_id)]),
                None,
                "subnets",
            )
            .await?;
        Ok(subnets
            .into_iter()
            .filter(|s| s.network_id == network_id)
            .collect())
    }

    /// The routers with an interface on the network, each with the subnet it is attached by.
    async fn routers_of(&self, network_id: &str) -> Result<Vec<(String, String)>> {
        let ports: Vec<NeutronPort> = self
            .neutron(
                Method::GET,
                &query(
                    "/ports",
                    &[
                        ("network_id", network_id),
                        ("device_owner", ROUTER_INTERFACE),
                    ],
                ),
                None,
                "ports",
            )
            .await?;
        Ok(ports
            .into_iter()
            .filter(|p| p.network_id == network_id)
            .flat_map(|p| {
                let router = p.device_id.clone();
                p.fixed_ips
                    .into_iter()
                    .map(move |ip| (router.clone(), ip.subnet_id))
            })
            .collect())
    }

    /// The routers made for this network (tagged `sovereign-network=<id>` when made), so that
    /// a router someone else attached is neither reported nor removed.
    async fn owned_routers(&self, network_id: &str) -> Result<Vec<NeutronRouter>> {
        let tag = format!("{NETWORK_TAG}={network_id}");
        self.neutron(
            Method::GET,
            &query("/routers", &[("tags", &tag)]),
            None,
            "routers",
        )
        .await
    }

    async fn has_internet_access(&self, network_id: &str) -> Result<bool> {
        Ok(self.owned_routers(network_id).await?.iter().any(|r| {
            r.external_gateway_info
                .as_ref()
                .is_some_and(|g| !g.is_null())
        }))
    }

    /// The id of the external network routers and floating IPs use.
    pub(super) async fn external_network_id(&self) -> Result<String> {
        let networks: Vec<NeutronNetwork> = self
            .neutron(
                Method::GET,
                &query("/networks", &[("router:external", "true")]),
                None,
                "networks",
            )
            .await?;
        let wanted = self.profile.external_network;
        networks
            .iter()
            .filter(|n| n.external)
            .find(|n| wanted.map(|w| n.name == w).unwrap_or(true))
            .map(|n| n.id.clone())
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Unsupported,
                    format!(
                        "internet_access needs an external network{}, and the project sees none",
                        wanted.map(|w| format!(" named {w:?}")).unwrap_or_default()
                    ),
                )
                .with_field("internet_access")
            })
    }

    async fn add_router(&self, name: &str, network_id: &str, subnet_id: &str) -> Result<()> {
        let external = self.external_network_id().await?;
        let router_name = format!("{name}-router");
        let description = format!("internet access for network {network_id}, managed by sovereign");
        let create = Create::neutron(
            "/routers",
            "router",
            "routers",
            json!({
                "name": router_name,
                "description": description,
                "external_gateway_info": {"network_id": external},
            }),
            &[("name", &router_name)],
        );
        let router: NeutronRouter = self
            .create_object(create, |r| field_is(r, "description", &description))
            .await?;
        let owner: Labels = [(NETWORK_TAG.to_string(), network_id.to_string())].into();
        let attached = match self.put_tags("routers", &router.id, &owner).await {
            Ok(()) => self.add_interface(&router.id, network_id, subnet_id).await,
            Err(error) => Err(error),
        };
        if let Err(error) = attached {
            let cleanup = self
                .neutron_delete(&format!("/routers/{}", router.id))
                .await;
            // Not `with_cleanup_note`: the router is part of the network, whose own clean-up
            // (by the router's tag) takes care of it; the id to record is the network's.
            return Err(match cleanup {
                Ok(()) => error,
                Err(c) => error.context(format!(
                    "and removing router {} failed too ({c})",
                    router.id
                )),
            });
        }
        Ok(())
    }

    /// Attaches the subnet to the router. A repeat of a request whose answer was lost hears
    /// that the router has a port on the subnet already: that is success.
    async fn add_interface(
        &self,
        router_id: &str,
        network_id: &str,
        subnet_id: &str,
    ) -> Result<()> {
        let added = self
            .client
            .call(
                Service::Network,
                Method::PUT,
                &format!("/routers/{router_id}/add_router_interface"),
                Some(&json!({"subnet_id": subnet_id})),
            )
            .await;
        let Err(error) = added else {
            return Ok(());
        };
        let interfaces = self.routers_of(network_id).await?;
        match interfaces
            .iter()
            .any(|(r, s)| r == router_id && s == subnet_id)
        {
            true => Ok(()),
            false => Err(error),
        }
    }

    /// Detaches and deletes the routers made for this network; others are left alone.
    async fn remove_routers(&self, network_id: &str) -> Result<()> {
        let interfaces = self.routers_of(network_id).await?;
        for router in self.owned_routers(network_id).await? {
            for (_, subnet_id) in interfaces.iter().filter(|(r, _)| *r == router.id) {
                let detached = self
                    .client
                    .call_empty(
                        Service::Network,
                        Method::PUT,
                        &format!("/routers/{}/remove_router_interface", router.id),
                        Some(&json!({"subnet_id": subnet_id})),
                    )
                    .await;
                ignore_not_found(detached)?;
            }
            ignore_not_found(
                self.neutron_delete(&format!("/routers/{}", router.id))
                    .await,
            )?;
        }
        Ok(())
    }

    async fn assemble(&self, network: NeutronNetwork) -> Result<Network> {
        let subnet = self
            .subnets_of(&network.id)
            .await?
            .into_iter()
            .find(|s| s.ip_version == 4 || s.ip_version == 0);
        let internet_access = self.has_internet_access(&network.id).await?;
        Ok(Network {
            labels: labels_from_tags(&network.tags),
            id: network.id,
            name: network.name,
            cidr: subnet.as_ref().and_then(|s| s.cidr.clone()),
            gateway_ip: subnet.as_ref().and_then(|s| s.gateway_ip.clone()),
            dns_nameservers: subnet.map(|s| s.dns_nameservers).unwrap_or_default(),
            internet_access,
        })
    }

    async fn build_network(
        &self,
        network_id: &str,
        spec: &NetworkSpec,
        deadline: Deadline,
    ) -> Result<()> {
        check_deadline(deadline, "creating the network")?;
        if !spec.labels.is_empty() {
            self.put_tags("networks", network_id, &spec.labels).await?;
        }
        let create = Create::neutron(
            "/subnets",
            "subnet",
            "subnets",
            json!({
                "name": spec.name,
                "network_id": network_id,
                "ip_version": 4,
                "cidr": spec.cidr.as_deref().unwrap_or(DEFAULT_CIDR),
                "dns_nameservers": spec.dns_nameservers,
                "enable_dhcp": true,
            }),
            &[("network_id", network_id)],
        );
        let subnet: NeutronSubnet = self.create_object(create, |_| true).await?;
        if spec.internet_access {
            check_deadline(deadline, "creating the network's router")?;
            self.add_router(&spec.name, network_id, &subnet.id).await?;
        }
        Ok(())
    }

    async fn delete_network_parts(&self, id: &str) -> Result<()> {
        self.remove_routers(id).await?;
        for subnet in self.subnets_of(id).await? {
            ignore_not_found(
                self.neutron_delete(&format!("/subnets/{}", subnet.id))
                    .await,
            )?;
        }
        self.neutron_delete(&format!("/networks/{id}")).await
    }
}

impl OpenStackBackend {
    pub(super) async fn network_create(
        &self,
        spec: &NetworkSpec,
        deadline: Deadline,
    ) -> Result<Network> {
        spec.validate()?;
        let create = Create::neutron(
            "/networks",
            "network",
            "networks",
            json!({"name": spec.name, "admin_state_up": true}),
            &[("name", &spec.name)],
        );
        let network: NeutronNetwork = self
            .create_object(create, |n| field_is(n, "name", &spec.name))
            .await?;
        let id = network.id.clone();
        if let Err(error) = self.build_network(&id, spec, deadline).await {
            let cleanup = self.delete_network_parts(&id).await;
            return Err(with_cleanup_note(error, cleanup, "network", &id));
        }
        self.network_get(&id)
            .await
            .map_err(|e| e.with_resource_id(&id))
    }

    pub(super) async fn network_get(&self, id: &str) -> Result<Network> {
        let network: NeutronNetwork = self
            .neutron(Method::GET, &format!("/networks/{id}"), None, "network")
            .await?;
        self.assemble(network).await
    }

    pub(super) async fn network_update(
        &self,
        id: &str,
        update: &NetworkUpdate,
        _deadline: Deadline,
    ) -> Result<Network> {
        update.validate()?;
        let current = self.network_get(id).await?;
        let subnet = self.subnets_of(id).await?.into_iter().next();
        if let Some(name) = &update.name {
            let _: Value = self
                .neutron(
                    Method::PUT,
                    &format!("/networks/{id}"),
                    Some(&json!({"network": {"name": name}})),
                    "network",
                )
                .await?;
        }
        if let Some(subnet) = &subnet {
            let mut changes = serde_json::Map::new();
            if let Some(name) = &update.name {
                changes.insert("name".into(), json!(name));
            }
            if let Some(dns) = &update.dns_nameservers {
                changes.insert("dns_nameservers".into(), json!(dns));
            }
            if !changes.is_empty() {
                let _: Value = self
                    .neutron(
                        Method::PUT,
                        &format!("/subnets/{}", subnet.id),
                        Some(&json!({ "subnet": changes })),
                        "subnet",
                    )
                    .await?;
            }
        }
        if let Some(labels) = &update.labels {
            self.put_tags("networks", id, labels).await?;
        }
        if let Some(wanted) = update.internet_access {
            if wanted != current.internet_access {
                if wanted {
                    let subnet = subnet.ok_or_else(|| {
                        Error::new(
                            ErrorKind::Conflict,
                            format!("network {id} has no subnet to route"),
                        )
                    })?;
                    let name = update.name.as_deref().unwrap_or(&current.name);
                    self.add_router(name, id, &subnet.id).await?;
                } else {
                    self.remove_routers(id).await?;
                }
            }
        }
        self.network_get(id).await
    }

    pub(super) async fn network_delete(&self, id: &str, _deadline: Deadline) -> Result<()> {
        // Reading first turns "already gone" into NotFound before anything else is touched.
        let network: NeutronNetwork = self
            .neutron(Method::GET, &format!("/networks/{id}"), None, "network")
            .await?;
        if network.external {
            return Err(Error::new(
                ErrorKind::Forbidden,
                format!("{id} is the cloud's external network, not one of this project's"),
            ));
        }
        self.delete_network_parts(id).await
    }

    pub(super) async fn network_list(&self) -> Result<Vec<Network>> {
        let networks: Vec<NeutronNetwork> = self
            .neutron(Method::GET, "/networks", None, "networks")
            .await?;
        let mut result = Vec::new();
        for network in networks.into_iter().filter(|n| !n.external) {
            result.push(self.assemble(network).await?);
        }
        Ok(result)
    }
}
