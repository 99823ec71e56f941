//! Addresses: the `/24` of a private LAN (inside 10.0.0.0/8), a NIC's address in it, the
//! public addresses of IP blocks (a TEST-NET per location) and of NICs on public LANs without
//! an IP block address (TEST-NET-1), and MAC addresses.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use rand::Rng;

use super::errors::IonosError;

/// The second octet automatic LAN blocks start at (`10.7.0.0/24`, `10.7.1.0/24`, ...).
const AUTO_SECOND_OCTET: u8 = 7;
/// The first host a NIC on a private LAN gets (`x.y.z.10`).
const FIRST_PRIVATE_HOST: u32 = 10;
/// Public addresses of NICs on public LANs that name no IP (TEST-NET-1).
pub(crate) const EPHEMERAL_POOL: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::new(192, 0, 2, 0), 24);

/// The block IONOS assigns a new private LAN: the first `/24` from `10.7.0.0/24` on that no
/// other LAN of the data center has (`ipv4CidrBlock` is read-only in the API).
pub(crate) fn lan_block(used: &[Ipv4Net]) -> Result<Ipv4Net, IonosError> {
    let octets = (AUTO_SECOND_OCTET..=u8::MAX).chain(0..AUTO_SECOND_OCTET);
    octets
        .flat_map(|b| {
            (0..=u8::MAX).map(move |c| Ipv4Net::new_assert(Ipv4Addr::new(10, b, c, 0), 24))
        })
        .find(|net| !used.contains(net))
        .ok_or_else(|| IonosError::invalid("No private IPv4 block is left for the LAN"))
}

/// Whether `ip` is a host address of `net` (neither its network nor its broadcast address).
pub(crate) fn is_host(net: Ipv4Net, ip: Ipv4Addr) -> bool {
    net.contains(&ip) && ip != net.network() && ip != net.broadcast()
}

/// The first free host of a private LAN's block.
pub(crate) fn private_host(net: Ipv4Net, used: &BTreeSet<Ipv4Addr>) -> Option<Ipv4Addr> {
    free_hosts(net, FIRST_PRIVATE_HOST, 1, used).and_then(|v| v.into_iter().next())
}

/// `count` free hosts of `net`, from the `first`-th address on.
pub(crate) fn free_hosts(
    net: Ipv4Net,
    first: u32,
    count: usize,
    used: &BTreeSet<Ipv4Addr>,
) -> Option<Vec<Ipv4Addr>> {
    let start = u32::from(net.network()).saturating_add(first);
    let end = u32::from(net.broadcast());
    let free: Vec<Ipv4Addr> = (start..end)
        .map(Ipv4Addr::from)
        .filter(|ip| !used.contains(ip))
        .take(count)
        .collect();
    (free.len() == count).then_some(free)
}

/// A random locally administered MAC address (`02:01:xx:xx:xx:xx`).
pub(crate) fn mac() -> String {
    let bytes: [u8; 4] = rand::thread_rng().gen();
    format!(
        "02:01:{:02x}:{:02x}:{:02x}:{:02x}",
        bytes[0], bytes[1], bytes[2], bytes[3]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lan_blocks() {
        let first = lan_block(&[]).unwrap();
        assert_eq!(first.to_string(), "10.7.0.0/24");
        assert_eq!(lan_block(&[first]).unwrap().to_string(), "10.7.1.0/24");
    }

    #[test]
    fn hosts() {
        let net: Ipv4Net = "10.1.2.0/24".parse().unwrap();
        let mut used = BTreeSet::new();
        assert_eq!(private_host(net, &used), Some(Ipv4Addr::new(10, 1, 2, 10)));
        used.insert(Ipv4Addr::new(10, 1, 2, 10));
        assert_eq!(private_host(net, &used), Some(Ipv4Addr::new(10, 1, 2, 11)));
        assert!(is_host(net, Ipv4Addr::new(10, 1, 2, 1)));
        assert!(!is_host(net, Ipv4Addr::new(10, 1, 2, 255)));
        assert_eq!(
            free_hosts(net, 1, 254, &BTreeSet::new()).map(|v| v.len()),
            Some(254)
        );
        assert_eq!(free_hosts(net, 1, 255, &BTreeSet::new()), None);
    }
}
