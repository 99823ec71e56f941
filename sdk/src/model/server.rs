//! Servers: a virtual machine with a boot volume, on one network.

use serde::{Deserialize, Serialize};

use super::catalog::Image;
use super::labels::{validate_labels, Labels};
use super::network::validate_name;
use crate::error::{Error, Result};

/// How big a server is: a flavor (machine type) by name, or cores and memory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ServerSize {
    /// The cloud's flavor or machine-type name.
    Flavor(String),
    /// Cores and memory: the smallest fitting flavor on flavor clouds, exact on IONOS.
    Resources {
        /// Virtual CPU cores.
        cores: u32,
        /// Memory in GiB.
        memory_gb: u32,
    },
}

/// What to create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSpec {
    /// The server's name.
    pub name: String,
    /// An image id or exact image name.
    pub image: String,
    /// The network of the primary interface.
    pub network_id: String,
    /// The size.
    pub size: ServerSize,
    /// The availability zone; `None` lets the cloud choose.
    pub availability_zone: Option<String>,
    /// Security groups on the primary interface.
    pub security_group_ids: Vec<String>,
    /// SSH public keys to install.
    pub ssh_public_keys: Vec<String>,
    /// cloud-init user data.
    pub user_data: Option<String>,
    /// The boot volume's size; `None` uses the image's minimum.
    pub boot_volume_size_gb: Option<u32>,
    /// The boot volume's performance class.
    pub boot_volume_type: Option<String>,
    /// Labels.
    pub labels: Labels,
}

/// What to change in place; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new size (resize).
    pub size: Option<ServerSize>,
    /// New security groups (replacing all).
    pub security_group_ids: Option<Vec<String>>,
    /// New labels (replacing all).
    pub labels: Option<Labels>,
}

/// A server as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Server {
    /// The opaque, importable id.
    pub id: String,
    /// The name.
    pub name: String,
    /// The cloud's status word (ACTIVE, RUNNING, ...).
    pub status: String,
    /// The image it was built from.
    pub image_id: Option<String>,
    /// The network of the primary interface.
    pub network_id: String,
    /// The primary interface's private address.
    pub private_ip: Option<String>,
    /// The flavor name, where the cloud has flavors.
    pub flavor: Option<String>,
    /// Virtual CPU cores.
    pub cores: u32,
    /// Memory in GiB.
    pub memory_gb: u32,
    /// The availability zone.
    pub availability_zone: Option<String>,
    /// Security groups on the primary interface.
    pub security_group_ids: Vec<String>,
    /// Labels.
    pub labels: Labels,
}

/// The smallest boot volume the SDK makes when neither the caller nor the image says more.
const DEFAULT_BOOT_VOLUME_GB: u32 = 10;

impl ServerSpec {
    /// Checks what every cloud needs: a name, labels, an image and a network; the error names
    /// the field at fault.
    pub fn validate(&self) -> Result<()> {
        validate_name(&self.name)?;
        validate_labels(&self.labels)?;
        if self.image.trim().is_empty() {
            return Err(Error::invalid_field(
                "image",
                "an image id or name is required",
            ));
        }
        if self.network_id.trim().is_empty() {
            return Err(Error::invalid_field(
                "network_id",
                "a network id is required",
            ));
        }
        Ok(())
    }

    /// The boot volume size: what the caller asked (never below the image's minimum, which is
    /// an error naming `boot_volume_size_gb`), else the larger of the image's and the
    /// flavor's (`flavor_disk`) needs and the SDK's default.
    pub fn boot_volume_gb(&self, image: &Image, flavor_disk: u32) -> Result<u32> {
        if let Some(asked) = self.boot_volume_size_gb {
            if asked < image.min_disk_gb {
                return Err(Error::invalid_field(
                    "boot_volume_size_gb",
                    format!(
                        "image {:?} needs a boot volume of at least {} GB, not {asked}",
                        image.name, image.min_disk_gb
                    ),
                ));
            }
            return Ok(asked.max(flavor_disk).max(1));
        }
        Ok(image
            .min_disk_gb
            .max(flavor_disk)
            .max(DEFAULT_BOOT_VOLUME_GB))
    }
}
