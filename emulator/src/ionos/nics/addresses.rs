//! The IPv4 addresses of a NIC: on a private LAN they lie in the LAN's block (the first free
//! host from `.10` when none is asked for); on a public LAN they come from the account's IP
//! blocks in the data center's location (the provider's pool, TEST-NET-1, when none is asked
//! for). An address is on one NIC at most (409).

use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use crate::ionos::errors::IonosError;
use crate::ionos::input::{self, Object};
use crate::ionos::ipam;
use crate::ionos::lans::Lan;
use crate::ionos::store::Store;

/// The `ips` of a request (`None` when absent or null).
pub(crate) fn parse(props: &Object) -> Result<Option<Vec<Ipv4Addr>>, IonosError> {
    let Some(texts) = input::strings(props, "ips")? else {
        return Ok(None);
    };
    let mut ips = Vec::new();
    for text in texts {
        let ip: Ipv4Addr = text.parse().map_err(|_| {
            IonosError::invalid(format!(
                "[(root).properties.ips] {text} is not an IPv4 address"
            ))
        })?;
        if ips.contains(&ip) {
            return Err(IonosError::invalid(format!(
                "[(root).properties.ips] {ip} is listed twice"
            )));
        }
        ips.push(ip);
    }
    Ok(Some(ips))
}

/// The addresses a NIC (`own`, if it exists) on `lan` gets in `location`.
pub(crate) fn assign(
    store: &Store,
    location: &str,
    lan: &Lan,
    requested: Option<Vec<Ipv4Addr>>,
    own: Option<&str>,
    now: i64,
) -> Result<Vec<Ipv4Addr>, IonosError> {
    let others: Vec<(&str, Ipv4Addr)> = store
        .all_nics(now)
        .into_iter()
        .filter(|n| Some(n.id.as_str()) != own)
        .flat_map(|n| n.ips.iter().map(move |ip| (n.id.as_str(), *ip)))
        .collect();
    let used: BTreeSet<Ipv4Addr> = others.iter().map(|(_, ip)| *ip).collect();
    let requested = requested.unwrap_or_default();
    if requested.is_empty() {
        let free = match lan.cidr {
            Some(block) => ipam::private_host(block, &used),
            None => ipam::free_hosts(ipam::EPHEMERAL_POOL, 1, 1, &used)
                .and_then(|v| v.into_iter().next()),
        };
        return free.map(|ip| vec![ip]).ok_or_else(|| {
            IonosError::invalid(format!("No free IPv4 address is left on LAN {}", lan.id))
        });
    }
    for ip in &requested {
        if let Some((nic, _)) = others.iter().find(|(_, used)| used == ip) {
            return Err(IonosError::conflict(format!(
                "IP address {ip} is already used by NIC {nic}"
            )));
        }
        match lan.cidr {
            Some(block) if !ipam::is_host(block, *ip) => {
                return Err(IonosError::invalid(format!(
                    "[(root).properties.ips] {ip} is not a host address of LAN {}'s block {block}",
                    lan.id
                )))
            }
            None if !store.ipblocks(now).iter().any(|b| b.location == location && b.ips.contains(ip)) => {
                return Err(IonosError::invalid(format!(
                    "[(root).properties.ips] {ip} on public LAN {} must come from one of your IP blocks in {location}",
                    lan.id
                )))
            }
            _ => {}
        }
    }
    Ok(requested)
}
