//! Block volumes and their attachments to servers.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

use super::labels::Labels;

/// What to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeSpec {
    /// The volume's name.
    pub name: String,
    /// The size in GiB.
    pub size_gb: u32,
    /// The performance class.
    pub volume_type: Option<String>,
    /// The availability zone.
    pub availability_zone: Option<String>,
    /// Labels.
    pub labels: Labels,
}

impl VolumeSpec {
    /// Checks the name, the labels and the size; the error names the field at fault.
    pub fn validate(&self) -> Result<()> {
        super::network::validate_name(&self.name)?;
        super::labels::validate_labels(&self.labels)?;
        if self.size_gb == 0 {
            return Err(Error::invalid_field(
                "size_gb",
                "a volume needs at least 1 GB",
            ));
        }
        Ok(())
    }
}

/// What to change in place; `None` leaves a field as it is. Volumes only grow.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A larger size in GiB.
    pub size_gb: Option<u32>,
    /// New labels (replacing all).
    pub labels: Option<Labels>,
}

/// A volume as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Volume {
    /// The opaque, importable id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The size in GiB.
    pub size_gb: u32,
    /// The performance class.
    pub volume_type: Option<String>,
    /// The availability zone.
    pub availability_zone: Option<String>,
    /// The cloud's status word.
    pub status: String,
    /// Labels.
    pub labels: Labels,
}

/// Which volume to attach to which server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeAttachmentSpec {
    /// The server.
    pub server_id: String,
    /// The volume.
    pub volume_id: String,
}

/// An attachment as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VolumeAttachment {
    /// The opaque, importable id.
    pub id: String,
    /// The server.
    pub server_id: String,
    /// The volume.
    pub volume_id: String,
    /// The device path the server sees, where the cloud reports one.
    pub device: Option<String>,
}
