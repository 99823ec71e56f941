//! `POST /servers`: validation, ports, boot volumes, and the server in `BUILD`.

use std::collections::BTreeSet;
use std::net::IpAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::flavors::{self, Flavor};
use super::store::{AttachedVolume, Server, ServerFault, ServerPort};
use super::{link, servers, NovaCaller};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::cinder::{types, Volume};
use crate::openstack::errors::{Fault, NeutronError};
use crate::openstack::glance::images::{self, Image};
use crate::openstack::neutron::{self, DevicePort, Meta};
use crate::openstack::request::{self, Object};
use crate::openstack::world::World;
use crate::openstack::BaseUrl;

/// Server names containing this go to `ERROR` ("No valid host was found.").
pub(crate) const FAIL_BUILD: &str = "fail-build";

const CREATE: &[&str] = &[
    "OS-DCF:diskConfig",
    "accessIPv4",
    "accessIPv6",
    "adminPass",
    "availability_zone",
    "block_device_mapping_v2",
    "config_drive",
    "description",
    "flavorRef",
    "hostname",
    "imageRef",
    "key_name",
    "max_count",
    "metadata",
    "min_count",
    "name",
    "networks",
    "personality",
    "return_reservation_id",
    "security_groups",
    "tags",
    "trusted_image_certificates",
    "user_data",
];
const BDM_KEYS: &[&str] = &[
    "boot_index",
    "delete_on_termination",
    "destination_type",
    "device_name",
    "device_type",
    "disk_bus",
    "guest_format",
    "source_type",
    "tag",
    "uuid",
    "volume_size",
    "volume_type",
];
const GIB: u64 = 1 << 30;

/// One entry of `networks`.
pub(super) enum Nic {
    /// A new port on a network, with a specific address if asked for.
    Network {
        id: String,
        fixed_ip: Option<IpAddr>,
    },
    /// An existing port.
    Port(String),
}

/// What `networks` asks for.
pub(super) enum Networks {
    /// Not given (before 2.37): the project's only network, if it has exactly one.
    Unspecified,
    /// `auto`: the project's only network.
    Auto,
    /// `none`: no network at all.
    Nothing,
    /// Explicit networks and ports.
    List(Vec<Nic>),
}

