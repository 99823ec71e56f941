//! Address arithmetic: CIDR and address validation, default gateways and pools, free-address search.

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::IpNet;
use serde::{Deserialize, Serialize};

use super::body::invalid;
use crate::openstack::errors::NeutronError;

/// An inclusive range of addresses handed out by a subnet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Pool {
    /// First address of the range.
    pub start: IpAddr,
    /// Last address of the range.
    pub end: IpAddr,
}

impl Pool {
    /// Whether `ip` lies in the range.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let v = to_u128(ip);
        is_v6(ip) == is_v6(self.start) && to_u128(self.start) <= v && v <= to_u128(self.end)
    }
}

impl std::fmt::Display for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

/// Parses a CIDR like Neutron: a prefix length is required, host bits are cleared.
pub(crate) fn parse_cidr(attr: &str, text: &str) -> Result<IpNet, NeutronError> {
    if let Ok(net) = text.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    match text.parse::<IpAddr>() {
        Ok(ip) => Err(invalid(
            attr,
            format!(
                "'{text}' isn't a recognized IP subnet cidr, '{ip}/{}' is recommended",
                if ip.is_ipv6() { 128 } else { 32 }
            ),
        )),
        Err(_) => Err(invalid(attr, format!("'{text}' is not a valid IP subnet"))),
    }
}

/// Parses an IP address.
pub(crate) fn parse_ip(attr: &str, text: &str) -> Result<IpAddr, NeutronError> {
    text.parse()
        .map_err(|_| invalid(attr, format!("'{text}' is not a valid IP address")))
}

/// Whether two networks share any address.
pub(crate) fn overlaps(a: &IpNet, b: &IpNet) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

fn is_v6(ip: IpAddr) -> bool {
    ip.is_ipv6()
}

/// The address as a number.
pub(crate) fn to_u128(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(u32::from(v4)),
        IpAddr::V6(v6) => u128::from(v6),
    }
}

fn from_u128(value: u128, v6: bool) -> IpAddr {
    if v6 {
        IpAddr::V6(Ipv6Addr::from(value))
    } else {
        IpAddr::V4(Ipv4Addr::from(u32::try_from(value).unwrap_or(u32::MAX)))
    }
}

/// First and last address a subnet can hand out (IPv4 leaves out network and broadcast).
fn host_range(net: &IpNet) -> (u128, u128) {
    let first = to_u128(net.network());
    let last = to_u128(net.broadcast());
    match net {
        IpNet::V4(v4) if v4.prefix_len() <= 30 => (first + 1, last - 1),
        IpNet::V6(v6) if v6.prefix_len() < 128 => (first + 1, last),
        _ => (first, last),
    }
}

/// Whether `ip` may serve as the subnet's gateway: same IP version, and not the network
/// (or IPv4 broadcast) address when inside the subnet; gateways outside the subnet are allowed.
pub(crate) fn valid_gateway(net: &IpNet, ip: IpAddr) -> bool {
    if is_v6(ip) != net.network().is_ipv6() {
        return false;
    }
    let (first, last) = host_range(net);
    !net.contains(&ip) || (first..=last).contains(&to_u128(ip))
}

/// Neutron's default gateway: the first host address.
pub(crate) fn default_gateway(net: &IpNet) -> Option<IpAddr> {
    let (first, last) = host_range(net);
    (first < last).then(|| from_u128(first, net.network().is_ipv6()))
}

/// Neutron's default pools: every host address except the gateway.
pub(crate) fn default_pools(net: &IpNet, gateway: Option<IpAddr>) -> Vec<Pool> {
    let v6 = net.network().is_ipv6();
    let (first, last) = host_range(net);
    let ranges = match gateway.map(to_u128).filter(|g| (first..=last).contains(g)) {
        Some(g) => vec![
            g.checked_sub(1).map(|before| (first, before)),
            g.checked_add(1).map(|after| (after, last)),
        ],
        None => vec![Some((first, last))],
    };
    ranges
        .into_iter()
        .flatten()
        .filter(|(start, end)| start <= end)
        .map(|(start, end)| Pool {
            start: from_u128(start, v6),
            end: from_u128(end, v6),
        })
        .collect()
}

/// The lowest address of the pools that is not in `used`.
pub(crate) fn next_free(pools: &[Pool], used: &BTreeSet<u128>) -> Option<IpAddr> {
    pools.iter().find_map(|pool| {
        let v6 = pool.start.is_ipv6();
        let mut candidate = to_u128(pool.start);
        let end = to_u128(pool.end);
        while candidate <= end {
            if !used.contains(&candidate) {
                return Some(from_u128(candidate, v6));
            }
            candidate = candidate.checked_add(1)?;
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNet {
        parse_cidr("cidr", s).unwrap()
    }

    #[test]
    fn cidr_is_normalised_and_validated() {
        assert_eq!(net("10.0.0.5/24").to_string(), "10.0.0.0/24");
        assert_eq!(net("2001:db8::1/64").to_string(), "2001:db8::/64");
        assert!(parse_cidr("cidr", "10.0.0.0/33").is_err());
        assert!(parse_cidr("cidr", "10.0.0.0").is_err());
    }

    #[test]
    fn default_gateway_and_pools() {
        let n = net("10.0.0.0/24");
        let gw = default_gateway(&n).unwrap();
        assert_eq!(gw.to_string(), "10.0.0.1");
        let pools = default_pools(&n, Some(gw));
        assert_eq!(pools.len(), 1);
        assert_eq!(pools[0].to_string(), "10.0.0.2-10.0.0.254");
        let mid: IpAddr = "10.0.0.100".parse().unwrap();
        let split = default_pools(&n, Some(mid));
        assert_eq!(split.len(), 2);
        assert_eq!(split[0].to_string(), "10.0.0.1-10.0.0.99");
        assert_eq!(split[1].to_string(), "10.0.0.101-10.0.0.254");
    }

    #[test]
    fn gateway_validity() {
        let n = net("10.0.0.0/24");
        assert!(valid_gateway(&n, "10.0.0.1".parse().unwrap()));
        assert!(!valid_gateway(&n, "10.0.0.0".parse().unwrap()));
        assert!(!valid_gateway(&n, "10.0.0.255".parse().unwrap()));
        assert!(valid_gateway(&n, "10.0.1.1".parse().unwrap()));
        assert!(!valid_gateway(&n, "2001:db8::1".parse().unwrap()));
    }

    #[test]
    fn next_free_skips_used() {
        let pools = default_pools(&net("10.0.0.0/29"), None);
        let used: BTreeSet<u128> = [to_u128("10.0.0.1".parse().unwrap())].into();
        assert_eq!(next_free(&pools, &used).unwrap().to_string(), "10.0.0.2");
        let all: BTreeSet<u128> = (1..=6)
            .map(|i| to_u128(format!("10.0.0.{i}").parse().unwrap()))
            .collect();
        assert_eq!(next_free(&pools, &all), None);
    }
}
