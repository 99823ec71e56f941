//! One file per resource.

pub mod bucket;
pub mod network;
pub mod public_ip;
pub mod security_group;
pub mod security_group_rule;
pub mod server;
pub mod volume;
pub mod volume_attachment;

/// The per-cloud notes of the resource `sovereign_<name>`, for the docs.
pub fn cloud_notes(name: &str) -> Option<&'static crate::cloud_notes::CloudNotes> {
    Some(match name {
        "bucket" => &bucket::CLOUD_NOTES,
        "network" => &network::CLOUD_NOTES,
        "public_ip" => &public_ip::CLOUD_NOTES,
        "security_group" => &security_group::CLOUD_NOTES,
        "security_group_rule" => &security_group_rule::CLOUD_NOTES,
        "server" => &server::CLOUD_NOTES,
        "volume" => &volume::CLOUD_NOTES,
        "volume_attachment" => &volume_attachment::CLOUD_NOTES,
        _ => return None,
    })
}
