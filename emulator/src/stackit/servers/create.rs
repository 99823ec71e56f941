//! `POST P/servers`: 201 with the server `CREATING`. The body names its network
//! (`networking.networkId`: a NIC is made for the server and goes with it) or existing NICs
//! (`networking.nicIds`: they stay when the server goes), boots from `bootVolume` (a new volume
//! from an image, or an existing volume) or `imageId`, and may attach `volumes`.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::Value;

use super::Server;
use crate::app::App;
use crate::body::Object;
use crate::defaults;
use crate::stackit::catalog;
use crate::stackit::errors::StackitError;
use crate::stackit::input;
use crate::stackit::labels::{self, Labels};
use crate::stackit::nics::{self, NicSpec};
use crate::stackit::ops::{self, reply, Op};
use crate::stackit::store::{find, find_mut, live, Store};
use crate::stackit::volumes::{self, Source, VolumeSpec};

/// How the server is wired.
enum Networking {
    /// A new NIC on this network.
    Network(String),
    /// These existing NICs.
    Nics(Vec<String>),
}

/// The boot volume as asked for.
struct BootVolume {
    source: Source,
    size: Option<i64>,
    performance_class: Option<String>,
    delete_on_termination: bool,
}

/// A checked create body.
struct Spec {
    name: String,
    machine_type: String,
    zone: Option<String>,
    networking: Networking,
    boot: Option<BootVolume>,
    image_id: Option<String>,
    keypair: Option<String>,
    user_data: Option<String>,
    labels: Labels,
    metadata: Option<Value>,
    security_groups: Vec<String>,
    volumes: Vec<String>,
}

fn networking(obj: &Object) -> Result<Networking, StackitError> {
    let net = input::nested(obj, "networking")?
        .ok_or_else(|| StackitError::bad_request("networking is required"))?;
    match (
        input::uuid(net, "networkId")?,
        input::uuid_list(net, "nicIds")?,
    ) {
        (Some(id), None) => Ok(Networking::Network(id)),
        (None, Some(ids)) if !ids.is_empty() => Ok(Networking::Nics(ids)),
        _ => Err(StackitError::bad_request(
            "networking needs either networkId or a non-empty nicIds",
        )),
    }
}

fn boot_volume(obj: &Object) -> Result<Option<BootVolume>, StackitError> {
    let Some(boot) = input::nested(obj, "bootVolume")? else {
        return Ok(None);
    };
    let source = volumes::source(boot, "source", &["image", "volume"])?
        .ok_or_else(|| StackitError::bad_request("bootVolume.source is required"))?;
    Ok(Some(BootVolume {
        source,
        size: input::integer(boot, "size")?,
        performance_class: volumes::performance_class(boot, "performanceClass")?,
        delete_on_termination: input::boolean(boot, "deleteOnTermination")?.unwrap_or(false),
    }))
}

fn parse(obj: &Object) -> Result<Spec, StackitError> {
    let name =
        input::string(obj, "name")?.ok_or_else(|| StackitError::bad_request("name is required"))?;
    if !input::is_server_name(&name) {
        return Err(StackitError::bad_request(format!(
            "name '{name}' is not a valid host name of at most 63 characters"
        )));
    }
    let machine_type = input::string(obj, "machineType")?
        .filter(|t| catalog::is_machine_type(t))
        .ok_or_else(|| StackitError::bad_request("machine type is not valid"))?;
    let zone = input::string(obj, "availabilityZone")?;
    if let Some(zone) = zone.as_ref().filter(|z| !catalog::is_zone(z)) {
        return Err(StackitError::bad_request(format!(
            "availability zone '{zone}' is not valid"
        )));
    }
    let boot = boot_volume(obj)?;
    let image_id = input::uuid(obj, "imageId")?;
    if boot.is_none() && image_id.is_none() {
        return Err(StackitError::bad_request(
            "bootVolume or imageId is required",
        ));
    }
    if image_id
        .as_ref()
        .is_some_and(|id| catalog::image(id).is_none())
    {
        return Err(StackitError::not_found("image"));
    }
    let user_data = input::string(obj, "userData")?;
    if user_data
        .as_ref()
        .is_some_and(|d| STANDARD.decode(d).is_err())
    {
        return Err(StackitError::bad_request("userData must be base64 encoded"));
    }
    let keypair = input::string(obj, "keypairName")?;
    if keypair.as_ref().is_some_and(|k| !input::is_keypair_name(k)) {
        return Err(StackitError::bad_request("keypairName is not valid"));
    }
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => None,
        Some(m @ Value::Object(_)) => Some(m.clone()),
        Some(_) => return Err(StackitError::bad_request("metadata must be an object")),
    };
    Ok(Spec {
        name,
        machine_type,
        zone,
        networking: networking(obj)?,
        boot,
        image_id,
        keypair,
        user_data,
        labels: labels::of(obj)?,
        metadata,
        security_groups: input::string_list(obj, "securityGroups")?.unwrap_or_default(),
        volumes: input::uuid_list(obj, "volumes")?.unwrap_or_default(),
    })
}

