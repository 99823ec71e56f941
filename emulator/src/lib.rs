//! A local, stateful stand-in for the APIs of the European sovereign clouds
//! ("LocalStack for the sovereign clouds").
//!
//! One HTTP port serves every emulated cloud under its own path prefix
//! (`/plusserver/...` for pluscloud open, i.e. stock OpenStack; `/otc/...` for
//! Open Telekom Cloud, i.e. OpenStack plus OTC's IAM, VPC, EIP and ECS APIs;
//! `/ionos/...` for IONOS Cloud's Cloud API v6 and Auth API; `/stackit/...` for STACKIT's
//! IaaS API v2 and its service-account token endpoint; S3 under `/ionos/s3`, `/otc/obs` and
//! `/plusserver/s3`) plus an admin API under `/_emulator/`.
//!
//! Use [`Emulator::start`] from tests, or [`serve`] on a listener of your own.

mod admin;
mod app;
mod body;
mod clock;
mod cloud;
mod config;
pub mod defaults;
mod env;
mod faults;
mod ionos;
mod openstack;
mod otc;
mod s3;
mod server;
mod signing;
mod stackit;
mod state;
mod stats;

pub use config::{EmulatorConfig, FaultKind, DEFAULT_VOLUME_QUOTA};
pub use env::{clouds_yaml, env_vars};
pub use server::{serve, Emulator};
pub use stackit::stackit_key_json;
