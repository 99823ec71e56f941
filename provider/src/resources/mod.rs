//! One file per resource.

pub mod bucket;
pub mod network;
pub mod public_ip;
pub mod security_group;
pub mod security_group_rule;
pub mod server;
pub mod volume;
pub mod volume_attachment;
