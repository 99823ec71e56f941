//! Each cloud's Keystone service catalog; every URL points back at the host the client used.

use serde_json::{json, Value};

use crate::cloud::Cloud;

/// One catalog entry: type, name, service id and URL.
struct Entry {
    kind: &'static str,
    name: &'static str,
    id: &'static str,
    url: String,
}

/// An entry (for brevity in the tables below).
fn entry(kind: &'static str, name: &'static str, id: &'static str, url: String) -> Entry {
    Entry {
        kind,
        name,
        id,
        url,
    }
}

/// The identity entry of `cloud` (plusserver's Keystone is at the prefix, OTC's IAM at `/v3`).
fn identity(cloud: Cloud, base: &str) -> Entry {
    match cloud {
        Cloud::Plusserver => entry(
            "identity",
            "keystone",
            "4c3f1b2a9d8e4f6a8b7c6d5e4f3a2b1c",
            format!("{base}{}", cloud.prefix()),
        ),
        Cloud::Otc => entry(
            "identity",
            "keystone",
            "5d4e2c3b0a9f4e7b9c8d7e6f5a4b3c2d",
            format!("{base}{}/v3", cloud.prefix()),
        ),
    }
}

/// The entries of `cloud` that live in `project`.
fn project_entries(cloud: Cloud, base: &str, project: &str) -> Vec<Entry> {
    let network = format!("{base}{}", cloud.network());
    let image = format!("{base}{}", cloud.image());
    let compute = format!("{base}{}/v2.1", cloud.compute());
    let volume = format!("{base}{}/v3/{project}", cloud.volume());
    match cloud {
        Cloud::Plusserver => vec![
            entry(
                "network",
                "neutron",
                "7d6e5f4a3b2c4d1e9f8a7b6c5d4e3f2a",
                network,
            ),
            entry("image", "glance", "1a2b3c4d5e6f4a7b8c9d0e1f2a3b4c5d", image),
            entry(
                "compute",
                "nova",
                "2b3c4d5e6f7a4b8c9d0e1f2a3b4c5d6e",
                compute,
            ),
            entry(
                "volumev3",
                "cinderv3",
                "3c4d5e6f7a8b4c9d0e1f2a3b4c5d6e7f",
                volume.clone(),
            ),
            entry(
                "block-storage",
                "cinderv3",
                "4d5e6f7a8b9c4d0e1f2a3b4c5d6e7f8a",
                volume,
            ),
        ],
        Cloud::Otc => vec![
            entry(
                "compute",
                "nova",
                "6e5f3d4c1b0a4f8c8d9e8f7a6b5c4d3e",
                compute,
            ),
            entry(
                "ecs",
                "ecs",
                "7f6a4e5d2c1b4a9d9e0f9a8b7c6d5e4f",
                format!("{base}{}/v1/{project}", cloud.service("ecs")),
            ),
            entry(
                "network",
                "neutron",
                "8a7b5f6e3d2c4b0e8f1a0b9c8d7e6f5a",
                network,
            ),
            entry(
                "vpc",
                "vpc",
                "9b8c6a7f4e3d4c1f9a2b1c0d9e8f7a6b",
                format!("{base}{}/v1/{project}", cloud.service("vpc")),
            ),
            entry(
                "volumev3",
                "cinderv3",
                "0c9d7b8a5f4e4d2a8b3c2d1e0f9a8b7c",
                volume.clone(),
            ),
            entry(
                "block-storage",
                "cinderv3",
                "1d0e8c9b6a5f4e3b9c4d3e2f1a0b9c8d",
                volume.clone(),
            ),
            entry(
                "volumev2",
                "cinderv2",
                "2e1f9d0c7b6a4f4c8d5e4f3a2b1c0d9e",
                volume,
            ),
            entry("image", "glance", "3f2a0e1d8c7b4a5d9e6f5a4b3c2d1e0f", image),
        ],
    }
}

/// The catalog of `cloud` for a token in `project` (identity only for a domain-scoped token).
pub(crate) fn catalog(cloud: Cloud, base: &str, project: Option<&str>) -> Value {
    let mut entries = vec![identity(cloud, base)];
    if let Some(project) = project {
        entries.extend(project_entries(cloud, base, project));
    }
    Value::Array(entries.iter().map(|e| service(cloud, e)).collect())
}

/// A catalog entry with one endpoint per interface of the cloud's region; OTC's identity is
/// also registered for region `*`, as in a real OTC catalog.
fn service(cloud: Cloud, entry: &Entry) -> Value {
    let profile = cloud.profile();
    let endpoint = |i: usize, interface: &str, region: &str| {
        json!({
            "id": format!("{}{i}", &entry.id[..31]),
            "interface": interface,
            "region": region,
            "region_id": region,
            "url": entry.url,
        })
    };
    let mut endpoints: Vec<Value> = profile
        .interfaces
        .iter()
        .enumerate()
        .map(|(i, interface)| endpoint(i, interface, profile.region))
        .collect();
    if cloud == Cloud::Otc && entry.kind == "identity" {
        endpoints.push(endpoint(endpoints.len(), "public", "*"));
    }
    json!({"id": entry.id, "type": entry.kind, "name": entry.name, "endpoints": endpoints})
}
