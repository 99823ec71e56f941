//! `sovereign_security_group_rule`: one rule of a security group. Rules never change in place:
//! any change replaces the rule.

use async_trait::async_trait;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use sovereign_sdk::{
    Capabilities, Cloud, Deadline, Direction, EtherType, Protocol, SecurityGroupRule,
    SecurityGroupRuleSpec,
};
use tf_provider::schema::{AttributeConstraint, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{changes, known, known_u32, text};
use crate::managed::{replacing, DefaultTimeouts, ManagedResource, PlannedUpdate};
use crate::schema::{attribute, id, optional_number, optional_string, required_string, resource};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroupRuleState {
    id: Value<String>,
    security_group_id: Value<String>,
    direction: Value<String>,
    protocol: Value<String>,
    port_min: Value<i64>,
    port_max: Value<i64>,
    remote_cidr: Value<String>,
    ethertype: Value<String>,
    description: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(SecurityGroupRuleState);

const DIRECTIONS: &[&str] = &["ingress", "egress"];
const PROTOCOLS: &[&str] = &["tcp", "udp", "icmp", "any"];
const ETHERTYPES: &[&str] = &["IPv4", "IPv6"];

fn direction(text: &str) -> Direction {
    match text {
        "egress" => Direction::Egress,
        _ => Direction::Ingress,
    }
}

fn direction_name(direction: Direction) -> &'static str {
    match direction {
        Direction::Ingress => "ingress",
        Direction::Egress => "egress",
    }
}

fn protocol(text: &str) -> Protocol {
    match text {
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "any" => Protocol::Any,
        _ => Protocol::Tcp,
    }
}

fn protocol_name(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::Tcp => "tcp",
        Protocol::Udp => "udp",
        Protocol::Icmp => "icmp",
        Protocol::Any => "any",
    }
}

fn ethertype(text: &str) -> EtherType {
    match text {
        "IPv6" => EtherType::IPv6,
        _ => EtherType::IPv4,
    }
}

fn ethertype_name(ethertype: EtherType) -> &'static str {
    match ethertype {
        EtherType::IPv4 => "IPv4",
        EtherType::IPv6 => "IPv6",
    }
}

/// The ethertype a configuration means: the given one, else the remote range's, else IPv4.
fn ethertype_for(config: &SecurityGroupRuleState) -> Value<String> {
    if !config.ethertype.is_null() {
        return config.ethertype.clone();
    }
    match &config.remote_cidr {
        Value::Unknown => Value::Unknown,
        Value::Value(cidr) if matches!(cidr.parse::<IpNet>(), Ok(IpNet::V6(_))) => {
            Value::Value("IPv6".into())
        }
        _ => Value::Value("IPv4".into()),
    }
}

impl SecurityGroupRuleState {
    fn spec(&self) -> SecurityGroupRuleSpec {
        SecurityGroupRuleSpec {
            security_group_id: known(&self.security_group_id).unwrap_or_default(),
            direction: direction(self.direction.as_deref_option().unwrap_or_default()),
            protocol: protocol(self.protocol.as_deref_option().unwrap_or_default()),
            port_min: known_u32(&self.port_min).and_then(|p| u16::try_from(p).ok()),
            port_max: known_u32(&self.port_max).and_then(|p| u16::try_from(p).ok()),
            remote_cidr: known(&self.remote_cidr),
            ethertype: ethertype(self.ethertype.as_deref_option().unwrap_or_default()),
            description: known(&self.description),
        }
    }

    fn from_rule(rule: SecurityGroupRule, template: &SecurityGroupRuleState) -> Self {
        let spec = rule.spec;
        let port = |p: Option<u16>| p.map(|p| Value::Value(i64::from(p))).unwrap_or_default();
        SecurityGroupRuleState {
            id: Value::Value(rule.id),
            security_group_id: Value::Value(spec.security_group_id),
            direction: Value::Value(direction_name(spec.direction).into()),
            protocol: Value::Value(protocol_name(spec.protocol).into()),
            port_min: port(spec.port_min),
            port_max: port(spec.port_max),
            remote_cidr: spec.remote_cidr.map(Value::Value).unwrap_or_default(),
            ethertype: Value::Value(ethertype_name(spec.ethertype).into()),
            description: text(spec.description, template.description.is_null()),
            timeouts: template.timeouts.clone(),
        }
    }
}

