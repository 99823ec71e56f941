//! A Nova server of the OTC world in ECS's shape, with the types the Go SDK decodes strictly:
//! flavor numbers and volume flags as strings, addresses keyed by VPC id, groups with ids.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::nova::{self, flavors, Server};
use crate::state::State;

/// `flavor` with every number as a string.
fn flavor(server: &Server) -> Value {
    match flavors::find(Cloud::Otc, &server.flavor_id) {
        Some(f) => json!({
            "id": f.id,
            "name": f.name,
            "disk": f.disk.to_string(),
            "vcpus": f.vcpus.to_string(),
            "ram": f.ram.to_string(),
        }),
        None => json!({"id": server.flavor_id, "name": server.flavor_id}),
    }
}

/// `addresses`, keyed by the VPC of each port's subnet.
fn addresses(state: &State, server: &Server) -> Value {
    let neutron = &state.otc.network;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for port in server
        .ports
        .iter()
        .filter_map(|p| neutron.ports.get(&p.port_id))
    {
        let vpc = state
            .otc_native
            .subnets
            .get(&port.network_id)
            .map(|s| s.vpc_id.clone())
            .unwrap_or_else(|| port.network_id.clone());
        let entry = |addr: String, kind: &str| {
            json!({
                "version": "4",
                "addr": addr,
                "OS-EXT-IPS-MAC:mac_addr": port.mac_address,
                "OS-EXT-IPS:port_id": port.meta.id,
                "OS-EXT-IPS:type": kind,
            })
        };
        let entries = out.entry(vpc).or_default();
        for fixed in port.fixed_ips.iter().filter(|f| f.ip_address.is_ipv4()) {
            entries.push(entry(fixed.ip_address.to_string(), "fixed"));
        }
        for fip in neutron
            .floatingips
            .values()
            .filter(|f| f.port_id.as_deref() == Some(port.meta.id.as_str()))
        {
            if let Some(ip) = fip.floating_ip_address {
                entries.push(entry(ip.to_string(), "floating"));
            }
        }
    }
    json!(out)
}

/// `security_groups` as `[{id, name}]`.
fn security_groups(state: &State, server: &Server) -> Value {
    let neutron = &state.otc.network;
    let names = nova::security_group_names(&state.otc, server);
    let groups: Vec<Value> = neutron
        .security_groups
        .values()
        .filter(|g| g.meta.project_id == server.project_id && names.contains(&g.meta.name))
        .map(|g| json!({"id": g.meta.id, "name": g.meta.name}))
        .collect();
    Value::Array(groups)
}

/// The ECS body of `server`.
pub(crate) fn server(state: &State, server: &Server, now: i64) -> Value {
    let (status, task_state) = server.view(now);
    let (vm_state, power_state) = nova::vm_state(status);
    let volumes = &state.otc.volumes.volumes;
    let attached: Vec<Value> = server
        .volumes
        .iter()
        .map(|v| {
            json!({
                "id": v.volume_id,
                "delete_on_termination": v.delete_on_termination.to_string(),
                "bootIndex": if v.root { "0" } else { "-1" },
                "device": v.device,
            })
        })
        .collect();
    let image = server
        .volumes
        .iter()
        .find(|v| v.root)
        .and_then(|v| volumes.get(&v.volume_id))
        .and_then(|v| v.image_id.clone())
        .or_else(|| server.image_id.clone())
        .unwrap_or_default();
    let mut body = json!({
        "id": server.id,
        "name": server.name,
        "description": server.description.clone().unwrap_or_default(),
        "status": status,
        "progress": if status == "BUILD" { 0 } else { 100 },
        "tenant_id": server.project_id,
        "user_id": Cloud::Otc.profile().user_id,
        "flavor": flavor(server),
        "image": {"id": image},
        "metadata": server.metadata,
        "addresses": addresses(state, server),
        "security_groups": security_groups(state, server),
        "os-extended-volumes:volumes_attached": attached,
        "OS-EXT-AZ:availability_zone": server.availability_zone,
        "OS-EXT-STS:vm_state": vm_state,
        "OS-EXT-STS:power_state": power_state,
        "OS-EXT-STS:task_state": task_state,
        "OS-DCF:diskConfig": "MANUAL",
        "key_name": server.key_name,
        "created": clock::iso_seconds(server.created_ms),
        "updated": clock::iso_seconds(server.updated_ms),
        "tags": server.tags,
        "sys_tags": [],
        "os:scheduler_hints": {},
    });
    if let (Some(fault), "ERROR") = (&server.fault, status) {
        body["fault"] = json!({
            "code": fault.code,
            "message": fault.message,
            "created": clock::iso_seconds(fault.created_ms),
        });
    }
    body
}
