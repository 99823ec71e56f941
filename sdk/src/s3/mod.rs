//! The S3 client the S3 clouds share (IONOS S3, OTC OBS, plusserver's RGW): path-style
//! requests signed with SigV4. Work in progress for issue 7: signing and error answers are in
//! place; the bucket operations follow.

mod client;
mod errors;
mod signing;
mod xml;

pub use client::S3Client;
pub use errors::parse_error;
pub use signing::{sign, S3Credentials};
