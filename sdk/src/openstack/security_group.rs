//! Security groups and rules on Neutron. A new group is normalised to the uniform default:
//! all egress (IPv4 and IPv6), no ingress — whatever default rules the cloud added.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use super::common::{labels_from_tags, query, with_cleanup_note};
use super::create::{field_is, Create};
use super::OpenStackBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    Direction, EtherType, Protocol, SecurityGroup, SecurityGroupRule, SecurityGroupRuleSpec,
    SecurityGroupSpec, SecurityGroupUpdate,
};

#[derive(Debug, Deserialize)]
struct NeutronGroup {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    tags: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct NeutronRule {
    id: String,
    security_group_id: String,
    direction: String,
    #[serde(default)]
    ethertype: String,
    #[serde(default)]
    protocol: Option<String>,
    #[serde(default)]
    port_range_min: Option<u32>,
    #[serde(default)]
    port_range_max: Option<u32>,
    #[serde(default)]
    remote_ip_prefix: Option<String>,
    #[serde(default)]
    remote_group_id: Option<String>,
    #[serde(default)]
    description: Option<String>,
}

impl NeutronRule {
    fn is_any_egress(&self, ethertype: &str) -> bool {
        self.direction == "egress"
            && self.ethertype == ethertype
            && self.protocol.is_none()
            && self.port_range_min.is_none()
            && self.remote_group_id.is_none()
            && self
                .remote_ip_prefix
                .as_deref()
                .map(|p| p == "0.0.0.0/0" || p == "::/0")
                .unwrap_or(true)
    }

    fn into_rule(self) -> Result<SecurityGroupRule> {
        let protocol = match self.protocol.as_deref() {
            None | Some("any") => Protocol::Any,
            Some("tcp" | "6") => Protocol::Tcp,
            Some("udp" | "17") => Protocol::Udp,
            Some("icmp" | "1") => Protocol::Icmp,
            Some(other) => {
                return Err(Error::new(
                    ErrorKind::Unsupported,
                    format!(
                        "rule {} uses protocol {other:?}, which the uniform model does not have",
                        self.id
                    ),
                ))
            }
        };
        let port = |p: Option<u32>| {
            if matches!(protocol, Protocol::Tcp | Protocol::Udp) {
                p.and_then(|p| u16::try_from(p).ok())
            } else {
                None
            }
        };
        Ok(SecurityGroupRule {
            spec: SecurityGroupRuleSpec {
                security_group_id: self.security_group_id,
                direction: if self.direction == "egress" {
                    Direction::Egress
                } else {
                    Direction::Ingress
                },
                protocol,
                port_min: port(self.port_range_min),
                port_max: port(self.port_range_max),
                remote_cidr: self.remote_ip_prefix,
                ethertype: if self.ethertype == "IPv6" {
                    EtherType::IPv6
                } else {
                    EtherType::IPv4
                },
                description: self.description.filter(|d| !d.is_empty()),
            },
            id: self.id,
        })
    }
}

fn into_group(group: NeutronGroup) -> SecurityGroup {
    SecurityGroup {
        labels: labels_from_tags(&group.tags),
        id: group.id,
        name: group.name,
        description: Some(group.description).filter(|d| !d.is_empty()),
    }
}

fn ethertype_name(ethertype: EtherType) -> &'static str {
    match ethertype {
        EtherType::IPv4 => "IPv4",
        EtherType::IPv6 => "IPv6",
    }
}

/// The rule to create (what goes under `security_group_rule`).
fn rule_body(spec: &SecurityGroupRuleSpec) -> Value {
    let mut rule = Map::new();
    rule.insert("security_group_id".into(), json!(spec.security_group_id));
    rule.insert(
        "direction".into(),
        json!(match spec.direction {
            Direction::Ingress => "ingress",
            Direction::Egress => "egress",
        }),
    );
    rule.insert("ethertype".into(), json!(ethertype_name(spec.ethertype)));
    let protocol = match spec.protocol {
        Protocol::Tcp => Some("tcp"),
        Protocol::Udp => Some("udp"),
        Protocol::Icmp => Some("icmp"),
        Protocol::Any => None,
    };
    if let Some(protocol) = protocol {
        rule.insert("protocol".into(), json!(protocol));
    }
    if matches!(spec.protocol, Protocol::Tcp | Protocol::Udp) {
        let min = spec.port_min.or(spec.port_max);
        let max = spec.port_max.or(spec.port_min);
        if let (Some(min), Some(max)) = (min, max) {
            rule.insert("port_range_min".into(), json!(min));
            rule.insert("port_range_max".into(), json!(max));
        }
    }
    if let Some(cidr) = &spec.remote_cidr {
        rule.insert("remote_ip_prefix".into(), json!(cidr));
    }
    if let Some(description) = &spec.description {
        rule.insert("description".into(), json!(description));
    }
    Value::Object(rule)
}

/// Whether a listed rule is the one `wanted` (a [`rule_body`]) describes: the same group,
/// direction, ether type, protocol, ports and remote range.
fn same_rule(listed: &Value, wanted: &Value) -> bool {
    const KEY: [&str; 7] = [
        "security_group_id",
        "direction",
        "ethertype",
        "protocol",
        "port_range_min",
        "port_range_max",
        "remote_ip_prefix",
    ];
    KEY.iter()
        .all(|k| listed.get(k).unwrap_or(&Value::Null) == wanted.get(k).unwrap_or(&Value::Null))
}

