//! STACKIT through IaaS API v2 (one host, the region in the path): the scope is a project in a
//! region; networks carry their IPv4 prefix; servers get a NIC the SDK makes first (with the
//! security groups by id), a key pair they own and a boot volume from the image; public IPs
//! are associated with that NIC. Networks and server actions are asynchronous (202, then a
//! status to wait for); most other creates answer 201.
//!
//! Buckets go through the Object Storage management API v2 (its own host, the same token).
//!
//! Why v2: the official clients (`stackit-iaas` for Python, the Go SDK's waiters, STACKIT's
//! terraform provider) speak it, one host serves every region, and nothing the uniform model
//! needs exists only in v1.

mod auth;
mod buckets;
mod catalog;
mod client;
mod compute;
mod create;
mod deletion;
mod errors;
mod names;
mod network;
mod networking;
mod nic;
mod object_storage;
mod public_ip;
mod security_group;
mod server;
mod storage;
mod volume;

pub use auth::{StackitAuth, DEFAULT_TOKEN_URL};
pub use client::{StackitClient, DEFAULT_IAAS_URL};
pub use errors::parse_error;
pub use object_storage::DEFAULT_OBJECTSTORAGE_URL;

use crate::cloud::StackitConfig;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::model::Capabilities;
use object_storage::ObjectStorageApi;

/// STACKIT's regions.
pub const REGIONS: &[&str] = &["eu01", "eu02"];
/// The region when none is configured.
pub const DEFAULT_REGION: &str = "eu01";

/// What STACKIT can do through this backend.
pub fn capabilities() -> Capabilities {
    Capabilities {
        networks: true,
        network_cidr: true,
        // CreateNetwork fills the area's default nameservers.
        network_default_dns: true,
        // `routed` cannot change on an existing network.
        network_internet_access_in_place: false,
        servers: true,
        server_resize: true,
        security_groups: true,
        volumes: true,
        volume_resize: true,
        public_ips: true,
        labels: true,
        // Without versioning or labels: the management API has neither.
        buckets: true,
        ..Capabilities::default()
    }
}

/// Checks a region name.
pub fn check_region(region: &str) -> Result<()> {
    if REGIONS.contains(&region) {
        Ok(())
    } else {
        Err(Error::invalid_field(
            "region",
            format!(
                "{region:?} is not a STACKIT region; use one of {}",
                REGIONS.join(", ")
            ),
        ))
    }
}

/// STACKIT, scoped to one project in one region.
#[derive(Debug)]
pub struct StackitBackend {
    client: StackitClient,
    object_storage: ObjectStorageApi,
}

impl StackitBackend {
    /// A backend for these credentials; nothing is sent until the first call (the key flow
    /// obtains its first token then). `read_file` reads the key files the configuration names.
    pub fn new(
        http: HttpClient,
        config: &StackitConfig,
        region: &str,
        endpoint: Option<&str>,
        read_file: &dyn Fn(&str) -> std::io::Result<String>,
    ) -> Result<Self> {
        check_region(region)?;
        let project_id = config.project_id.clone().ok_or_else(|| {
            Error::invalid_field(
                "stackit.project_id",
                "STACKIT resources live in a project: set `project_id` in the stackit block or \
                 STACKIT_PROJECT_ID",
            )
        })?;
        let iaas = match (endpoint, &config.iaas_endpoint) {
            (Some(endpoint), _) => format!("{}/iaas", endpoint.trim_end_matches('/')),
            (None, Some(iaas)) => iaas.clone(),
            (None, None) => DEFAULT_IAAS_URL.to_string(),
        };
        let object_storage = StackitClient::new(
            http.clone(),
            &object_storage::base_url(config, endpoint),
            auth_for(config, endpoint, read_file)?,
            project_id.clone(),
            region.to_string(),
        )?;
        Ok(StackitBackend {
            client: StackitClient::new(
                http,
                &iaas,
                auth_for(config, endpoint, read_file)?,
                project_id.clone(),
                region.to_string(),
            )?,
            object_storage: ObjectStorageApi::new(object_storage, project_id),
        })
    }
}

/// The credentials the configuration gives: the key file wins over a token, as in STACKIT's
/// own SDKs.
fn auth_for(
    config: &StackitConfig,
    endpoint: Option<&str>,
    read_file: &dyn Fn(&str) -> std::io::Result<String>,
) -> Result<StackitAuth> {
    let read = |path: &str, field: &str| {
        read_file(path).map_err(|e| Error::invalid_field(field, format!("cannot read {path}: {e}")))
    };
    if let Some(path) = &config.service_account_key_path {
        let key = read(path, "stackit.service_account_key_path")?;
        let private_key = match &config.private_key_path {
            Some(path) => Some(read(path, "stackit.private_key_path")?),
            None => None,
        };
        let token_url = match (endpoint, &config.token_baseurl) {
            (Some(endpoint), _) => Some(format!(
                "{}/service-account/token",
                endpoint.trim_end_matches('/')
            )),
            (None, url) => url.clone(),
        };
        return StackitAuth::from_key_file(&key, private_key.as_deref(), token_url.as_deref());
    }
    match &config.service_account_token {
        Some(token) => Ok(StackitAuth::Token(token.clone())),
        None => Err(Error::invalid_field(
            "stackit.service_account_token",
            "no STACKIT credentials are configured: set `service_account_key_path` \
             (STACKIT_SERVICE_ACCOUNT_KEY_PATH) or `service_account_token` \
             (STACKIT_SERVICE_ACCOUNT_TOKEN) in the stackit block",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_checked() {
        assert!(check_region("eu01").is_ok());
        assert_eq!(check_region("de/fra").unwrap_err().field(), Some("region"));
    }
}
