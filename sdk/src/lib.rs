//! # sovereign-sdk
//!
//! One interface to the European sovereign clouds — IONOS Cloud, STACKIT, Open Telekom Cloud
//! and plusserver (pluscloud open) — so that moving a workload between them is a change of
//! configuration, not a rewrite.
//!
//! ```no_run
//! use sovereign_sdk::{Cloud, Deadline, NetworkSpec};
//! use std::time::Duration;
//!
//! # async fn demo() -> sovereign_sdk::Result<()> {
//! // SOVEREIGN_CLOUD=plusserver plus the usual OS_* variables (or OS_CLOUD + clouds.yaml).
//! let cloud = Cloud::from_env()?;
//! let spec = NetworkSpec { name: "app".into(), cidr: Some("10.20.0.0/24".into()), ..Default::default() };
//! let network = cloud.networking().create_network(&spec, Deadline::after(Duration::from_secs(600))).await?;
//! println!("{} {:?}", network.id, network.gateway_ip);
//! # Ok(()) }
//! ```
//!
//! Layout: [`api`] holds the trait set, [`model`] the uniform types, [`http`] the one HTTP
//! layer (retries, backoff, redaction), [`wait`] the one waiter, and one module per backend.

pub mod api;
pub mod cloud;
pub mod env;
pub mod error;
pub mod http;
#[cfg(feature = "ionos")]
pub mod ionos;
mod lost_create;
pub mod model;
#[cfg(any(feature = "plusserver", feature = "otc"))]
pub mod openstack;
#[cfg(feature = "otc")]
pub mod otc;
#[cfg(feature = "plusserver")]
pub mod plusserver;
mod provisioning;
#[cfg(feature = "s3")]
pub mod s3;
pub mod secret;
#[cfg(feature = "stackit")]
pub mod stackit;
pub mod wait;

pub use api::{BlockStorage, Compute, Networking, NetworkingExt, ObjectStorage};
pub use cloud::{Cloud, CloudConfig, CloudKind};
pub use error::{Error, ErrorKind, Result};
pub use http::RetryPolicy;
pub use model::*;
pub use secret::Secret;
pub use wait::{Deadline, Poll, Waiter};
