//! `sovereign_cloud`: which cloud and region the provider talks to, and what it can do, so a
//! module can branch on capabilities instead of on cloud names.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::Cloud;
use tf_provider::schema::{AttributeConstraint, AttributeType, Block, Description, Schema};
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::lookup::Query;
use crate::schema::{attribute, attributes, computed_string};

/// The data source's values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct CloudState {
    cloud: Value<String>,
    region: Value<String>,
    capabilities: Value<std::collections::BTreeMap<String, Value<bool>>>,
}

/// `sovereign_cloud`.
pub struct CloudQuery;

#[async_trait]
impl Query for CloudQuery {
    type State = CloudState;
    const WHAT: &'static str = "the cloud";

    fn schema(&self) -> Schema {
        Schema {
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
        }
    }

    async fn fetch(
        &self,
        cloud: &Cloud,
        _config: CloudState,
        _diags: &mut Diagnostics,
    ) -> sovereign_sdk::Result<Option<CloudState>> {
        Ok(Some(CloudState {
            cloud: Value::Value(cloud.kind().to_string()),
            region: Value::Value(cloud.current_region().await?),
            capabilities: Value::Value(
                cloud
                    .capabilities()
                    .to_map()
                    .into_iter()
                    .map(|(k, v)| (k, Value::Value(v)))
                    .collect(),
            ),
        }))
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "`region` is the data center's location (such as `de/fra`), read from the data center when none is configured.",
        cannot: "See the capability table below.",
    },
    stackit: CloudNote {
        maps_to: "`region` is `eu01` or `eu02` (default `eu01`).",
        cannot: "See the capability table below.",
    },
    otc: CloudNote {
        maps_to: "`region` is `eu-de`, `eu-nl` or `eu-ch2`.",
        cannot: "See the capability table below.",
    },
    plusserver: CloudNote {
        maps_to: "`region` is the environment, `prod1` to `prod4`.",
        cannot: "See the capability table below.",
    },
};