/// Where a block device comes from.
pub(super) enum Source {
    Image(&'static Image),
    Volume(String),
    Blank,
}

/// One entry of `block_device_mapping_v2` that becomes a volume.
pub(super) struct Device {
    /// Where the volume comes from.
    pub source: Source,
    /// Size in GiB (the image's minimum if not given).
    pub size: Option<u64>,
    /// Volume type (the cloud's default if not given).
    pub volume_type: Option<String>,
    /// Whether the volume goes with the server.
    pub delete_on_termination: bool,
    /// Whether this is the root disk.
    pub root: bool,
    /// Device tag.
    pub tag: Option<String>,
}

/// Everything a create request asks for, validated against the request alone.
pub(super) struct Plan {
    /// The flavor.
    pub flavor: &'static Flavor,
    /// Volumes to create or attach.
    pub devices: Vec<Device>,
    /// Networks and ports.
    pub networks: Networks,
    /// Key pair name.
    pub key_name: Option<String>,
    /// Security group names or ids.
    pub security_groups: Vec<String>,
    /// The server, not yet stored.
    pub server: Server,
}

fn parse_networks(obj: &Object, caller: &NovaCaller) -> Result<Networks, Fault> {
    let new_style = caller.version.at_least(2, 37);
    match obj.get("networks") {
        None if new_style => Err(Fault::bad_request(
            "Invalid input for field/attribute server. Value: {...}. 'networks' is a required property",
        )),
        None => Ok(Networks::Unspecified),
        Some(Value::String(s)) if new_style && s == "auto" => Ok(Networks::Auto),
        Some(Value::String(s)) if new_style && s == "none" => Ok(Networks::Nothing),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| {
                let Value::Object(entry) = item else {
                    return Err(request::invalid("networks", item, "is not of type 'object'"));
                };
                request::check_attributes(entry, &["uuid", "port", "fixed_ip", "tag"])?;
                let fixed_ip = match request::string(entry, "fixed_ip", 64)? {
                    Some(text) => Some(text.parse::<IpAddr>().map_err(|_| {
                        Fault::bad_request(format!("Invalid fixed IP address ({text})"))
                    })?),
                    None => None,
                };
                match (request::string(entry, "port", 255)?, request::string(entry, "uuid", 255)?) {
                    (Some(port), _) => Ok(Nic::Port(port)),
                    (None, Some(id)) => Ok(Nic::Network { id, fixed_ip }),
                    (None, None) => Err(Fault::bad_request(
                        "Bad networks format: network uuid is not in proper format ()",
                    )),
                }
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Networks::List),
        Some(other) => Err(request::invalid(
            "networks",
            other,
            "is not valid under any of the given schemas",
        )),
    }
}

fn parse_devices(cloud: Cloud, obj: &Object) -> Result<Vec<Device>, Fault> {
    let Some(value) = obj.get("block_device_mapping_v2") else {
        return Ok(Vec::new());
    };
    let Value::Array(items) = value else {
        return Err(request::invalid(
            "block_device_mapping_v2",
            value,
            "is not of type 'array'",
        ));
    };
    let mut devices = Vec::new();
    for item in items {
        let Value::Object(entry) = item else {
            return Err(request::invalid(
                "block_device_mapping_v2",
                item,
                "is not of type 'object'",
            ));
        };
        request::check_attributes(entry, BDM_KEYS)?;
        let invalid =
            |reason: &str| Fault::bad_request(format!("Block Device Mapping is Invalid: {reason}"));
        let source_type = request::string(entry, "source_type", 255)?.unwrap_or_default();
        let destination = request::string(entry, "destination_type", 255)?
            .unwrap_or_else(|| "volume".to_string());
        let uuid = request::string(entry, "uuid", 255)?;
        let boot_index = request::integer(entry, "boot_index", -1)?;
        let root = boot_index == Some(0);
        let source = match (source_type.as_str(), uuid) {
            ("image", Some(id)) => Source::Image(
                images::find(cloud, &id)
                    .ok_or_else(|| Fault::bad_request(format!("Image {id} could not be found.")))?,
            ),
            ("volume", Some(id)) => Source::Volume(id),
            ("blank", _) => Source::Blank,
            ("snapshot", Some(id)) => {
                return Err(Fault::bad_request(format!(
                    "Snapshot {id} could not be found."
                )))
            }
            _ => {
                return Err(invalid(
                    "failed to parse the mapping's source_type and uuid.",
                ))
            }
        };
        if destination == "local" {
            match source {
                // an image booted onto the flavor's disk: the same as imageRef
                Source::Image(_) if root => continue,
                _ => {
                    return Err(invalid(
                        "only the root image can be mapped to a local disk.",
                    ))
                }
            }
        }
        if destination != "volume" {
            return Err(invalid(&format!("unknown destination_type {destination}.")));
        }
        let size =
            request::integer(entry, "volume_size", 1)?.map(|s| u64::try_from(s).unwrap_or(1));
        if matches!(source, Source::Blank) && size.is_none() {
            return Err(invalid("a blank volume needs a volume_size."));
        }
        devices.push(Device {
            source,
            size,
            volume_type: request::string(entry, "volume_type", 255)?,
            delete_on_termination: request::boolean(entry, "delete_on_termination")?
                .unwrap_or(false),
            root,
            tag: request::string(entry, "tag", 60)?,
        });
    }
    Ok(devices)
}

/// The image id of a local `image -> local` root mapping, if the request uses one.
fn local_root_image(obj: &Object) -> Option<String> {
    obj.get("block_device_mapping_v2")?
        .as_array()?
        .iter()
        .find(|d| {
            d.get("boot_index").and_then(Value::as_i64) == Some(0)
                && d.get("destination_type").and_then(Value::as_str) == Some("local")
        })
        .and_then(|d| d.get("uuid"))
        .and_then(Value::as_str)
        .map(String::from)
}

fn parse_tags(obj: &Object) -> Result<BTreeSet<String>, Fault> {
    let Some(value) = obj.get("tags") else {
        return Ok(BTreeSet::new());
    };
    let Value::Array(items) = value else {
        return Err(request::invalid("tags", value, "is not of type 'array'"));
    };
    if items.len() > 50 {
        return Err(request::invalid("tags", value, "is too long"));
    }
    items
        .iter()
        .map(|tag| match tag {
            Value::String(s)
                if !s.is_empty() && s.chars().count() <= 60 && !s.contains(['/', ',']) =>
            {
                Ok(s.clone())
            }
            other => Err(request::invalid("tags", other, "is not a valid tag")),
        })
        .collect()
}

fn parse_security_groups(obj: &Object) -> Result<Vec<String>, Fault> {
    let Some(value) = obj.get("security_groups") else {
        return Ok(vec!["default".to_string()]);
    };
    let Value::Array(items) = value else {
        return Err(request::invalid(
            "security_groups",
            value,
            "is not of type 'array'",
        ));
    };
    let mut names = Vec::new();
    for item in items {
        let name = item
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| request::invalid("security_groups", item, "has no 'name'"))?;
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

fn check_user_data(obj: &Object) -> Result<(), Fault> {
    let Some(data) = request::string(obj, "user_data", 65_535)? else {
        return Ok(());
    };
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map(|_| ())
        .map_err(|_| Fault::bad_request("User data needs to be valid base 64."))
}

/// The plan of a create request and the admin password to answer with.
fn parse(obj: &Object, caller: &NovaCaller, now: i64) -> Result<(Plan, String), Fault> {
    let v = caller.version;
    let allowed: Vec<&str> = CREATE
        .iter()
        .copied()
        .filter(|k| match *k {
            "description" => v.at_least(2, 19),
            "tags" => v.at_least(2, 52),
            "personality" => !v.at_least(2, 57),
            "trusted_image_certificates" => v.at_least(2, 63),
            "hostname" => v.at_least(2, 90),
            _ => true,
        })
        .collect();
    request::check_attributes(obj, &allowed)?;
    let name = request::required_string(obj, "name")?;
    let flavor_ref = request::string(obj, "flavorRef", 255)?.ok_or_else(|| {
        Fault::bad_request("Invalid input for field/attribute flavorRef. Value: None. 'flavorRef' is a required property")
    })?;
    let cloud = caller.cloud;
    let profile = cloud.profile();
    let flavor = flavors::find(cloud, &flavor_ref)
        .ok_or_else(|| Fault::bad_request(format!("Flavor {flavor_ref} could not be found.")))?;
    let devices = parse_devices(cloud, obj)?;
    let boot_from_volume = devices.iter().any(|d| d.root);
    let image_ref = request::string(obj, "imageRef", 255)?
        .filter(|r| !r.is_empty())
        .or_else(|| local_root_image(obj));
    let image = match (image_ref, boot_from_volume) {
        (_, true) => None,
        (Some(reference), false) => {
            let id = reference.rsplit('/').next().unwrap_or(&reference);
            Some(
                images::find(cloud, id)
                    .ok_or_else(|| Fault::bad_request(format!("Image {id} could not be found.")))?,
            )
        }
        (None, false) => return Err(Fault::bad_request("Missing imageRef attribute")),
    };
    if let Some(image) = image {
        if flavor.disk == 0 {
            return Err(Fault::forbidden(
                "Only volume-backed servers are allowed for flavors with zero disk.",
            ));
        }
        if flavor.disk < image.min_disk {
            return Err(Fault::bad_request(format!(
                "Flavor's disk is too small for requested image. Flavor disk is {} bytes, minimum disk is {} bytes.",
                flavor.disk * GIB,
                image.min_disk * GIB
            )));
        }
    }
    for device in &devices {
        if let (Source::Image(image), Some(size)) = (&device.source, device.size) {
            if size < image.min_disk {
                return Err(Fault::bad_request(format!(
                    "Volume is smaller than the minimum size specified in image metadata. Volume size is {} bytes, minimum size is {} bytes.",
                    size * GIB,
                    image.min_disk * GIB
                )));
            }
        }
    }
    let networks = parse_networks(obj, caller)?;
    check_user_data(obj)?;
    let zone = request::string(obj, "availability_zone", 255)?.filter(|z| !z.is_empty());
    if let Some(zone) = zone.as_deref().filter(|z| !profile.zones.contains(z)) {
        let forced_host = profile
            .zones
            .iter()
            .any(|known| zone.starts_with(&format!("{known}:")));
        return Err(if forced_host {
            Fault::forbidden(
                "Policy doesn't allow os_compute_api:servers:create:forced_host to be performed.",
            )
        } else {
            Fault::bad_request("The requested availability zone is not available")
        });
    }
    for key in ["min_count", "max_count"] {
        if request::integer(obj, key, 1)?.unwrap_or(1) > 1 {
            return Err(Fault::bad_request(format!(
                "Invalid input for field/attribute {key}: the emulator creates one server per request"
            )));
        }
    }
    let zone = zone.unwrap_or_else(|| profile.default_zone().to_string());
    let mut server = Server::new(&caller.project_id, &name, flavor.id, &zone, now);
    server.description = request::string(obj, "description", 255)?;
    server.image_id = image.map(|i| i.id.to_string());
    server.metadata = request::optional_metadata(obj, "metadata")?.unwrap_or_default();
    server.tags = parse_tags(obj)?;
    server.config_drive = request::boolean(obj, "config_drive")?.unwrap_or(false);
    server.access_ipv4 = request::string(obj, "accessIPv4", 255)?.unwrap_or_default();
    server.access_ipv6 = request::string(obj, "accessIPv6", 255)?.unwrap_or_default();
    server.security_groups = parse_security_groups(obj)?;
    let admin_pass = request::string(obj, "adminPass", 255)?
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string()[..12].to_string());
    let plan = Plan {
        flavor,
        devices,
        networks,
        key_name: request::string(obj, "key_name", 255)?,
        security_groups: server.security_groups.clone(),
        server,
    };
    Ok((plan, admin_pass))
}

/// The project's only usable (non-external) network; 409 if there are several.
fn sole_network(world: &World, project: &str) -> Result<Option<String>, Fault> {
    let candidates: Vec<&String> = world
        .network
        .networks
        .iter()
        .filter(|(_, n)| !n.external && (n.meta.project_id == project || n.shared))
        .map(|(id, _)| id)
        .collect();
    match candidates.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some((*one).clone())),
        _ => Err(Fault::conflict(
            "Multiple possible networks found, use a Network ID to be more specific.",
        )),
    }
}