/// The ids of the live groups named `names` (404 for a name no group has).
fn group_ids(store: &Store, names: &[String], now: i64) -> Result<Vec<String>, StackitError> {
    names
        .iter()
        .map(|name| {
            live(&store.groups, now, |g| &g.name == name)
                .first()
                .map(|g| g.id.clone())
                .ok_or_else(|| StackitError::not_found("security group"))
        })
        .collect()
}

/// 409 unless volume `id` is free; 400 unless it is in `zone`.
fn check_free_volume(store: &Store, id: &str, zone: &str, now: i64) -> Result<(), StackitError> {
    let volume = find(&store.volumes, id, now)?;
    if volume.server_id.is_some() || volume.life.deleting() {
        return Err(StackitError::conflict(format!(
            "volume {id} is not available"
        )));
    }
    if volume.zone != zone {
        return Err(StackitError::bad_request(format!(
            "volume {id} is in {}, the server in {zone}",
            volume.zone
        )));
    }
    Ok(())
}

/// Makes the server and everything it needs, checking before changing.
fn insert(store: &mut Store, op: &Op, spec: Spec) -> Result<Server, StackitError> {
    let now = op.now;
    let zone = match (&spec.zone, &spec.boot) {
        (Some(zone), _) => zone.clone(),
        (None, Some(b)) if b.source.kind == "volume" => {
            find(&store.volumes, &b.source.id, now)?.zone.clone()
        }
        _ => defaults::STACKIT_AVAILABILITY_ZONES[0].to_string(),
    };
    if let Some(name) = &spec.keypair {
        find(&store.keypairs, name, now)?;
    }
    let groups = group_ids(store, &spec.security_groups, now)?;
    match &spec.networking {
        Networking::Network(id) => {
            find(&store.networks, id, now)?;
        }
        Networking::Nics(ids) => {
            for id in ids {
                if let Some(server) = &find(&store.nics, id, now)?.device {
                    return Err(StackitError::conflict(format!(
                        "nic {id} is in use by server {server}"
                    )));
                }
            }
        }
    }
    for id in &spec.volumes {
        check_free_volume(store, id, &zone, now)?;
    }
    let id = uuid::Uuid::new_v4().to_string();
    let boot_volume = match spec.boot {
        Some(boot) if boot.source.kind == "image" => {
            let mut volume = volumes::build(
                store,
                op,
                VolumeSpec {
                    name: None,
                    description: None,
                    size: boot.size,
                    performance_class: boot.performance_class,
                    zone: zone.clone(),
                    source: Some(boot.source),
                    labels: Labels::new(),
                },
            )?;
            volume.server_id = Some(id.clone());
            volume.delete_on_termination = boot.delete_on_termination;
            let volume_id = volume.id.clone();
            store.volumes.insert(volume_id.clone(), volume);
            Some(volume_id)
        }
        Some(boot) => {
            check_free_volume(store, &boot.source.id, &zone, now)?;
            let volume = find_mut(&mut store.volumes, &boot.source.id, now)?;
            volume.server_id = Some(id.clone());
            volume.delete_on_termination = boot.delete_on_termination;
            volume.life.busy(now, op.done, "ATTACHING");
            Some(volume.id.clone())
        }
        None => None,
    };
    let nic_ids = match spec.networking {
        Networking::Network(network) => {
            let nic = NicSpec {
                name: None,
                description: None,
                ipv4: None,
                security_groups: groups,
                nic_security: true,
                labels: Labels::new(),
            };
            vec![nics::insert(store, op, &network, nic, true)?]
        }
        Networking::Nics(ids) => ids,
    };
    for nic in &nic_ids {
        find_mut(&mut store.nics, nic, now)?.device = Some(id.clone());
    }
    for volume in &spec.volumes {
        let volume = find_mut(&mut store.volumes, volume, now)?;
        volume.server_id = Some(id.clone());
        volume.life.busy(now, op.done, "ATTACHING");
    }
    let error = spec.name.contains("fail-build").then(|| {
        format!("Failed to create server {id}: no valid host was found in {zone} (fail-build)")
    });
    Ok(Server {
        id,
        name: spec.name,
        machine_type: spec.machine_type,
        zone,
        keypair: spec.keypair,
        labels: spec.labels,
        metadata: spec.metadata,
        image_id: spec.image_id,
        boot_volume,
        user_data: spec.user_data,
        error,
        life: op.life(store, "CREATING"),
    })
}

/// `POST P/servers`.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Result<Response, StackitError> {
    let spec = parse(&input::object(&body)?)?;
    ops::transaction(&app, |store, op| {
        let server = insert(store, op, spec)?;
        let body = server.render(store, op.now, false);
        store.servers.insert(server.id.clone(), server);
        Ok(reply(StatusCode::CREATED, body))
    })
}
