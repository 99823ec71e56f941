//! What it takes to connect to a cloud: the cloud, its region, credentials per cloud, and the
//! retry policy. Every field can come from the caller or from the official tools' variables.

use crate::env::{first, Lookup};
use crate::error::{Error, Result};
use crate::http::RetryPolicy;
use crate::openstack::OpenStackConfig;
use crate::secret::Secret;

use super::kind::CloudKind;

/// IONOS Cloud credentials and scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IonosConfig {
    /// A bearer token (`IONOS_TOKEN`).
    pub token: Option<Secret>,
    /// A user name for Basic auth (`IONOS_USERNAME`).
    pub username: Option<String>,
    /// A password for Basic auth (`IONOS_PASSWORD`).
    pub password: Option<Secret>,
    /// The virtual data center resources live in (`IONOS_DATACENTER_ID`).
    pub datacenter_id: Option<String>,
    /// The API base URL (`IONOS_API_URL`).
    pub api_url: Option<String>,
}

impl IonosConfig {
    /// Reads the variables the official IONOS tools read.
    pub fn from_lookup(lookup: Lookup<'_>) -> Self {
        IonosConfig {
            token: lookup("IONOS_TOKEN").map(Secret::from),
            username: lookup("IONOS_USERNAME"),
            password: lookup("IONOS_PASSWORD").map(Secret::from),
            datacenter_id: lookup("IONOS_DATACENTER_ID"),
            api_url: lookup("IONOS_API_URL"),
        }
    }

    /// Fills every unset field from `base`.
    pub fn or(self, base: IonosConfig) -> Self {
        IonosConfig {
            token: self.token.or(base.token),
            username: self.username.or(base.username),
            password: self.password.or(base.password),
            datacenter_id: self.datacenter_id.or(base.datacenter_id),
            api_url: self.api_url.or(base.api_url),
        }
    }
}

/// STACKIT credentials and scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StackitConfig {
    /// The project resources live in (`STACKIT_PROJECT_ID`).
    pub project_id: Option<String>,
    /// A service-account access token (`STACKIT_SERVICE_ACCOUNT_TOKEN`).
    pub service_account_token: Option<Secret>,
    /// A service-account key file (`STACKIT_SERVICE_ACCOUNT_KEY_PATH`).
    pub service_account_key_path: Option<String>,
    /// A separate private key file (`STACKIT_PRIVATE_KEY_PATH`).
    pub private_key_path: Option<String>,
    /// The token endpoint (`STACKIT_TOKEN_BASEURL`).
    pub token_baseurl: Option<String>,
    /// The IaaS API base URL (`STACKIT_IAAS_CUSTOM_ENDPOINT`).
    pub iaas_endpoint: Option<String>,
    /// The object storage API base URL (`STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT`).
    pub objectstorage_endpoint: Option<String>,
}

impl StackitConfig {
    /// Reads the variables the official STACKIT tools read.
    pub fn from_lookup(lookup: Lookup<'_>) -> Self {
        StackitConfig {
            project_id: lookup("STACKIT_PROJECT_ID"),
            service_account_token: lookup("STACKIT_SERVICE_ACCOUNT_TOKEN").map(Secret::from),
            service_account_key_path: lookup("STACKIT_SERVICE_ACCOUNT_KEY_PATH"),
            private_key_path: lookup("STACKIT_PRIVATE_KEY_PATH"),
            token_baseurl: lookup("STACKIT_TOKEN_BASEURL"),
            iaas_endpoint: lookup("STACKIT_IAAS_CUSTOM_ENDPOINT"),
            objectstorage_endpoint: lookup("STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT"),
        }
    }

    /// Fills every unset field from `base`.
    pub fn or(self, base: StackitConfig) -> Self {
        StackitConfig {
            project_id: self.project_id.or(base.project_id),
            service_account_token: self.service_account_token.or(base.service_account_token),
            service_account_key_path: self
                .service_account_key_path
                .or(base.service_account_key_path),
            private_key_path: self.private_key_path.or(base.private_key_path),
            token_baseurl: self.token_baseurl.or(base.token_baseurl),
            iaas_endpoint: self.iaas_endpoint.or(base.iaas_endpoint),
            objectstorage_endpoint: self.objectstorage_endpoint.or(base.objectstorage_endpoint),
        }
    }
}

/// S3 credentials for buckets on IONOS, OTC and plusserver.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct S3Config {
    /// The access key (`AWS_ACCESS_KEY_ID`).
    pub access_key: Option<String>,
    /// The secret key (`AWS_SECRET_ACCESS_KEY`).
    pub secret_key: Option<Secret>,
    /// The S3 endpoint (`AWS_ENDPOINT_URL_S3`).
    pub endpoint: Option<String>,
}

