//! plusserver (pluscloud open): stock OpenStack with one Keystone per environment.

use crate::error::{Error, Result};
use crate::model::Capabilities;
use crate::openstack::OpenStackProfile;

/// The environments (each a separate cloud with its own Keystone).
pub const REGIONS: &[&str] = &["prod1", "prod2", "prod3", "prod4"];

/// The profile of pluscloud open: external network `ext01`.
pub fn profile() -> OpenStackProfile {
    OpenStackProfile {
        cloud: "plusserver",
        external_network: Some("ext01"),
        capabilities: Capabilities {
            networks: true,
            network_cidr: true,
            network_internet_access_in_place: true,
            servers: true,
            server_resize: true,
            security_groups: true,
            // Neutron can, but the uniform rule has no remote-group attribute yet.
            security_group_remote_group: false,
            volumes: true,
            volume_resize: true,
            public_ips: true,
            labels: true,
            buckets: true,
            bucket_versioning: true,
            bucket_labels: true,
            ..Capabilities::default()
        },
        system_metadata: &[],
    }
}

/// Keystone's public URL for an environment.
pub fn auth_url(region: &str) -> Result<String> {
    if !REGIONS.contains(&region) {
        return Err(Error::invalid_field(
            "region",
            format!(
                "{region:?} is not a plusserver region; use one of {}",
                REGIONS.join(", ")
            ),
        ));
    }
    Ok(format!("https://{region}.api.pco.get-cloud.io:5000/v3"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_regions_have_keystones() {
        assert_eq!(
            auth_url("prod2").unwrap(),
            "https://prod2.api.pco.get-cloud.io:5000/v3"
        );
        assert_eq!(auth_url("prod9").unwrap_err().field(), Some("region"));
    }
}
