//! The seeded volume types and `GET /types[/{id}]`.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::ProjectCaller;
use crate::openstack::errors::Fault;

/// A volume type.
#[derive(Debug)]
pub(crate) struct VolumeType {
    /// Type id.
    pub id: &'static str,
    /// Type name.
    pub name: &'static str,
    /// Description.
    pub description: &'static str,
}

/// Name of the type volumes get when none is asked for.
pub(crate) const DEFAULT: &str = "__DEFAULT__";

/// Every volume type.
pub(crate) const TYPES: [VolumeType; 3] = [
    VolumeType {
        id: "4d8f2a6c-1e3b-4c5d-9a7e-0b2c4d6e8f10",
        name: DEFAULT,
        description: "Default Volume Type",
    },
    VolumeType {
        id: "6e1a3c5b-7d9f-4b2e-8c4a-1f3e5d7b9c20",
        name: "ssd",
        description: "SSD-backed Ceph storage",
    },
    VolumeType {
        id: "9b3d5f7a-2c4e-4d6f-8b1a-3e5c7a9d1f30",
        name: "hdd",
        description: "HDD-backed Ceph storage",
    },
];

/// The type with this name or id.
pub(crate) fn find(name_or_id: &str) -> Option<&'static VolumeType> {
    TYPES
        .iter()
        .find(|t| t.id == name_or_id || t.name == name_or_id)
}

fn render(t: &VolumeType) -> Value {
    json!({
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "is_public": true,
        "os-volume-type-access:is_public": true,
        "extra_specs": {},
        "qos_specs_id": null,
    })
}

/// `GET /types`.
pub(crate) async fn list(_caller: ProjectCaller) -> Json<Value> {
    let types: Vec<Value> = TYPES.iter().map(render).collect();
    Json(json!({"volume_types": types}))
}

/// `GET /types/{id}` (also by name, and `default` for the default type).
pub(crate) async fn show(
    _caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<Value>, Fault> {
    let wanted = if id == "default" {
        DEFAULT
    } else {
        id.as_str()
    };
    find(wanted)
        .map(|t| Json(json!({"volume_type": render(t)})))
        .ok_or_else(|| Fault::not_found(format!("Volume type {id} could not be found.")))
}
