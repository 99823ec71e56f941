//! The OpenStack backend core, shared by plusserver and OTC: Keystone auth, the catalog,
//! Neutron, Nova, Cinder and Glance. What differs per cloud sits in an [`OpenStackProfile`];
//! OTC's native APIs sit in `crate::otc` on top of this core.

mod auth;
mod catalog;
mod client;
pub(crate) mod common;
mod compute;
mod config;
pub(crate) mod create;
mod errors;
mod images;
mod network;
mod networking;
mod public_ip;
mod security_group;
pub(crate) mod server;
mod volume;

pub use auth::{Keystone, RequestSigner, Token};
pub use catalog::{Catalog, CatalogEndpoint, CatalogService};
pub use client::{OpenStackClient, Service};
pub use config::{AuthMethod, OpenStackConfig};
pub use errors::parse_error;

use crate::error::Result;
use crate::http::HttpClient;
use crate::model::Capabilities;

/// What one OpenStack-based cloud does differently from another.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenStackProfile {
    /// The cloud's name in messages.
    pub cloud: &'static str,
    /// The external network routers and floating IPs use, by name (`None`: the first one).
    pub external_network: Option<&'static str>,
    /// What the cloud can do through this backend.
    pub capabilities: Capabilities,
    /// Server metadata keys the cloud sets itself (`vpc_id` on OTC): never labels, and kept
    /// when labels change. A pattern ending in `.` or `__` matches every key it starts.
    pub system_metadata: &'static [&'static str],
}

impl OpenStackProfile {
    /// Whether a server metadata key is the cloud's own rather than a label.
    pub fn is_system_metadata(&self, key: &str) -> bool {
        self.system_metadata.iter().any(|pattern| {
            if pattern.ends_with('.') || pattern.ends_with("__") {
                key.starts_with(pattern)
            } else {
                key == *pattern
            }
        })
    }
}

/// An OpenStack cloud: one authenticated client, one profile.
#[derive(Debug)]
pub struct OpenStackBackend {
    client: OpenStackClient,
    profile: OpenStackProfile,
}

impl OpenStackBackend {
    /// A backend for these credentials; nothing is sent until the first call.
    pub fn new(
        http: HttpClient,
        config: OpenStackConfig,
        profile: OpenStackProfile,
    ) -> Result<Self> {
        OpenStackBackend::with_signer(http, config, profile, None)
    }

    /// A backend whose session signs requests with `signer` when given an access key pair.
    pub fn with_signer(
        http: HttpClient,
        config: OpenStackConfig,
        profile: OpenStackProfile,
        signer: Option<std::sync::Arc<dyn RequestSigner>>,
    ) -> Result<Self> {
        let keystone = Keystone::with_signer(http.clone(), config, signer)?;
        Ok(OpenStackBackend {
            client: OpenStackClient::new(http, keystone),
            profile,
        })
    }

    /// The authenticated client, for a cloud's native APIs beside the OpenStack ones.
    pub fn client(&self) -> &OpenStackClient {
        &self.client
    }

    /// The profile in force.
    pub fn profile(&self) -> &OpenStackProfile {
        &self.profile
    }
}
