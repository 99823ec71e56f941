//! One file per data source.

pub mod availability_zones;
pub mod cloud;
pub mod flavor;
pub mod image;

/// The per-cloud notes of the data source `sovereign_<name>`, for the docs.
pub fn cloud_notes(name: &str) -> Option<&'static crate::cloud_notes::CloudNotes> {
    Some(match name {
        "availability_zones" => &availability_zones::CLOUD_NOTES,
        "cloud" => &cloud::CLOUD_NOTES,
        "flavor" => &flavor::CLOUD_NOTES,
        "image" => &image::CLOUD_NOTES,
        _ => return None,
    })
}
