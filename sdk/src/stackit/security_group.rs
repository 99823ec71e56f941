//! Security groups and their rules on STACKIT (synchronous: 201/200/204). A new group is
//! brought to exactly two allow-all egress rules (IPv4 and IPv6), whatever STACKIT added, so
//! that it starts alike on every cloud. Rule ids are `<group>/<rule>`; rules never change.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::create::created_id;
use super::names::{check_labels, check_name, replacing, users};
use super::StackitBackend;
use crate::error::{with_cleanup_note, Error, ErrorKind, Result};
use crate::lost_create::Created;
use crate::model::*;
use crate::wait::{cleanup_deadline, Deadline};

#[derive(Debug, Deserialize)]
struct StackitGroup {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    labels: Option<Labels>,
    #[serde(default)]
    rules: Vec<StackitRule>,
}

#[derive(Debug, Deserialize)]
struct StackitRule {
    id: String,
    #[serde(default)]
    direction: String,
    #[serde(default)]
    ethertype: Option<String>,
    #[serde(default)]
    protocol: Option<RuleProtocol>,
    #[serde(default, rename = "portRange")]
    port_range: Option<PortRange>,
    #[serde(default, rename = "ipRange")]
    ip_range: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RuleProtocol {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    number: Option<u8>,
}

#[derive(Debug, Deserialize)]
struct PortRange {
    min: u16,
    max: u16,
}

/// A group spec checked against STACKIT's rules.
pub(super) fn check_group(spec: &SecurityGroupSpec) -> Result<()> {
    spec.validate()?;
    check_name(&spec.name)?;
    check_labels(&spec.labels)
}

/// The STACKIT body of a uniform rule.
fn rule_body(spec: &SecurityGroupRuleSpec) -> Value {
    let ethertype = match spec.ethertype {
        EtherType::IPv4 => "IPv4",
        EtherType::IPv6 => "IPv6",
    };
    let mut body = json!({
        "direction": match spec.direction {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        },
        "ethertype": ethertype,
    });
    let protocol = match (spec.protocol, spec.ethertype) {
        (Protocol::Tcp, _) => Some("tcp"),
        (Protocol::Udp, _) => Some("udp"),
        (Protocol::Icmp, EtherType::IPv4) => Some("icmp"),
        (Protocol::Icmp, EtherType::IPv6) => Some("ipv6-icmp"),
        (Protocol::Any, _) => None,
    };
    if let Some(protocol) = protocol {
        body["protocol"] = json!(protocol);
    }
    if let Some((min, max)) = port_range(spec) {
        body["portRange"] = json!({ "min": min, "max": max });
    }
    if let Some(cidr) = &spec.remote_cidr {
        body["ipRange"] = json!(cidr);
    }
    if let Some(description) = &spec.description {
        body["description"] = json!(description);
    }
    body
}

/// The uniform rule a STACKIT rule is. A port range covering every port reads as none (STACKIT
/// leaves such a range out).
fn rule_spec(group: &str, rule: StackitRule) -> SecurityGroupRuleSpec {
    let protocol = match rule.protocol {
        None => Protocol::Any,
        Some(RuleProtocol { name, number }) => match (name.as_deref(), number) {
            (Some("tcp"), _) | (_, Some(6)) => Protocol::Tcp,
            (Some("udp"), _) | (_, Some(17)) => Protocol::Udp,
            (Some("icmp" | "ipv6-icmp"), _) | (_, Some(1 | 58)) => Protocol::Icmp,
            _ => Protocol::Any,
        },
    };
    let ports = rule.port_range.filter(|r| !(r.min <= 1 && r.max == 65535));
    SecurityGroupRuleSpec {
        security_group_id: group.to_string(),
        direction: if rule.direction.eq_ignore_ascii_case("egress") {
            Direction::Egress
        } else {
            Direction::Ingress
        },
        protocol,
        port_min: ports.as_ref().map(|r| r.min),
        port_max: ports.as_ref().map(|r| r.max),
        remote_cidr: rule.ip_range,
        ethertype: if rule.ethertype.as_deref() == Some("IPv6") {
            EtherType::IPv6
        } else {
            EtherType::IPv4
        },
        description: rule.description.filter(|d| !d.is_empty()),
    }
}

/// The rule as STACKIT reads it back: the port range as [`rule_body`] sends it, and one
/// covering every port as none.
fn as_read_back(mut spec: SecurityGroupRuleSpec) -> SecurityGroupRuleSpec {
    if let Some((min, max)) = port_range(&spec) {
        let every = min <= 1 && max == 65535;
        spec.port_min = (!every).then_some(min);
        spec.port_max = (!every).then_some(max);
    }
    spec
}

/// The `portRange` (min, max) of a rule, when it names ports.
fn port_range(spec: &SecurityGroupRuleSpec) -> Option<(u16, u16)> {
    if spec.port_min.is_none() && spec.port_max.is_none() {
        return None;
    }
    let min = spec.port_min.or(spec.port_max).unwrap_or(1);
    let max = spec.port_max.or(spec.port_min).unwrap_or(65535);
    Some((min, max))
}

/// Whether a rule is one of the two a new group keeps: all egress of one IP version.
fn is_default_egress(spec: &SecurityGroupRuleSpec) -> bool {
    spec.direction == Direction::Egress
        && spec.protocol == Protocol::Any
        && spec.port_min.is_none()
        && spec.remote_cidr.is_none()
}

impl StackitBackend {
    fn group_path(&self, id: &str) -> String {
        self.client.p(&format!("/security-groups/{id}"))
    }

