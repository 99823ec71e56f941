//! `Cloud`: one value holding a cloud's services, built from configuration or the environment.

mod config;
mod kind;

use std::sync::Arc;

pub use config::{CloudConfig, IonosConfig, S3Config, StackitConfig};
pub use kind::CloudKind;

use crate::api::{BlockStorage, Compute, Networking, ObjectStorage};
use crate::env::{process_env, Lookup};
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpClient;
use crate::model::Capabilities;

/// A connected cloud: its services behind the uniform traits, and what it can do.
#[derive(Clone)]
pub struct Cloud {
    kind: CloudKind,
    region: String,
    networking: Arc<dyn Networking>,
    compute: Arc<dyn Compute>,
    block_storage: Arc<dyn BlockStorage>,
    object_storage: Arc<dyn ObjectStorage>,
    capabilities: Capabilities,
}

impl std::fmt::Debug for Cloud {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cloud")
            .field("kind", &self.kind)
            .field("region", &self.region)
            .finish_non_exhaustive()
    }
}

impl Cloud {
    /// Builds the cloud's backend. Checks that credentials are complete but sends nothing:
    /// authentication happens on the first call.
    pub fn connect(config: CloudConfig) -> Result<Cloud> {
        Cloud::connect_with(config, &process_env)
    }

    /// [`Cloud::connect`] with `clouds.yaml` and `HOME` looked up through `lookup`.
    pub fn connect_with(config: CloudConfig, lookup: Lookup<'_>) -> Result<Cloud> {
        let http = HttpClient::new(config.retry.clone())?;
        match config.kind {
            #[cfg(feature = "plusserver")]
            CloudKind::Plusserver => connect_plusserver(config, http, lookup),
            kind => Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "the {kind} backend is not available in this version of sovereign yet; \
                     available now: plusserver"
                ),
            )
            .with_field("cloud")),
        }
    }

    /// Reads the configuration from the environment (see [`CloudConfig::from_lookup`]) and
    /// connects.
    pub fn from_env() -> Result<Cloud> {
        Cloud::connect(CloudConfig::from_lookup(&process_env)?)
    }

    /// Which cloud this is.
    pub fn kind(&self) -> CloudKind {
        self.kind
    }

    /// The region in use.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// What this cloud can do through the SDK.
    pub fn capabilities(&self) -> Capabilities {
        self.capabilities
    }

    /// Networks, security groups, public IPs.
    pub fn networking(&self) -> &dyn Networking {
        self.networking.as_ref()
    }

    /// Servers, images, flavors, zones.
    pub fn compute(&self) -> &dyn Compute {
        self.compute.as_ref()
    }

    /// Volumes and attachments.
    pub fn block_storage(&self) -> &dyn BlockStorage {
        self.block_storage.as_ref()
    }

    /// Buckets.
    pub fn object_storage(&self) -> &dyn ObjectStorage {
        self.object_storage.as_ref()
    }
}

#[cfg(feature = "plusserver")]
fn connect_plusserver(config: CloudConfig, http: HttpClient, lookup: Lookup<'_>) -> Result<Cloud> {
    use crate::openstack::OpenStackBackend;
    use crate::plusserver;

    let mut openstack = config.openstack.with_clouds_yaml(lookup)?;
    let region = config
        .region
        .clone()
        .or_else(|| openstack.region.clone())
        .ok_or_else(|| {
            Error::invalid_field(
                "region",
                format!(
                    "no region is configured: set `region` in the provider block or OS_REGION_NAME ({})",
                    plusserver::REGIONS.join(", ")
                ),
            )
        })?;
    if openstack.auth_url.is_none() {
        openstack.auth_url = Some(match &config.endpoint {
            Some(endpoint) => endpoint.clone(),
            None => plusserver::auth_url(&region)?,
        });
    }
    openstack.region = Some(region.clone());
    let profile = plusserver::profile();
    let capabilities = profile.capabilities;
    let backend = Arc::new(OpenStackBackend::new(http, openstack, profile)?);
    Ok(Cloud {
        kind: CloudKind::Plusserver,
        region,
        networking: backend.clone(),
        compute: backend.clone(),
        block_storage: backend.clone(),
        object_storage: backend,
        capabilities,
    })
}