impl S3Config {
    /// Reads the variables boto3 and the aws CLI read.
    pub fn from_lookup(lookup: Lookup<'_>) -> Self {
        S3Config {
            access_key: lookup("AWS_ACCESS_KEY_ID"),
            secret_key: lookup("AWS_SECRET_ACCESS_KEY").map(Secret::from),
            endpoint: first(lookup, &["AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL"]),
        }
    }

    /// Fills every unset field from `base`.
    pub fn or(self, base: S3Config) -> Self {
        S3Config {
            access_key: self.access_key.or(base.access_key),
            secret_key: self.secret_key.or(base.secret_key),
            endpoint: self.endpoint.or(base.endpoint),
        }
    }
}

/// Everything needed to connect to one cloud.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CloudConfig {
    /// Which cloud.
    pub kind: CloudKind,
    /// The region (IONOS location, STACKIT region, OTC region, plusserver environment).
    pub region: Option<String>,
    /// A base URL override (the emulator, a private endpoint).
    pub endpoint: Option<String>,
    /// OpenStack credentials (OTC, plusserver).
    pub openstack: OpenStackConfig,
    /// IONOS credentials.
    pub ionos: IonosConfig,
    /// STACKIT credentials.
    pub stackit: StackitConfig,
    /// S3 credentials.
    pub s3: S3Config,
    /// How requests are retried.
    pub retry: RetryPolicy,
}

impl CloudConfig {
    /// A configuration for `kind` with nothing else set.
    pub fn new(kind: CloudKind) -> Self {
        CloudConfig {
            kind,
            region: None,
            endpoint: None,
            openstack: OpenStackConfig::default(),
            ionos: IonosConfig::default(),
            stackit: StackitConfig::default(),
            s3: S3Config::default(),
            retry: RetryPolicy::default(),
        }
    }

    /// Reads the whole configuration from variables: `SOVEREIGN_CLOUD` (required),
    /// `SOVEREIGN_REGION`, `SOVEREIGN_ENDPOINT`, and each cloud's own.
    pub fn from_lookup(lookup: Lookup<'_>) -> Result<Self> {
        let kind: CloudKind = lookup("SOVEREIGN_CLOUD")
            .ok_or_else(|| {
                Error::invalid_field(
                    "cloud",
                    "no cloud is configured: set `cloud` in the provider block or SOVEREIGN_CLOUD \
                     (ionos, stackit, otc or plusserver)",
                )
            })?
            .parse()?;
        let mut config = CloudConfig::new(kind);
        config.region = lookup("SOVEREIGN_REGION");
        config.endpoint = lookup("SOVEREIGN_ENDPOINT");
        config.fill_from(lookup);
        Ok(config)
    }

    /// Fills every unset field from the variables the clouds' official tools read. An explicit
    /// `endpoint` wins over `OS_AUTH_URL`; the region falls back to the cloud's own variable.
    pub fn fill_from(&mut self, lookup: Lookup<'_>) {
        let mut openstack = OpenStackConfig::from_lookup(lookup);
        if self.endpoint.is_some() {
            openstack.auth_url = None;
        }
        self.openstack = std::mem::take(&mut self.openstack).or(openstack);
        self.ionos = std::mem::take(&mut self.ionos).or(IonosConfig::from_lookup(lookup));
        self.stackit = std::mem::take(&mut self.stackit).or(StackitConfig::from_lookup(lookup));
        self.s3 = std::mem::take(&mut self.s3).or(S3Config::from_lookup(lookup));
        if self.region.is_none() {
            self.region = match self.kind {
                CloudKind::Otc | CloudKind::Plusserver => self.openstack.region.clone(),
                CloudKind::Stackit => lookup("STACKIT_REGION"),
                CloudKind::Ionos => lookup("IONOS_LOCATION"),
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup_from(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn from_lookup_needs_a_cloud() {
        let empty = lookup_from(&[]);
        let err = CloudConfig::from_lookup(&empty).unwrap_err();
        assert_eq!(err.field(), Some("cloud"));
    }

    #[test]
    fn region_and_credentials_come_from_the_clouds_variables() {
        let vars = lookup_from(&[
            ("SOVEREIGN_CLOUD", "plusserver"),
            ("OS_REGION_NAME", "prod3"),
            ("OS_AUTH_URL", "http://env/v3"),
            ("IONOS_TOKEN", "t"),
        ]);
        let config = CloudConfig::from_lookup(&vars).unwrap();
        assert_eq!(config.region.as_deref(), Some("prod3"));
        assert_eq!(config.openstack.auth_url.as_deref(), Some("http://env/v3"));
        assert!(config.ionos.token.is_some());
    }

    #[test]
    fn explicit_endpoint_beats_os_auth_url() {
        let vars = lookup_from(&[("OS_AUTH_URL", "http://env/v3")]);
        let mut config = CloudConfig::new(CloudKind::Plusserver);
        config.endpoint = Some("http://emulator/plusserver".into());
        config.fill_from(&vars);
        assert_eq!(config.openstack.auth_url, None);
    }
}