/// A Neutron refusal as Nova passes it on.
fn from_neutron(error: NeutronError, subject: &str) -> Fault {
    match error.kind() {
        "NetworkNotFound" => Fault::bad_request(format!("Network {subject} could not be found.")),
        "PortNotFound" => Fault::bad_request(format!("Port id {subject} could not be found.")),
        "PortInUse" => Fault::conflict(format!("Port {subject} is still in use.")),
        "OverQuota" => Fault::forbidden("Maximum number of ports exceeded"),
        _ => Fault::new(error.status(), error.message()),
    }
}

/// Creates the ports and volumes and stores the server (inside a transaction).
pub(super) fn build(
    world: &mut World,
    cloud: Cloud,
    plan: Plan,
    now: i64,
    delay: Duration,
) -> Result<Server, Fault> {
    let project = plan.server.project_id.clone();
    let project = project.as_str();
    let compute = &world.compute;
    compute.check_quota(cloud, project, 1, plan.flavor.vcpus, plan.flavor.ram)?;
    if let Some(key) = &plan.key_name {
        if !compute.keypairs.contains_key(key) {
            return Err(Fault::bad_request("Invalid key_name provided."));
        }
    }
    world.network.ensure_default_security_group(project, now);
    let mut group_ids = Vec::new();
    for name in &plan.security_groups {
        let id = world
            .network
            .resolve_security_group(project, name)
            .map_err(|e| Fault::conflict(e.message()))?
            .ok_or_else(|| {
                Fault::bad_request(format!(
                    "Security group {name} not found for project {project}."
                ))
            })?;
        group_ids.push(id);
    }
    let nics = match plan.networks {
        Networks::Nothing => Vec::new(),
        Networks::List(nics) => nics,
        Networks::Unspecified => sole_network(world, project)?
            .map(|id| Nic::Network { id, fixed_ip: None })
            .into_iter()
            .collect(),
        Networks::Auto => match sole_network(world, project)? {
            Some(id) => vec![Nic::Network { id, fixed_ip: None }],
            None => {
                return Err(Fault::bad_request(format!(
                    "Unable to automatically allocate a network for project {project}"
                )))
            }
        },
    };
    let mut server = plan.server;
    server.key_name = plan.key_name;
    let failing = server.name.contains(FAIL_BUILD);
    let owner = format!("compute:{}", server.availability_zone);
    for nic in nics {
        match nic {
            Nic::Network { id, fixed_ip } => {
                let network = world
                    .network
                    .networks
                    .get(&id)
                    .filter(|n| n.meta.project_id == project || n.shared)
                    .ok_or_else(|| {
                        Fault::bad_request(format!("Network {id} could not be found."))
                    })?;
                if network.external {
                    return Err(Fault::forbidden(
                        "Policy doesn't allow network:attach_external_network to be performed.",
                    ));
                }
                if !world.network.subnets.values().any(|s| s.network_id == id) {
                    return Err(Fault::bad_request(format!(
                        "Network {id} requires a subnet in order to boot instances on."
                    )));
                }
                if failing {
                    continue;
                }
                let request = DevicePort {
                    project,
                    network_id: &id,
                    fixed_ip,
                    security_groups: group_ids.clone(),
                    device_id: &server.id,
                    device_owner: &owner,
                };
                let port_id = neutron::create_for_device(
                    &mut world.network,
                    request,
                    Meta::new(project, now, delay),
                )
                .map_err(|e| from_neutron(e, &id))?;
                server.ports.push(ServerPort {
                    port_id,
                    created: true,
                });
            }
            Nic::Port(port_id) => {
                let bound = if failing {
                    world
                        .network
                        .ports
                        .get(&port_id)
                        .filter(|p| p.meta.project_id == project)
                        .map(|_| ())
                        .ok_or_else(|| {
                            Fault::bad_request(format!("Port id {port_id} could not be found."))
                        })
                } else {
                    neutron::bind_to_device(
                        &mut world.network,
                        project,
                        &port_id,
                        &server.id,
                        &owner,
                        now,
                    )
                    .map_err(|e| from_neutron(e, &port_id))
                };
                bound?;
                if !failing {
                    server.ports.push(ServerPort {
                        port_id,
                        created: false,
                    });
                }
            }
        }
    }
    for device in plan.devices {
        attach_device(world, cloud, &mut server, device, failing, now, delay)?;
    }
    if failing {
        server.status = "ERROR".to_string();
        server.fault = Some(ServerFault {
            code: 500,
            message: "No valid host was found.".to_string(),
            created_ms: now.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(0)),
        });
    }
    server.launched_ms = now.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(0));
    let settled = server.status.clone();
    server.start_task("BUILD", "spawning", &settled, now, delay);
    world
        .compute
        .servers
        .insert(server.id.clone(), server.clone());
    Ok(server)
}

