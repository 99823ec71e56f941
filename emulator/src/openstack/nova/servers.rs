//! `/servers`: the server body per microversion, list, show, update and delete.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::store::{vm_state, Server};
use super::{flavors, link, NovaCaller};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::Fault;
use crate::openstack::glance::images;
use crate::openstack::pagination;
use crate::openstack::request;
use crate::openstack::world::World;
use crate::openstack::BaseUrl;

const UPDATE: &[&str] = &[
    "name",
    "description",
    "accessIPv4",
    "accessIPv6",
    "OS-DCF:diskConfig",
    "hostname",
];

/// `self` and `bookmark` links of a server.
pub(crate) fn links(cloud: Cloud, base: &str, id: &str) -> Value {
    json!([
        {"rel": "self", "href": link(cloud, base, &format!("v2.1/servers/{id}"))},
        {"rel": "bookmark", "href": link(cloud, base, &format!("servers/{id}"))},
    ])
}

/// `addresses`: per network name, the fixed addresses of the server's ports and the floating
/// addresses associated with them.
fn addresses(world: &World, server: &Server) -> Value {
    let neutron = &world.network;
    let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for port in server
        .ports
        .iter()
        .filter_map(|p| neutron.ports.get(&p.port_id))
    {
        let network = neutron
            .networks
            .get(&port.network_id)
            .map(|n| n.meta.name.clone())
            .unwrap_or_default();
        let entries = out.entry(network).or_default();
        let entry = |addr: String, version: u8, kind: &str| {
            json!({
                "addr": addr,
                "version": version,
                "OS-EXT-IPS:type": kind,
                "OS-EXT-IPS-MAC:mac_addr": port.mac_address,
            })
        };
        for fixed in &port.fixed_ips {
            let version = if fixed.ip_address.is_ipv6() { 6 } else { 4 };
            entries.push(entry(fixed.ip_address.to_string(), version, "fixed"));
        }
        for fip in neutron
            .floatingips
            .values()
            .filter(|f| f.port_id.as_deref() == Some(port.meta.id.as_str()))
        {
            if let Some(ip) = fip.floating_ip_address {
                entries.push(entry(ip.to_string(), 4, "floating"));
            }
        }
    }
    json!(out)
}

/// Security group names of the server: those of its ports, or those asked for without ports.
pub(crate) fn security_group_names(world: &World, server: &Server) -> Vec<String> {
    let neutron = &world.network;
    let mut names: Vec<String> = Vec::new();
    let ports: Vec<_> = server
        .ports
        .iter()
        .filter_map(|p| neutron.ports.get(&p.port_id))
        .collect();
    if ports.is_empty() {
        return server.security_groups.clone();
    }
    for group in ports
        .iter()
        .flat_map(|p| p.security_groups.iter())
        .filter_map(|id| neutron.security_groups.get(id))
    {
        if !names.contains(&group.meta.name) {
            names.push(group.meta.name.clone());
        }
    }
    names
}

fn flavor_body(server: &Server, caller: &NovaCaller, base: &str) -> Value {
    let flavor = flavors::find(caller.cloud, &server.flavor_id);
    if caller.version.at_least(2, 47) {
        match flavor {
            Some(f) => json!({
                "original_name": f.name,
                "vcpus": f.vcpus,
                "ram": f.ram,
                "disk": f.disk,
                "ephemeral": 0,
                "swap": 0,
                "extra_specs": f.extra_specs(),
            }),
            None => json!({}),
        }
    } else {
        json!({
            "id": server.flavor_id,
            "links": [{"rel": "bookmark", "href": link(caller.cloud, base, &format!("flavors/{}", server.flavor_id))}],
        })
    }
}

