//! Security group rules `P/security-groups/{sg}/rules[/{id}]` (create 201, read 200, delete
//! 204; no update). `protocol` is a name or a number on create and `{name, number}` on read;
//! a `portRange` covering 1..65535 (or 0..65535) is omitted on read, as STACKIT does.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::StackitError;
use super::input;
use super::life::Life;
use super::ops::{self, items, reply, Op};
use super::store::{find, Store};
use crate::app::App;
use crate::body::Object;

/// Protocol names and numbers STACKIT knows.
const PROTOCOLS: [(&str, i64); 22] = [
    ("ah", 51),
    ("dccp", 33),
    ("egp", 8),
    ("esp", 50),
    ("gre", 47),
    ("icmp", 1),
    ("igmp", 2),
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

/// Protocols that have ports.
const WITH_PORTS: [i64; 5] = [6, 17, 33, 132, 136];

/// A rule of a security group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Rule {
    /// Id.
    pub id: String,
    /// The group.
    pub group: String,
    /// `ingress` or `egress`.
    pub direction: String,
    /// `IPv4` or `IPv6`.
    pub ethertype: String,
    /// Protocol number (none = any).
    pub protocol: Option<i64>,
    /// Port range.
    pub ports: Option<(i64, i64)>,
    /// Remote CIDR.
    pub ip_range: Option<String>,
    /// Remote group.
    pub remote_group: Option<String>,
    /// ICMP type and code.
    pub icmp: Option<(i64, i64)>,
    /// Description.
    pub description: Option<String>,
    /// Life cycle.
    pub life: Life,
}

impl Rule {
    /// An egress rule for any protocol to anywhere (the defaults of a new group).
    pub fn default_egress(store: &mut Store, op: &Op, group: &str, ethertype: &str) -> Rule {
        Rule {
            id: uuid::Uuid::new_v4().to_string(),
            group: group.to_string(),
            direction: "egress".to_string(),
            ethertype: ethertype.to_string(),
            protocol: None,
            ports: None,
            ip_range: None,
            remote_group: None,
            icmp: None,
            description: None,
            life: Life::new(store.next_seq(), op.now, op.now, ""),
        }
    }

    /// The API body.
    pub fn render(&self) -> Value {
        let mut out = json!({
            "id": self.id,
            "securityGroupId": self.group,
            "direction": self.direction,
            "ethertype": self.ethertype,
            "createdAt": self.life.created_at(),
            "updatedAt": self.life.updated_at(),
        });
        if let Some(number) = self.protocol {
            let mut protocol = json!({ "number": number });
            if let Some((name, _)) = PROTOCOLS.iter().find(|(_, n)| *n == number) {
                protocol["name"] = Value::from(*name);
            }
            out["protocol"] = protocol;
        }
        if let Some((min, max)) = self
            .ports
            .filter(|(min, max)| !(*min <= 1 && *max == 65535))
        {
            out["portRange"] = json!({"min": min, "max": max});
        }
        if let Some((kind, code)) = self.icmp {
            out["icmpParameters"] = json!({"type": kind, "code": code});
        }
        let optional = [
            ("ipRange", &self.ip_range),
            ("remoteSecurityGroupId", &self.remote_group),
            ("description", &self.description),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                out[key] = Value::from(value.clone());
            }
        }
        out
    }
}

/// The protocol number of a create body (a name or a number; none = any).
fn protocol(obj: &Object) -> Result<Option<i64>, StackitError> {
    match obj.get("protocol") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(name)) => PROTOCOLS
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, number)| Some(*number))
            .ok_or_else(|| StackitError::bad_request(format!("protocol '{name}' is not valid"))),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(number) if (0..=255).contains(&number) => Ok(Some(number)),
            _ => Err(StackitError::bad_request(
                "protocol number must be between 0 and 255",
            )),
        },
        Some(_) => Err(StackitError::bad_request(
            "protocol must be a name or a number",
        )),
    }
}

/// Two integers `a` and `b` of the object under `key`, each in `0..=max`.
fn pair(
    obj: &Object,
    key: &str,
    a: &str,
    b: &str,
    max: i64,
) -> Result<Option<(i64, i64)>, StackitError> {
    let Some(inner) = input::nested(obj, key)? else {
        return Ok(None);
    };
    let get = |name: &str| -> Result<i64, StackitError> {
        input::integer(inner, name)?
            .filter(|v| (0..=max).contains(v))
            .ok_or_else(|| {
                StackitError::bad_request(format!("{key}.{name} must be between 0 and {max}"))
            })
    };
    Ok(Some((get(a)?, get(b)?)))
}