fn check_ports(config: &SecurityGroupRuleState, diags: &mut Diagnostics) {
    let takes_ports = matches!(config.protocol.as_deref_option(), Some("tcp") | Some("udp"));
    for (attribute, value) in [
        ("port_min", &config.port_min),
        ("port_max", &config.port_max),
    ] {
        if let (Some(protocol), Some(_)) = (config.protocol.as_ref_option(), value.as_ref_option())
        {
            if !takes_ports {
                diags.error(
                    format!("{attribute} needs tcp or udp"),
                    format!("A rule for protocol {protocol:?} has no ports; remove `{attribute}` or use tcp or udp."),
                    AttributePath::new(attribute),
                );
            }
        }
        checks::in_range(value, 1..=65535, attribute, diags);
    }
    match (&config.port_min, &config.port_max) {
        (Value::Value(min), Value::Value(max)) if min > max => diags.error(
            "port_min is above port_max",
            format!("The port range {min}-{max} is empty; port_min must not exceed port_max."),
            AttributePath::new("port_min"),
        ),
        (Value::Value(_), Value::Null) => diags.error(
            "port_max is missing",
            "Give both `port_min` and `port_max` (the same value for a single port).",
            AttributePath::new("port_min"),
        ),
        (Value::Null, Value::Value(_)) => diags.error(
            "port_min is missing",
            "Give both `port_min` and `port_max` (the same value for a single port).",
            AttributePath::new("port_max"),
        ),
        _ => {}
    }
}

fn check_remote_cidr(config: &SecurityGroupRuleState, diags: &mut Diagnostics) {
    let Some(cidr) = config.remote_cidr.as_ref_option() else {
        return;
    };
    let path = || AttributePath::new("remote_cidr");
    let net: IpNet = match cidr.parse() {
        Ok(net) => net,
        Err(_) => {
            diags.error(
                "Invalid remote_cidr",
                format!("{cidr:?} is not an IP range in CIDR notation, such as \"192.0.2.0/24\" or \"::/0\""),
                path(),
            );
            return;
        }
    };
    if net.network() != net.addr() {
        diags.error(
            "Invalid remote_cidr",
            format!(
                "{cidr:?} has host bits set; did you mean \"{}\"?",
                net.trunc()
            ),
            path(),
        );
    }
    let family = match net {
        IpNet::V4(_) => "IPv4",
        IpNet::V6(_) => "IPv6",
    };
    if let Some(ethertype) = ethertype_for(config).as_ref_option() {
        if ethertype != family {
            diags.error(
                "remote_cidr does not match ethertype",
                format!("{cidr:?} is an {family} range but the rule's ethertype is {ethertype}."),
                path(),
            );
        }
    }
}

/// `sovereign_security_group_rule`.
pub struct SecurityGroupRuleResource;

#[async_trait]
impl ManagedResource for SecurityGroupRuleResource {
    type State = SecurityGroupRuleState;
    const NOUN: &'static str = "security group rule";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts::all(5);