/// The full server body at the caller's microversion.
pub(crate) fn render(
    world: &World,
    server: &Server,
    now: i64,
    caller: &NovaCaller,
    base: &str,
) -> Value {
    let (status, task_state) = server.view(now);
    let (vm, power) = vm_state(status);
    let cloud = caller.cloud;
    let image = match server
        .image_id
        .as_deref()
        .and_then(|id| images::find(cloud, id))
    {
        Some(image) => json!({
            "id": image.id,
            "links": [{"rel": "bookmark", "href": link(cloud, base, &format!("images/{}", image.id))}],
        }),
        None => json!(""),
    };
    let volumes: Vec<Value> = server
        .volumes
        .iter()
        .map(|v| {
            let mut entry = json!({"id": v.volume_id});
            if caller.version.at_least(2, 3) {
                entry["delete_on_termination"] = json!(v.delete_on_termination);
            }
            entry
        })
        .collect();
    let groups: Vec<Value> = security_group_names(world, server)
        .into_iter()
        .map(|name| json!({ "name": name }))
        .collect();
    let launched = (status != "BUILD" && server.fault.is_none())
        .then(|| clock::iso_micros_naive(server.launched_ms));
    let mut body = json!({
        "id": server.id,
        "name": server.name,
        "status": status,
        "tenant_id": server.project_id,
        "user_id": cloud.profile().user_id,
        "metadata": server.metadata,
        "hostId": host_id(server),
        "image": image,
        "flavor": flavor_body(server, caller, base),
        "created": clock::iso_seconds(server.created_ms),
        "updated": clock::iso_seconds(server.updated_ms),
        "addresses": addresses(world, server),
        "accessIPv4": server.access_ipv4,
        "accessIPv6": server.access_ipv6,
        "links": links(cloud, base, &server.id),
        "OS-DCF:diskConfig": "MANUAL",
        "progress": 0,
        "OS-EXT-AZ:availability_zone": server.availability_zone,
        "config_drive": if server.config_drive { "True" } else { "" },
        "key_name": server.key_name,
        "OS-SRV-USG:launched_at": launched,
        "OS-SRV-USG:terminated_at": null,
        "security_groups": groups,
        "OS-EXT-STS:task_state": task_state,
        "OS-EXT-STS:vm_state": vm,
        "OS-EXT-STS:power_state": power,
        "os-extended-volumes:volumes_attached": volumes,
    });
    if status == "ERROR" {
        if let Some(fault) = &server.fault {
            body["fault"] = json!({
                "code": fault.code,
                "message": fault.message,
                "created": clock::iso_seconds(fault.created_ms),
            });
        }
    }
    let v = caller.version;
    let extras: [(bool, &str, Value); 7] = [
        (v.at_least(2, 9), "locked", json!(false)),
        (v.at_least(2, 19), "description", json!(server.description)),
        (v.at_least(2, 26), "tags", json!(server.tags)),
        (v.at_least(2, 63), "trusted_image_certificates", Value::Null),
        (v.at_least(2, 71), "server_groups", json!([])),
        (v.at_least(2, 73), "locked_reason", Value::Null),
        (v.at_least(2, 96), "pinned_availability_zone", Value::Null),
    ];
    for (shown, key, value) in extras {
        if shown {
            body[key] = value;
        }
    }
    body
}

/// A stable host id per project, like Nova's hash of project and host.
fn host_id(server: &Server) -> String {
    let digest = super::md5::digest(format!("{}emulator-host", server.project_id).as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether `name` matches Nova's `name` filter (a regular expression searched in the name).
fn name_matches(pattern: &str, name: &str) -> bool {
    regex::Regex::new(pattern)
        .map(|re| re.is_match(name))
        .unwrap_or_else(|_| name.contains(pattern))
}

fn listing(
    app: &App,
    caller: &NovaCaller,
    base: &str,
    raw: Option<&str>,
    detail: bool,
) -> Result<Value, Fault> {
    let query = pagination::parse_query(raw)?;
    let now = clock::now_ms();
    let wanted = |key: &str| pagination::param(&query, key);
    let cloud = caller.cloud;
    let items = app.read(|state| {
        let world = &state[cloud];
        let mut servers: Vec<&Server> = world
            .compute
            .servers
            .values()
            .filter(|s| s.project_id == caller.project_id)
            .collect();
        servers.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(b.id.cmp(&a.id)));
        servers
            .into_iter()
            .filter(|s| wanted("name").is_none_or(|n| name_matches(n, &s.name)))
            .filter(|s| wanted("status").is_none_or(|st| s.view(now).0.eq_ignore_ascii_case(st)))
            .filter(|s| wanted("flavor").is_none_or(|f| s.flavor_id == f))
            .filter(|s| wanted("image").is_none_or(|i| s.image_id.as_deref() == Some(i)))
            .filter(|s| wanted("key_name").is_none_or(|k| s.key_name.as_deref() == Some(k)))
            .filter(|s| wanted("tags").is_none_or(|t| t.split(',').all(|t| s.tags.contains(t))))
            .map(|s| {
                if detail {
                    render(world, s, now, caller, base)
                } else {
                    json!({"id": s.id, "name": s.name, "links": links(cloud, base, &s.id)})
                }
            })
            .collect::<Vec<Value>>()
    });
    let collection = if detail {
        "v2.1/servers/detail"
    } else {
        "v2.1/servers"
    };
    pagination::page(items, &query, "servers", &link(cloud, base, collection))
}

/// `GET /servers`: id, name and links.
pub(crate) async fn list(
    State(app): State<App>,
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    listing(&app, &caller, &base, raw.as_deref(), false).map(Json)
}

/// `GET /servers/detail`.
pub(crate) async fn list_detail(
    State(app): State<App>,
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    listing(&app, &caller, &base, raw.as_deref(), true).map(Json)
}

/// `GET /servers/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fault> {
    let now = clock::now_ms();
    let body = app.read(|state| {
        let world = &state[caller.cloud];
        world
            .compute
            .server(&id, &caller.project_id)
            .map(|s| render(world, s, now, &caller, &base))
    })?;
    Ok(Json(json!({ "server": body })))
}

