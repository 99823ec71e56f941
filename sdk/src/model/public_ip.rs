//! Public IPv4 addresses, optionally associated with a server's primary interface.

use serde::{Deserialize, Serialize};

use super::labels::Labels;

/// What to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicIpSpec {
    /// The server to associate with, if any.
    pub server_id: Option<String>,
    /// Labels.
    pub labels: Labels,
}

/// A public IP as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublicIp {
    /// The opaque, importable id.
    pub id: String,
    /// The address.
    pub address: String,
    /// The associated server, if any.
    pub server_id: Option<String>,
    /// Labels.
    pub labels: Labels,
}
