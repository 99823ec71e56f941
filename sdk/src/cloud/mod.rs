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
            #[cfg(feature = "otc")]
            CloudKind::Otc => connect_otc(config, http, lookup),
            #[cfg(feature = "ionos")]
            CloudKind::Ionos => connect_ionos(config, http),
            #[cfg(feature = "stackit")]
            CloudKind::Stackit => connect_stackit(config, http),
            #[allow(unreachable_patterns)]
            kind => Err(Error::new(
                ErrorKind::Unsupported,
                format!(
                    "the {kind} backend is not available in this version of sovereign yet; \
                     available now: ionos, otc, plusserver, stackit"
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

    /// The region as configured (empty on IONOS when none is: the data center decides).
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The region in use: the configured one, else what the cloud says the scope is in (the
    /// IONOS data center's location, read once).
    pub async fn current_region(&self) -> Result<String> {
        if !self.region.is_empty() {
            return Ok(self.region.clone());
        }
        Ok(self.compute.scope_region().await?.unwrap_or_default())
    }

    /// Checks that the configured scope exists (see [`Compute::check_scope`]).
    pub async fn check_scope(&self) -> Result<()> {
        self.compute.check_scope().await
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

#[cfg(feature = "ionos")]
fn connect_ionos(config: CloudConfig, http: HttpClient) -> Result<Cloud> {
    use crate::ionos::{self, IonosBackend};

    if let Some(location) = &config.region {
        ionos::check_location(location)?;
    }
    let mut ionos_config = config.ionos.clone();
    if let Some(endpoint) = &config.endpoint {
        ionos_config.api_url = Some(endpoint.clone());
    }
    let s3_region = config
        .s3
        .endpoint
        .as_deref()
        .and_then(crate::s3::ionos_region_of)
        .unwrap_or_else(|| ionos::DEFAULT_S3_REGION.to_string());
    let object_storage = crate::s3::object_storage(
        http.clone(),
        &config.s3,
        crate::s3::S3Site {
            cloud: "IONOS",
            default_endpoint: format!("https://s3.{s3_region}.ionoscloud.com"),
            region: s3_region,
            name_location: true,
            fallback_keys: None,
            key_hint: "made in the DCD under Object Storage → Key management",
        },
    )?;
    let backend = Arc::new(IonosBackend::new(
        http,
        &ionos_config,
        config.region.as_deref(),
    )?);
    Ok(Cloud {
        kind: CloudKind::Ionos,
        // The data center's location when none is configured is only known after a call
        // (`Cloud::current_region`).
        region: config.region.clone().unwrap_or_default(),
        networking: backend.clone(),
        compute: backend.clone(),
        block_storage: backend,
        object_storage,
        capabilities: ionos::capabilities(),
    })
}

/// The OpenStack credentials with `clouds.yaml` read, the region settled and the auth URL
/// filled from the endpoint override or the cloud's own `auth_url(region)`.
#[cfg(any(feature = "plusserver", feature = "otc"))]
fn openstack_settings(
    config: &CloudConfig,
    lookup: Lookup<'_>,
    regions: &[&str],
    auth_url: fn(&str) -> Result<String>,
) -> Result<(crate::openstack::OpenStackConfig, String)> {
    let mut openstack = config.openstack.clone().with_clouds_yaml(lookup)?;
    let region = config
        .region
        .clone()
        .or_else(|| openstack.region.clone())
        .ok_or_else(|| {
            Error::invalid_field(
                "region",
                format!(
                    "no region is configured: set `region` in the provider block or OS_REGION_NAME ({})",
                    regions.join(", ")
                ),
            )
        })?;
    if openstack.auth_url.is_none() {
        openstack.auth_url = Some(match &config.endpoint {
            Some(endpoint) => endpoint.clone(),
            None => auth_url(&region)?,
        });
    }
    openstack.region = Some(region.clone());
    Ok((openstack, region))
}

#[cfg(feature = "stackit")]
fn connect_stackit(config: CloudConfig, http: HttpClient) -> Result<Cloud> {
    use crate::stackit::{self, StackitBackend};

    let region = config
        .region
        .clone()
        .unwrap_or_else(|| stackit::DEFAULT_REGION.to_string());
    let backend = Arc::new(StackitBackend::new(
        http,
        &config.stackit,
        &region,
        config.endpoint.as_deref(),
        &|path| std::fs::read_to_string(path),
    )?);
    Ok(Cloud {
        kind: CloudKind::Stackit,
        region,
        networking: backend.clone(),
        compute: backend.clone(),
        block_storage: backend.clone(),
        object_storage: backend,
        capabilities: stackit::capabilities(),
    })
}

#[cfg(feature = "otc")]
fn connect_otc(config: CloudConfig, http: HttpClient, lookup: Lookup<'_>) -> Result<Cloud> {
    use crate::openstack::{AuthMethod, OpenStackBackend, RequestSigner};
    use crate::otc::{self, AkSkSigner, OtcBackend};

    let (mut openstack, region) = openstack_settings(&config, lookup, otc::REGIONS, otc::auth_url)?;
    // On OTC the project is named after the region (or `<region>_<sub-project>`).
    if openstack.project_name.is_none() && openstack.project_id.is_none() {
        openstack.project_name = Some(region.clone());
    }
    if openstack.project_domain_name.is_none() && openstack.project_domain_id.is_none() {
        openstack.project_domain_name = openstack.user_domain_name.clone();
        openstack.project_domain_id = openstack.user_domain_id.clone();
    }
    let method = openstack.auth_method()?;
    if method == AuthMethod::Password
        && openstack.user_id.is_none()
        && openstack.user_domain_name.is_none()
        && openstack.user_domain_id.is_none()
    {
        return Err(Error::invalid_field(
            "openstack.user_domain_name",
            "OTC needs the account's domain name (OTC-EU-DE-000000000010000xxxxx) beside the user \
             name: set `user_domain_name` in the openstack block or OS_USER_DOMAIN_NAME",
        ));
    }
    let signer: Option<std::sync::Arc<dyn RequestSigner>> =
        match (&openstack.access_key, &openstack.secret_key) {
            (Some(access), Some(secret)) => Some(Arc::new(AkSkSigner::new(access, secret.clone()))),
            _ => None,
        };
    let object_storage = crate::s3::object_storage(
        http.clone(),
        &config.s3,
        crate::s3::S3Site {
            cloud: "OTC",
            default_endpoint: format!("https://obs.{region}.otc.t-systems.com"),
            region: region.clone(),
            name_location: true,
            // OBS takes the account's permanent AK/SK.
            fallback_keys: openstack
                .access_key
                .clone()
                .zip(openstack.secret_key.clone()),
            key_hint: "or the account's AK/SK in the otc block; made in the console under My \
                       Credentials → Access Keys",
        },
    )?;
    let profile = otc::profile();
    let capabilities = profile.capabilities;
    let core = Arc::new(OpenStackBackend::with_signer(
        http, openstack, profile, signer,
    )?);
    let backend = Arc::new(OtcBackend::new(core.clone()));
    Ok(Cloud {
        kind: CloudKind::Otc,
        region,
        networking: backend.clone(),
        compute: backend,
        block_storage: core,
        object_storage,
        capabilities,
    })
}

#[cfg(feature = "plusserver")]
fn connect_plusserver(config: CloudConfig, http: HttpClient, lookup: Lookup<'_>) -> Result<Cloud> {
    use crate::openstack::OpenStackBackend;
    use crate::plusserver;

    let (mut openstack, region) =
        openstack_settings(&config, lookup, plusserver::REGIONS, plusserver::auth_url)?;
    // Keystone takes no access keys; they may be set for another cloud in the same shell.
    openstack.access_key = None;
    openstack.secret_key = None;
    let object_storage = crate::s3::object_storage(
        http.clone(),
        &config.s3,
        crate::s3::S3Site {
            cloud: "plusserver",
            default_endpoint: format!("https://{region}.api.pco.get-cloud.io:8080"),
            // RGW ignores the region; S3 clients sign for this one.
            region: "us-east-1".to_string(),
            name_location: false,
            fallback_keys: None,
            key_hint: "EC2 credentials: `openstack ec2 credentials create`",
        },
    )?;
    let profile = plusserver::profile();
    let capabilities = profile.capabilities;
    let backend = Arc::new(OpenStackBackend::new(http, openstack, profile)?);
    Ok(Cloud {
        kind: CloudKind::Plusserver,
        region,
        networking: backend.clone(),
        compute: backend.clone(),
        block_storage: backend,
        object_storage,
        capabilities,
    })
}
