//! Security groups as IONOS network security groups (NSGs) of the data center, with their
//! rules. A new NSG gets two rules that allow all egress (IPv4 and IPv6), so that it starts
//! as every cloud's group does: all egress, no ingress. A rule's id is `<group>/<rule>`: IONOS
//! rules live under their group.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::repr::Item;
use super::IonosBackend;
use crate::error::{with_cleanup_note, Error, Result};
use crate::model::*;
use crate::wait::{cleanup_deadline, Deadline};

#[derive(Debug, Deserialize)]
struct NsgProperties {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RuleProperties {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    protocol: String,
    #[serde(default, rename = "ipVersion")]
    ip_version: Option<String>,
    #[serde(default, rename = "sourceIp")]
    source_ip: Option<String>,
    #[serde(default, rename = "targetIp")]
    target_ip: Option<String>,
    #[serde(default, rename = "portRangeStart")]
    port_range_start: Option<u16>,
    #[serde(default, rename = "portRangeEnd")]
    port_range_end: Option<u16>,
    #[serde(default, rename = "type")]
    direction: String,
}

/// The IONOS properties of a uniform rule.
fn rule_body(spec: &SecurityGroupRuleSpec) -> Value {
    let protocol = match (spec.protocol, spec.ethertype) {
        (Protocol::Tcp, _) => "TCP",
        (Protocol::Udp, _) => "UDP",
        (Protocol::Icmp, EtherType::IPv4) => "ICMP",
        (Protocol::Icmp, EtherType::IPv6) => "ICMPv6",
        (Protocol::Any, _) => "ANY",
    };
    let mut properties = json!({
        "protocol": protocol,
        "type": match spec.direction { Direction::Ingress => "INGRESS", Direction::Egress => "EGRESS" },
        "ipVersion": match spec.ethertype { EtherType::IPv4 => "IPv4", EtherType::IPv6 => "IPv6" },
    });
    if let Some(name) = &spec.description {
        properties["name"] = json!(name);
    }
    if let Some(cidr) = &spec.remote_cidr {
        let side = match spec.direction {
            Direction::Ingress => "sourceIp",
            Direction::Egress => "targetIp",
        };
        properties[side] = json!(cidr);
    }
    if let Some(port) = spec.port_min {
        properties["portRangeStart"] = json!(port);
    }
    if let Some(port) = spec.port_max {
        properties["portRangeEnd"] = json!(port);
    }
    json!({ "properties": properties })
}

/// The uniform rule an IONOS rule is.
fn rule_spec(group: &str, p: RuleProperties) -> SecurityGroupRuleSpec {
    let direction = if p.direction.eq_ignore_ascii_case("EGRESS") {
        Direction::Egress
    } else {
        Direction::Ingress
    };
    let ethertype = match (p.ip_version.as_deref(), p.protocol.as_str()) {
        (Some("IPv6"), _) | (_, "ICMPv6") => EtherType::IPv6,
        _ => EtherType::IPv4,
    };
    let protocol = match p.protocol.to_ascii_uppercase().as_str() {
        "TCP" => Protocol::Tcp,
        "UDP" => Protocol::Udp,
        "ICMP" | "ICMPV6" => Protocol::Icmp,
        _ => Protocol::Any,
    };
    let remote = match direction {
        Direction::Ingress => p.source_ip,
        Direction::Egress => p.target_ip,
    };
    SecurityGroupRuleSpec {
        security_group_id: group.to_string(),
        direction,
        protocol,
        port_min: p.port_range_start,
        port_max: p.port_range_end,
        remote_cidr: remote.filter(|r| !r.is_empty()),
        ethertype,
        description: p.name.filter(|n| !n.is_empty()),
    }
}

/// A group spec checked against what an NSG can be.
pub(super) fn check_group(spec: &SecurityGroupSpec) -> Result<()> {
    spec.validate()?;
    refuse_labels(&spec.labels)
}

/// IONOS groups take no labels; said before anything is sent.
fn refuse_labels(labels: &Labels) -> Result<()> {
    if labels.is_empty() {
        return Ok(());
    }
    Err(Error::invalid_field(
        "labels",
        "IONOS security groups take no labels; remove `labels`",
    ))
}

impl IonosBackend {
    fn nsg_path(&self, id: &str) -> String {
        self.client.dc(&format!("/securitygroups/{id}"))
    }

