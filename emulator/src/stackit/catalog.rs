//! Seeded, read-only data: the project, availability zones, images, machine types, volume
//! performance classes and the public IP range.

use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::errors::StackitError;
use super::ops::{items, reply};
use crate::clock;
use crate::defaults;

/// When the seeded objects were "created" (unix ms, 2024-01-01).
const SEEDED_MS: i64 = 1_704_067_200_000;
/// The performance class of volumes that name none.
pub(crate) const DEFAULT_PERFORMANCE_CLASS: &str = "storage_premium_perf1";
/// Where public IPs come from (TEST-NET-1).
pub(crate) const PUBLIC_IP_RANGE: &str = "192.0.2.0/24";

/// A seeded image.
pub(crate) struct Image {
    /// Id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Smallest boot volume (GB).
    pub min_disk_gb: i64,
    distro: &'static str,
    version: &'static str,
    /// Days after the seed date it was published.
    days: i64,
}

/// The public images.
pub(crate) const IMAGES: [Image; 3] = [
    Image {
        id: "a1f5c3e7-2b4d-4f6a-8c0e-1d3f5a7b9c2e",
        name: "Ubuntu 24.04",
        min_disk_gb: 8,
        distro: "ubuntu",
        version: "24.04",
        days: 120,
    },
    Image {
        id: "b2e6d4f8-3c5e-4a7b-9d1f-2e4a6b8c0d3f",
        name: "Ubuntu 22.04",
        min_disk_gb: 8,
        distro: "ubuntu",
        version: "22.04",
        days: 30,
    },
    Image {
        id: "c3d7e5a9-4d6f-4b8c-8e2a-3f5b7c9d1e4a",
        name: "Debian 12",
        min_disk_gb: 4,
        distro: "debian",
        version: "12",
        days: 60,
    },
];

/// A seeded machine type: name, vCPUs, RAM (MB).
pub(crate) const MACHINE_TYPES: [(&str, i64, i64); 10] = [
    ("t1.1", 1, 1024),
    ("t1.2", 1, 2048),
    ("c1.1", 2, 4096),
    ("g1.1", 2, 8192),
    ("c1.2", 4, 8192),
    ("g1.2", 4, 16384),
    ("c1.3", 8, 16384),
    ("g1.3", 8, 32768),
    ("c1.4", 16, 32768),
    ("g1.4", 16, 65536),
];

/// The disk (GB) every machine type reports; servers boot from volumes anyway.
const MACHINE_DISK_GB: i64 = 20;

/// The volume performance classes: name, IOPS, throughput (MB/s).
pub(crate) const PERFORMANCE_CLASSES: [(&str, i64, i64); 2] = [
    ("storage_premium_perf1", 1000, 40),
    ("storage_premium_perf6", 20000, 600),
];

/// The image `id`.
pub(crate) fn image(id: &str) -> Option<&'static Image> {
    IMAGES.iter().find(|i| i.id == id)
}

/// Whether a machine type of that name exists.
pub(crate) fn is_machine_type(name: &str) -> bool {
    MACHINE_TYPES.iter().any(|(n, _, _)| *n == name)
}

/// Whether a performance class of that name exists.
pub(crate) fn is_performance_class(name: &str) -> bool {
    PERFORMANCE_CLASSES.iter().any(|(n, _, _)| *n == name)
}

/// Whether `zone` is one of the region's availability zones.
pub(crate) fn is_zone(zone: &str) -> bool {
    defaults::STACKIT_AVAILABILITY_ZONES.contains(&zone)
}

fn render_image(image: &Image) -> Value {
    let at = clock::iso_seconds(SEEDED_MS + image.days * 86_400_000);
    json!({
        "id": image.id,
        "name": image.name,
        "diskFormat": "qcow2",
        "status": "AVAILABLE",
        "scope": "public",
        "minDiskSize": image.min_disk_gb,
        "minRam": 0,
        "protected": true,
        "labels": {},
        "config": {
            "architecture": "x86",
            "operatingSystem": "linux",
            "operatingSystemDistro": image.distro,
            "operatingSystemVersion": image.version,
            "uefi": true,
        },
        "createdAt": at,
        "updatedAt": at,
    })
}

fn render_machine_type((name, vcpus, ram): &(&str, i64, i64)) -> Value {
    json!({
        "name": name,
        "vcpus": vcpus,
        "ram": ram,
        "disk": MACHINE_DISK_GB,
        "description": format!("{vcpus} vCPU, {} GB RAM", ram / 1024),
        "extraSpecs": {"cpu": "intel-icelake-generic"},
    })
}

/// `GET /v2/projects/{p}`.
pub(crate) async fn project() -> Response {
    let at = clock::iso_seconds(SEEDED_MS);
    reply(
        StatusCode::OK,
        json!({
            "id": defaults::STACKIT_PROJECT_ID,
            "areaId": "PUBLIC",
            "internetAccess": true,
            "status": "ACTIVE",
            "createdAt": at,
            "updatedAt": at,
        }),
    )
}

/// `GET /v2/regions/{r}/availability-zones`.
pub(crate) async fn zones() -> Response {
    reply(
        StatusCode::OK,
        json!({ "items": defaults::STACKIT_AVAILABILITY_ZONES }),
    )
}

/// `GET .../images`.
pub(crate) async fn images() -> Response {
    items(IMAGES.iter().map(render_image).collect())
}

/// `GET .../images/{id}`.
pub(crate) async fn show_image(
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    let image = image(&id).ok_or_else(|| StackitError::not_found("image"))?;
    Ok(reply(StatusCode::OK, render_image(image)))
}

/// `GET .../machine-types`.
pub(crate) async fn machine_types() -> Response {
    items(MACHINE_TYPES.iter().map(render_machine_type).collect())
}

/// `GET .../machine-types/{name}`.
pub(crate) async fn show_machine_type(
    Path((_, _, name)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    let found = MACHINE_TYPES
        .iter()
        .find(|(n, _, _)| *n == name)
        .ok_or_else(|| StackitError::not_found("machine type"))?;
    Ok(reply(StatusCode::OK, render_machine_type(found)))
}

/// `GET .../volume-performance-classes`.
pub(crate) async fn performance_classes() -> Response {
    items(
        PERFORMANCE_CLASSES
            .iter()
            .map(|(name, iops, throughput)| {
                json!({
                    "name": name,
                    "description": format!("{iops} IOPS, {throughput} MB/s"),
                    "iops": iops,
                    "throughput": throughput,
                    "labels": {},
                })
            })
            .collect(),
    )
}

/// `GET /v2/networks/public-ip-ranges`.
pub(crate) async fn public_ip_ranges() -> Response {
    items(vec![
        json!({"cidr": PUBLIC_IP_RANGE, "region": defaults::STACKIT_REGION}),
    ])
}
