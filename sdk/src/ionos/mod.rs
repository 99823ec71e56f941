//! IONOS Cloud (Cloud API v6): the scope is one virtual data center; networks are private
//! LANs, security groups are NSGs, servers carry their boot volume and NIC, public IPs are IP
//! blocks of one address on a NIC in a public LAN. Every change is asynchronous (202 and a
//! request to follow).

mod client;
mod compute;
mod create;
mod errors;
mod flavors;
mod images;
mod labels;
mod lan;
mod networking;
mod nsg;
mod public_ip;
mod repr;
mod server;
mod storage;
mod volume;

pub use client::{IonosAuth, IonosClient, DEFAULT_API_URL};
pub use errors::parse_error;
pub use flavors::FLAVORS;

use crate::cloud::IonosConfig;
use crate::error::{Error, Result};
use crate::http::HttpClient;
use crate::model::Capabilities;

/// The locations (regions) of IONOS Cloud.
pub const LOCATIONS: &[&str] = &[
    "de/fra", "de/fkb", "de/txl", "es/vit", "fr/par", "gb/bhx", "gb/lhr", "us/ewr", "us/las",
    "us/mci",
];

/// The availability zones a server can be placed in.
pub const ZONES: &[&str] = &["ZONE_1", "ZONE_2"];
/// The S3 region of contract-owned buckets when `s3.endpoint` names none (Berlin, as IONOS's
/// own provider defaults).
pub const DEFAULT_S3_REGION: &str = "eu-central-3";

/// What IONOS can do through this backend.
pub fn capabilities() -> Capabilities {
    Capabilities {
        networks: true,
        // IONOS assigns a private LAN's block (`ipv4CidrBlock` is read-only).
        network_cidr: false,
        // A private LAN reaches the internet only through a NAT gateway, which is not mapped.
        network_internet_access_in_place: false,
        servers: true,
        server_resize: true,
        server_exact_size: true,
        security_groups: true,
        // IONOS rules name addresses, never other groups.
        security_group_remote_group: false,
        volumes: true,
        volume_resize: true,
        public_ips: true,
        labels: true,
        buckets: true,
        bucket_versioning: true,
        bucket_labels: true,
        ..Capabilities::default()
    }
}

/// IONOS Cloud, scoped to one data center.
#[derive(Debug)]
pub struct IonosBackend {
    client: IonosClient,
    /// The data center's location: the configured region, else read from the data center.
    location: tokio::sync::OnceCell<String>,
}

impl IonosBackend {
    /// A backend for these credentials (in `location` when known); nothing is sent until the
    /// first call.
    pub fn new(http: HttpClient, config: &IonosConfig, location: Option<&str>) -> Result<Self> {
        let auth = match (&config.token, &config.username, &config.password) {
            (Some(token), _, _) => IonosAuth::Token(token.clone()),
            (None, Some(username), Some(password)) => IonosAuth::Basic {
                username: username.clone(),
                password: password.clone(),
            },
            (None, Some(_), None) => {
                return Err(Error::invalid_field(
                    "ionos.password",
                    "a user name needs its password: set `password` in the ionos block or IONOS_PASSWORD",
                ))
            }
            _ => {
                return Err(Error::invalid_field(
                    "ionos.token",
                    "no IONOS credentials are configured: set `token` (IONOS_TOKEN) or \
                     `username` and `password` (IONOS_USERNAME, IONOS_PASSWORD) in the ionos block",
                ))
            }
        };
        let datacenter_id = config.datacenter_id.clone().ok_or_else(|| {
            Error::invalid_field(
                "ionos.datacenter_id",
                "IONOS resources live in a virtual data center: set `datacenter_id` in the ionos \
                 block or IONOS_DATACENTER_ID",
            )
        })?;
        let api_url = config.api_url.as_deref().unwrap_or(DEFAULT_API_URL);
        Ok(IonosBackend {
            client: IonosClient::new(http, api_url, auth, datacenter_id)?,
            location: match location {
                Some(location) => tokio::sync::OnceCell::new_with(Some(location.to_string())),
                None => tokio::sync::OnceCell::new(),
            },
        })
    }
}

/// Checks a location name.
pub fn check_location(location: &str) -> Result<()> {
    if LOCATIONS.contains(&location) {
        return Ok(());
    }
    Err(Error::invalid_field(
        "region",
        format!(
            "{location:?} is not an IONOS location; use one of {}",
            LOCATIONS.join(", ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::RetryPolicy;
    use crate::secret::Secret;

    #[test]
    fn credentials_and_data_center_are_required() {
        let http = HttpClient::new(RetryPolicy::default()).unwrap();
        let none = IonosConfig::default();
        let err = IonosBackend::new(http.clone(), &none, None).unwrap_err();
        assert_eq!(err.field(), Some("ionos.token"));
        let no_dc = IonosConfig {
            token: Some(Secret::new("t".to_string())),
            ..IonosConfig::default()
        };
        let err = IonosBackend::new(http.clone(), &no_dc, None).unwrap_err();
        assert_eq!(err.field(), Some("ionos.datacenter_id"));
        let half = IonosConfig {
            username: Some("u".into()),
            datacenter_id: Some("dc".into()),
            ..IonosConfig::default()
        };
        let err = IonosBackend::new(http, &half, None).unwrap_err();
        assert_eq!(err.field(), Some("ionos.password"));
        assert!(check_location("de/fra").is_ok());
        assert_eq!(check_location("eu01").unwrap_err().field(), Some("region"));
    }
}
