//! The OpenStack backend core, shared by plusserver (and later OTC): Keystone auth, the
//! catalog, Neutron networking. What differs per cloud sits in an [`OpenStackProfile`].

mod auth;
mod catalog;
mod client;
mod common;
mod compute;
mod config;
mod errors;
mod images;
mod network;
mod networking;
mod public_ip;
mod security_group;
mod server;
mod volume;

use async_trait::async_trait;

pub use auth::{Keystone, Token};
pub use catalog::{Catalog, CatalogEndpoint, CatalogService};
pub use client::{OpenStackClient, Service};
pub use config::{AuthMethod, OpenStackConfig};
pub use errors::parse_error;

use crate::api::ObjectStorage;
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
        let keystone = Keystone::new(http.clone(), config)?;
        Ok(OpenStackBackend {
            client: OpenStackClient::new(http, keystone),
            profile,
        })
    }

    /// The profile in force.
    pub fn profile(&self) -> &OpenStackProfile {
        &self.profile
    }
}

#[async_trait]
impl ObjectStorage for OpenStackBackend {}
