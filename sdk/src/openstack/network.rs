//! `sovereign_network` on Neutron: a network, one IPv4 subnet, and a router to the external
//! network when `internet_access` is on. Labels are Neutron tags `key=value`.

use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::client::Service;
use super::OpenStackBackend;
use crate::api::Networking;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{Labels, Network, NetworkSpec, NetworkUpdate};
use crate::wait::Deadline;

/// The range a network gets when the caller names none.
const DEFAULT_CIDR: &str = "10.0.0.0/24";
const ROUTER_INTERFACE: &str = "network:router_interface";

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

fn labels_from_tags(tags: &[String]) -> Labels {
    tags.iter()
        .map(|tag| match tag.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (tag.clone(), String::new()),
        })
        .collect()
}

fn tags_from_labels(labels: &Labels) -> Vec<String> {
    labels
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect()
}

fn query(path: &str, pairs: &[(&str, &str)]) -> String {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{path}?{encoded}")
}

impl OpenStackBackend {
    async fn neutron<T: for<'de> Deserialize<'de>>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: &str,
    ) -> Result<T> {
        let mut value: Value = self
            .client
            .call_json(Service::Network, method, path, body)
            .await?;
        let inner = value.get_mut(key).map(Value::take).ok_or_else(|| {
            Error::new(
                ErrorKind::Api,
                format!("Neutron's answer to {path} has no {key:?}"),
            )
        })?;
        serde_json::from_value(inner).map_err(|e| {
            Error::new(
                ErrorKind::Api,
                format!("unexpected {key} from Neutron: {e}"),
            )
        })
    }

    async fn neutron_delete(&self, path: &str) -> Result<()> {
        self.client
            .call(Service::Network, Method::DELETE, path, None)
            .await
            .map(|_| ())
    }

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

    async fn has_internet_access(&self, network_id: &str) -> Result<bool> {
        for (router_id, _) in self.routers_of(network_id).await? {
            let router: NeutronRouter = self
                .neutron(
                    Method::GET,
                    &format!("/routers/{router_id}"),
                    None,
                    "router",
                )
                .await?;
            if router.external_gateway_info.is_some_and(|g| !g.is_null()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    async fn external_network_id(&self) -> Result<String> {
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
        let router: NeutronRouter = self
            .neutron(
                Method::POST,
                "/routers",
                Some(&json!({"router": {
                    "name": format!("{name}-router"),
                    "description": format!("internet access for network {network_id}, managed by sovereign"),
                    "external_gateway_info": {"network_id": external},
                }})),
                "router",
            )
            .await?;
        let attached = self
            .client
            .call(
                Service::Network,
                Method::PUT,
                &format!("/routers/{}/add_router_interface", router.id),
                Some(&json!({"subnet_id": subnet_id})),
            )
            .await;
        if let Err(error) = attached {
            let cleanup = self
                .neutron_delete(&format!("/routers/{}", router.id))
                .await;
            return Err(with_cleanup_note(error, cleanup, "router", &router.id));
        }
        Ok(())
    }

    async fn remove_routers(&self, network_id: &str) -> Result<()> {
        for (router_id, subnet_id) in self.routers_of(network_id).await? {
            let detached = self
                .client
                .call(
                    Service::Network,
                    Method::PUT,
                    &format!("/routers/{router_id}/remove_router_interface"),
                    Some(&json!({"subnet_id": subnet_id})),
                )
                .await;
            ignore_not_found(detached.map(|_| ()))?;
            // The router was made for this network; it goes once nothing else uses it.
            let remaining: Vec<NeutronPort> = self
                .neutron(
                    Method::GET,
                    &query(
                        "/ports",
                        &[
                            ("device_id", &router_id),
                            ("device_owner", ROUTER_INTERFACE),
                        ],
                    ),
                    None,
                    "ports",
                )
                .await?;
            if remaining.iter().all(|p| p.device_id != router_id) {
                ignore_not_found(self.neutron_delete(&format!("/routers/{router_id}")).await)?;
            }
        }
        Ok(())
    }

    async fn put_tags(&self, kind: &str, id: &str, labels: &Labels) -> Result<()> {
        self.client
            .call(
                Service::Network,
                Method::PUT,
                &format!("/{kind}/{id}/tags"),
                Some(&json!({"tags": tags_from_labels(labels)})),
            )
            .await
            .map(|_| ())
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
        let subnet: NeutronSubnet = self
            .neutron(
                Method::POST,
                "/subnets",
                Some(&json!({"subnet": {
                    "name": spec.name,
                    "network_id": network_id,
                    "ip_version": 4,
                    "cidr": spec.cidr.as_deref().unwrap_or(DEFAULT_CIDR),
                    "dns_nameservers": spec.dns_nameservers,
                    "enable_dhcp": true,
                }})),
                "subnet",
            )
            .await?;
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

/// Stops a multi-step operation between steps once its deadline has passed (the caller then
/// rolls back what was made, rather than being cut off mid-request and leaking it).
fn check_deadline(deadline: Deadline, what: &str) -> Result<()> {
    if deadline.has_passed() {
        return Err(Error::new(
            ErrorKind::Timeout,
            format!("{what} did not finish before the deadline"),
        ));
    }
    Ok(())
}

fn ignore_not_found(result: Result<()>) -> Result<()> {
    match result {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

fn with_cleanup_note(error: Error, cleanup: Result<()>, what: &str, id: &str) -> Error {
    match cleanup {
        Ok(()) => error,
        Err(cleanup_error) => error.context(format!(
            "and removing the half-made {what} {id} failed too ({cleanup_error}); delete it by hand"
        )),
    }
}

#[async_trait]
impl Networking for OpenStackBackend {
    async fn create_network(&self, spec: &NetworkSpec, deadline: Deadline) -> Result<Network> {
        spec.validate()?;
        let network: NeutronNetwork = self
            .neutron(
                Method::POST,
                "/networks",
                Some(&json!({"network": {"name": spec.name, "admin_state_up": true}})),
                "network",
            )
            .await?;
        let id = network.id.clone();
        if let Err(error) = self.build_network(&id, spec, deadline).await {
            let cleanup = self.delete_network_parts(&id).await;
            return Err(with_cleanup_note(error, cleanup, "network", &id));
        }
        self.get_network(&id).await
    }

    async fn get_network(&self, id: &str) -> Result<Network> {
        let network: NeutronNetwork = self
            .neutron(Method::GET, &format!("/networks/{id}"), None, "network")
            .await?;
        self.assemble(network).await
    }

    async fn update_network(
        &self,
        id: &str,
        update: &NetworkUpdate,
        _deadline: Deadline,
    ) -> Result<Network> {
        update.validate()?;
        let current = self.get_network(id).await?;
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
        self.get_network(id).await
    }

    async fn delete_network(&self, id: &str, _deadline: Deadline) -> Result<()> {
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

    async fn list_networks(&self) -> Result<Vec<Network>> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_tags() {
        let mut labels = Labels::new();
        labels.insert("env".into(), "prod".into());
        labels.insert("flag".into(), String::new());
        labels.insert("eq".into(), "a=b".into());
        let tags = tags_from_labels(&labels);
        assert!(tags.contains(&"env=prod".to_string()));
        assert!(tags.contains(&"flag".to_string()));
        assert_eq!(labels_from_tags(&tags), labels);
    }

    #[test]
    fn query_encodes_values() {
        assert_eq!(
            query("/networks", &[("name", "a b&c")]),
            "/networks?name=a+b%26c"
        );
    }
}
