//! Servers: a virtual machine with a boot volume, on one network.

use serde::{Deserialize, Serialize};

use super::labels::Labels;

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
