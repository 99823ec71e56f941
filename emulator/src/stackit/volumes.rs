//! Volumes `P/volumes[/{id}]` and `P/volumes/{id}/resize`: create 201 (`CREATING`, then
//! `AVAILABLE`), update 200, resize 202 (`RESIZING`; only larger), delete 202 (`DELETING`,
//! then gone; 409 while attached). An attached volume is `ATTACHED` with its `serverId`.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::catalog;
use super::errors::StackitError;
use super::input;
use super::labels::{self, Labels};
use super::life::Life;
use super::ops::{self, items, reply, Op};
use super::store::{find, find_mut, live, Store, Stored};
use crate::app::App;
use crate::body::Object;

/// Largest volume (GB).
const MAX_SIZE_GB: i64 = 16_384;

/// Where a volume's content came from.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Source {
    /// `image` or `volume`.
    pub kind: String,
    /// Its id.
    pub id: String,
}

/// A block storage volume.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Volume {
    /// Id.
    pub id: String,
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Size (GB).
    pub size: i64,
    /// Performance class.
    pub performance_class: String,
    /// Availability zone.
    pub zone: String,
    /// Source.
    pub source: Option<Source>,
    /// Bootable (made from an image).
    pub bootable: bool,
    /// The server it is attached to.
    pub server_id: Option<String>,
    /// Deleted with its server.
    pub delete_on_termination: bool,
    /// Labels.
    pub labels: Labels,
    /// Life cycle.
    pub life: Life,
}

impl Stored for Volume {
    const WHAT: &'static str = "volume";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl Volume {
    /// The settled status.
    fn settled(&self) -> &'static str {
        if self.server_id.is_some() {
            "ATTACHED"
        } else {
            "AVAILABLE"
        }
    }

    /// The API body at `now`.
    pub fn render(&self, now: i64) -> Value {
        let mut out = json!({
            "id": self.id,
            "size": self.size,
            "performanceClass": self.performance_class,
            "availabilityZone": self.zone,
            "status": self.life.status(now, self.settled()),
            "bootable": self.bootable,
            "encrypted": false,
            "labels": self.labels,
            "createdAt": self.life.created_at(),
            "updatedAt": self.life.updated_at(),
        });
        let optional = [
            ("name", &self.name),
            ("description", &self.description),
            ("serverId", &self.server_id),
        ];
        for (key, value) in optional {
            if let Some(value) = value {
                out[key] = Value::from(value.clone());
            }
        }
        if let Some(source) = &self.source {
            out["source"] = json!({"type": source.kind, "id": source.id});
        }
        out
    }
}

/// What a volume is made from.
pub(crate) struct VolumeSpec {
    /// Name.
    pub name: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// Size (GB); from the source if absent.
    pub size: Option<i64>,
    /// Performance class; the default if absent.
    pub performance_class: Option<String>,
    /// Zone.
    pub zone: String,
    /// Source.
    pub source: Option<Source>,
    /// Labels.
    pub labels: Labels,
}

/// The `source {type, id}` under `key`, with the allowed types.
pub(crate) fn source(
    obj: &Object,
    key: &str,
    kinds: &[&str],
) -> Result<Option<Source>, StackitError> {
    let Some(inner) = input::nested(obj, key)? else {
        return Ok(None);
    };
    let kind = input::string(inner, "type")?
        .filter(|k| kinds.contains(&k.as_str()))
        .ok_or_else(|| {
            StackitError::bad_request(format!("{key}.type must be one of {}", kinds.join(", ")))
        })?;
    let id = input::uuid(inner, "id")?
        .ok_or_else(|| StackitError::bad_request(format!("{key}.id is required")))?;
    Ok(Some(Source { kind, id }))
}

/// A performance class under `key`, checked.
pub(crate) fn performance_class(obj: &Object, key: &str) -> Result<Option<String>, StackitError> {
    match input::string(obj, key)? {
        Some(class) if !catalog::is_performance_class(&class) => Err(StackitError::bad_request(
            format!("performance class '{class}' is not valid"),
        )),
        other => Ok(other),
    }
}

