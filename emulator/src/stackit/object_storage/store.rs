//! What the object storage emulation remembers: the project/region pairs it is enabled for and
//! the buckets. Bucket names are global. A new bucket becomes visible to reads once the provision
//! delay has passed, and a deleted one stays visible until then (STACKIT's own clients wait for
//! both); in between, its name stays taken.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// A name that another project's bucket holds: creating it is always 409.
pub(crate) const TAKEN_BUCKET: &str = "taken-bucket";

/// The object storage state (persisted with `--state`).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// `project/region` pairs object storage is enabled for (a setting, not a resource).
    #[serde(default)]
    pub enabled: BTreeSet<String>,
    /// Buckets by name.
    #[serde(default)]
    pub buckets: BTreeMap<String, Bucket>,
}

/// One bucket.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Bucket {
    /// The name.
    pub name: String,
    /// The owning project.
    pub project: String,
    /// The region it lives in.
    pub region: String,
    /// When reads start to see it (unix ms).
    pub visible_at: i64,
    /// When a deleted bucket is gone (unix ms).
    #[serde(default)]
    pub gone_at: Option<i64>,
    /// How many objects it holds.
    #[serde(default)]
    pub objects: u64,
}

impl Bucket {
    /// The API's `Bucket`.
    pub fn render(&self) -> Value {
        let (name, region) = (&self.name, &self.region);
        json!({
            "name": name,
            "region": region,
            "urlPathStyle": format!("https://object.storage.{region}.onstackit.cloud/{name}"),
            "urlVirtualHostedStyle": format!("https://{name}.object.storage.{region}.onstackit.cloud"),
            "objectLockEnabled": false,
        })
    }

    fn alive(&self, now: i64) -> bool {
        self.gone_at.is_none_or(|gone| now < gone)
    }

    fn visible(&self, now: i64) -> bool {
        self.alive(now) && now >= self.visible_at
    }
}

fn scope(project: &str, region: &str) -> String {
    format!("{project}/{region}")
}

impl Store {
    /// Whether object storage is enabled for the project in the region.
    pub fn is_enabled(&self, project: &str, region: &str) -> bool {
        self.enabled.contains(&scope(project, region))
    }

    /// Enables object storage for the project in the region; whether it was off before.
    pub fn enable(&mut self, project: &str, region: &str) -> bool {
        self.enabled.insert(scope(project, region))
    }

    /// Whether any live bucket (or another project's) has the name.
    pub fn taken(&self, name: &str, now: i64) -> bool {
        name == TAKEN_BUCKET || self.buckets.get(name).is_some_and(|b| b.alive(now))
    }

    /// The project's bucket `name` in the region, if reads see it.
    pub fn find(&self, project: &str, region: &str, name: &str, now: i64) -> Option<&Bucket> {
        self.buckets
            .get(name)
            .filter(|b| b.project == project && b.region == region && b.visible(now))
    }

    /// The project's buckets in the region that reads see, by name.
    pub fn list(&self, project: &str, region: &str, now: i64) -> Vec<&Bucket> {
        self.buckets
            .values()
            .filter(|b| b.project == project && b.region == region && b.visible(now))
            .collect()
    }

    /// Drops the buckets whose delete is done.
    pub fn purge(&mut self, now: i64) {
        self.buckets.retain(|_, b| b.alive(now));
    }

    /// Every live bucket, for the inventory.
    pub fn inventory(&self, now: i64) -> Vec<Value> {
        self.buckets
            .values()
            .filter(|b| b.alive(now))
            .map(|b| {
                json!({
                    "name": b.name,
                    "project": b.project,
                    "region": b.region,
                    "objects": b.objects,
                })
            })
            .collect()
    }
}
