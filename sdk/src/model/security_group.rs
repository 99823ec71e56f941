//! Security groups and their rules. A new group allows all egress and no ingress on every cloud.

use serde::{Deserialize, Serialize};

use super::labels::Labels;

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

/// A rule as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecurityGroupRule {
    /// The opaque, importable id.
    pub id: String,
    /// What the rule matches.
    pub spec: SecurityGroupRuleSpec,
}
