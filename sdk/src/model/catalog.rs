//! What a cloud offers to build from: images, flavors, availability zones.

use serde::{Deserialize, Serialize};

/// A bootable image.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Image {
    /// The image id.
    pub id: String,
    /// The image name.
    pub name: String,
    /// The smallest boot volume it fits on, in GiB.
    pub min_disk_gb: u32,
    /// When it was created (RFC 3339), for `most_recent`.
    pub created_at: Option<String>,
}

/// A flavor or machine type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flavor {
    /// The flavor's id.
    pub id: String,
    /// The flavor's name.
    pub name: String,
    /// Virtual CPU cores.
    pub cores: u32,
    /// Memory in GiB.
    pub memory_gb: u32,
}

/// An availability zone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailabilityZone {
    /// The zone's name.
    pub name: String,
}
