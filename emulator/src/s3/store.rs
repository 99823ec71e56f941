//! The in-memory S3 store: buckets per S3 cloud, with versioning, tags and object versions.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::cloud::S3Cloud;

/// Every S3 cloud's buckets (persisted with `--state`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// Buckets by cloud, then by name.
    #[serde(default)]
    pub clouds: BTreeMap<S3Cloud, BTreeMap<String, Bucket>>,
}

/// The versioning state of a bucket; it never returns to `Unset` once enabled.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) enum Versioning {
    /// Never enabled.
    #[default]
    Unset,
    /// New writes get a fresh version id.
    Enabled,
    /// New writes replace the `null` version.
    Suspended,
}

/// One bucket.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Bucket {
    /// The bucket's name.
    pub name: String,
    /// Creation time, unix milliseconds.
    pub created: i64,
    /// Versioning state.
    pub versioning: Versioning,
    /// Tags (S3 `TagSet`); empty means "no tag set".
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Object versions by key, newest first.
    #[serde(default)]
    pub objects: BTreeMap<String, Vec<ObjectVersion>>,
}

/// One version of an object, or a delete marker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ObjectVersion {
    /// Version id; `null` for writes while versioning is unset or suspended.
    pub version_id: String,
    /// Hex MD5 of the body (without quotes).
    pub etag: String,
    /// Body length in bytes.
    pub size: usize,
    /// The body, base64 in the state file.
    #[serde(with = "base64_body")]
    pub body: Vec<u8>,
    /// True for a delete marker (no body).
    pub delete_marker: bool,
    /// Write time, unix milliseconds.
    pub modified: i64,
}

impl Bucket {
    /// An empty, unversioned bucket.
    pub fn new(name: &str, created: i64) -> Bucket {
        Bucket {
            name: name.to_string(),
            created,
            versioning: Versioning::Unset,
            tags: BTreeMap::new(),
            objects: BTreeMap::new(),
        }
    }

    /// Number of object versions and delete markers.
    pub fn version_count(&self) -> usize {
        self.objects.values().map(Vec::len).sum()
    }

    /// Number of keys whose newest version is an object (not a delete marker).
    pub fn object_count(&self) -> usize {
        self.objects
            .values()
            .filter(|v| v.first().is_some_and(|o| !o.delete_marker))
            .count()
    }
}

impl Store {
    /// The buckets of one cloud.
    pub fn buckets(&self, cloud: S3Cloud) -> Option<&BTreeMap<String, Bucket>> {
        self.clouds.get(&cloud)
    }

    /// One bucket of a cloud.
    pub fn bucket(&self, cloud: S3Cloud, name: &str) -> Option<&Bucket> {
        self.clouds.get(&cloud)?.get(name)
    }

    /// One bucket of a cloud, for changes.
    pub fn bucket_mut(&mut self, cloud: S3Cloud, name: &str) -> Option<&mut Bucket> {
        self.clouds.get_mut(&cloud)?.get_mut(name)
    }

    /// Adds a bucket (replacing none: callers check first).
    pub fn insert(&mut self, cloud: S3Cloud, bucket: Bucket) {
        self.clouds
            .entry(cloud)
            .or_default()
            .insert(bucket.name.clone(), bucket);
    }

    /// Removes a bucket.
    pub fn remove(&mut self, cloud: S3Cloud, name: &str) {
        if let Some(buckets) = self.clouds.get_mut(&cloud) {
            buckets.remove(name);
        }
    }

    /// The `buckets` inventory collection of one cloud and its size.
    pub fn inventory(&self, cloud: S3Cloud) -> (Value, usize) {
        let list: Vec<Value> = self
            .buckets(cloud)
            .into_iter()
            .flat_map(BTreeMap::values)
            .map(|b| {
                json!({
                    "name": b.name,
                    "versioning": format!("{:?}", b.versioning),
                    "tags": b.tags,
                    "objects": b.object_count(),
                    "versions": b.version_count(),
                })
            })
            .collect();
        let count = list.len();
        (Value::Array(list), count)
    }

    /// Adds `buckets` to a cloud's inventory collections; returns how many were added.
    pub fn extend_inventory(&self, cloud: S3Cloud, collections: &mut Map<String, Value>) -> usize {
        let (list, count) = self.inventory(cloud);
        collections.insert("buckets".to_string(), list);
        count
    }
}

/// Serde for bodies as standard base64 strings.
mod base64_body {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the body as base64.
    pub fn serialize<S: Serializer>(body: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&STANDARD.encode(body))
    }

    /// Reads a base64 body.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        STANDARD.decode(text).map_err(serde::de::Error::custom)
    }
}