    fn schema(&self) -> Schema {
        resource(
            "One rule of a security group: traffic it admits, by direction, protocol, port \
             range and remote range. Every change replaces the rule.",
            [
                ("id", id("rule")),
                (
                    "security_group_id",
                    required_string("The group the rule belongs to. Changing it replaces the rule."),
                ),
                (
                    "direction",
                    required_string("`ingress` (traffic to the servers) or `egress` (from them). Changing it replaces the rule."),
                ),
                (
                    "protocol",
                    required_string("`tcp`, `udp`, `icmp` or `any`. Changing it replaces the rule."),
                ),
                (
                    "port_min",
                    optional_number("The first port, 1 to 65535; only with `tcp` and `udp`, together with `port_max`. Left out, the rule covers every port. Changing it replaces the rule."),
                ),
                (
                    "port_max",
                    optional_number("The last port, at least `port_min`; the same value as `port_min` for a single port. Changing it replaces the rule."),
                ),
                (
                    "remote_cidr",
                    optional_string("The remote range in CIDR notation (`0.0.0.0/0`, `2001:db8::/32`), of the rule's ethertype. Left out, any address. Changing it replaces the rule."),
                ),
                (
                    "ethertype",
                    attribute(
                        AttributeType::String,
                        AttributeConstraint::OptionalComputed,
                        "`IPv4` or `IPv6`. Left out, the family of `remote_cidr`, else `IPv4`. Changing it replaces the rule.",
                    ),
                ),
                (
                    "description",
                    optional_string("A description. Changing it replaces the rule."),
                ),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.security_groups
    }

    fn check(
        &self,
        config: &SecurityGroupRuleState,
        _cloud: Option<&Cloud>,
        diags: &mut Diagnostics,
    ) {
        checks::one_of(&config.direction, DIRECTIONS, "direction", diags);
        checks::one_of(&config.protocol, PROTOCOLS, "protocol", diags);
        checks::one_of(&config.ethertype, ETHERTYPES, "ethertype", diags);
        check_ports(config, diags);
        check_remote_cidr(config, diags);
    }

    async fn plan_create(
        &self,
        _cloud: Option<&Cloud>,
        config: &SecurityGroupRuleState,
        mut proposed: SecurityGroupRuleState,
        _diags: &mut Diagnostics,
    ) -> SecurityGroupRuleState {
        proposed.ethertype = ethertype_for(config);
        proposed
    }

    async fn plan_update(
        &self,
        _cloud: Option<&Cloud>,
        prior: &SecurityGroupRuleState,
        config: &SecurityGroupRuleState,
        mut proposed: SecurityGroupRuleState,
        _diags: &mut Diagnostics,
    ) -> PlannedUpdate<SecurityGroupRuleState> {
        proposed.ethertype = ethertype_for(config);
        let p = &proposed;
        let replace = replacing([
            (
                "security_group_id",
                changes(&prior.security_group_id, &p.security_group_id),
            ),
            ("direction", changes(&prior.direction, &p.direction)),
            ("protocol", changes(&prior.protocol, &p.protocol)),
            ("port_min", changes(&prior.port_min, &p.port_min)),
            ("port_max", changes(&prior.port_max, &p.port_max)),
            ("remote_cidr", changes(&prior.remote_cidr, &p.remote_cidr)),
            ("ethertype", changes(&prior.ethertype, &p.ethertype)),
            ("description", changes(&prior.description, &p.description)),
        ]);
        (proposed, replace)
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &SecurityGroupRuleState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<SecurityGroupRuleState> {
        let rule = cloud
            .networking()
            .create_security_group_rule(&planned.spec(), deadline)
            .await?;
        Ok(SecurityGroupRuleState::from_rule(rule, planned))
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &SecurityGroupRuleState,
    ) -> sovereign_sdk::Result<SecurityGroupRuleState> {
        let rule = cloud.networking().get_security_group_rule(id).await?;
        Ok(SecurityGroupRuleState::from_rule(rule, state))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        _prior: &SecurityGroupRuleState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud
            .networking()
            .delete_security_group_rule(id, deadline)
            .await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "A rule of the NSG; its id is `<group>/<rule>` (IONOS rules live under their group).",
        cannot: "Rules naming another group: IONOS rules name address ranges only (and so does this resource on every cloud).",
    },
    stackit: CloudNote {
        maps_to: "A rule of the security group; its id is `<group>/<rule>`.",
        cannot: "",
    },
    otc: CloudNote {
        maps_to: "A Neutron security group rule.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Neutron security group rule.",
        cannot: "",
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(
        protocol: &str,
        ports: Option<(i64, i64)>,
        cidr: Option<&str>,
    ) -> SecurityGroupRuleState {
        let (min, max) = match ports {
            Some((min, max)) => (Value::Value(min), Value::Value(max)),
            None => (Value::Null, Value::Null),
        };
        SecurityGroupRuleState {
            security_group_id: Value::Value("g".into()),
            direction: Value::Value("ingress".into()),
            protocol: Value::Value(protocol.into()),
            port_min: min,
            port_max: max,
            remote_cidr: cidr
                .map(|c| Value::Value(c.to_string()))
                .unwrap_or_default(),
            ..Default::default()
        }
    }

    fn errors(config: &SecurityGroupRuleState) -> Vec<String> {
        let mut diags = Diagnostics::default();
        SecurityGroupRuleResource.check(config, None, &mut diags);
        diags.errors.iter().map(|d| d.summary.to_string()).collect()
    }

    #[test]
    fn good_rules_pass() {
        assert!(errors(&rule("tcp", Some((22, 22)), Some("0.0.0.0/0"))).is_empty());
        assert!(errors(&rule("icmp", None, Some("::/0"))).is_empty());
        assert!(errors(&rule("any", None, None)).is_empty());
    }

    #[test]
    fn bad_rules_name_the_problem() {
        assert_eq!(
            errors(&rule("tcp", Some((443, 80)), None)),
            ["port_min is above port_max"]
        );
        assert_eq!(errors(&rule("icmp", Some((1, 1)), None)).len(), 2);
        assert_eq!(
            errors(&rule("tcp", Some((0, 80)), None)),
            ["Invalid port_min"]
        );
        assert_eq!(
            errors(&rule("udp", Some((1, 70000)), None)),
            ["Invalid port_max"]
        );
        assert_eq!(errors(&rule("gre", None, None)), ["Invalid protocol"]);
        assert_eq!(
            errors(&rule("tcp", None, Some("10.0.0.1/8"))),
            ["Invalid remote_cidr"]
        );
        let mut v6_as_v4 = rule("tcp", None, Some("2001:db8::/32"));
        v6_as_v4.ethertype = Value::Value("IPv4".into());
        assert_eq!(errors(&v6_as_v4), ["remote_cidr does not match ethertype"]);
        let mut half = rule("tcp", Some((22, 22)), None);
        half.port_max = Value::Null;
        assert_eq!(errors(&half), ["port_max is missing"]);
    }

    #[test]
    fn ethertype_follows_the_remote_range() {
        assert_eq!(
            ethertype_for(&rule("tcp", None, Some("::/0"))),
            Value::Value("IPv6".into())
        );
        assert_eq!(
            ethertype_for(&rule("tcp", None, None)),
            Value::Value("IPv4".into())
        );
    }
}