/// Makes a volume from `spec` as part of `op`, `CREATING` until done; returns it unsaved.
pub(crate) fn build(store: &mut Store, op: &Op, spec: VolumeSpec) -> Result<Volume, StackitError> {
    let (minimum, bootable) = match &spec.source {
        Some(s) if s.kind == "image" => {
            let image = catalog::image(&s.id).ok_or_else(|| StackitError::not_found("image"))?;
            (image.min_disk_gb, true)
        }
        Some(s) => {
            let from = find(&store.volumes, &s.id, op.now)?;
            (from.size, from.bootable)
        }
        None => (1, false),
    };
    let size = match (spec.size, &spec.source) {
        (Some(size), _) => size,
        (None, Some(_)) => minimum,
        (None, None) => {
            return Err(StackitError::bad_request(
                "size is required without a source",
            ))
        }
    };
    if size < minimum || size > MAX_SIZE_GB {
        return Err(StackitError::bad_request(format!(
            "size must be between {minimum} and {MAX_SIZE_GB} GB"
        )));
    }
    Ok(Volume {
        id: uuid::Uuid::new_v4().to_string(),
        name: spec.name,
        description: spec.description,
        size,
        performance_class: spec
            .performance_class
            .unwrap_or_else(|| catalog::DEFAULT_PERFORMANCE_CLASS.to_string()),
        zone: spec.zone,
        source: spec.source,
        bootable,
        server_id: None,
        delete_on_termination: false,
        labels: spec.labels,
        life: op.life(store, "CREATING"),
    })
}

/// `GET P/volumes`.
pub(crate) async fn list(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.volumes, now, |v| {
                labels::matches(&v.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(|v| v.render(now))
            .collect(),
        )
    })
}

/// `POST P/volumes`: 201, `CREATING`.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let zone = input::string(&obj, "availabilityZone")?
        .ok_or_else(|| StackitError::bad_request("availabilityZone is required"))?;
    if !catalog::is_zone(&zone) {
        return Err(StackitError::bad_request(format!(
            "availability zone '{zone}' is not valid"
        )));
    }
    let spec = VolumeSpec {
        name: input::generic_name(&obj, "name")?,
        description: input::string(&obj, "description")?,
        size: input::integer(&obj, "size")?,
        performance_class: performance_class(&obj, "performanceClass")?,
        zone,
        source: source(&obj, "source", &["image", "volume"])?,
        labels: labels::of(&obj)?,
    };
    ops::write(&app, |store, op| {
        let volume = build(store, op, spec)?;
        let body = volume.render(op.now);
        store.volumes.insert(volume.id.clone(), volume);
        Ok(reply(StatusCode::CREATED, body))
    })
}

/// `GET P/volumes/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            find(&store.volumes, &id, now)?.render(now),
        ))
    })
}

/// `PATCH P/volumes/{id}`: name, description, labels; 200.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::generic_name(&obj, "name")?;
    let description = input::string(&obj, "description")?;
    ops::write(&app, |store, op| {
        let volume = find_mut(&mut store.volumes, &id, op.now)?;
        if let Some(labels) = labels::merged(&volume.labels, &obj)? {
            volume.labels = labels;
        }
        if name.is_some() {
            volume.name = name;
        }
        if description.is_some() {
            volume.description = description;
        }
        volume.life.touch(op.now);
        Ok(reply(StatusCode::OK, volume.render(op.now)))
    })
}

/// `POST P/volumes/{id}/resize` `{size}`: 202, `RESIZING`; only larger (400 otherwise).
pub(crate) async fn resize(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let size = input::integer(&obj, "size")?
        .ok_or_else(|| StackitError::bad_request("size is required"))?;
    ops::write(&app, |store, op| {
        let volume = find_mut(&mut store.volumes, &id, op.now)?;
        if volume.life.deleting() {
            return Err(StackitError::conflict(format!(
                "volume {id} is being deleted"
            )));
        }
        if size <= volume.size || size > MAX_SIZE_GB {
            return Err(StackitError::bad_request(format!(
                "size must be larger than the current {} GB (and at most {MAX_SIZE_GB})",
                volume.size
            )));
        }
        volume.size = size;
        volume.life.busy(op.now, op.done, "RESIZING");
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}

/// `DELETE P/volumes/{id}`: 202, `DELETING`, then gone; 409 while attached.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        let volume = find_mut(&mut store.volumes, &id, op.now)?;
        if let Some(server) = &volume.server_id {
            return Err(StackitError::conflict(format!(
                "volume {id} is attached to server {server}"
            )));
        }
        if !volume.life.deleting() {
            volume.life.remove(op);
        }
        Ok(ops::empty(StatusCode::ACCEPTED))
    })
}
