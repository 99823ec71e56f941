//! The seeded flavors (SCS names on plusserver, OTC's `s3` family on OTC) and
//! `/flavors[/detail|/{id}]`.

use axum::extract::{Path, RawQuery};
use axum::Json;
use serde_json::{json, Value};

use super::{link, NovaCaller};
use crate::cloud::Cloud;
use crate::defaults;
use crate::openstack::errors::Fault;
use crate::openstack::pagination;
use crate::openstack::BaseUrl;

/// The naming scheme a flavor belongs to, which decides its extra specs.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Family {
    /// Sovereign Cloud Stack names (`SCS-<vcpus>V-<GiB RAM>[-<GiB disk>]`).
    Scs,
    /// Open Telekom Cloud names (`s3.large.2`: family, size, RAM per vCPU), id == name.
    Otc,
}

/// A flavor (flavors are fixed: clients cannot create any).
#[derive(Debug)]
pub(crate) struct Flavor {
    /// Flavor id.
    pub id: &'static str,
    /// Name.
    pub name: &'static str,
    /// Naming scheme.
    pub family: Family,
    /// vCPUs.
    pub vcpus: u64,
    /// RAM in MiB.
    pub ram: u64,
    /// Root disk in GiB; 0 means boot from volume only.
    pub disk: u64,
}

const fn flavor(id: &'static str, name: &'static str, vcpus: u64, gib: u64, disk: u64) -> Flavor {
    Flavor {
        id,
        name,
        family: Family::Scs,
        vcpus,
        ram: gib * 1024,
        disk,
    }
}

/// An OTC flavor: id == name, no local disk, RAM in MiB.
const fn otc(name: &'static str, vcpus: u64, ram: u64) -> Flavor {
    Flavor {
        id: name,
        name,
        family: Family::Otc,
        vcpus,
        ram,
        disk: 0,
    }
}

/// OTC's flavors, in id order.
pub(crate) const OTC: [Flavor; 8] = [
    otc("s3.2xlarge.2", 8, 16384),
    otc("s3.2xlarge.4", 8, 32768),
    otc("s3.large.2", 2, 4096),
    otc("s3.large.4", 2, 8192),
    otc("s3.medium.1", 1, 1024),
    otc("s3.medium.2", 1, 2048),
    otc("s3.xlarge.2", 4, 8192),
    otc("s3.xlarge.4", 4, 16384),
];

/// plusserver's SCS flavors, in id order.
pub(crate) const SCS: [Flavor; 12] = [
    flavor("5c5f0a01-0000-4000-8000-000000000101", "SCS-1V-2", 1, 2, 0),
    flavor(
        "5c5f0a01-0000-4000-8000-000000000102",
        "SCS-1V-2-20",
        1,
        2,
        20,
    ),
    flavor("5c5f0a01-0000-4000-8000-000000000201", "SCS-2V-4", 2, 4, 0),
    flavor(
        "5c5f0a01-0000-4000-8000-000000000202",
        "SCS-2V-4-20",
        2,
        4,
        20,
    ),
    flavor("5c5f0a01-0000-4000-8000-000000000203", "SCS-2V-8", 2, 8, 0),
    flavor("5c5f0a01-0000-4000-8000-000000000401", "SCS-4V-8", 4, 8, 0),
    flavor(
        "5c5f0a01-0000-4000-8000-000000000402",
        "SCS-4V-8-20",
        4,
        8,
        20,
    ),
    flavor(
        "5c5f0a01-0000-4000-8000-000000000403",
        "SCS-4V-16",
        4,
        16,
        0,
    ),
    flavor(
        "5c5f0a01-0000-4000-8000-000000000801",
        "SCS-8V-16",
        8,
        16,
        0,
    ),
    flavor(
        "5c5f0a01-0000-4000-8000-000000000802",
        "SCS-8V-32",
        8,
        32,
        0,
    ),
    flavor(
        "5c5f0a01-0000-4000-8000-000000001601",
        "SCS-16V-32",
        16,
        32,
        0,
    ),
    flavor(
        "5c5f0a01-0000-4000-8000-000000001602",
        "SCS-16V-64",
        16,
        64,
        0,
    ),
];

/// The flavor of `cloud` with this id (or a URL ending in it, as `flavorRef` may be).
pub(crate) fn find(cloud: Cloud, reference: &str) -> Option<&'static Flavor> {
    let id = reference.rsplit('/').next().unwrap_or(reference);
    cloud.profile().flavors.iter().find(|f| f.id == id)
}

