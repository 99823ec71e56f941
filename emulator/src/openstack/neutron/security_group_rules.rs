//! `/v2.0/security-group-rules` with Neutron's protocol, port range and address family checks.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Json;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::security_groups::{self, SecurityGroup};
use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::{body, ipam, listing, quotas, v2};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;
use crate::openstack::BaseUrl;

const CREATE: &[&str] = &[
    "description",
    "direction",
    "ethertype",
    "port_range_max",
    "port_range_min",
    "project_id",
    "protocol",
    "remote_address_group_id",
    "remote_group_id",
    "remote_ip_prefix",
    "security_group_id",
    "tenant_id",
];

/// Protocol names Neutron accepts, with their IANA numbers.
const PROTOCOLS: &[(&str, u8)] = &[
    ("ah", 51),
    ("dccp", 33),
    ("egp", 8),
    ("esp", 50),
    ("gre", 47),
    ("hopopt", 0),
    ("icmp", 1),
    ("icmpv6", 58),
    ("igmp", 2),
    ("ip", 4),
    ("ipip", 4),
    ("ipv6-encap", 41),
    ("ipv6-frag", 44),
    ("ipv6-icmp", 58),
    ("ipv6-nonxt", 59),
    ("ipv6-opts", 60),
    ("ipv6-route", 43),
    ("ospf", 89),
    ("pgm", 113),
    ("rsvp", 46),
    ("sctp", 132),
    ("tcp", 6),
    ("udp", 17),
    ("udplite", 136),
    ("vrrp", 112),
];
/// Protocols whose port range is a range of ports (the others' is ICMP type and code, or none).
const PORT_PROTOCOLS: [u8; 5] = [6, 17, 33, 132, 136];
const ICMP_PROTOCOLS: [u8; 2] = [1, 58];

/// A security group rule.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct SecurityGroupRule {
    /// Standard attributes (rules have no name and no tags).
    pub meta: Meta,
    /// The group the rule belongs to.
    pub security_group_id: String,
    /// `ingress` or `egress`.
    pub direction: String,
    /// `IPv4` or `IPv6`.
    pub ethertype: String,
    /// Protocol name or number as given; `None` for any.
    pub protocol: Option<String>,
    /// Lowest port (or ICMP type).
    pub port_range_min: Option<i64>,
    /// Highest port (or ICMP code).
    pub port_range_max: Option<i64>,
    /// Remote CIDR (normalised).
    pub remote_ip_prefix: Option<String>,
    /// Remote security group.
    pub remote_group_id: Option<String>,
    /// One of the rules Neutron puts into a `default` group; not part of the inventory.
    #[serde(default)]
    pub default_rule: bool,
}

impl SecurityGroupRule {
    /// An any-protocol rule Neutron creates by itself (in new and in `default` groups).
    pub fn automatic(
        project: &str,
        group_id: &str,
        direction: &str,
        ethertype: &str,
        now: i64,
        default_rule: bool,
    ) -> SecurityGroupRule {
        SecurityGroupRule {
            meta: Meta::new(project, now, std::time::Duration::ZERO),
            security_group_id: group_id.to_string(),
            direction: direction.to_string(),
            ethertype: ethertype.to_string(),
            default_rule,
            ..SecurityGroupRule::default()
        }
    }

    /// Whether two rules match the same traffic (Neutron's duplicate check).
    fn same_as(&self, other: &SecurityGroupRule) -> bool {
        self.security_group_id == other.security_group_id
            && self.direction == other.direction
            && self.ethertype == other.ethertype
            && protocol_number(self.protocol.as_deref())
                == protocol_number(other.protocol.as_deref())
            && self.port_range_min == other.port_range_min
            && self.port_range_max == other.port_range_max
            && self.remote_ip_prefix == other.remote_ip_prefix
            && self.remote_group_id == other.remote_group_id
    }
}

impl Resource for SecurityGroupRule {
    const SINGULAR: &'static str = "security_group_rule";
    const PLURAL: &'static str = "security_group_rules";
    const PATH: &'static str = "security-group-rules";
    const LABEL: &'static str = "SecurityGroupRule";
    const QUOTA: usize = 100;

    resource_accessors!(security_group_rules);

    fn render(&self, _store: &Store, _now: i64) -> Object {
        let meta = &self.meta;
        let fields = json!({
            "id": meta.id,
            "project_id": meta.project_id,
            "tenant_id": meta.project_id,
            "security_group_id": self.security_group_id,
            "direction": self.direction,
            "ethertype": self.ethertype,
            "protocol": self.protocol,
            "port_range_min": self.port_range_min,
            "port_range_max": self.port_range_max,
            "remote_ip_prefix": self.remote_ip_prefix,
            "normalized_cidr": self.remote_ip_prefix,
            "remote_group_id": self.remote_group_id,
            "remote_address_group_id": null,
            "description": meta.description,
            "belongs_to_default_sg": self.default_rule,
            "created_at": clock::iso_seconds(meta.created_ms),
            "updated_at": clock::iso_seconds(meta.updated_ms),
            "revision_number": meta.revision_number,
        });
        match fields {
            Value::Object(out) => out,
            _ => Object::new(),
        }
    }

