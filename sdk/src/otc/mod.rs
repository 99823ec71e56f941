//! Open Telekom Cloud: the OpenStack core (IAM is Keystone, security groups are Neutron,
//! volumes are Cinder/EVS, images Glance, flavors and zones Nova) plus OTC's native APIs where
//! the OpenStack ones fall short: VPC v1 for networks, EIP v1 for public IPs, ECS for server
//! create and delete (the root volume type), and AK/SK request signing.

mod compute;
mod ecs;
mod eip;
mod jobs;
mod networking;
mod signing;
mod tags;
mod vpc;

use std::sync::Arc;

pub use signing::AkSkSigner;

use crate::error::{Error, Result};
use crate::model::Capabilities;
use crate::openstack::{OpenStackBackend, OpenStackProfile};

/// The regions (each its own IAM and endpoints).
pub const REGIONS: &[&str] = &["eu-de", "eu-nl", "eu-ch2"];

/// The profile of OTC for the OpenStack core.
pub fn profile() -> OpenStackProfile {
    OpenStackProfile {
        cloud: "otc",
        external_network: Some("admin_external_net"),
        capabilities: Capabilities {
            networks: true,
            network_cidr: true,
            network_internet_access_in_place: true,
            servers: true,
            server_resize: true,
            security_groups: true,
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
        system_metadata: &[
            "vpc_id",
            "metering.",
            "image_name",
            "os_type",
            "os_bit",
            "charging_mode",
            "virtual_env_type",
            "cascaded.",
            "__",
        ],
    }
}

/// IAM's public URL for a region: `iam.<region>.otc.t-systems.com`, except the Swiss region's
/// `iam-pub.eu-ch2.sc.otc.t-systems.com`.
pub fn auth_url(region: &str) -> Result<String> {
    match region {
        "eu-ch2" => Ok("https://iam-pub.eu-ch2.sc.otc.t-systems.com/v3".to_string()),
        "eu-de" | "eu-nl" => Ok(format!("https://iam.{region}.otc.t-systems.com/v3")),
        _ => Err(Error::invalid_field(
            "region",
            format!(
                "{region:?} is not an OTC region; use one of {}",
                REGIONS.join(", ")
            ),
        )),
    }
}

/// OTC: the shared OpenStack core, with networks, public IPs and server create/delete on the
/// native APIs.
#[derive(Debug, Clone)]
pub struct OtcBackend {
    core: Arc<OpenStackBackend>,
}

impl OtcBackend {
    /// OTC on top of an OpenStack core connected to OTC's IAM.
    pub fn new(core: Arc<OpenStackBackend>) -> Self {
        OtcBackend { core }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecs_metadata_is_not_a_label() {
        let profile = profile();
        assert!(profile.is_system_metadata("vpc_id"));
        assert!(profile.is_system_metadata("metering.imagetype"));
        assert!(profile.is_system_metadata("__support_agent_list"));
        assert!(!profile.is_system_metadata("env"));
        assert!(!profile.is_system_metadata("vpc_id_of_peer"));
    }

    #[test]
    fn regions_have_iam_urls() {
        assert_eq!(
            auth_url("eu-nl").unwrap(),
            "https://iam.eu-nl.otc.t-systems.com/v3"
        );
        assert!(auth_url("eu-ch2").unwrap().contains("iam-pub.eu-ch2.sc"));
        assert_eq!(auth_url("eu-fr").unwrap_err().field(), Some("region"));
    }
}
