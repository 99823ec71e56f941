//! The properties of a security group rule (those of a firewall rule): protocol (fixed once
//! created), direction, IP version, source MAC, source and target IP (an address or a CIDR of
//! the rule's IP version), a port range for TCP and UDP, ICMP type and code for ICMP.

use std::net::IpAddr;

use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::ionos::errors::IonosError;
use crate::ionos::input::{self, Object};

/// Protocols a rule may name.
const PROTOCOLS: [&str; 9] = [
    "TCP", "UDP", "ICMP", "ICMPv6", "GRE", "VRRP", "ESP", "AH", "ANY",
];
/// Directions.
const DIRECTIONS: [&str; 2] = ["INGRESS", "EGRESS"];
/// IP versions.
const VERSIONS: [&str; 2] = ["IPv4", "IPv6"];

/// What a rule allows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct RuleProps {
    /// Name.
    pub name: String,
    /// Protocol.
    pub protocol: String,
    /// `INGRESS` or `EGRESS`.
    pub direction: String,
    /// `IPv4` or `IPv6`.
    pub ip_version: String,
    /// Source MAC (any if none).
    pub source_mac: Option<String>,
    /// Source address or CIDR (any if none).
    pub source_ip: Option<String>,
    /// Target address or CIDR (any if none).
    pub target_ip: Option<String>,
    /// First port (TCP, UDP).
    pub port_start: Option<i64>,
    /// Last port (TCP, UDP).
    pub port_end: Option<i64>,
    /// ICMP type.
    pub icmp_type: Option<i64>,
    /// ICMP code.
    pub icmp_code: Option<i64>,
}

/// 422 about property `key`.
fn invalid(key: &str, message: &str) -> IonosError {
    IonosError::invalid(format!("[(root).properties.{key}] {message}"))
}

/// Property `key` of `props` when given (`null` clears it), else `current`.
fn text(props: &Object, key: &str, current: &Option<String>) -> Result<Option<String>, IonosError> {
    match props.get(key) {
        None => Ok(current.clone()),
        Some(_) => input::string(props, key),
    }
}

/// Like [`text`], for integers from 0 to 65535.
fn number(props: &Object, key: &str, current: Option<i64>) -> Result<Option<i64>, IonosError> {
    match props.get(key) {
        None => Ok(current),
        Some(_) => input::integer(props, key, 0..=65_535),
    }
}

/// The IP version of an address or CIDR, if it is one.
fn version_of(text: &str) -> Option<&'static str> {
    let ip = text
        .parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<IpNet>().ok().map(|n| n.addr()))?;
    Some(if ip.is_ipv4() { "IPv4" } else { "IPv6" })
}

/// Whether `mac` reads `aa:bb:cc:dd:ee:ff`.
fn valid_mac(mac: &str) -> bool {
    let parts: Vec<&str> = mac.split(':').collect();
    parts.len() == 6
        && parts
            .iter()
            .all(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_hexdigit()))
}

