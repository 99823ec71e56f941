//! The S3 client the S3 clouds share (IONOS S3, OTC OBS, plusserver's RGW): path-style
//! requests signed with SigV4. Work in progress for issue 7: signing, errors, the client and
//! the bucket operations are in place; wiring them to the clouds' configuration follows.

mod buckets;
mod client;
mod errors;
mod signing;
mod xml;

pub use buckets::S3Buckets;
pub use client::S3Client;
pub use errors::parse_error;
pub use signing::{sign, S3Credentials};