impl OpenStackBackend {
    async fn group_rules(&self, group_id: &str) -> Result<Vec<NeutronRule>> {
        let rules: Vec<NeutronRule> = self
            .neutron(
                Method::GET,
                &query("/security-group-rules", &[("security_group_id", group_id)]),
                None,
                "security_group_rules",
            )
            .await?;
        Ok(rules
            .into_iter()
            .filter(|r| r.security_group_id == group_id)
            .collect())
    }

    /// Removes the cloud's default ingress rules and adds the egress rules that are missing.
    async fn normalise_group(&self, group_id: &str) -> Result<()> {
        let rules = self.group_rules(group_id).await?;
        for rule in rules.iter().filter(|r| r.direction == "ingress") {
            self.neutron_delete(&format!("/security-group-rules/{}", rule.id))
                .await?;
        }
        for ethertype in [EtherType::IPv4, EtherType::IPv6] {
            let name = ethertype_name(ethertype);
            if !rules.iter().any(|r| r.is_any_egress(name)) {
                let spec = SecurityGroupRuleSpec {
                    security_group_id: group_id.to_string(),
                    direction: Direction::Egress,
                    protocol: Protocol::Any,
                    ethertype,
                    ..SecurityGroupRuleSpec::default()
                };
                let _: Value = self.create_rule(&spec).await?;
            }
        }
        Ok(())
    }

    pub(super) async fn sg_create(&self, spec: &SecurityGroupSpec) -> Result<SecurityGroup> {
        spec.validate()?;
        let create = Create::neutron(
            "/security-groups",
            "security_group",
            "security_groups",
            json!({
                "name": spec.name,
                "description": spec.description.clone().unwrap_or_default(),
            }),
            &[("name", &spec.name)],
        );
        let group: NeutronGroup = self
            .create_object(create, |g| field_is(g, "name", &spec.name))
            .await?;
        let finish = async {
            self.normalise_group(&group.id).await?;
            if !spec.labels.is_empty() {
                self.put_tags("security-groups", &group.id, &spec.labels)
                    .await?;
            }
            Ok::<(), Error>(())
        };
        if let Err(error) = finish.await {
            let cleanup = self
                .neutron_delete(&format!("/security-groups/{}", group.id))
                .await;
            return Err(with_cleanup_note(
                error,
                cleanup,
                "security group",
                &group.id,
            ));
        }
        self.sg_get(&group.id)
            .await
            .map_err(|e| e.with_resource_id(&group.id))
    }

    pub(super) async fn sg_get(&self, id: &str) -> Result<SecurityGroup> {
        let group: NeutronGroup = self
            .neutron(
                Method::GET,
                &format!("/security-groups/{id}"),
                None,
                "security_group",
            )
            .await?;
        Ok(into_group(group))
    }

    pub(super) async fn sg_update(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
    ) -> Result<SecurityGroup> {
        update.validate()?;
        let mut changes = Map::new();
        if let Some(name) = &update.name {
            changes.insert("name".into(), json!(name));
        }
        if let Some(description) = &update.description {
            changes.insert("description".into(), json!(description));
        }
        if !changes.is_empty() {
            let _: Value = self
                .neutron(
                    Method::PUT,
                    &format!("/security-groups/{id}"),
                    Some(&json!({ "security_group": changes })),
                    "security_group",
                )
                .await?;
        }
        if let Some(labels) = &update.labels {
            self.put_tags("security-groups", id, labels).await?;
        }
        self.sg_get(id).await
    }

    pub(super) async fn sg_delete(&self, id: &str) -> Result<()> {
        self.neutron_delete(&format!("/security-groups/{id}")).await
    }

    pub(super) async fn rule_create(
        &self,
        spec: &SecurityGroupRuleSpec,
    ) -> Result<SecurityGroupRule> {
        spec.validate()?;
        let rule: NeutronRule = self.create_rule(spec).await?;
        rule.into_rule()
    }

    /// Creates a rule; a rule whose answer was lost is found among its group's rules.
    async fn create_rule<T: serde::de::DeserializeOwned>(
        &self,
        spec: &SecurityGroupRuleSpec,
    ) -> Result<T> {
        let wanted = rule_body(spec);
        let create = Create::neutron(
            "/security-group-rules",
            "security_group_rule",
            "security_group_rules",
            wanted.clone(),
            &[("security_group_id", &spec.security_group_id)],
        );
        self.create_object(create, |listed| same_rule(listed, &wanted))
            .await
    }

    pub(super) async fn rule_get(&self, id: &str) -> Result<SecurityGroupRule> {
        let rule: NeutronRule = self
            .neutron(
                Method::GET,
                &format!("/security-group-rules/{id}"),
                None,
                "security_group_rule",
            )
            .await?;
        rule.into_rule()
    }

    pub(super) async fn rule_delete(&self, id: &str) -> Result<()> {
        self.neutron_delete(&format!("/security-group-rules/{id}"))
            .await
    }
}
