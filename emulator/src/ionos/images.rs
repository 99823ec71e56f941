//! Public images, seeded per location (the same name has a different id in `de/fra` and
//! `de/txl`) and read-only: `GET /images`, `GET /images/{id}`.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::call::Call;
use super::errors::IonosError;
use super::meta;
use super::paging::Query;
use super::render::{self, Ctx, Resource};
use crate::app::App;

/// A public image.
pub(crate) struct Image {
    /// Image id (a UUID, one per name and location).
    pub id: &'static str,
    /// Name, e.g. `ubuntu-24.04-server-cloudimg-amd64`.
    pub name: &'static str,
    /// Location, e.g. `de/fra`.
    pub location: &'static str,
    /// Size in GB: the smallest volume made from it.
    pub size: f64,
    /// Aliases, e.g. `ubuntu:latest`.
    aliases: &'static [&'static str],
    /// How many days after the seed date it was published (newer releases are newer).
    published_days: i64,
}

/// Aliases of Ubuntu 24.04.
const UBUNTU_2404: &[&str] = &["ubuntu:latest", "ubuntu:24.04"];
/// Aliases of Ubuntu 22.04.
const UBUNTU_2204: &[&str] = &["ubuntu:22.04"];
/// Aliases of Debian 12.
const DEBIAN_12: &[&str] = &["debian:latest", "debian:12"];

/// The seeded images.
pub(crate) static IMAGES: [Image; 6] = [
    Image {
        id: "a49f3766-5a85-408a-9acd-a3b5b17e51e4",
        name: "ubuntu-24.04-server-cloudimg-amd64",
        location: "de/fra",
        size: 3.5,
        published_days: 300,
        aliases: UBUNTU_2404,
    },
    Image {
        id: "f4dd4e31-8608-4c29-83cc-010e3b30d796",
        name: "ubuntu-22.04-server-cloudimg-amd64",
        location: "de/fra",
        size: 2.2,
        published_days: 0,
        aliases: UBUNTU_2204,
    },
    Image {
        id: "dc800edf-4ecd-440e-87da-2ff66c1aa14e",
        name: "debian-12-genericcloud-amd64",
        location: "de/fra",
        size: 2.0,
        published_days: 120,
        aliases: DEBIAN_12,
    },
    Image {
        id: "c1ea4ae5-e510-408f-8749-82c69c410af9",
        name: "ubuntu-24.04-server-cloudimg-amd64",
        location: "de/txl",
        size: 3.5,
        published_days: 300,
        aliases: UBUNTU_2404,
    },
    Image {
        id: "8c4681a6-d06f-4050-b114-023643a53a38",
        name: "ubuntu-22.04-server-cloudimg-amd64",
        location: "de/txl",
        size: 2.2,
        published_days: 0,
        aliases: UBUNTU_2204,
    },
    Image {
        id: "c76fc49a-3294-4ab3-b4d1-e0bbdb510035",
        name: "debian-12-genericcloud-amd64",
        location: "de/txl",
        size: 2.0,
        published_days: 120,
        aliases: DEBIAN_12,
    },
];

/// The image `id`, if seeded.
pub(crate) fn find(id: &str) -> Option<&'static Image> {
    IMAGES.iter().find(|i| i.id == id)
}

/// The image `alias` stands for in `location`.
pub(crate) fn by_alias(alias: &str, location: &str) -> Option<&'static Image> {
    IMAGES
        .iter()
        .find(|i| i.location == location && i.aliases.contains(&alias))
}

/// Every alias available in `location`.
pub(crate) fn aliases(location: &str) -> Vec<&'static str> {
    IMAGES
        .iter()
        .filter(|i| i.location == location)
        .flat_map(|i| i.aliases.iter().copied())
        .collect()
}

impl Resource for Image {
    fn kind(&self) -> &'static str {
        "image"
    }

    fn id(&self) -> &str {
        self.id
    }

    fn path(&self) -> String {
        format!("/images/{}", self.id)
    }

    fn metadata(&self, _now: i64) -> Value {
        meta::published(self.published_days)
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        json!({
            "name": self.name,
            "description": format!("{} (public cloud image)", self.name),
            "location": self.location,
            "size": self.size,
            "cpuHotPlug": true,
            "cpuHotUnplug": false,
            "ramHotPlug": true,
            "ramHotUnplug": false,
            "nicHotPlug": true,
            "nicHotUnplug": true,
            "discVirtioHotPlug": true,
            "discVirtioHotUnplug": true,
            "discScsiHotPlug": false,
            "discScsiHotUnplug": false,
            "exposeSerial": false,
            "requireLegacyBios": false,
            "licenceType": "LINUX",
            "applicationType": "UNKNOWN",
            "imageType": "HDD",
            "public": true,
            "imageAliases": self.aliases,
            "cloudInit": "V1",
        })
    }
}

/// `GET /images` (not paged).
pub(crate) async fn list(State(app): State<App>, call: Call, query: Query) -> Json<Value> {
    let list: Vec<&dyn Resource> = IMAGES.iter().map(|i| i as &dyn Resource).collect();
    Json(call.read(&app, |ctx| query.unpaged(ctx, "/images", list)))
}

/// `GET /images/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(id): Path<String>,
) -> Result<Json<Value>, IonosError> {
    let image = find(&id).ok_or_else(|| IonosError::not_found("image", &id))?;
    Ok(Json(call.read(&app, |ctx| {
        render::resource(ctx, image, query.depth)
    })))
}