/// Creates (or takes) the volume of one block device mapping and attaches it to the server.
fn attach_device(
    world: &mut World,
    cloud: Cloud,
    server: &mut Server,
    device: Device,
    failing: bool,
    now: i64,
    delay: Duration,
) -> Result<(), Fault> {
    let project = server.project_id.clone();
    let volumes = &mut world.volumes;
    volumes.purge(now);
    let volume_id = match device.source {
        Source::Volume(id) => {
            let volume = volumes
                .get(&id, &project, now)
                .map_err(|_| Fault::bad_request(format!("Volume {id} could not be found.")))?;
            if volume.status(now) != "available" || volume.attachment.is_some() {
                return Err(Fault::bad_request(format!(
                    "Invalid volume: volume {id} status must be 'available'. Currently in '{}'",
                    volume.status(now)
                )));
            }
            id
        }
        source => {
            let image = match source {
                Source::Image(image) => Some(image),
                _ => None,
            };
            let size = device
                .size
                .or(image.map(|i| i.min_disk.max(i.size.div_ceil(GIB))))
                .unwrap_or(1);
            let volume_type = match &device.volume_type {
                Some(name) => {
                    types::find(cloud, name)
                        .ok_or_else(|| {
                            Fault::bad_request(format!("Volume type {name} could not be found."))
                        })?
                        .name
                }
                None => cloud.profile().default_volume_type,
            };
            volumes
                .check_quota(&project, now, 1, size)
                .map_err(|_| Fault::forbidden("Volume resource quota exceeded"))?;
            if failing {
                return Ok(());
            }
            let mut volume = Volume::new(cloud, &project, size, now, delay);
            volume.availability_zone = server.availability_zone.clone();
            volume.name = Some(String::new());
            volume.volume_type = volume_type.to_string();
            volume.image_id = image.map(|i| i.id.to_string());
            volume.bootable = image.is_some();
            let id = volume.id.clone();
            volumes.volumes.insert(id.clone(), volume);
            id
        }
    };
    if failing {
        return Ok(());
    }
    let device_name = if device.root {
        "/dev/vda".to_string()
    } else {
        server.next_device()
    };
    if let Some(volume) = volumes.volumes.get_mut(&volume_id) {
        volume.attach(&server.id, &device_name, now, delay);
    }
    server.volumes.push(AttachedVolume {
        volume_id,
        device: device_name,
        delete_on_termination: device.delete_on_termination,
        tag: device.tag,
        bdm_id: uuid::Uuid::new_v4().to_string(),
        root: device.root,
    });
    Ok(())
}

/// `POST /servers`: 202 with `Location` and the short body Nova returns.
pub(crate) async fn create(
    State(app): State<App>,
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let obj = request::parse(&bytes, "server")?;
    let now = clock::now_ms();
    let (plan, admin_pass) = parse(&obj, &caller, now)?;
    let delay = app.faults().provision_delay();
    let cloud = caller.cloud;
    let (server, groups) = app.transaction(|state| {
        let world = &mut state[cloud];
        let server = build(world, cloud, plan, now, delay)?;
        let groups = servers::security_group_names(world, &server);
        Ok::<_, Fault>((server, groups))
    })?;
    let groups: Vec<Value> = groups.into_iter().map(|n| json!({ "name": n })).collect();
    let body = json!({"server": {
        "id": server.id,
        "links": servers::links(cloud, &base, &server.id),
        "OS-DCF:diskConfig": "MANUAL",
        "adminPass": admin_pass,
        "security_groups": groups,
    }});
    let mut response = (StatusCode::ACCEPTED, Json(body)).into_response();
    if let Ok(location) =
        HeaderValue::from_str(&link(cloud, &base, &format!("v2.1/servers/{}", server.id)))
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}
