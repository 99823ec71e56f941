//! `sovereign_network` on OTC's VPC v1: a VPC and one subnet filling it. The network's id is
//! the subnet's (which is also its Neutron network id, the one servers' ports carry). A VPC the
//! SDK makes says so in its description (`sovereign-network`, then `sovereign-network=<subnet>`
//! once the subnet exists), so that a VPC left by a failed create or a cut-off delete is still
//! found (a read reports it, a delete removes it) and a user's VPC is never removed.
//! `internet_access` is the VPC's shared SNAT; labels are the VPC's tags (the subnet's, when the
//! VPC is not one the SDK made).

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::OtcBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{validate_cidr, Network, NetworkSpec, NetworkUpdate};
use crate::openstack::common::{
    check_deadline, ignore_not_found, query, wait_for_status, with_cleanup_note, Observed,
};
use crate::openstack::create::{field_is, Create};
use crate::openstack::Service;
use crate::wait::{Deadline, Poll, Waiter};

/// The range a network gets when the caller names none.
const DEFAULT_CIDR: &str = "10.0.0.0/24";
/// The description of a VPC the SDK made, before its subnet exists.
const MADE_MARK: &str = "sovereign-network";
/// The description of a VPC the SDK made for a network: this, then the subnet id.
const OWNER_MARK: &str = "sovereign-network=";

#[derive(Debug, Deserialize)]
struct Vpc {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    cidr: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    enable_shared_snat: bool,
}

impl Vpc {
    /// Made by the SDK for this network.
    fn is_owned_by(&self, network_id: &str) -> bool {
        self.description == format!("{OWNER_MARK}{network_id}")
    }

    /// Made by the SDK for some network.
    fn is_made_by_sovereign(&self) -> bool {
        self.description == MADE_MARK || self.description.starts_with(OWNER_MARK)
    }

    /// Where the labels of a network in this VPC live: the VPC's tags when the VPC was made
    /// for it, else the subnet's (a user's VPC keeps its own tags).
    fn label_holder<'a>(&'a self, network_id: &'a str) -> (&'static str, &'a str) {
        if self.is_owned_by(network_id) {
            ("vpcs", &self.id)
        } else {
            ("subnets", network_id)
        }
    }
}

#[derive(Debug, Deserialize)]
struct Subnet {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    cidr: Option<String>,
    #[serde(default)]
    gateway_ip: Option<String>,
    #[serde(default)]
    status: String,
    vpc_id: String,
    #[serde(default, rename = "dnsList")]
    dns_list: Option<Vec<String>>,
    #[serde(default)]
    primary_dns: Option<String>,
    #[serde(default)]
    secondary_dns: Option<String>,
}

impl Subnet {
    fn dns(&self) -> Vec<String> {
        match &self.dns_list {
            Some(list) if !list.is_empty() => list.clone(),
            _ => [&self.primary_dns, &self.secondary_dns]
                .into_iter()
                .flatten()
                .filter(|s| !s.is_empty())
                .cloned()
                .collect(),
        }
    }
}

/// OTC takes VPC ranges only from the private blocks.
fn validate_private(cidr: &str) -> Result<Ipv4Net> {
    let net = validate_cidr(cidr)?;
    let private = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
        .iter()
        .filter_map(|block| block.parse::<Ipv4Net>().ok())
        .any(|block| block.contains(&net));
    if !private {
        return Err(Error::invalid_field(
            "cidr",
            format!("{cidr:?}: OTC VPCs take only private ranges (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16)"),
        ));
    }
    Ok(net)
}

/// A network spec checked against OTC's rules: private ranges, OTC's tag limits.
pub(super) fn check_network(spec: &NetworkSpec) -> Result<Ipv4Net> {
    spec.validate()?;
    super::tags::validate_tag_labels(&spec.labels)?;
    validate_private(spec.cidr.as_deref().unwrap_or(DEFAULT_CIDR))
}

/// The subnet's DNS fields: the list, and its first two as primary and secondary.
fn dns_fields(servers: &[String]) -> Value {
    json!({
        "dnsList": servers,
        "primary_dns": servers.first(),
        "secondary_dns": servers.get(1),
    })
}

fn first_host(net: &Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(net.network()) + 1)
}

