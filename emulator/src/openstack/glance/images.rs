//! The seeded public images and `GET /v2/images[/{id}]` with Glance's filters and paging.

use axum::extract::{Path, RawQuery};
use axum::Json;
use serde_json::{json, Map, Value};

use crate::cloud::Cloud;
use crate::defaults;
use crate::openstack::errors::GlanceError;
use crate::openstack::identity::Caller;

/// A public image (images are fixed: clients cannot upload any).
#[derive(Debug)]
pub(crate) struct Image {
    /// Image id.
    pub id: &'static str,
    /// The operator project owning it.
    pub owner: &'static str,
    /// Image name.
    pub name: &'static str,
    /// `os_distro` property.
    pub os_distro: &'static str,
    /// `os_version` property.
    pub os_version: &'static str,
    /// Smallest root disk, in GiB.
    pub min_disk: u64,
    /// Smallest RAM, in MiB.
    pub min_ram: u64,
    /// Size of the image file, in bytes.
    pub size: u64,
    /// Upload time.
    pub created_at: &'static str,
    /// Further string properties (OTC's `__imagetype`, `__os_type`, ...).
    pub properties: &'static [(&'static str, &'static str)],
}

/// OTC's image properties of a public Linux image of `platform`.
const fn otc_linux(platform: &'static str) -> [(&'static str, &'static str); 4] {
    [
        ("__imagetype", "gold"),
        ("__os_type", "Linux"),
        ("__platform", platform),
        ("__isregistered", "true"),
    ]
}

/// OTC's public images, oldest first.
pub(crate) const OTC: [Image; 3] = [
    Image {
        id: "5e2c7a91-3b4d-4f6e-8a1c-2d3e4f5a6b70",
        owner: defaults::OTC_ADMIN_PROJECT_ID,
        name: "Standard_Ubuntu_22.04_latest",
        os_distro: "ubuntu",
        os_version: "22.04",
        min_disk: 4,
        min_ram: 0,
        size: 660_979_712,
        created_at: "2024-01-15T09:00:00Z",
        properties: &otc_linux("Ubuntu"),
    },
    Image {
        id: "6f3d8b02-4c5e-4a7f-9b2d-3e4f5a6b7c81",
        owner: defaults::OTC_ADMIN_PROJECT_ID,
        name: "Standard_Debian_12_latest",
        os_distro: "debian",
        os_version: "12",
        min_disk: 4,
        min_ram: 0,
        size: 437_321_728,
        created_at: "2024-06-10T09:00:00Z",
        properties: &otc_linux("Debian"),
    },
    Image {
        id: "7a4e9c13-5d6f-4b8a-8c3e-4f5a6b7c8d92",
        owner: defaults::OTC_ADMIN_PROJECT_ID,
        name: "Standard_Ubuntu_24.04_latest",
        os_distro: "ubuntu",
        os_version: "24.04",
        min_disk: 4,
        min_ram: 0,
        size: 594_542_592,
        created_at: "2024-09-02T09:00:00Z",
        properties: &otc_linux("Ubuntu"),
    },
];

/// plusserver's public images, oldest first.
pub(crate) const PLUSSERVER: [Image; 3] = [
    Image {
        id: "3f6b9c1e-22a4-4d8e-9b71-0c5a2e8d4f10",
        owner: defaults::ADMIN_PROJECT_ID,
        name: "Ubuntu 22.04",
        os_distro: "ubuntu",
        os_version: "22.04",
        min_disk: 8,
        min_ram: 0,
        size: 660_979_712,
        created_at: "2024-01-15T09:00:00Z",
        properties: &[],
    },
    Image {
        id: "8a2d4e6f-1b3c-4a5d-8e7f-9c0b1a2d3e4f",
        owner: defaults::ADMIN_PROJECT_ID,
        name: "Debian 12",
        os_distro: "debian",
        os_version: "12",
        min_disk: 4,
        min_ram: 0,
        size: 437_321_728,
        created_at: "2024-06-10T09:00:00Z",
        properties: &[],
    },
    Image {
        id: "c7e1f3a5-9d2b-4c6e-8a1f-5b3d7e9c2a46",
        owner: defaults::ADMIN_PROJECT_ID,
        name: "Ubuntu 24.04",
        os_distro: "ubuntu",
        os_version: "24.04",
        min_disk: 8,
        min_ram: 0,
        size: 594_542_592,
        created_at: "2024-09-02T09:00:00Z",
        properties: &[],
    },
];