    fn in_inventory(&self) -> bool {
        !self.meta.seeded && !self.default_rule
    }

    fn missing_message(id: &str) -> String {
        format!("Security group rule {id} does not exist")
    }
}

/// Adds the security group rule routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    router
        .route(&v2(cloud, "security-group-rules"), get(list).post(create))
        .route(
            &v2(cloud, "security-group-rules/{id}"),
            get(listing::show::<SecurityGroupRule>).delete(remove),
        )
}

async fn list(
    State(app): State<App>,
    caller: Caller,
    base: BaseUrl,
    raw: RawQuery,
) -> Result<Json<Value>, NeutronError> {
    security_groups::ensure_default(&app, &caller);
    listing::list::<SecurityGroupRule>(State(app), caller, base, raw).await
}

/// The IANA number of a protocol given by name or number; `None` for any protocol.
fn protocol_number(protocol: Option<&str>) -> Option<u8> {
    let protocol = protocol?;
    PROTOCOLS
        .iter()
        .find(|(name, _)| *name == protocol)
        .map(|(_, number)| *number)
        .or_else(|| protocol.parse().ok())
}

fn invalid_protocol(value: &str) -> NeutronError {
    let names: Vec<String> = PROTOCOLS.iter().map(|(n, _)| format!("'{n}'")).collect();
    NeutronError::new(
        StatusCode::BAD_REQUEST,
        "SecurityGroupRuleInvalidProtocol",
        format!(
            "Security group rule protocol {value} not supported. Only protocol values [None, {}] and integer representations [0 to 255] are supported.",
            names.join(", ")
        ),
    )
}

/// `protocol`: null/"any", a known name, or a number 0..=255 (kept as given, names lower-cased).
fn parse_protocol(obj: &Object) -> Result<Option<String>, NeutronError> {
    let text = match obj.get("protocol") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::String(s)) => s.to_ascii_lowercase(),
        Some(Value::Number(n)) => n.to_string(),
        Some(other) => return Err(invalid_protocol(&body::show(other))),
    };
    if text == "any" {
        return Ok(None);
    }
    let known = PROTOCOLS.iter().any(|(name, _)| *name == text)
        || text.parse::<i64>().is_ok_and(|n| (0..=255).contains(&n));
    if known {
        Ok(Some(text))
    } else {
        Err(invalid_protocol(&text))
    }
}

fn port_error(kind: &str, message: String) -> NeutronError {
    NeutronError::new(StatusCode::BAD_REQUEST, kind, message)
}

/// Checks the port range against the protocol, as Neutron does.
fn check_ports(
    protocol: Option<u8>,
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(), NeutronError> {
    if min.is_none() && max.is_none() {
        return Ok(());
    }
    let Some(protocol) = protocol else {
        return Err(port_error(
            "SecurityGroupProtocolRequiredWithPorts",
            "Must also specify protocol if port range is given.".to_string(),
        ));
    };
    if PORT_PROTOCOLS.contains(&protocol) {
        for port in [min, max].into_iter().flatten() {
            if !(1..=65535).contains(&port) {
                return Err(port_error(
                    "SecurityGroupInvalidPortValue",
                    format!("Invalid value for port {port}."),
                ));
            }
        }
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                return Err(port_error(
                    "SecurityGroupInvalidPortRange",
                    "For TCP/UDP protocols, port_range_min must be <= port_range_max".to_string(),
                ));
            }
        }
        Ok(())
    } else if ICMP_PROTOCOLS.contains(&protocol) {
        for (field, value) in [("port_range_min", min), ("port_range_max", max)] {
            if let Some(value) = value.filter(|v| !(0..=255).contains(v)) {
                return Err(port_error(
                    "SecurityGroupInvalidIcmpValue",
                    format!(
                        "Invalid value for ICMP {field} ({}): {value}. It must be 0 to 255.",
                        if field == "port_range_min" {
                            "type"
                        } else {
                            "code"
                        }
                    ),
                ));
            }
        }
        match (min, max) {
            (None, Some(code)) => Err(port_error(
                "SecurityGroupMissingIcmpType",
                format!("ICMP code (port-range-max) {code} is provided but ICMP type (port-range-min) is missing."),
            )),
            _ => Ok(()),
        }
    } else {
        Err(NeutronError::invalid_input(format!(
            "Invalid protocol {protocol} for port range, only supported for TCP, UDP, UDPLITE, SCTP, DCCP, ICMP and ICMPV6 protocols"
        )))
    }
}

fn parse_ethertype(obj: &Object) -> Result<String, NeutronError> {
    match obj.get("ethertype") {
        None | Some(Value::Null) => Ok("IPv4".to_string()),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("ipv4") => Ok("IPv4".to_string()),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("ipv6") => Ok("IPv6".to_string()),
        Some(other) => Err(NeutronError::new(
            StatusCode::BAD_REQUEST,
            "SecurityGroupRuleInvalidEtherType",
            format!(
                "Security group rule for ethertype '{}' not supported. Allowed values are ['IPv4', 'IPv6'].",
                body::show(other)
            ),
        )),
    }
}

