//! `sovereign_cloud`: which cloud and region the provider talks to, and what it can do, so a
//! module can branch on capabilities instead of on cloud names.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use tf_provider::schema::{AttributeConstraint, AttributeType, Block, Description, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{DataSource, Diagnostics};

use crate::schema::{attribute, attributes, computed_string};
use crate::shared::SharedCloud;

/// The data source's values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CloudState {
    cloud: Value<String>,
    region: Value<String>,
    capabilities: Value<std::collections::BTreeMap<String, Value<bool>>>,
}

/// `sovereign_cloud`.
pub struct CloudDataSource {
    cloud: SharedCloud,
}

impl CloudDataSource {
    /// The data source over the shared cloud slot.
    pub fn new(cloud: SharedCloud) -> Self {
        CloudDataSource { cloud }
    }
}

#[async_trait]
impl DataSource for CloudDataSource {
    type State<'a> = CloudState;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(Schema {
            version: 1,
            block: Block {
                description: Description::markdown(
                    "The cloud the provider is configured for, and what it supports.",
                ),
                attributes: attributes([
                    ("cloud", computed_string("`ionos`, `stackit`, `otc` or `plusserver`.")),
                    ("region", computed_string("The region in use.")),
                    (
                        "capabilities",
                        attribute(
                            AttributeType::Map(Box::new(AttributeType::Bool)),
                            AttributeConstraint::Computed,
                            "Feature name -> whether this cloud supports it through the provider (for example `networks`, `server_resize`, `security_group_remote_group`).",
                        ),
                    ),
                ]),
                ..Default::default()
            },
        })
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        _config: CloudState,
        _meta: ValueEmpty,
    ) -> Option<CloudState> {
        let cloud = self.cloud.get(diags)?;
        Some(CloudState {
            cloud: Value::Value(cloud.kind().to_string()),
            region: Value::Value(cloud.region().to_string()),
            capabilities: Value::Value(
                cloud
                    .capabilities()
                    .to_map()
                    .into_iter()
                    .map(|(k, v)| (k, Value::Value(v)))
                    .collect(),
            ),
        })
    }
}
