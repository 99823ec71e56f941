//! What makes one OpenStack world differ from another: its identity directory, region and
//! zones, and the data seeded in it (external network, flavors, images, volume types).

use super::cinder::types::{self, VolumeType};
use super::glance::images::{self, Image};
use super::nova::flavors::{self, Flavor};
use crate::defaults;

/// The one application credential of a cloud that has them.
pub(crate) struct AppCredential {
    /// Credential id.
    pub id: &'static str,
    /// Credential name.
    pub name: &'static str,
    /// Secret.
    pub secret: &'static str,
}

/// The seeded external network routers and floating IPs use.
pub(crate) struct ExternalNetwork {
    /// Network id.
    pub id: &'static str,
    /// Network name.
    pub name: &'static str,
    /// Id of its one subnet.
    pub subnet_id: &'static str,
    /// CIDR of that subnet.
    pub cidr: &'static str,
}

/// Identity, region and seed data of one cloud's OpenStack world.
pub(crate) struct Profile {
    /// Region every endpoint is registered in.
    pub region: &'static str,
    /// Availability zones of Nova and Cinder; the first is the default.
    pub zones: &'static [&'static str],
    /// Interfaces each catalog endpoint is listed with.
    pub interfaces: &'static [&'static str],
    /// Name of the one user.
    pub user_name: &'static str,
    /// Id of the one user.
    pub user_id: &'static str,
    /// Password of the user.
    pub password: &'static str,
    /// Name of the one domain.
    pub domain_name: &'static str,
    /// Id of the domain.
    pub domain_id: &'static str,
    /// Name of the one project.
    pub project_name: &'static str,
    /// Id of the project.
    pub project_id: &'static str,
    /// Operator project owning the seeded resources.
    pub admin_project_id: &'static str,
    /// Whether tokens may be scoped to the domain (as on OTC) rather than only to the project.
    pub domain_scope: bool,
    /// The application credential, where the cloud has one.
    pub app_credential: Option<AppCredential>,
    /// The seeded external network.
    pub external_network: ExternalNetwork,
    /// Flavors, in id order.
    pub flavors: &'static [Flavor],
    /// Public images, oldest first.
    pub images: &'static [Image],
    /// Volume types.
    pub volume_types: &'static [VolumeType],
    /// Name of the type volumes get when none is asked for.
    pub default_volume_type: &'static str,
}

impl Profile {
    /// The default availability zone.
    pub fn default_zone(&self) -> &'static str {
        self.zones.first().copied().unwrap_or("nova")
    }
}

/// pluscloud open: stock OpenStack in region `prod1`.
pub(crate) const PLUSSERVER: Profile = Profile {
    region: defaults::REGION,
    zones: &[defaults::AVAILABILITY_ZONE],
    interfaces: &["public", "internal", "admin"],
    user_name: defaults::OS_USERNAME,
    user_id: defaults::USER_ID,
    password: defaults::OS_PASSWORD,
    domain_name: defaults::OS_DOMAIN,
    domain_id: defaults::DOMAIN_ID,
    project_name: defaults::OS_PROJECT_NAME,
    project_id: defaults::PROJECT_ID,
    admin_project_id: defaults::ADMIN_PROJECT_ID,
    domain_scope: false,
    app_credential: Some(AppCredential {
        id: defaults::APP_CREDENTIAL_ID,
        name: defaults::APP_CREDENTIAL_NAME,
        secret: defaults::APP_CREDENTIAL_SECRET,
    }),
    external_network: ExternalNetwork {
        id: defaults::EXTERNAL_NETWORK_ID,
        name: defaults::EXTERNAL_NETWORK_NAME,
        subnet_id: defaults::EXTERNAL_SUBNET_ID,
        cidr: defaults::EXTERNAL_SUBNET_CIDR,
    },
    flavors: &flavors::SCS,
    images: &images::PLUSSERVER,
    volume_types: &types::PLUSSERVER,
    default_volume_type: types::PLUSSERVER_DEFAULT,
};

/// Open Telekom Cloud, region `eu-de`.
pub(crate) const OTC: Profile = Profile {
    region: defaults::OTC_REGION,
    zones: &defaults::OTC_AVAILABILITY_ZONES,
    interfaces: &["public"],
    user_name: defaults::OTC_USERNAME,
    user_id: defaults::OTC_USER_ID,
    password: defaults::OTC_PASSWORD,
    domain_name: defaults::OTC_DOMAIN_NAME,
    domain_id: defaults::OTC_DOMAIN_ID,
    project_name: defaults::OTC_PROJECT_NAME,
    project_id: defaults::OTC_PROJECT_ID,
    admin_project_id: defaults::OTC_ADMIN_PROJECT_ID,
    domain_scope: true,
    app_credential: None,
    external_network: ExternalNetwork {
        id: defaults::OTC_EXTERNAL_NETWORK_ID,
        name: defaults::OTC_EXTERNAL_NETWORK_NAME,
        subnet_id: defaults::OTC_EXTERNAL_SUBNET_ID,
        cidr: defaults::OTC_EXTERNAL_SUBNET_CIDR,
    },
    flavors: &flavors::OTC,
    images: &images::OTC,
    volume_types: &types::OTC,
    default_volume_type: types::OTC_DEFAULT,
};
