//! # sovereign-sdk
//!
//! One interface to the European sovereign clouds — IONOS Cloud, STACKIT, Open Telekom Cloud
//! and plusserver (pluscloud open) — so that moving a workload between them is a change of
//! configuration, not a rewrite.
//!
//! ## Quick start
//!
//! [`Cloud::from_env`] reads `SOVEREIGN_CLOUD` and that cloud's own variables, and the
//! services hang off the [`Cloud`]: [`Cloud::networking`], [`Cloud::compute`],
//! [`Cloud::block_storage`], [`Cloud::object_storage`]. Every call that waits takes a
//! [`Deadline`].
//!
//! ```no_run
//! use sovereign_sdk::{Cloud, Deadline, NetworkSpec};
//! use std::time::Duration;
//!
//! # async fn demo() -> sovereign_sdk::Result<()> {
//! let cloud = Cloud::from_env()?;
//! let spec = NetworkSpec { name: "app".into(), cidr: Some("10.20.0.0/24".into()), ..Default::default() };
//! let network = cloud.networking().create_network(&spec, Deadline::after(Duration::from_secs(600))).await?;
//! println!("{} {:?}", network.id, network.gateway_ip);
//! cloud.networking().delete_network(&network.id, Deadline::after(Duration::from_secs(600))).await?;
//! # Ok(()) }
//! ```
//!
//! `examples/quickstart.rs` is a complete program (a network and a security group made, the
//! images listed, both deleted) that the test suite runs against every emulated cloud. Run it
//! yourself against the emulator:
//!
//! ```sh
//! cargo run -p sovereign-emulator -- --listen 127.0.0.1:8787 &
//! eval "$(cargo run -q -p sovereign-emulator -- env ionos)"   # or plusserver, otc, stackit
//! cargo run -p sovereign-sdk --example quickstart
//! ```
//!
//! ## Configuration
//!
//! | cloud | `SOVEREIGN_CLOUD` | credentials from the environment |
//! |---|---|---|
//! | plusserver | `plusserver` | `OS_*` (or `OS_CLOUD` and `clouds.yaml`), `OS_REGION_NAME` `prod1`…`prod4`; buckets: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` (EC2 credentials) |
//! | Open Telekom Cloud | `otc` | `OS_USERNAME`, `OS_PASSWORD`, `OS_USER_DOMAIN_NAME` (the account, `OTC-EU-DE-…`), `OS_REGION_NAME`; or `OTC_ACCESS_KEY` + `OTC_SECRET_KEY` (AK/SK signing) |
//! | IONOS Cloud | `ionos` | `IONOS_TOKEN` or `IONOS_USERNAME` + `IONOS_PASSWORD`, and `IONOS_DATACENTER_ID`; buckets: `AWS_*` (the Object Storage keys) |
//! | STACKIT | `stackit` | `STACKIT_PROJECT_ID` and `STACKIT_SERVICE_ACCOUNT_KEY_PATH` (or `STACKIT_SERVICE_ACCOUNT_TOKEN`) |
//!
//! Or build a [`CloudConfig`] in code and call [`Cloud::connect`]. `SOVEREIGN_ENDPOINT` (or
//! [`CloudConfig::endpoint`]) points a cloud at another base URL, such as the emulator's.
//!
//! ## Cargo features: one per backend
//!
//! All four backends are on by default. Leave out what you do not use
//! (`default-features = false, features = ["stackit"]`); a [`Cloud::connect`] to a cloud whose
//! backend is compiled out fails with [`ErrorKind::Unsupported`], and
//! [`CloudKind::capabilities`] returns `None` for it.
//!
//! | feature | backend | also enables |
//! |---|---|---|
//! | `plusserver` | plusserver through the OpenStack backend ([`openstack`], [`plusserver`]) | `s3` |
//! | `otc` | Open Telekom Cloud: the OpenStack backend plus OTC's VPC, EIP and ECS APIs and AK/SK signing ([`otc`]) | `s3` |
//! | `ionos` | IONOS Cloud API v6 ([`ionos`]) | `s3` |
//! | `stackit` | STACKIT IaaS API v2 and its Object Storage management API, service-account tokens and key files ([`stackit`]) | |
//! | `s3` | the S3 client the S3 clouds share for buckets (SigV4, path-style) ([`s3`]) | |
//!
//! ## Layout
//!
//! [`api`] holds the trait set, [`model`] the uniform types, [`http`] the one HTTP layer
//! (retries, backoff, redaction), [`wait`] the one waiter, [`error`] the one error type, and
//! one module per backend.

#![warn(missing_docs)]
// Helpers the backends share go unused when only some backends are compiled in.
#![cfg_attr(
    not(all(
        feature = "plusserver",
        feature = "otc",
        feature = "ionos",
        feature = "stackit"
    )),
    allow(dead_code, unused_variables)
)]

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
/// Only the OpenStack configuration (`OS_*`, `clouds.yaml`), which [`CloudConfig`] carries
/// whichever backends are compiled in.
#[cfg(not(any(feature = "plusserver", feature = "otc")))]
pub mod openstack {
    #[path = "config.rs"]
    mod config;
    pub use config::{AuthMethod, OpenStackConfig};
}
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
