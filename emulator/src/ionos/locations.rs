//! Locations (`de/fra`, `de/txl`), seeded and read-only: `GET /locations`,
//! `/locations/{regionId}`, `/locations/{regionId}/{locationId}`.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::call::Call;
use super::errors::IonosError;
use super::images;
use super::meta;
use super::paging::Query;
use super::render::{self, Ctx, Resource};
use crate::app::App;

/// A CPU family a location offers, with its limits.
pub(crate) struct CpuFamily {
    /// `cpuFamily`, e.g. `INTEL_SKYLAKE`.
    pub name: &'static str,
    /// Most cores a server of this family may have.
    pub max_cores: i64,
    /// Most RAM (MB) a server of this family may have.
    pub max_ram: i64,
    /// CPU vendor.
    vendor: &'static str,
}

/// A location (a region's data center site).
pub(crate) struct Location {
    /// `de/fra`.
    pub id: &'static str,
    /// Human name.
    name: &'static str,
    /// CPU families, the first is the default for new servers.
    pub cpus: &'static [CpuFamily],
    /// Range the location's IP blocks come from (a TEST-NET).
    pub ip_pool: &'static str,
}

/// CPU families of both seeded locations.
const CPUS: [CpuFamily; 2] = [
    CpuFamily {
        name: "INTEL_SKYLAKE",
        max_cores: 62,
        max_ram: 245_760,
        vendor: "GenuineIntel",
    },
    CpuFamily {
        name: "AMD_EPYC",
        max_cores: 62,
        max_ram: 230_400,
        vendor: "AuthenticAMD",
    },
];

/// The seeded locations.
pub(crate) static LOCATIONS: [Location; 2] = [
    Location {
        id: "de/fra",
        name: "frankfurt",
        cpus: &CPUS,
        ip_pool: "203.0.113.0/24",
    },
    Location {
        id: "de/txl",
        name: "berlin",
        cpus: &CPUS,
        ip_pool: "198.51.100.0/24",
    },
];

/// Features every seeded location lists.
const FEATURES: [&str; 3] = ["SSD", "NIC_FIREWALL", "SSD_STORAGE_ZONING"];

/// The location `id`, if seeded.
pub(crate) fn find(id: &str) -> Option<&'static Location> {
    LOCATIONS.iter().find(|l| l.id == id)
}

impl Location {
    /// `cpuArchitecture` as locations and data centers show it.
    pub fn cpu_architecture(&self) -> Value {
        Value::Array(
            self.cpus
                .iter()
                .map(|c| {
                    json!({
                        "cpuFamily": c.name,
                        "maxCores": c.max_cores,
                        "maxRam": c.max_ram,
                        "vendor": c.vendor,
                    })
                })
                .collect(),
        )
    }

    /// `features` as locations and data centers show them.
    pub fn features(&self) -> Value {
        json!(FEATURES)
    }
}

impl Resource for Location {
    fn kind(&self) -> &'static str {
        "location"
    }

    fn id(&self) -> &str {
        self.id
    }

    fn path(&self) -> String {
        format!("/locations/{}", self.id)
    }

    fn metadata(&self, _now: i64) -> Value {
        meta::seeded()
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        json!({
            "name": self.name,
            "features": self.features(),
            "imageAliases": images::aliases(self.id),
            "cpuArchitecture": self.cpu_architecture(),
        })
    }
}

/// The locations whose id starts with `prefix`, as a collection at `path`.
fn collection(app: &App, call: &Call, query: &Query, path: &str, prefix: &str) -> Value {
    let list: Vec<&dyn Resource> = LOCATIONS
        .iter()
        .filter(|l| l.id.starts_with(prefix))
        .map(|l| l as &dyn Resource)
        .collect();
    call.read(app, |ctx| query.unpaged(ctx, path, list))
}

/// `GET /locations`.
pub(crate) async fn list(State(app): State<App>, call: Call, query: Query) -> Json<Value> {
    Json(collection(&app, &call, &query, "/locations", ""))
}

/// `GET /locations/{regionId}`.
pub(crate) async fn region(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(region): Path<String>,
) -> Result<Json<Value>, IonosError> {
    let prefix = format!("{region}/");
    if !LOCATIONS.iter().any(|l| l.id.starts_with(&prefix)) {
        return Err(IonosError::not_found("region", &region));
    }
    let path = format!("/locations/{region}");
    Ok(Json(collection(&app, &call, &query, &path, &prefix)))
}

/// `GET /locations/{regionId}/{locationId}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((region, site)): Path<(String, String)>,
) -> Result<Json<Value>, IonosError> {
    let id = format!("{region}/{site}");
    let location = find(&id).ok_or_else(|| IonosError::not_found("location", &id))?;
    Ok(Json(call.read(&app, |ctx| {
        render::resource(ctx, location, query.depth)
    })))
}