/// Reads and checks a create body for group `group`.
fn parse(store: &Store, op: &Op, group: &str, obj: &Object) -> Result<Rule, StackitError> {
    let direction = input::string(obj, "direction")?
        .filter(|d| d == "ingress" || d == "egress")
        .ok_or_else(|| StackitError::bad_request("direction must be 'ingress' or 'egress'"))?;
    let ethertype = input::string(obj, "ethertype")?.unwrap_or_else(|| "IPv4".to_string());
    if ethertype != "IPv4" && ethertype != "IPv6" {
        return Err(StackitError::bad_request(
            "ethertype must be 'IPv4' or 'IPv6'",
        ));
    }
    let protocol = protocol(obj)?;
    let ports = pair(obj, "portRange", "min", "max", 65535)?;
    if let Some((min, max)) = ports {
        if min > max {
            return Err(StackitError::bad_request(
                "portRange.min must not exceed portRange.max",
            ));
        }
        if !protocol.is_some_and(|p| WITH_PORTS.contains(&p)) {
            return Err(StackitError::bad_request(
                "portRange needs a protocol with ports (tcp, udp, ...)",
            ));
        }
    }
    let icmp = pair(obj, "icmpParameters", "type", "code", 255)?;
    if icmp.is_some() && !matches!(protocol, Some(1) | Some(58)) {
        return Err(StackitError::bad_request(
            "icmpParameters need protocol icmp or ipv6-icmp",
        ));
    }
    let ip_range = match input::string(obj, "ipRange")? {
        Some(text) => {
            let net: IpNet = text.parse().map_err(|_| {
                StackitError::bad_request(format!("ipRange '{text}' is not a CIDR"))
            })?;
            let v6 = matches!(net, IpNet::V6(_));
            if v6 != (ethertype == "IPv6") {
                return Err(StackitError::bad_request(format!(
                    "ipRange {text} does not match ethertype {ethertype}"
                )));
            }
            Some(text)
        }
        None => None,
    };
    let remote_group = input::uuid(obj, "remoteSecurityGroupId")?;
    if let Some(remote) = &remote_group {
        find(&store.groups, remote, op.now)?;
        if ip_range.is_some() {
            return Err(StackitError::bad_request(
                "ipRange and remoteSecurityGroupId cannot both be given",
            ));
        }
    }
    let description = input::string(obj, "description")?;
    if description
        .as_ref()
        .is_some_and(|d| d.chars().count() > 255)
    {
        return Err(StackitError::bad_request(
            "description is longer than 255 characters",
        ));
    }
    Ok(Rule {
        id: uuid::Uuid::new_v4().to_string(),
        group: group.to_string(),
        direction,
        ethertype,
        protocol,
        ports,
        ip_range,
        remote_group,
        icmp,
        description,
        life: Life::new(0, op.now, op.now, ""),
    })
}

/// The rule `id` of group `group`.
fn rule<'a>(store: &'a Store, group: &str, id: &str, now: i64) -> Result<&'a Rule, StackitError> {
    find(&store.groups, group, now)?;
    store
        .rules
        .get(id)
        .filter(|r| r.group == group)
        .ok_or_else(|| StackitError::not_found("security group rule"))
}

/// `GET P/security-groups/{sg}/rules`.
pub(crate) async fn list(
    State(app): State<App>,
    Path((_, _, group)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        let group = find(&store.groups, &group, now)?;
        Ok(items(
            group.rules(store).into_iter().map(Rule::render).collect(),
        ))
    })
}

/// `POST P/security-groups/{sg}/rules`: 201.
pub(crate) async fn create(
    State(app): State<App>,
    Path((_, _, group)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    ops::write(&app, |store, op| {
        find(&store.groups, &group, op.now)?;
        let mut rule = parse(store, op, &group, &obj)?;
        rule.life.seq = store.next_seq();
        let body = rule.render();
        store.rules.insert(rule.id.clone(), rule);
        if let Some(g) = store.groups.get_mut(&group) {
            g.life.touch(op.now);
        }
        Ok(reply(StatusCode::CREATED, body))
    })
}

/// `GET P/security-groups/{sg}/rules/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, group, id)): Path<(String, String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            rule(store, &group, &id, now)?.render(),
        ))
    })
}

/// `DELETE P/security-groups/{sg}/rules/{id}`: 204.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, group, id)): Path<(String, String, String, String)>,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        rule(store, &group, &id, op.now)?;
        store.rules.remove(&id);
        Ok(ops::empty(StatusCode::NO_CONTENT))
    })
}