impl RuleProps {
    /// The properties of a new rule (`current` is `None`) or of a changed one.
    pub fn parse(props: &Object, current: Option<&RuleProps>) -> Result<RuleProps, IonosError> {
        let base = current.cloned().unwrap_or_default();
        let protocol = input::choice(props, "protocol", &PROTOCOLS)?;
        let protocol = match (current, protocol) {
            (None, None) => return Err(invalid("protocol", "is required")),
            (None, Some(p)) => p,
            (Some(old), given) => {
                input::unchanged("protocol", &old.protocol, given)?;
                old.protocol.clone()
            }
        };
        let source_ip = text(props, "sourceIp", &base.source_ip)?;
        let target_ip = text(props, "targetIp", &base.target_ip)?;
        let inferred = [&source_ip, &target_ip]
            .into_iter()
            .flatten()
            .find_map(|t| version_of(t))
            .or((protocol == "ICMPv6").then_some("IPv6"));
        let ip_version = match input::choice(props, "ipVersion", &VERSIONS)? {
            Some(v) => v,
            None if current.is_some()
                && !props.contains_key("sourceIp")
                && !props.contains_key("targetIp") =>
            {
                base.ip_version.clone()
            }
            None => inferred.unwrap_or("IPv4").to_string(),
        };
        let port_start = number(props, "portRangeStart", base.port_start)?;
        let port_end = number(props, "portRangeEnd", base.port_end)?;
        let rule = RuleProps {
            name: input::string(props, "name")?.unwrap_or(base.name),
            direction: input::choice(props, "type", &DIRECTIONS)?.unwrap_or_else(|| {
                if base.direction.is_empty() {
                    "INGRESS".to_string()
                } else {
                    base.direction.clone()
                }
            }),
            source_mac: text(props, "sourceMac", &base.source_mac)?,
            port_start: port_start.or(port_end),
            port_end: port_end.or(port_start),
            icmp_type: number(props, "icmpType", base.icmp_type)?,
            icmp_code: number(props, "icmpCode", base.icmp_code)?,
            protocol,
            ip_version,
            source_ip,
            target_ip,
        };
        rule.check()?;
        Ok(rule)
    }

    /// Checks that the properties fit together.
    fn check(&self) -> Result<(), IonosError> {
        if let Some(mac) = self.source_mac.as_deref().filter(|m| !valid_mac(m)) {
            return Err(invalid(
                "sourceMac",
                &format!("{mac} is not a MAC address (aa:bb:cc:dd:ee:ff)"),
            ));
        }
        for (key, value) in [("sourceIp", &self.source_ip), ("targetIp", &self.target_ip)] {
            if let Some(text) = value {
                match version_of(text) {
                    None => {
                        return Err(invalid(
                            key,
                            &format!("{text} is not an IP address or CIDR"),
                        ))
                    }
                    Some(v) if v != self.ip_version => {
                        return Err(invalid(
                            key,
                            &format!("{text} is not an {} address", self.ip_version),
                        ))
                    }
                    Some(_) => {}
                }
            }
        }
        if let (Some(start), Some(end)) = (self.port_start, self.port_end) {
            if !matches!(self.protocol.as_str(), "TCP" | "UDP") {
                return Err(invalid(
                    "portRangeStart",
                    "port ranges are only for TCP and UDP",
                ));
            }
            if !(1..=65_534).contains(&start) || !(1..=65_534).contains(&end) || start > end {
                return Err(invalid(
                    "portRangeStart",
                    &format!("{start}-{end} must be a range within 1-65534"),
                ));
            }
        }
        let icmp = [self.icmp_type, self.icmp_code];
        if icmp.iter().any(Option::is_some) {
            if !matches!(self.protocol.as_str(), "ICMP" | "ICMPv6") {
                return Err(invalid(
                    "icmpType",
                    "ICMP type and code are only for ICMP and ICMPv6",
                ));
            }
            if icmp.into_iter().flatten().any(|n| n > 254) {
                return Err(invalid("icmpType", "ICMP type and code go from 0 to 254"));
            }
        }
        match (self.protocol.as_str(), self.ip_version.as_str()) {
            ("ICMP", "IPv6") => Err(invalid("ipVersion", "ICMP rules are IPv4; use ICMPv6")),
            ("ICMPv6", "IPv4") => Err(invalid("ipVersion", "ICMPv6 rules are IPv6")),
            _ => Ok(()),
        }
    }

    /// The `properties` of the rule.
    pub fn render(&self) -> Value {
        json!({
            "name": self.name,
            "protocol": self.protocol,
            "sourceMac": self.source_mac,
            "ipVersion": self.ip_version,
            "sourceIp": self.source_ip,
            "targetIp": self.target_ip,
            "icmpCode": self.icmp_code,
            "icmpType": self.icmp_type,
            "portRangeStart": self.port_start,
            "portRangeEnd": self.port_end,
            "type": self.direction,
        })
    }
}