impl OtcBackend {
    async fn vpc(&self, id: &str) -> Result<Vpc> {
        self.core
            .client()
            .call_key(
                Service::Vpc,
                Method::GET,
                &format!("/vpcs/{id}"),
                None,
                "vpc",
            )
            .await
    }

    async fn subnet(&self, id: &str) -> Result<Subnet> {
        self.core
            .client()
            .call_key(
                Service::Vpc,
                Method::GET,
                &format!("/subnets/{id}"),
                None,
                "subnet",
            )
            .await
    }

    /// The VPC a subnet lives in (VPC id), for servers on the network.
    pub(super) async fn vpc_of(&self, network_id: &str) -> Result<String> {
        self.subnet(network_id)
            .await
            .map(|s| s.vpc_id)
            .map_err(|e| e.with_field("network_id"))
    }

    async fn put_vpc(&self, id: &str, fields: Value) -> Result<()> {
        self.core
            .client()
            .call_empty(
                Service::Vpc,
                Method::PUT,
                &format!("/vpcs/{id}"),
                Some(&json!({ "vpc": fields })),
            )
            .await
    }

    async fn put_subnet(&self, vpc_id: &str, id: &str, fields: Value) -> Result<()> {
        self.core
            .client()
            .call_empty(
                Service::Vpc,
                Method::PUT,
                &format!("/vpcs/{vpc_id}/subnets/{id}"),
                Some(&json!({ "subnet": fields })),
            )
            .await
    }

