//! The provider: its block, configuration into a connected cloud, and the list of resources
//! and data sources.

use std::collections::HashMap;

use async_trait::async_trait;
use sovereign_sdk::Cloud;
use tf_provider::schema::Schema;
use tf_provider::value::ValueEmpty;
use tf_provider::{AttributePath, Diagnostics, DynamicDataSource, DynamicResource, Provider};

use crate::data_sources::availability_zones::AvailabilityZonesQuery;
use crate::data_sources::cloud::CloudQuery;
use crate::data_sources::flavor::FlavorQuery;
use crate::data_sources::image::ImageQuery;
use crate::diagnostics::add_error;
use crate::lookup::Lookup;
use crate::managed::Managed;
use crate::provider_config::{environment, schema, ProviderConfig};
use crate::resources;
use crate::resources::bucket::BucketResource;
use crate::resources::public_ip::PublicIpResource;
use crate::resources::security_group::SecurityGroupResource;
use crate::resources::security_group_rule::SecurityGroupRuleResource;
use crate::resources::server::ServerResource;
use crate::resources::volume::VolumeResource;
use crate::resources::volume_attachment::VolumeAttachmentResource;
use crate::shared::SharedCloud;

/// The sovereign provider.
#[derive(Clone, Default)]
pub struct SovereignProvider {
    cloud: SharedCloud,
}

impl SovereignProvider {
    /// A provider with no cloud configured yet.
    pub fn new() -> Self {
        SovereignProvider::default()
    }

    /// Every resource, by its name without the `sovereign_` prefix.
    pub fn resources(&self) -> HashMap<String, Box<dyn DynamicResource>> {
        let mut map: HashMap<String, Box<dyn DynamicResource>> = HashMap::new();
        map.insert(
            "network".into(),
            Box::new(resources::network::NetworkResource::new(self.cloud.clone())),
        );
        let cloud = || self.cloud.clone();
        let managed: [(&str, Box<dyn DynamicResource>); 7] = [
            (
                "security_group",
                Box::new(Managed::new(cloud(), SecurityGroupResource)),
            ),
            (
                "security_group_rule",
                Box::new(Managed::new(cloud(), SecurityGroupRuleResource)),
            ),
            ("server", Box::new(Managed::new(cloud(), ServerResource))),
            ("volume", Box::new(Managed::new(cloud(), VolumeResource))),
            (
                "volume_attachment",
                Box::new(Managed::new(cloud(), VolumeAttachmentResource)),
            ),
            (
                "public_ip",
                Box::new(Managed::new(cloud(), PublicIpResource)),
            ),
            ("bucket", Box::new(Managed::new(cloud(), BucketResource))),
        ];
        map.extend(managed.map(|(name, resource)| (name.to_string(), resource)));
        map
    }

    /// Every data source, by its name without the `sovereign_` prefix.
    pub fn data_sources(&self) -> HashMap<String, Box<dyn DynamicDataSource>> {
        let cloud = || self.cloud.clone();
        let lookups: [(&str, Box<dyn DynamicDataSource>); 4] = [
            ("cloud", Box::new(Lookup::new(cloud(), CloudQuery))),
            ("image", Box::new(Lookup::new(cloud(), ImageQuery))),
            ("flavor", Box::new(Lookup::new(cloud(), FlavorQuery))),
            (
                "availability_zones",
                Box::new(Lookup::new(cloud(), AvailabilityZonesQuery)),
            ),
        ];
        lookups
            .into_iter()
            .map(|(name, source)| (name.to_string(), source))
            .collect()
    }
}

#[async_trait]
impl Provider for SovereignProvider {
    type Config<'a> = ProviderConfig;
    type MetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: ProviderConfig) -> Option<()> {
        for problem in config.check_static() {
            add_error(diags, "Invalid provider configuration", &problem);
        }
        Some(())
    }

    async fn configure<'a>(
        &self,
        diags: &mut Diagnostics,
        terraform_version: String,
        config: ProviderConfig,
    ) -> Option<()> {
        if config.has_unknown() {
            diags.error(
                "Provider configuration depends on values not known yet",
                "The sovereign provider block refers to values that are only known after apply. \
                 Use literal values, variables or data sources in the provider block.",
                AttributePath::root(),
            );
            return None;
        }
        let cloud = match config
            .to_cloud_config(environment())
            .and_then(Cloud::connect)
        {
            Ok(cloud) => cloud.check_scope().await.map(|()| cloud),
            Err(error) => Err(error),
        };
        match cloud {
            Ok(cloud) => {
                tracing::info!(
                    cloud = %cloud.kind(), region = cloud.region(), terraform_version,
                    "provider configured"
                );
                self.cloud.set(cloud);
                Some(())
            }
            Err(error) => {
                add_error(diags, "Cannot configure the sovereign provider", &error);
                None
            }
        }
    }

    fn get_resources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicResource>>> {
        Some(self.resources())
    }

    fn get_data_sources(
        &self,
        _diags: &mut Diagnostics,
    ) -> Option<HashMap<String, Box<dyn DynamicDataSource>>> {
        Some(self.data_sources())
    }
}