    pub(super) async fn group_create(&self, spec: &SecurityGroupSpec) -> Result<SecurityGroup> {
        check_group(spec)?;
        let body = json!({
            "name": spec.name,
            "description": spec.description,
            "labels": spec.labels,
            "stateful": true,
        });
        let groups = self.client.p("/security-groups");
        let made = self
            .client
            .create(
                &format!("security group {:?}", spec.name),
                &groups,
                &body,
                || self.client.named(&groups, &spec.name),
            )
            .await?;
        let group: StackitGroup = match made {
            Created::Answered(created) => serde_json::from_value(created).map_err(|e| {
                Error::new(
                    ErrorKind::Api,
                    format!("STACKIT answered a group create oddly: {e}"),
                )
            })?,
            Created::Adopted(id) => self.client.get(&self.group_path(&id)).await?,
        };
        let id = group.id.clone();
        match self.keep_default_egress_only(group).await {
            Ok(()) => self.group_get(&id).await,
            Err(error) => {
                let cleanup = self.group_delete(&id, cleanup_deadline()).await;
                Err(with_cleanup_note(error, cleanup, "security group", &id))
            }
        }
    }

    /// Removes every rule STACKIT made but the allow-all egress per IP version, and adds the
    /// missing ones.
    async fn keep_default_egress_only(&self, group: StackitGroup) -> Result<()> {
        let mut kept = Vec::new();
        for rule in group.rules {
            let rule_id = rule.id.clone();
            let spec = rule_spec(&group.id, rule);
            if is_default_egress(&spec) && !kept.contains(&spec.ethertype) {
                kept.push(spec.ethertype);
            } else {
                self.client
                    .send(
                        Method::DELETE,
                        &format!("{}/rules/{rule_id}", self.group_path(&group.id)),
                        None,
                    )
                    .await?;
            }
        }
        for ethertype in [EtherType::IPv4, EtherType::IPv6] {
            if !kept.contains(&ethertype) {
                let egress = SecurityGroupRuleSpec {
                    security_group_id: group.id.clone(),
                    direction: Direction::Egress,
                    protocol: Protocol::Any,
                    ethertype,
                    ..SecurityGroupRuleSpec::default()
                };
                self.rule_post(&egress).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn group_get(&self, id: &str) -> Result<SecurityGroup> {
        let group: StackitGroup = self.client.get(&self.group_path(id)).await?;
        Ok(SecurityGroup {
            id: group.id,
            name: group.name,
            description: group.description.filter(|d| !d.is_empty()),
            labels: users(group.labels),
        })
    }

    pub(super) async fn group_update(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
    ) -> Result<SecurityGroup> {
        update.validate()?;
        let mut body = serde_json::Map::new();
        if let Some(name) = &update.name {
            check_name(name)?;
            body.insert("name".into(), json!(name));
        }
        if let Some(description) = &update.description {
            body.insert("description".into(), json!(description));
        }
        if let Some(labels) = &update.labels {
            check_labels(labels)?;
            let current: StackitGroup = self.client.get(&self.group_path(id)).await?;
            body.insert(
                "labels".into(),
                replacing(&current.labels.unwrap_or_default(), labels),
            );
        }
        if !body.is_empty() {
            self.client
                .send(
                    Method::PATCH,
                    &self.group_path(id),
                    Some(&Value::Object(body)),
                )
                .await?;
        }
        self.group_get(id).await
    }

    pub(super) async fn group_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.delete_when_free(
            &self.group_path(id),
            "deleting the security group",
            deadline,
        )
        .await
    }

    pub(super) async fn rule_create(
        &self,
        spec: &SecurityGroupRuleSpec,
    ) -> Result<SecurityGroupRule> {
        spec.validate()?;
        let rule = self.rule_post(spec).await.map_err(|e| {
            if e.is_not_found() {
                e.with_field("security_group_id")
            } else {
                e
            }
        })?;
        self.rule_get(&format!("{}/{rule}", spec.security_group_id))
            .await
    }

    /// Adds a rule to its group; the new rule's id (within the group). A rule has no name:
    /// after a lost answer, a rule of the group that says the same is a candidate.
    async fn rule_post(&self, spec: &SecurityGroupRuleSpec) -> Result<String> {
        let group = &spec.security_group_id;
        let rules = format!("{}/rules", self.group_path(group));
        let wanted = as_read_back(spec.clone());
        let made = self
            .client
            .create(
                &format!("a rule of security group {group}"),
                &rules,
                &rule_body(spec),
                || {
                    self.client.dated(&rules, |item| {
                        serde_json::from_value::<StackitRule>(item.clone())
                            .is_ok_and(|found| rule_spec(group, found) == wanted)
                    })
                },
            )
            .await?;
        created_id(&made, "rule")
    }

    pub(super) async fn rule_get(&self, id: &str) -> Result<SecurityGroupRule> {
        let (group, rule) = split_rule_id(id)?;
        let found: StackitRule = self
            .client
            .get(&format!("{}/rules/{rule}", self.group_path(group)))
            .await?;
        Ok(SecurityGroupRule {
            id: id.to_string(),
            spec: rule_spec(group, found),
        })
    }

    pub(super) async fn rule_delete(&self, id: &str) -> Result<()> {
        let (group, rule) = split_rule_id(id)?;
        match self
            .client
            .send(
                Method::DELETE,
                &format!("{}/rules/{rule}", self.group_path(group)),
                None,
            )
            .await
        {
            Err(e) if !e.is_not_found() => Err(e),
            _ => Ok(()),
        }
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
        let mut body = rule_body(&spec);
        assert_eq!(body["protocol"], "ipv6-icmp");
        body["id"] = json!("r");
        body["protocol"] = json!({"name": "ipv6-icmp", "number": 58});
        let back: StackitRule = serde_json::from_value(body).unwrap();
        assert_eq!(rule_spec("g", back), spec);
    }

    #[test]
    fn a_lost_rule_is_recognised_as_stackit_reads_it_back() {
        let spec = |min, max| SecurityGroupRuleSpec {
            security_group_id: "g".into(),
            protocol: Protocol::Tcp,
            port_min: min,
            port_max: max,
            ..Default::default()
        };
        let read_back = |spec: &SecurityGroupRuleSpec| {
            let mut body = rule_body(spec);
            body["id"] = json!("r");
            body["protocol"] = json!({"name": "tcp"});
            rule_spec("g", serde_json::from_value(body).unwrap())
        };
        for (min, max) in [
            (Some(22), None),
            (None, Some(80)),
            (Some(1), Some(65535)),
            (Some(8000), Some(8080)),
        ] {
            let sent = spec(min, max);
            assert_eq!(
                as_read_back(sent.clone()),
                read_back(&sent),
                "{min:?}..{max:?}"
            );
        }
    }

    #[test]
    fn a_range_of_every_port_reads_as_none() {
        let rule: StackitRule = serde_json::from_value(json!({
            "id": "r", "direction": "ingress", "protocol": {"name": "tcp"},
            "portRange": {"min": 1, "max": 65535}
        }))
        .unwrap();
        let spec = rule_spec("g", rule);
        assert_eq!((spec.port_min, spec.port_max), (None, None));
        assert_eq!(spec.protocol, Protocol::Tcp);
    }
}
