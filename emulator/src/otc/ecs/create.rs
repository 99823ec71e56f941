//! `POST /v1/{project_id}/cloudservers`: validates everything first, then builds the server
//! the way Nova does (boot from a new root volume, ports on the VPC subnets) and answers
//! `{"job_id", "serverIds"}`.

use std::collections::BTreeMap;
use std::net::IpAddr;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::jobs::{Failure, Job, SubJob};
use super::{check_project, nova_tags, refused};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::cinder::types;
use crate::openstack::glance::images;
use crate::openstack::identity::Caller;
use crate::openstack::nova::{self, flavors, VolumeBoot};
use crate::otc::body::{self, Object};
use crate::otc::errors::EcsError;
use crate::otc::tags::Tags;
use crate::state::State as AppState;

/// Code of a VPC, subnet or security group that does not fit.
const MISMATCH: &str = "Ecs.0014";
/// Code of a volume type that does not exist.
const BAD_VOLUME_TYPE: &str = "Ecs.0015";
/// Code of a failed build, shown in the job.
const BUILD_FAILED: &str = "Ecs.0000";
/// Largest root volume, in GiB.
const MAX_ROOT: i64 = 1024;
/// Largest data volume, in GiB.
const MAX_DATA: i64 = 32_768;

/// 400 `Ecs.0005`.
fn invalid(message: impl Into<String>) -> EcsError {
    EcsError::invalid(message)
}

/// A volume request: `{"volumetype", "size"}`.
fn volume(
    obj: &Object,
    what: &str,
    max: i64,
    required: bool,
) -> Result<(Option<u64>, String), EcsError> {
    let kind =
        body::required(obj, "volumetype", 64).map_err(|m| invalid(format!("{what}: {m}")))?;
    if types::find(Cloud::Otc, &kind).is_none() {
        return Err(EcsError::bad_request(
            BAD_VOLUME_TYPE,
            format!("{what}: volume type {kind} does not exist."),
        ));
    }
    let size = body::integer(obj, "size").map_err(|m| invalid(format!("{what}: {m}")))?;
    match size {
        Some(size) if (1..=max).contains(&size) => Ok((u64::try_from(size).ok(), kind)),
        Some(size) => Err(invalid(format!(
            "{what}: size {size} is not between 1 and {max}."
        ))),
        None if required => Err(invalid(format!("{what}: size is required."))),
        None => Ok((None, kind)),
    }
}

/// An object of a list, or 400.
fn entry<'a>(item: &'a Value, what: &str) -> Result<&'a Object, EcsError> {
    item.as_object()
        .ok_or_else(|| invalid(format!("each entry of {what} must be an object.")))
}

/// `user_data` must be base64.
fn check_user_data(obj: &Object) -> Result<(), EcsError> {
    let Some(data) = body::string(obj, "user_data", 65_535).map_err(invalid)? else {
        return Ok(());
    };
    let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact)
        .map(|_| ())
        .map_err(|_| invalid("user_data must be base64 encoded."))
}

/// `metadata` must map strings to strings.
fn metadata(obj: &Object) -> Result<BTreeMap<String, String>, EcsError> {
    match obj.get("metadata") {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) if !k.is_empty() && k.len() <= 255 && s.len() <= 255 => {
                    Ok((k.clone(), s.clone()))
                }
                _ => Err(invalid(format!(
                    "metadata {k} must be a string of up to 255 characters."
                ))),
            })
            .collect(),
        Some(_) => Err(invalid("metadata must be an object.")),
    }
}

/// `server_tags` (`[{"key","value"}]`).
fn server_tags(obj: &Object) -> Result<Tags, EcsError> {
    let Some(items) = body::list(obj, "server_tags").map_err(invalid)? else {
        return Ok(Tags::new());
    };
    items
        .iter()
        .map(|item| {
            let tag = entry(item, "server_tags")?;
            let key = body::required(tag, "key", 128).map_err(invalid)?;
            let value = body::string(tag, "value", 255)
                .map_err(invalid)?
                .unwrap_or_default();
            Ok((key, value))
        })
        .collect()
}

/// What the request asks for, checked against the request alone.
struct Request {
    boot: VolumeBoot,
    vpc_id: String,
}

