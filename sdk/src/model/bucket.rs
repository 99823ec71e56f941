//! Object storage buckets.

use serde::{Deserialize, Serialize};

use super::labels::Labels;

/// What to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketSpec {
    /// The bucket's globally unique name.
    pub name: String,
    /// Whether object versioning is on.
    pub versioning: bool,
    /// Labels (tags).
    pub labels: Labels,
}

/// What to change in place; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketUpdate {
    /// Turn versioning on or off.
    pub versioning: Option<bool>,
    /// New labels (replacing all).
    pub labels: Option<Labels>,
}

/// A bucket as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// The opaque, importable id (the name).
    pub id: String,
    /// The name.
    pub name: String,
    /// Whether object versioning is on.
    pub versioning: bool,
    /// The S3 endpoint that serves it.
    pub endpoint: String,
    /// The region it lives in.
    pub region: String,
    /// Labels.
    pub labels: Labels,
}
