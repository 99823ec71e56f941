//! What a NIC request may say: `lan` (created as a private LAN if it does not exist, as the API
//! does), `ips`, `dhcp`, `firewallActive`, `firewallType` and `name`.

use super::addresses;
use super::Nic;
use crate::ionos::errors::IonosError;
use crate::ionos::input::{self, Object};
use crate::ionos::ipam;
use crate::ionos::lans;
use crate::ionos::ops::Op;
use crate::ionos::store::Store;

/// Firewall types of a NIC.
const FIREWALL_TYPES: [&str; 3] = ["INGRESS", "EGRESS", "BIDIRECTIONAL"];
/// Highest LAN id a NIC may name.
const MAX_LAN: i64 = 4094;

/// The LAN a request names (`None` if it names none).
fn lan_id(props: &Object) -> Result<Option<String>, IonosError> {
    Ok(input::integer(props, "lan", 1..=MAX_LAN)?.map(|n| n.to_string()))
}

/// LAN `id` of `dc`, created as a private LAN with an automatic block if it does not exist.
fn ensure_lan(store: &mut Store, op: &mut Op, dc: &str, id: &str) -> Result<(), IonosError> {
    if store.lan(dc, id, op.now).is_err() {
        lans::insert(store, op, dc, id.to_string(), String::new(), false)?;
    }
    Ok(())
}

/// Creates a NIC of server `server_id` in `dc` (in `location`) from `props` as part of `op`.
pub(crate) fn insert(
    store: &mut Store,
    op: &mut Op,
    dc: &str,
    server_id: &str,
    props: &Object,
    location: &str,
) -> Result<String, IonosError> {
    let lan_id =
        lan_id(props)?.ok_or_else(|| IonosError::invalid("[(root).properties.lan] is required"))?;
    let requested = addresses::parse(props)?;
    let name = input::string(props, "name")?.unwrap_or_default();
    let dhcp = input::boolean(props, "dhcp")?.unwrap_or(true);
    let firewall_active = input::boolean(props, "firewallActive")?.unwrap_or(false);
    let firewall_type = input::choice(props, "firewallType", &FIREWALL_TYPES)?
        .unwrap_or_else(|| "INGRESS".to_string());
    ensure_lan(store, op, dc, &lan_id)?;
    let lan = store.lan(dc, &lan_id, op.now)?;
    let ips = addresses::assign(store, location, lan, requested, None, op.now)?;
    let device = (1u32..)
        .find(|d| {
            !store
                .nics_of(server_id, op.now)
                .iter()
                .any(|n| n.device == *d)
        })
        .unwrap_or(1);
    let nic = Nic {
        dc: dc.to_string(),
        server_id: server_id.to_string(),
        id: uuid::Uuid::new_v4().to_string(),
        name,
        lan: lan_id,
        ips,
        dhcp,
        firewall_active,
        firewall_type,
        mac: ipam::mac(),
        device,
        security_groups: Vec::new(),
        meta: op.meta(store),
    };
    op.target(&nic);
    let id = nic.id.clone();
    store.nics.insert(id.clone(), nic);
    Ok(id)
}

/// Applies an update to NIC `id` of server `server_id`: a new LAN or new `ips` get checked
/// (and assigned) again.
pub(crate) fn apply_update(
    store: &mut Store,
    op: &mut Op,
    (dc, server_id, id): (&str, &str, &str),
    props: &Object,
    location: &str,
) -> Result<(), IonosError> {
    let current = store.nic(dc, server_id, id, op.now)?.clone();
    let lan_id = lan_id(props)?.unwrap_or_else(|| current.lan.clone());
    let requested = addresses::parse(props)?;
    let name = input::string(props, "name")?;
    let dhcp = input::boolean(props, "dhcp")?;
    let firewall_active = input::boolean(props, "firewallActive")?;
    let firewall_type = input::choice(props, "firewallType", &FIREWALL_TYPES)?;
    let ips = if requested.is_some() || lan_id != current.lan {
        ensure_lan(store, op, dc, &lan_id)?;
        let lan = store.lan(dc, &lan_id, op.now)?;
        addresses::assign(store, location, lan, requested, Some(id), op.now)?
    } else {
        current.ips
    };
    let nic = store.nic_mut(dc, server_id, id, op.now)?;
    nic.lan = lan_id;
    nic.ips = ips;
    if let Some(name) = name {
        nic.name = name;
    }
    if let Some(dhcp) = dhcp {
        nic.dhcp = dhcp;
    }
    if let Some(active) = firewall_active {
        nic.firewall_active = active;
    }
    if let Some(kind) = firewall_type {
        nic.firewall_type = kind;
    }
    nic.meta.touch(op.now, op.done);
    Ok(())
}