/// Reads and checks the `server` object of a create request.
fn parse(obj: &Object, project: &str) -> Result<Request, EcsError> {
    let name = body::required(obj, "name", 64).map_err(invalid)?;
    if !body::valid_name(&name, false) {
        return Err(invalid(format!("name {name} is invalid.")));
    }
    let image_ref = body::required(obj, "imageRef", 64).map_err(invalid)?;
    let image = images::find(Cloud::Otc, &image_ref)
        .ok_or_else(|| invalid(format!("image {image_ref} does not exist.")))?;
    let flavor_ref = body::required(obj, "flavorRef", 64).map_err(invalid)?;
    let flavor = flavors::find(Cloud::Otc, &flavor_ref)
        .ok_or_else(|| invalid(format!("flavor {flavor_ref} does not exist.")))?;
    let vpc_id = body::required(obj, "vpcid", 64).map_err(invalid)?;
    let nics = body::list(obj, "nics")
        .map_err(invalid)?
        .filter(|n| !n.is_empty())
        .ok_or_else(|| invalid("nics is required."))?;
    let networks = nics
        .iter()
        .map(|item| {
            let nic = entry(item, "nics")?;
            let subnet = body::required(nic, "subnet_id", 64).map_err(invalid)?;
            let address = match body::string(nic, "ip_address", 64).map_err(invalid)? {
                Some(text) => Some(
                    text.parse::<IpAddr>()
                        .map_err(|_| invalid(format!("ip_address {text} is invalid.")))?,
                ),
                None => None,
            };
            Ok((subnet, address))
        })
        .collect::<Result<Vec<_>, EcsError>>()?;
    let root = body::object(obj, "root_volume")
        .map_err(invalid)?
        .ok_or_else(|| invalid("root_volume is required."))?;
    let (root_size, root_type) = volume(root, "root_volume", MAX_ROOT, false)?;
    let root_size = root_size.unwrap_or(0).max(image.min_disk);
    let data = body::list(obj, "data_volumes")
        .map_err(invalid)?
        .unwrap_or_default()
        .iter()
        .map(|item| {
            let (size, kind) =
                volume(entry(item, "data_volumes")?, "data_volumes", MAX_DATA, true)?;
            Ok((size.unwrap_or(1), kind))
        })
        .collect::<Result<Vec<_>, EcsError>>()?;
    let security_groups = body::list(obj, "security_groups")
        .map_err(invalid)?
        .unwrap_or_default()
        .iter()
        .map(|item| body::required(entry(item, "security_groups")?, "id", 64).map_err(invalid))
        .collect::<Result<Vec<_>, EcsError>>()?;
    let zones = Cloud::Otc.profile().zones;
    let zone = match body::string(obj, "availability_zone", 64).map_err(invalid)? {
        Some(zone) if zones.contains(&zone.as_str()) => zone,
        Some(zone) => return Err(invalid(format!("availability_zone {zone} does not exist."))),
        None => Cloud::Otc.profile().default_zone().to_string(),
    };
    if body::integer(obj, "count")
        .map_err(invalid)?
        .is_some_and(|c| c != 1)
    {
        return Err(invalid(
            "the emulator creates one server per request (count 1).",
        ));
    }
    if obj.get("publicip").is_some_and(|p| !p.is_null()) {
        return Err(invalid(
            "publicip at creation is not emulated: assign an EIP and bind it.",
        ));
    }
    check_user_data(obj)?;
    let mut metadata = metadata(obj)?;
    metadata.insert("vpc_id".to_string(), vpc_id.clone());
    Ok(Request {
        boot: VolumeBoot {
            project_id: project.to_string(),
            name,
            flavor,
            image,
            root: (root_size, root_type),
            data,
            networks,
            key_name: body::string(obj, "key_name", 255).map_err(invalid)?,
            security_groups,
            metadata,
            tags: nova_tags(&server_tags(obj)?),
            availability_zone: zone,
        },
        vpc_id,
    })
}

/// Checks the request against the state: VPC, subnets, security groups and key pair.
fn check(state: &AppState, request: &Request, project: &str) -> Result<(), EcsError> {
    let mismatch = |m: String| EcsError::bad_request(MISMATCH, m);
    let native = &state.otc_native;
    native
        .vpc(&request.vpc_id, project)
        .map_err(|_| mismatch(format!("VPC {} does not exist.", request.vpc_id)))?;
    for (subnet, _) in &request.boot.networks {
        let found = native.subnet(subnet, project).ok();
        if found.is_none_or(|s| s.vpc_id != request.vpc_id) {
            return Err(mismatch(format!(
                "subnet {subnet} is not a subnet of VPC {}.",
                request.vpc_id
            )));
        }
    }
    let world = &state.otc;
    for group in &request.boot.security_groups {
        let known = world
            .network
            .security_groups
            .get(group)
            .is_some_and(|g| g.meta.project_id == project);
        if !known {
            return Err(mismatch(format!("security group {group} does not exist.")));
        }
    }
    if let Some(key) = &request.boot.key_name {
        if !world.compute.keypairs.contains_key(key) {
            return Err(invalid(format!("key pair {key} does not exist.")));
        }
    }
    Ok(())
}

/// `POST /v1/{project_id}/cloudservers`: 200 `{"job_id", "serverIds"}`.
pub(crate) async fn create(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, EcsError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "server").map_err(invalid)?;
    let request = parse(&obj, &project)?;
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let (job, server_id) = app.transaction(|state| {
        check(state, &request, &project)?;
        let Request { boot, .. } = request;
        let server = nova::boot_from_volume(&mut state.otc, Cloud::Otc, boot, now, delay)
            .map_err(refused)?;
        let failure = server.fault.as_ref().map(|f| Failure {
            code: BUILD_FAILED.to_string(),
            reason: f.message.clone(),
        });
        let sub = SubJob::new(
            "createSingleServer",
            &server.id,
            server.launched_ms,
            failure,
        );
        let job = Job::new(&project, "createServer", now, vec![sub]);
        state.otc_native.jobs.insert(job.id.clone(), job.clone());
        Ok::<_, EcsError>((job.id, server.id))
    })?;
    Ok(Json(json!({"job_id": job, "serverIds": [server_id]})))
}
