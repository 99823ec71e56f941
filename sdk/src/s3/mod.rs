//! The S3 client the S3 clouds share (IONOS S3, OTC OBS, plusserver's RGW): path-style
//! requests signed with SigV4, and each cloud's endpoint, region and keys.

mod buckets;
mod client;
mod errors;
mod signing;
mod site;
mod xml;

pub use buckets::S3Buckets;
pub use client::S3Client;
pub use errors::parse_error;
pub use signing::{sign, S3Credentials};
pub use site::{ionos_region_of, object_storage, S3Site};
