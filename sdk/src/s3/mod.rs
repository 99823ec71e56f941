//! The S3 client the S3 clouds share (IONOS S3, OTC OBS, plusserver's RGW): path-style
//! requests signed with SigV4. Work in progress for issue 7: the signing is in place; the
//! bucket operations follow.

mod signing;

pub use signing::{sign, S3Credentials};
