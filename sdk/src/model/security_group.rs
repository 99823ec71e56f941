//! Security groups and their rules. A new group allows all egress and no ingress on every cloud.

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::labels::{validate_labels, Labels};
use crate::error::{Error, Result};

/// What to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupSpec {
    /// The group's name.
    pub name: String,
    /// A description.
    pub description: Option<String>,
    /// Labels.
    pub labels: Labels,
}

/// What to change in place; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// New labels (replacing all).
    pub labels: Option<Labels>,
}

impl SecurityGroupSpec {
    /// Checks the name and labels.
    pub fn validate(&self) -> Result<()> {
        super::network::validate_name(&self.name)?;
        validate_labels(&self.labels)
    }
}

impl SecurityGroupUpdate {
    /// Checks every field that is set.
    pub fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            super::network::validate_name(name)?;
        }
        if let Some(labels) = &self.labels {
            validate_labels(labels)?;
        }
        Ok(())
    }
}

/// A security group as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroup {
    /// The opaque, importable id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The description.
    pub description: Option<String>,
    /// Labels.
    pub labels: Labels,
}

/// Which traffic a rule admits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Traffic into the server.
    #[default]
    Ingress,
    /// Traffic out of the server.
    Egress,
}

/// The IP protocol a rule matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Protocol {
    /// TCP.
    #[default]
    Tcp,
    /// UDP.
    Udp,
    /// ICMP.
    Icmp,
    /// Every protocol.
    Any,
}

/// The IP version a rule matches.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum EtherType {
    /// IPv4.
    #[default]
    IPv4,
    /// IPv6.
    IPv6,
}

/// What to create; rules are never changed in place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRuleSpec {
    /// The group the rule belongs to.
    pub security_group_id: String,
    /// Ingress or egress.
    pub direction: Direction,
    /// The protocol.
    pub protocol: Protocol,
    /// The first port of the range (TCP/UDP).
    pub port_min: Option<u16>,
    /// The last port of the range (TCP/UDP).
    pub port_max: Option<u16>,
    /// The remote range in CIDR notation; `None` means anywhere.
    pub remote_cidr: Option<String>,
    /// IPv4 or IPv6.
    pub ethertype: EtherType,
    /// A description.
    pub description: Option<String>,
}

impl SecurityGroupRuleSpec {
    /// Checks the rule: ports only for TCP/UDP, 1 to 65535, min <= max, a remote range of the
    /// rule's IP version. The error names the field at fault.
    pub fn validate(&self) -> Result<()> {
        let has_ports = self.port_min.is_some() || self.port_max.is_some();
        if has_ports && !matches!(self.protocol, Protocol::Tcp | Protocol::Udp) {
            return Err(Error::invalid_field(
                "port_min",
                "ports can only be given for tcp and udp rules",
            ));
        }
        for (field, port) in [("port_min", self.port_min), ("port_max", self.port_max)] {
            if port == Some(0) {
                return Err(Error::invalid_field(field, "ports run from 1 to 65535"));
            }
        }
        if let (Some(min), Some(max)) = (self.port_min, self.port_max) {
            if min > max {
                return Err(Error::invalid_field(
                    "port_max",
                    format!("port_max ({max}) is below port_min ({min})"),
                ));
            }
        }
        if let Some(cidr) = &self.remote_cidr {
            let net: IpNet = cidr.trim().parse().map_err(|_| {
                Error::invalid_field(
                    "remote_cidr",
                    format!("{cidr:?} is not a range in CIDR notation, such as \"0.0.0.0/0\""),
                )
            })?;
            let family_ok = match self.ethertype {
                EtherType::IPv4 => matches!(net, IpNet::V4(_)),
                EtherType::IPv6 => matches!(net, IpNet::V6(_)),
            };
            if !family_ok {
                return Err(Error::invalid_field(
                    "remote_cidr",
                    format!(
                        "{cidr:?} does not match the rule's ethertype {:?}",
                        self.ethertype
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// A rule as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// The opaque, importable id.
    pub id: String,
    /// What the rule matches.
    pub spec: SecurityGroupRuleSpec,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule() -> SecurityGroupRuleSpec {
        SecurityGroupRuleSpec {
            security_group_id: "sg".into(),
            port_min: Some(22),
            port_max: Some(22),
            remote_cidr: Some("0.0.0.0/0".into()),
            ..Default::default()
        }
    }

    #[test]
    fn rule_checks() {
        assert!(rule().validate().is_ok());
        let backwards = SecurityGroupRuleSpec {
            port_min: Some(443),
            port_max: Some(80),
            ..rule()
        };
        assert_eq!(backwards.validate().unwrap_err().field(), Some("port_max"));
        let icmp_ports = SecurityGroupRuleSpec {
            protocol: Protocol::Icmp,
            ..rule()
        };
        assert_eq!(icmp_ports.validate().unwrap_err().field(), Some("port_min"));
        let wrong_family = SecurityGroupRuleSpec {
            ethertype: EtherType::IPv6,
            ..rule()
        };
        assert_eq!(
            wrong_family.validate().unwrap_err().field(),
            Some("remote_cidr")
        );
    }
}
