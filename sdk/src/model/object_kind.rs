//! Which kind of object a cloud's own naming rules are asked about.

use serde::{Deserialize, Serialize};

/// The kinds of object whose names and labels a cloud may restrict beyond the uniform rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObjectKind {
    /// A server (often a host name).
    Server,
    /// A volume.
    Volume,
    /// A public IP (labels only; it has no name).
    PublicIp,
}
