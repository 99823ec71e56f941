//! The seeded volume types and `GET /types[/{id}]`.

use axum::extract::Path;
use axum::Json;
use serde_json::{json, Value};

use super::ProjectCaller;
use crate::cloud::Cloud;
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
    /// Whether `extra_specs` lists the zones the type exists in (`RESKEY:availability_zones`, OTC).
    pub zoned: bool,
}

/// Name of the type plusserver volumes get when none is asked for.
pub(crate) const PLUSSERVER_DEFAULT: &str = "__DEFAULT__";

/// plusserver's volume types.
pub(crate) const PLUSSERVER: [VolumeType; 3] = [
    VolumeType {
        id: "4d8f2a6c-1e3b-4c5d-9a7e-0b2c4d6e8f10",
        name: PLUSSERVER_DEFAULT,
        description: "Default Volume Type",
        zoned: false,
    },
    VolumeType {
        id: "6e1a3c5b-7d9f-4b2e-8c4a-1f3e5d7b9c20",
        name: "ssd",
        description: "SSD-backed Ceph storage",
        zoned: false,
    },
    VolumeType {
        id: "9b3d5f7a-2c4e-4d6f-8b1a-3e5c7a9d1f30",
        name: "hdd",
        description: "HDD-backed Ceph storage",
        zoned: false,
    },
];

/// Name of the type OTC volumes get when none is asked for.
pub(crate) const OTC_DEFAULT: &str = "SATA";

/// OTC's (EVS) volume types.
pub(crate) const OTC: [VolumeType; 3] = [
    VolumeType {
        id: "1c3e5a7b-9d2f-4a6c-8e1b-3d5f7a9c1e20",
        name: OTC_DEFAULT,
        description: "Common I/O",
        zoned: true,
    },
    VolumeType {
        id: "2d4f6b8c-0e3a-4b7d-9f2c-4e6a8b0d2f31",
        name: "SAS",
        description: "High I/O",
        zoned: true,
    },
    VolumeType {
        id: "3e5a7c9d-1f4b-4c8e-8a3d-5f7b9c1e3a42",
        name: "SSD",
        description: "Ultra-high I/O",
        zoned: true,
    },
];

/// The type of `cloud` with this name or id.
pub(crate) fn find(cloud: Cloud, name_or_id: &str) -> Option<&'static VolumeType> {
    cloud
        .profile()
        .volume_types
        .iter()
        .find(|t| t.id == name_or_id || t.name == name_or_id)
}

fn render(cloud: Cloud, t: &VolumeType) -> Value {
    let extra_specs = if t.zoned {
        json!({"RESKEY:availability_zones": cloud.profile().zones.join(",")})
    } else {
        json!({})
    };
    json!({
        "id": t.id,
        "name": t.name,
        "description": t.description,
        "is_public": true,
        "os-volume-type-access:is_public": true,
        "extra_specs": extra_specs,
        "qos_specs_id": null,
    })
}

/// `GET /types`.
pub(crate) async fn list(caller: ProjectCaller) -> Json<Value> {
    let cloud = caller.cloud;
    let types: Vec<Value> = cloud
        .profile()
        .volume_types
        .iter()
        .map(|t| render(cloud, t))
        .collect();
    Json(json!({"volume_types": types}))
}

/// `GET /types/{id}` (also by name, and `default` for the default type).
pub(crate) async fn show(
    caller: ProjectCaller,
    Path((_, id)): Path<(String, String)>,
) -> Result<Json<Value>, Fault> {
    let cloud = caller.cloud;
    let wanted = if id == "default" {
        cloud.profile().default_volume_type
    } else {
        id.as_str()
    };
    find(cloud, wanted)
        .map(|t| Json(json!({"volume_type": render(cloud, t)})))
        .ok_or_else(|| Fault::not_found(format!("Volume type {id} could not be found.")))
}