/// `PUT /servers/{id}`: name, description (2.19+) and access addresses.
pub(crate) async fn update(
    State(app): State<App>,
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    let obj = request::parse(&bytes, "server")?;
    let allowed: Vec<&str> = UPDATE
        .iter()
        .copied()
        .filter(|k| *k != "description" || caller.version.at_least(2, 19))
        .collect();
    request::check_attributes(&obj, &allowed)?;
    let name = match obj.get("name") {
        Some(_) => Some(request::required_string(&obj, "name")?),
        None => None,
    };
    let description = request::string(&obj, "description", 255)?;
    let ipv4 = request::string(&obj, "accessIPv4", 255)?;
    let ipv6 = request::string(&obj, "accessIPv6", 255)?;
    let now = clock::now_ms();
    let body = app.write(|state| {
        let world = &mut state[caller.cloud];
        let server = world.compute.server_mut(&id, &caller.project_id, now)?;
        if let Some(name) = name {
            server.name = name;
        }
        if obj.contains_key("description") {
            server.description = description;
        }
        if let Some(ip) = ipv4 {
            server.access_ipv4 = ip;
        }
        if let Some(ip) = ipv6 {
            server.access_ipv6 = ip;
        }
        server.updated_ms = now;
        let server = world.compute.server(&id, &caller.project_id)?;
        Ok::<Value, Fault>(render(world, server, now, &caller, &base))
    })?;
    Ok(Json(json!({ "server": body })))
}

/// Removes a server with everything Nova created for it: its own ports are deleted (their
/// floating IPs disassociated), ports passed in are unbound, volumes are detached or deleted.
pub(crate) fn destroy(world: &mut World, id: &str, now: i64, delay: std::time::Duration) {
    let Some(server) = world.compute.servers.remove(id) else {
        return;
    };
    for port in &server.ports {
        if port.created {
            world.network.ports.remove(&port.port_id);
            world.network.disassociate_port(&port.port_id, now);
        } else if let Some(p) = world.network.ports.get_mut(&port.port_id) {
            p.device_id.clear();
            p.device_owner.clear();
            p.meta.touch(now);
        }
    }
    for attached in &server.volumes {
        if let Some(volume) = world.volumes.volumes.get_mut(&attached.volume_id) {
            if attached.delete_on_termination {
                volume.attachment = None;
                volume.pending = None;
                volume.status = "available".to_string();
                volume.delete(now, delay);
            } else {
                volume.detach(now, delay);
            }
        }
    }
}

/// `DELETE /servers/{id}`: 204, and the server is gone.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
) -> Result<StatusCode, Fault> {
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    app.write(|state| {
        let world = &mut state[caller.cloud];
        world.compute.server(&id, &caller.project_id)?;
        world.volumes.purge(now);
        destroy(world, &id, now, delay);
        Ok(StatusCode::NO_CONTENT)
    })
}

/// `GET /servers/{id}/os-security-groups`: the server's groups as Nova shows them.
pub(crate) async fn security_groups(
    State(app): State<App>,
    caller: NovaCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fault> {
    let groups = app.read(|state| {
        let world = &state[caller.cloud];
        let server = world.compute.server(&id, &caller.project_id)?;
        let names = security_group_names(world, server);
        Ok::<Vec<Value>, Fault>(
            world
                .network
                .security_groups
                .values()
                .filter(|g| g.meta.project_id == caller.project_id && names.contains(&g.meta.name))
                .map(|g| {
                    let rules: Vec<Value> = world
                        .network
                        .security_group_rules
                        .values()
                        .filter(|r| r.security_group_id == g.meta.id && r.direction == "ingress")
                        .map(|r| {
                            json!({
                                "id": r.meta.id,
                                "parent_group_id": g.meta.id,
                                "ip_protocol": r.protocol,
                                "from_port": r.port_range_min,
                                "to_port": r.port_range_max,
                                "ip_range": r.remote_ip_prefix.as_ref().map(|c| json!({"cidr": c})).unwrap_or(json!({})),
                                "group": {},
                            })
                        })
                        .collect();
                    json!({
                        "id": g.meta.id,
                        "name": g.meta.name,
                        "description": g.meta.description,
                        "tenant_id": g.meta.project_id,
                        "rules": rules,
                    })
                })
                .collect(),
        )
    })?;
    Ok(Json(json!({ "security_groups": groups })))
}
