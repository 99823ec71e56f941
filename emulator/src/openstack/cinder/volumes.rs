//! `/volumes`: create (202, `creating` then `available`), list, show, update and delete
//! (202, `deleting` then gone).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::store::Volume;
use super::{endpoint, types, ProjectCaller};
use crate::app::App;
use crate::clock;
use crate::openstack::errors::Fault;
use crate::openstack::glance::images;
use crate::openstack::pagination::{self, Query};
use crate::openstack::request;
use crate::openstack::BaseUrl;

const CREATE: &[&str] = &[
    "availability_zone",
    "backup_id",
    "consistencygroup_id",
    "description",
    "display_description",
    "display_name",
    "group_id",
    "imageRef",
    "image_id",
    "metadata",
    "multiattach",
    "name",
    "scheduler_hints",
    "size",
    "snapshot_id",
    "source_volid",
    "volume_type",
];
const UPDATE: &[&str] = &[
    "description",
    "display_description",
    "display_name",
    "metadata",
    "name",
];
/// Attributes `GET /volumes` may filter on.
const FILTERS: &[&str] = &["name", "status", "bootable", "availability_zone", "size"];
/// Query keys that steer the listing.
const CONTROL: &[&str] = &[
    "limit",
    "marker",
    "offset",
    "sort",
    "sort_key",
    "sort_dir",
    "with_count",
    "all_tenants",
    "is_public",
];
/// Statuses a volume can be deleted in.
const DELETABLE: [&str; 2] = ["available", "error"];

/// 400 for a volume that cannot be deleted in its current state.
fn not_deletable() -> Fault {
    Fault::bad_request("Invalid volume: Volume status must be available or error or error_restoring or error_extending or error_managing and must not be migrating, attached, belong to a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.")
}

/// `name` or its old alias `display_name` (likewise for descriptions).
fn either(obj: &request::Object, key: &str, alias: &str) -> Result<Option<String>, Fault> {
    Ok(request::string(obj, key, 255)?.or(request::string(obj, alias, 255)?))
}

/// `POST /volumes`.
pub(crate) async fn create(
    State(app): State<App>,
    caller: ProjectCaller,
    BaseUrl(base): BaseUrl,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), Fault> {
    let obj = request::parse(&bytes, "volume")?;
    request::check_attributes(&obj, CREATE)?;
    let cloud = caller.cloud;
    let profile = cloud.profile();
    let image_ref =
        request::string(&obj, "imageRef", 255)?.or(request::string(&obj, "image_id", 255)?);
    let image = match image_ref {
        Some(id) => Some(images::find(cloud, &id).ok_or_else(|| {
            Fault::bad_request("Invalid image identifier or unable to access requested image.")
        })?),
        None => None,
    };
    if let Some(snapshot) = request::string(&obj, "snapshot_id", 255)? {
        return Err(Fault::not_found(format!(
            "Snapshot {snapshot} could not be found."
        )));
    }
    if let Some(backup) = request::string(&obj, "backup_id", 255)? {
        return Err(Fault::not_found(format!(
            "Backup {backup} could not be found."
        )));
    }
    let source = request::string(&obj, "source_volid", 255)?;
    let size = request::integer(&obj, "size", 1)?;
    let volume_type = match request::string(&obj, "volume_type", 255)? {
        Some(name) => {
            types::find(cloud, &name)
                .ok_or_else(|| {
                    Fault::not_found(format!("Volume type with name {name} could not be found."))
                })?
                .name
        }
        None => profile.default_volume_type,
    };
    let zone = request::string(&obj, "availability_zone", 255)?;
    if let Some(zone) = zone.as_deref().filter(|z| !profile.zones.contains(z)) {
        return Err(Fault::bad_request(format!(
            "Invalid input received: Availability zone '{zone}' is invalid."
        )));
    }
    if request::boolean(&obj, "multiattach")? == Some(true) {
        return Err(Fault::bad_request(
            "Invalid input received: The volume type does not support multiattach.",
        ));
    }
    let metadata = request::optional_metadata(&obj, "metadata")?.unwrap_or_default();
    let name = either(&obj, "name", "display_name")?;
    let description = either(&obj, "description", "display_description")?;
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let project = caller.project_id.clone();
    let body = app.write(|state| {
        let volumes = &mut state[cloud].volumes;
        volumes.purge(now);
        let source = match &source {
            Some(id) => Some(volumes.get(id, &project, now)?.clone()),
            None => None,
        };
        let size = match (size, &source) {
            (Some(size), Some(src)) if u64::try_from(size).unwrap_or(0) < src.size => {
                return Err(Fault::bad_request(format!(
                    "Invalid input received: Volume size '{size}' must be an integer and greater than 0 and at least the size of the source volume ({}).",
                    src.size
                )))
            }
            (Some(size), _) => u64::try_from(size).unwrap_or(1),
            (None, Some(src)) => src.size,
            (None, None) => {
                return Err(Fault::bad_request(
                    "Invalid input for field/attribute size. Value: None. 'size' is a required property",
                ))
            }
        };
        if let Some(image) = image.filter(|i| i.min_disk > size) {
            return Err(Fault::bad_request(format!(
                "Invalid input received: Image minDisk size {} is larger than the volume size {size}.",
                image.min_disk
            )));
        }
        volumes.check_quota(&project, now, 1, size)?;
        let mut volume = Volume::new(cloud, &project, size, now, delay);
        if let Some(zone) = zone {
            volume.availability_zone = zone;
        }
        volume.name = name;
        volume.description = description;
        volume.metadata = metadata;
        volume.volume_type = volume_type.to_string();
        volume.image_id = image.map(|i| i.id.to_string());
        volume.bootable = image.is_some();
        if let Some(src) = source {
            volume.image_id = src.image_id;
            volume.bootable = src.bootable;
        }
        let body = volume.render(cloud, now, caller.version, &endpoint(cloud, &base, &project));
        volumes.volumes.insert(volume.id.clone(), volume);
        Ok(body)
    })?;
    Ok((StatusCode::ACCEPTED, Json(json!({ "volume": body }))))
}

