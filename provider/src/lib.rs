//! The sovereign Terraform/OpenTofu provider: uniform `sovereign_*` resources and data sources
//! over `sovereign-sdk`, served with `tf-provider` (plugin protocol 6).

pub mod checks;
pub mod cloud_notes;
pub mod convert;
pub mod data_sources;
pub mod diagnostics;
pub mod docs;
pub mod logging;
pub mod lookup;
pub mod managed;
pub mod provider;
pub mod provider_config;
pub mod resources;
pub mod schema;
pub mod shared;
pub mod timeouts;

pub use provider::SovereignProvider;