    pub(super) async fn nsg_create(
        &self,
        spec: &SecurityGroupSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        check_group(spec)?;
        let body = json!({"properties": {"name": spec.name, "description": spec.description}});
        let groups = self.client.dc("/securitygroups");
        let made = self
            .client
            .create(
                &format!("security group {:?}", spec.name),
                &groups,
                &body,
                || self.client.named(&groups, &spec.name),
            )
            .await?;
        let id = made.id.clone();
        let finished = async {
            self.client
                .wait_made(
                    &made,
                    &self.nsg_path(&id),
                    "creating the security group",
                    deadline,
                )
                .await?;
            for ethertype in [EtherType::IPv4, EtherType::IPv6] {
                let egress = SecurityGroupRuleSpec {
                    security_group_id: id.clone(),
                    direction: Direction::Egress,
                    protocol: Protocol::Any,
                    ethertype,
                    ..SecurityGroupRuleSpec::default()
                };
                self.rule_create(&egress, deadline).await?;
            }
            self.nsg_get(&id).await
        }
        .await;
        match finished {
            Ok(group) => Ok(group),
            Err(error) => {
                let cleanup = self.nsg_delete(&id, cleanup_deadline()).await;
                Err(with_cleanup_note(error, cleanup, "security group", &id))
            }
        }
    }

    pub(super) async fn nsg_get(&self, id: &str) -> Result<SecurityGroup> {
        let group: Item<NsgProperties> = self
            .client
            .get(&format!("{}?depth=1", self.nsg_path(id)))
            .await?;
        Ok(SecurityGroup {
            id: group.id,
            name: group.properties.name,
            description: group.properties.description.filter(|d| !d.is_empty()),
            labels: Labels::new(),
        })
    }

    pub(super) async fn nsg_update(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        update.validate()?;
        if let Some(labels) = &update.labels {
            refuse_labels(labels)?;
        }
        let mut properties = json!({});
        if let Some(name) = &update.name {
            properties["name"] = json!(name);
        }
        if let Some(description) = &update.description {
            properties["description"] = json!(description);
        }
        if properties.as_object().is_some_and(|p| !p.is_empty()) {
            self.client
                .change_and_wait(
                    Method::PATCH,
                    &self.nsg_path(id),
                    Some(&properties),
                    "updating the security group",
                    id,
                    deadline,
                )
                .await?;
        }
        self.nsg_get(id).await
    }

    pub(super) async fn nsg_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.client
            .delete_and_wait(
                &self.nsg_path(id),
                "deleting the security group",
                id,
                deadline,
            )
            .await
    }

    pub(super) async fn rule_create(
        &self,
        spec: &SecurityGroupRuleSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroupRule> {
        spec.validate()?;
        let group = &spec.security_group_id;
        let rules = format!("{}/rules", self.nsg_path(group));
        // A rule has no name: one of the group's rules that says the same is a candidate.
        let made = self
            .client
            .create(
                &format!("rule of security group {group}"),
                &rules,
                &rule_body(spec),
                || {
                    self.client.dated(&rules, |properties| {
                        serde_json::from_value::<RuleProperties>(properties.clone())
                            .is_ok_and(|found| rule_spec(group, found) == *spec)
                    })
                },
            )
            .await
            .map_err(|e| {
                if e.is_not_found() {
                    e.with_field("security_group_id")
                } else {
                    e
                }
            })?;
        let id = format!("{group}/{}", made.id);
        self.client
            .wait_made(
                &made,
                &format!("{rules}/{}", made.id),
                "creating the rule",
                deadline,
            )
            .await?;
        self.rule_get(&id).await
    }

    pub(super) async fn rule_get(&self, id: &str) -> Result<SecurityGroupRule> {
        let (group, rule) = split_rule_id(id)?;
        let item: Item<RuleProperties> = self
            .client
            .get(&format!("{}/rules/{rule}?depth=1", self.nsg_path(group)))
            .await?;
        Ok(SecurityGroupRule {
            id: id.to_string(),
            spec: rule_spec(group, item.properties),
        })
    }

    pub(super) async fn rule_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let (group, rule) = split_rule_id(id)?;
        self.client
            .delete_and_wait(
                &format!("{}/rules/{rule}", self.nsg_path(group)),
                "deleting the rule",
                id,
                deadline,
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip() {
        let spec = SecurityGroupRuleSpec {
            security_group_id: "g".into(),
            direction: Direction::Ingress,
            protocol: Protocol::Icmp,
            ethertype: EtherType::IPv6,
            remote_cidr: Some("::/0".into()),
            description: Some("ping6".into()),
            ..Default::default()
        };
        let body = rule_body(&spec);
        assert_eq!(body["properties"]["protocol"], "ICMPv6");
        assert_eq!(body["properties"]["sourceIp"], "::/0");
        let back: RuleProperties = serde_json::from_value(body["properties"].clone()).unwrap();
        assert_eq!(rule_spec("g", back), spec);
        assert!(split_rule_id("g/r").is_ok());
        assert_eq!(split_rule_id("r").unwrap_err().field(), Some("id"));
    }
}