fn parse_direction(obj: &Object) -> Result<String, NeutronError> {
    match obj.get("direction") {
        None => Err(body::required("direction")),
        Some(Value::String(s)) if s == "ingress" || s == "egress" => Ok(s.clone()),
        Some(other) => Err(body::invalid(
            "direction",
            format!("{} is not in ['ingress', 'egress']", body::show(other)),
        )),
    }
}

/// Parses and validates a rule; the group references are checked against the store later.
fn parse_rule(obj: &Object, caller: &Caller, now: i64) -> Result<SecurityGroupRule, NeutronError> {
    let security_group_id = body::required_string(obj, "security_group_id")?;
    let direction = parse_direction(obj)?;
    let ethertype = parse_ethertype(obj)?;
    let protocol = parse_protocol(obj)?;
    let port_range_min = nullable_integer(obj, "port_range_min")?;
    let port_range_max = nullable_integer(obj, "port_range_max")?;
    check_ports(
        protocol_number(protocol.as_deref()),
        port_range_min,
        port_range_max,
    )?;
    let remote_ip_prefix = match body::nullable_string(obj, "remote_ip_prefix")?.flatten() {
        Some(text) => Some(ipam::parse_cidr("remote_ip_prefix", &text)?),
        None => None,
    };
    if let Some(net) = remote_ip_prefix {
        let family = if matches!(net, IpNet::V6(_)) {
            "IPv6"
        } else {
            "IPv4"
        };
        if family != ethertype {
            return Err(NeutronError::new(
                StatusCode::BAD_REQUEST,
                "SecurityGroupRuleParameterConflict",
                format!("Conflicting value ethertype {ethertype} for CIDR {net}"),
            ));
        }
    }
    let remote_group_id = body::nullable_string(obj, "remote_group_id")?.flatten();
    if remote_group_id.is_some() && remote_ip_prefix.is_some() {
        return Err(NeutronError::new(
            StatusCode::BAD_REQUEST,
            "SecurityGroupRemoteGroupAndRemoteIpPrefix",
            "Only remote_ip_prefix or remote_group_id may be provided.",
        ));
    }
    let mut meta = Meta::new(&caller.project_id, now, std::time::Duration::ZERO);
    meta.description = body::string(obj, "description", body::MAX_LEN)?.unwrap_or_default();
    Ok(SecurityGroupRule {
        meta,
        security_group_id,
        direction,
        ethertype,
        protocol,
        port_range_min,
        port_range_max,
        remote_ip_prefix: remote_ip_prefix.map(|n| n.to_string()),
        remote_group_id,
        default_rule: false,
    })
}

fn nullable_integer(obj: &Object, attr: &str) -> Result<Option<i64>, NeutronError> {
    match obj.get(attr) {
        Some(Value::Null) => Ok(None),
        _ => body::integer(obj, attr),
    }
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "security_group_rule", CREATE, &caller.project_id)?;
    if let Some(group) = body::nullable_string(&obj, "remote_address_group_id")?.flatten() {
        return Err(NeutronError::new(
            StatusCode::NOT_FOUND,
            "AddressGroupNotFound",
            format!("Address group {group} could not be found."),
        ));
    }
    let now = clock::now_ms();
    let rule = parse_rule(&obj, &caller, now)?;
    security_groups::ensure_default(&app, &caller);
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        store.owned::<SecurityGroup>(
            &rule.security_group_id,
            &caller.project_id,
            "create_security_group_rule",
        )?;
        if let Some(remote) = &rule.remote_group_id {
            store.get::<SecurityGroup>(remote, &caller.project_id)?;
        }
        if let Some(existing) = store
            .security_group_rules
            .values()
            .find(|r| r.same_as(&rule))
        {
            return Err(NeutronError::conflict(
                "SecurityGroupRuleExists",
                format!(
                    "Security group rule already exists. Rule id is {}.",
                    existing.meta.id
                ),
            ));
        }
        quotas::check::<SecurityGroupRule>(store, &caller.project_id)?;
        let rendered = rule.render(store, now);
        if let Some(group) = store.security_groups.get_mut(&rule.security_group_id) {
            group.meta.touch(now);
        }
        store.insert_rule(rule);
        Ok((
            StatusCode::CREATED,
            Json(json!({"security_group_rule": rendered})),
        ))
    })
}

async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let rule = store.owned::<SecurityGroupRule>(
            &id,
            &caller.project_id,
            "delete_security_group_rule",
        )?;
        let group_id = rule.security_group_id.clone();
        store.security_group_rules.remove(&id);
        if let Some(group) = store.security_groups.get_mut(&group_id) {
            group.meta.touch(now);
        }
        Ok(StatusCode::NO_CONTENT)
    })
}