impl Flavor {
    /// Extra specs: the SCS scheme, or OTC's (zones the flavor is sold in).
    pub fn extra_specs(&self) -> Value {
        match self.family {
            Family::Scs => {
                json!({"scs:name-v2": self.name, "scs:cpu-type": "shared-core", "hw_rng:allowed": "true"})
            }
            Family::Otc => {
                let zones: Vec<String> = defaults::OTC_AVAILABILITY_ZONES
                    .iter()
                    .map(|z| format!("{z}(normal)"))
                    .collect();
                json!({
                    "cond:operation:az": zones.join(","),
                    "cond:operation:status": "normal",
                    "ecs:performancetype": "normal",
                    "ecs:virtualization_env_types": "CloudCompute",
                })
            }
        }
    }

    fn links(&self, cloud: Cloud, base: &str) -> Value {
        json!([
            {"rel": "self", "href": link(cloud, base, &format!("v2.1/flavors/{}", self.id))},
            {"rel": "bookmark", "href": link(cloud, base, &format!("flavors/{}", self.id))},
        ])
    }

    /// The full body at the caller's microversion.
    pub fn render(&self, caller: &NovaCaller, base: &str) -> Value {
        let mut body = json!({
            "id": self.id,
            "name": self.name,
            "vcpus": self.vcpus,
            "ram": self.ram,
            "disk": self.disk,
            "swap": if caller.version.at_least(2, 75) { json!(0) } else { json!("") },
            "OS-FLV-EXT-DATA:ephemeral": 0,
            "OS-FLV-DISABLED:disabled": false,
            "os-flavor-access:is_public": true,
            "rxtx_factor": 1.0,
            "links": self.links(caller.cloud, base),
        });
        if caller.version.at_least(2, 55) {
            body["description"] = Value::Null;
        }
        if caller.version.at_least(2, 61) {
            body["extra_specs"] = self.extra_specs();
        }
        body
    }

    fn summary(&self, caller: &NovaCaller, base: &str) -> Value {
        let mut body =
            json!({"id": self.id, "name": self.name, "links": self.links(caller.cloud, base)});
        if caller.version.at_least(2, 55) {
            body["description"] = Value::Null;
        }
        body
    }
}

fn listing(
    caller: &NovaCaller,
    base: &str,
    raw: Option<&str>,
    detail: bool,
) -> Result<Value, Fault> {
    let query = pagination::parse_query(raw)?;
    let minimum = |key: &str| -> Result<u64, Fault> {
        match pagination::param(&query, key) {
            None => Ok(0),
            Some(text) => text.parse().map_err(|_| {
                Fault::bad_request(format!(
                    "Invalid input for query parameters {key}. Value: {text}."
                ))
            }),
        }
    };
    let (min_ram, min_disk) = (minimum("minRam")?, minimum("minDisk")?);
    let items = caller
        .cloud
        .profile()
        .flavors
        .iter()
        .filter(|f| f.ram >= min_ram && f.disk >= min_disk)
        .map(|f| {
            if detail {
                f.render(caller, base)
            } else {
                f.summary(caller, base)
            }
        })
        .collect();
    let collection = if detail {
        "v2.1/flavors/detail"
    } else {
        "v2.1/flavors"
    };
    pagination::page(
        items,
        &query,
        "flavors",
        &link(caller.cloud, base, collection),
    )
}

/// `GET /flavors`.
pub(crate) async fn list(
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    listing(&caller, &base, raw.as_deref(), false).map(Json)
}

/// `GET /flavors/detail`.
pub(crate) async fn list_detail(
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    listing(&caller, &base, raw.as_deref(), true).map(Json)
}

fn lookup(cloud: Cloud, id: &str) -> Result<&'static Flavor, Fault> {
    cloud
        .profile()
        .flavors
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| Fault::not_found(format!("Flavor {id} could not be found.")))
}

/// `GET /flavors/{id}`.
pub(crate) async fn show(
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fault> {
    Ok(Json(
        json!({"flavor": lookup(caller.cloud, &id)?.render(&caller, &base)}),
    ))
}

/// `GET /flavors/{id}/os-extra_specs`.
pub(crate) async fn extra_specs(
    caller: NovaCaller,
    Path(id): Path<String>,
) -> Result<Json<Value>, Fault> {
    Ok(Json(
        json!({"extra_specs": lookup(caller.cloud, &id)?.extra_specs()}),
    ))
}