/// The image of `cloud` with this id.
pub(crate) fn find(cloud: Cloud, id: &str) -> Option<&'static Image> {
    cloud.profile().images.iter().find(|i| i.id == id)
}

impl Image {
    /// The body Glance returns for the image.
    pub fn render(&self) -> Map<String, Value> {
        let mut body = json!({
            "id": self.id,
            "name": self.name,
            "status": "active",
            "visibility": "public",
            "protected": false,
            "os_hidden": false,
            "owner": self.owner,
            "min_disk": self.min_disk,
            "min_ram": self.min_ram,
            "disk_format": "qcow2",
            "container_format": "bare",
            "size": self.size,
            "virtual_size": null,
            "checksum": null,
            "os_hash_algo": null,
            "os_hash_value": null,
            "created_at": self.created_at,
            "updated_at": self.created_at,
            "tags": [],
            "os_distro": self.os_distro,
            "os_version": self.os_version,
            "architecture": "x86_64",
            "self": format!("/v2/images/{}", self.id),
            "file": format!("/v2/images/{}/file", self.id),
            "schema": "/v2/schemas/image",
        });
        for (key, value) in self.properties {
            body[*key] = json!(value);
        }
        match body {
            Value::Object(map) => map,
            _ => Map::new(),
        }
    }
}

/// Query keys that steer the listing rather than filter by an attribute.
const CONTROL: [&str; 6] = [
    "limit",
    "marker",
    "sort_key",
    "sort_dir",
    "sort",
    "member_status",
];

fn matches(body: &Map<String, Value>, key: &str, wanted: &str) -> bool {
    match (key, body.get(key)) {
        ("visibility", _) if wanted == "all" => true,
        (_, Some(Value::String(s))) => s == wanted,
        (_, Some(Value::Number(n))) => n.to_string() == wanted,
        (_, Some(Value::Bool(b))) => b.to_string() == wanted,
        _ => false,
    }
}

/// `GET /v2/images`: filters by any attribute (`name`, `status`, `visibility`, `os_distro`, ...),
/// newest first, `limit`/`marker` with a `next` link when the page is full.
pub(crate) async fn list(
    caller: Caller,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, GlanceError> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|e| GlanceError::bad_request(format!("Malformed query string: {e}")))?;
    let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
    let limit = match get("limit") {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n >= 0 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            Ok(_) => return Err(GlanceError::bad_request("limit param must be positive")),
            Err(_) => return Err(GlanceError::bad_request("limit param must be an integer")),
        },
    };
    let mut images: Vec<Map<String, Value>> = caller
        .cloud
        .profile()
        .images
        .iter()
        .rev()
        .map(Image::render)
        .collect();
    if let Some(marker) = get("marker") {
        let position = images
            .iter()
            .position(|i| i.get("id").and_then(Value::as_str) == Some(marker.as_str()))
            .ok_or_else(|| {
                GlanceError::bad_request(format!(
                    "Invalid marker. Image {marker} could not be found."
                ))
            })?;
        images.drain(..=position);
    }
    images.retain(|image| {
        pairs
            .iter()
            .filter(|(k, _)| !CONTROL.contains(&k.as_str()))
            .all(|(k, v)| matches(image, k, v))
    });
    let mut body = json!({"first": "/v2/images", "schema": "/v2/schemas/images"});
    if let Some(limit) = limit {
        images.truncate(limit);
        let last = images
            .last()
            .and_then(|i| i.get("id"))
            .and_then(Value::as_str);
        if let (true, Some(last)) = (limit > 0 && images.len() == limit, last) {
            let mut next: Vec<(String, String)> = pairs
                .iter()
                .filter(|(k, _)| k != "marker")
                .cloned()
                .collect();
            next.push(("marker".to_string(), last.to_string()));
            body["next"] = json!(format!(
                "/v2/images?{}",
                serde_urlencoded::to_string(&next).unwrap_or_default()
            ));
        }
    }
    body["images"] = json!(images);
    Ok(Json(body))
}

/// `GET /v2/images/{id}`.
pub(crate) async fn show(
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, GlanceError> {
    find(caller.cloud, &id)
        .map(|image| Json(Value::Object(image.render())))
        .ok_or_else(|| GlanceError::not_found(format!("No image found with ID {id}")))
}