fn matches(body: &Value, key: &str, wanted: &str) -> bool {
    match body.get(key) {
        Some(Value::String(s)) => s == wanted,
        Some(Value::Number(n)) => n.to_string() == wanted,
        _ => false,
    }
}

/// The caller's volumes, filtered and paged, rendered by `render`.
fn listing(
    app: &App,
    caller: &ProjectCaller,
    base: &str,
    raw: Option<&str>,
    detail: bool,
) -> Result<Value, Fault> {
    let query: Query = pagination::parse_query(raw)?;
    let unknown: Vec<&str> = query
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| !FILTERS.contains(k) && !CONTROL.contains(k))
        .collect();
    if !unknown.is_empty() {
        return Err(Fault::bad_request(format!(
            "Invalid filters {} are found in query options.",
            unknown.join(",")
        )));
    }
    let now = clock::now_ms();
    let cloud = caller.cloud;
    let links = endpoint(cloud, base, &caller.project_id);
    let items: Vec<Value> = app.read(|state| {
        state[cloud]
            .volumes
            .live(&caller.project_id, now)
            .into_iter()
            .map(|v| v.render(cloud, now, caller.version, &links))
            .filter(|body| {
                query
                    .iter()
                    .filter(|(k, _)| FILTERS.contains(&k.as_str()))
                    .all(|(k, v)| matches(body, k, v))
            })
            .map(|body| {
                if detail {
                    body
                } else {
                    json!({"id": body["id"], "name": body["name"], "links": body["links"]})
                }
            })
            .collect()
    });
    let collection = if detail {
        format!("{links}/volumes/detail")
    } else {
        format!("{links}/volumes")
    };
    pagination::page(items, &query, "volumes", &collection)
}

/// `GET /volumes`: id, name and links of each volume.
pub(crate) async fn list_summary(
    State(app): State<App>,
    caller: ProjectCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    listing(&app, &caller, &base, raw.as_deref(), false).map(Json)
}

/// `GET /volumes/detail`.
pub(crate) async fn list_detail(
    State(app): State<App>,
    caller: ProjectCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    listing(&app, &caller, &base, raw.as_deref(), true).map(Json)
}

/// `GET /volumes/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: ProjectCaller,
    BaseUrl(base): BaseUrl,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<Value>, Fault> {
    let now = clock::now_ms();
    let cloud = caller.cloud;
    let links = endpoint(cloud, &base, &caller.project_id);
    let body = app.read(|state| {
        state[cloud]
            .volumes
            .get(&id, &caller.project_id, now)
            .map(|v| v.render(cloud, now, caller.version, &links))
    })?;
    Ok(Json(json!({ "volume": body })))
}

/// `PUT /volumes/{id}`: name, description and (all of the) metadata.
pub(crate) async fn update(
    State(app): State<App>,
    caller: ProjectCaller,
    BaseUrl(base): BaseUrl,
    Path((_, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, Fault> {
    let obj = request::parse(&bytes, "volume")?;
    request::check_attributes(&obj, UPDATE)?;
    let name = either(&obj, "name", "display_name")?;
    let description = either(&obj, "description", "display_description")?;
    let metadata = request::optional_metadata(&obj, "metadata")?;
    let now = clock::now_ms();
    let cloud = caller.cloud;
    let links = endpoint(cloud, &base, &caller.project_id);
    let body = app.write(|state| {
        let volumes = &mut state[cloud].volumes;
        volumes.purge(now);
        let volume = volumes.get_mut(&id, &caller.project_id, now)?;
        if name.is_some() {
            volume.name = name;
        }
        if description.is_some() {
            volume.description = description;
        }
        if let Some(metadata) = metadata {
            volume.metadata = metadata;
        }
        volume.updated_ms = now;
        Ok::<Value, Fault>(volume.render(cloud, now, caller.version, &links))
    })?;
    Ok(Json(json!({ "volume": body })))
}

/// `DELETE /volumes/{id}`: 202, `deleting`, then gone; 400 while attached or busy.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
) -> Result<StatusCode, Fault> {
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    app.write(|state| {
        let volumes = &mut state[caller.cloud].volumes;
        volumes.purge(now);
        let volume = volumes.get_mut(&id, &caller.project_id, now)?;
        if volume.attachment.is_some() || !DELETABLE.contains(&volume.status(now)) {
            return Err(not_deletable());
        }
        volume.delete(now, delay);
        Ok(StatusCode::ACCEPTED)
    })
}