    pub(super) async fn network_create(
        &self,
        spec: &NetworkSpec,
        deadline: Deadline,
    ) -> Result<Network> {
        let net = check_network(spec)?;
        let create = Create {
            service: Service::Vpc,
            collection: "/vpcs",
            key: "vpc",
            object: json!({
                "name": spec.name,
                "cidr": net.to_string(),
                "description": MADE_MARK,
            }),
            listing: "/vpcs".to_string(),
            list_key: "vpcs",
            what: format!("VPC {:?}", spec.name),
            unique: false,
        };
        let vpc: Vpc = self
            .core
            .create_object(create, |vpc| {
                field_is(vpc, "name", &spec.name) && field_is(vpc, "description", MADE_MARK)
            })
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidInput => e.with_field("cidr"),
                _ => e,
            })?;
        match self.finish_network(&vpc.id, spec, &net, deadline).await {
            Ok(network) => Ok(network),
            Err(error) => {
                let cleanup = self
                    .remove_vpc(&vpc.id, crate::wait::cleanup_deadline())
                    .await;
                Err(with_cleanup_note(error, cleanup, "VPC", &vpc.id))
            }
        }
    }

    /// The steps after the VPC exists: its subnet, the owner mark and SNAT, the tags.
    async fn finish_network(
        &self,
        vpc_id: &str,
        spec: &NetworkSpec,
        net: &Ipv4Net,
        deadline: Deadline,
    ) -> Result<Network> {
        check_deadline(deadline, "creating the network")?;
        wait_for_status(
            "creating the VPC",
            vpc_id,
            deadline,
            &["OK"],
            &["DOWN", "ERROR"],
            || async {
                let vpc = self.vpc(vpc_id).await?;
                Ok(Observed {
                    status: vpc.status,
                    fault: None,
                })
            },
        )
        .await?;
        let mut subnet = json!({
            "name": spec.name,
            "cidr": net.to_string(),
            "gateway_ip": first_host(net).to_string(),
            "vpc_id": vpc_id,
            "dhcp_enable": true,
        });
        if !spec.dns_nameservers.is_empty() {
            if let (Some(target), Value::Object(dns)) =
                (subnet.as_object_mut(), dns_fields(&spec.dns_nameservers))
            {
                target.extend(dns);
            }
        }
        // The network's VPC is made for it and holds this one subnet: a subnet there is the
        // create's.
        let create = Create {
            service: Service::Vpc,
            collection: "/subnets",
            key: "subnet",
            object: subnet,
            listing: query("/subnets", &[("vpc_id", vpc_id)]),
            list_key: "subnets",
            what: format!("subnet of VPC {vpc_id}"),
            unique: true,
        };
        let subnet: Subnet = self
            .core
            .create_object(create, |s| field_is(s, "vpc_id", vpc_id))
            .await?;
        let id = subnet.id;
        wait_for_status(
            "creating the subnet",
            &id,
            deadline,
            &["ACTIVE"],
            &["ERROR"],
            || async {
                let subnet = self.subnet(&id).await?;
                Ok(Observed {
                    status: subnet.status,
                    fault: None,
                })
            },
        )
        .await?;
        check_deadline(deadline, "creating the network")?;
        self.put_vpc(
            vpc_id,
            json!({
                "name": spec.name,
                "description": format!("{OWNER_MARK}{id}"),
                "enable_shared_snat": spec.internet_access,
            }),
        )
        .await?;
        if !spec.labels.is_empty() {
            self.set_tags("vpcs", vpc_id, &spec.labels).await?;
        }
        self.network_get(&id).await
    }

    pub(super) async fn network_get(&self, id: &str) -> Result<Network> {
        let subnet = match self.subnet(id).await {
            Ok(subnet) => subnet,
            Err(e) if e.is_not_found() => {
                return match self.orphan_vpc(id).await? {
                    Some(vpc) => self.orphan_network(id, vpc).await,
                    None => Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        let vpc = self.vpc(&subnet.vpc_id).await?;
        let (kind, holder) = vpc.label_holder(id);
        let labels = self.tags(kind, holder).await?;
        Ok(Network {
            dns_nameservers: subnet.dns(),
            id: subnet.id,
            name: subnet.name,
            cidr: subnet.cidr,
            gateway_ip: subnet.gateway_ip,
            internet_access: vpc.enable_shared_snat,
            labels,
        })
    }

    /// A VPC the SDK made that outlived the network `id`: the VPC of a create that failed and
    /// could not clean up (`id` is then the VPC's), or of a delete cut off after the subnet.
    async fn orphan_vpc(&self, id: &str) -> Result<Option<Vpc>> {
        match self.vpc(id).await {
            Ok(vpc) if vpc.is_made_by_sovereign() => return Ok(Some(vpc)),
            Ok(_) => return Ok(None),
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        }
        Ok(self.vpcs().await?.into_iter().find(|v| v.is_owned_by(id)))
    }

    /// What is left of a network whose subnet is gone, so that terraform keeps it and a
    /// delete finishes the job.
    async fn orphan_network(&self, id: &str, vpc: Vpc) -> Result<Network> {
        Ok(Network {
            id: id.to_string(),
            labels: self.tags("vpcs", &vpc.id).await?,
            name: vpc.name,
            cidr: vpc.cidr,
            gateway_ip: None,
            dns_nameservers: Vec::new(),
            internet_access: vpc.enable_shared_snat,
        })
    }

    pub(super) async fn network_update(
        &self,
        id: &str,
        update: &NetworkUpdate,
        _deadline: Deadline,
    ) -> Result<Network> {
        update.validate()?;
        let subnet = self.subnet(id).await?;
        let vpc = self.vpc(&subnet.vpc_id).await?;
        let owned = vpc.is_owned_by(id);
        if let Some(name) = &update.name {
            self.put_subnet(&vpc.id, id, json!({"name": name})).await?;
            if owned {
                self.put_vpc(&vpc.id, json!({"name": name})).await?;
            }
        }
        if let Some(dns) = &update.dns_nameservers {
            let mut fields = dns_fields(dns);
            fields["name"] = json!(update.name.as_deref().unwrap_or(&subnet.name));
            self.put_subnet(&vpc.id, id, fields).await?;
        }
        if let Some(internet) = update.internet_access {
            self.put_vpc(&vpc.id, json!({"enable_shared_snat": internet}))
                .await?;
        }
        if let Some(labels) = &update.labels {
            let (kind, holder) = vpc.label_holder(id);
            self.set_tags(kind, holder, labels).await?;
        }
        self.network_get(id).await
    }

    /// Deletes the subnet, then the VPC when it was made for it. When the subnet is already
    /// gone, still removes a VPC the SDK made for it (see [`Self::orphan_vpc`]).
    pub(super) async fn network_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let subnet = match self.subnet(id).await {
            Ok(subnet) => subnet,
            Err(e) if e.is_not_found() => {
                return match self.orphan_vpc(id).await? {
                    Some(vpc) => self.remove_vpc(&vpc.id, deadline).await,
                    None => Err(e),
                }
            }
            Err(e) => return Err(e),
        };
        let vpc = self.vpc(&subnet.vpc_id).await?;
        self.delete_subnet(&vpc.id, id, deadline).await?;
        if vpc.is_owned_by(id) {
            self.delete_vpc(&vpc.id, deadline).await?;
        }
        Ok(())
    }

    /// Deletes a VPC the SDK made, with whatever subnets a failed create left in it.
    async fn remove_vpc(&self, vpc_id: &str, deadline: Deadline) -> Result<()> {
        let path = query("/subnets", &[("vpc_id", vpc_id)]);
        let subnets: Vec<Subnet> = self
            .core
            .client()
            .call_key(Service::Vpc, Method::GET, &path, None, "subnets")
            .await?;
        for subnet in subnets.iter().filter(|s| s.vpc_id == vpc_id) {
            self.delete_subnet(vpc_id, &subnet.id, deadline).await?;
        }
        self.delete_vpc(vpc_id, deadline).await
    }

    pub(super) async fn network_list(&self) -> Result<Vec<Network>> {
        let subnets: Vec<Subnet> = self
            .core
            .client()
            .call_key(Service::Vpc, Method::GET, "/subnets", None, "subnets")
            .await?;
        let mut networks = Vec::with_capacity(subnets.len());
        for subnet in subnets {
            networks.push(self.network_get(&subnet.id).await?);
        }
        Ok(networks)
    }

    async fn vpcs(&self) -> Result<Vec<Vpc>> {
        self.core
            .client()
            .call_key(Service::Vpc, Method::GET, "/vpcs", None, "vpcs")
            .await
    }

    async fn delete_subnet(&self, vpc_id: &str, id: &str, deadline: Deadline) -> Result<()> {
        let path = format!("/vpcs/{vpc_id}/subnets/{id}");
        self.delete_until_gone("deleting the subnet", &path, deadline, || self.subnet(id))
            .await
    }

    async fn delete_vpc(&self, id: &str, deadline: Deadline) -> Result<()> {
        let path = format!("/vpcs/{id}");
        self.delete_until_gone("deleting the VPC", &path, deadline, || self.vpc(id))
            .await
    }

    /// DELETE `path` until the object is gone: a 409 (ports or subnets still leaving) is asked
    /// again after a pause, as OTC's own provider does.
    async fn delete_until_gone<F, Fut, T>(
        &self,
        what: &str,
        path: &str,
        deadline: Deadline,
        mut fetch: F,
    ) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<T>>,
    {
        Waiter::default()
            .until(what, deadline, || {
                let seen = fetch();
                async move {
                    if let Err(e) = seen.await {
                        return if e.is_not_found() {
                            Ok(Poll::Ready(()))
                        } else {
                            Err(e)
                        };
                    }
                    let deleted = self
                        .core
                        .client()
                        .call_empty(Service::Vpc, Method::DELETE, path, None)
                        .await;
                    match ignore_not_found(deleted) {
                        Ok(()) => Ok(Poll::Pending("deleting".to_string())),
                        Err(e) if e.kind() == ErrorKind::Conflict => {
                            Ok(Poll::Pending(format!("in use: {}", e.message())))
                        }
                        Err(e) => Err(e),
                    }
                }
            })
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_private_ranges() {
        assert!(validate_private("10.1.0.0/16").is_ok());
        assert!(validate_private("192.168.10.0/24").is_ok());
        let public = validate_private("8.8.8.0/24").unwrap_err();
        assert_eq!(public.field(), Some("cidr"));
        assert_eq!(
            first_host(&"10.0.0.0/24".parse().unwrap()).to_string(),
            "10.0.0.1"
        );
    }

    #[test]
    fn dns_list_wins_over_primary_and_secondary() {
        let subnet: Subnet = serde_json::from_value(json!({
            "id": "s", "vpc_id": "v", "dnsList": [], "primary_dns": "1.1.1.1", "secondary_dns": ""
        }))
        .unwrap();
        assert_eq!(subnet.dns(), vec!["1.1.1.1".to_string()]);
        assert_eq!(
            dns_fields(&["9.9.9.9".into()])["secondary_dns"],
            Value::Null
        );
    }
}
