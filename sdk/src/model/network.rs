//! Networks: a private network with one IPv4 range, optionally routed to the internet.

use std::net::IpAddr;

use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};

use super::labels::{validate_labels, Labels};
use crate::error::{Error, Result};

/// What to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkSpec {
    /// The network's name.
    pub name: String,
    /// The IPv4 range in CIDR notation; `None` lets the cloud (or the SDK's default) choose.
    pub cidr: Option<String>,
    /// DNS servers handed to hosts on the network.
    pub dns_nameservers: Vec<String>,
    /// Whether hosts reach the internet through a router/NAT.
    pub internet_access: bool,
    /// Labels.
    pub labels: Labels,
}

/// What to change in place; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetworkUpdate {
    /// A new name.
    pub name: Option<String>,
    /// New DNS servers.
    pub dns_nameservers: Option<Vec<String>>,
    /// Turn internet access on or off, where the cloud can change it in place.
    pub internet_access: Option<bool>,
    /// New labels (replacing all).
    pub labels: Option<Labels>,
}

/// A network as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Network {
    /// The opaque, importable id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The IPv4 range.
    pub cidr: Option<String>,
    /// The gateway address of the range.
    pub gateway_ip: Option<String>,
    /// DNS servers.
    pub dns_nameservers: Vec<String>,
    /// Whether a router/NAT to the internet is attached.
    pub internet_access: bool,
    /// Labels.
    pub labels: Labels,
}

/// Checks a name (of a network, server, group, volume): 1 to 255 characters, no control characters.
pub fn validate_name(name: &str) -> Result<()> {
    if name.trim().is_empty() {
        return Err(Error::invalid_field("name", "the name must not be empty"));
    }
    if name.chars().count() > 255 {
        return Err(Error::invalid_field(
            "name",
            "the name is longer than 255 characters",
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(Error::invalid_field(
            "name",
            "the name must not contain control characters",
        ));
    }
    Ok(())
}

/// Checks an IPv4 CIDR: it must parse, be a network address (no host bits), and leave room
/// for hosts (a prefix of /8 to /29).
pub fn validate_cidr(cidr: &str) -> Result<Ipv4Net> {
    let net: Ipv4Net = cidr.trim().parse().map_err(|_| {
        Error::invalid_field(
            "cidr",
            format!("{cidr:?} is not an IPv4 range in CIDR notation, such as \"10.0.0.0/24\""),
        )
    })?;
    if net.network() != net.addr() {
        return Err(Error::invalid_field(
            "cidr",
            format!(
                "{cidr:?} has host bits set; did you mean \"{}\"?",
                net.trunc()
            ),
        ));
    }
    if !(8..=29).contains(&net.prefix_len()) {
        return Err(Error::invalid_field(
            "cidr",
            format!(
                "{cidr:?}: the prefix length must be between /8 and /29, not /{}",
                net.prefix_len()
            ),
        ));
    }
    Ok(net)
}

/// Checks DNS server addresses.
pub(crate) fn validate_dns(servers: &[String]) -> Result<()> {
    for server in servers {
        if server.parse::<IpAddr>().is_err() {
            return Err(Error::invalid_field(
                "dns_nameservers",
                format!("{server:?} is not an IP address"),
            ));
        }
    }
    Ok(())
}

impl NetworkSpec {
    /// Checks every field; the error names the field at fault.
    pub fn validate(&self) -> Result<()> {
        validate_name(&self.name)?;
        if let Some(cidr) = &self.cidr {
            validate_cidr(cidr)?;
        }
        validate_dns(&self.dns_nameservers)?;
        validate_labels(&self.labels)
    }
}

impl NetworkUpdate {
    /// Checks every field that is set.
    pub fn validate(&self) -> Result<()> {
        if let Some(name) = &self.name {
            validate_name(name)?;
        }
        if let Some(dns) = &self.dns_nameservers {
            validate_dns(dns)?;
        }
        if let Some(labels) = &self.labels {
            validate_labels(labels)?;
        }
        Ok(())
    }

    /// Whether nothing is to change.
    pub fn is_empty(&self) -> bool {
        self == &NetworkUpdate::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cidr_rules() {
        assert!(validate_cidr("10.0.0.0/24").is_ok());
        let bad = validate_cidr("10.0.0.0/33").unwrap_err();
        assert_eq!(bad.field(), Some("cidr"));
        let host_bits = validate_cidr("10.0.0.5/24").unwrap_err();
        assert!(host_bits.message().contains("10.0.0.0/24"), "{host_bits}");
        assert!(validate_cidr("banana").is_err());
        assert!(validate_cidr("10.0.0.0/30").is_err());
    }

    #[test]
    fn spec_validation_names_fields() {
        let mut spec = NetworkSpec {
            name: "net".into(),
            ..Default::default()
        };
        assert!(spec.validate().is_ok());
        spec.dns_nameservers = vec!["not-an-ip".into()];
        assert_eq!(
            spec.validate().unwrap_err().field(),
            Some("dns_nameservers")
        );
        spec.dns_nameservers.clear();
        spec.name = " ".into();
        assert_eq!(spec.validate().unwrap_err().field(), Some("name"));
    }
}
