//! `sovereign_availability_zones`: the zones servers and volumes can be placed in.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::Cloud;
use tf_provider::schema::{AttributeConstraint, AttributeType, Schema};
use tf_provider::Diagnostics;

use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{string_list, StringList};
use crate::lookup::Query;
use crate::schema::{attribute, data_source};

/// The data source's values.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct AvailabilityZonesState {
    names: StringList,
}

/// `sovereign_availability_zones`.
pub struct AvailabilityZonesQuery;

#[async_trait]
impl Query for AvailabilityZonesQuery {
    type State = AvailabilityZonesState;
    const WHAT: &'static str = "availability zones";

    fn schema(&self) -> Schema {
        data_source(
            "The availability zones of the region, for `availability_zone` on servers and \
             volumes.",
            [(
                "names",
                attribute(
                    AttributeType::List(Box::new(AttributeType::String)),
                    AttributeConstraint::Computed,
                    "The zones' names, sorted.",
                ),
            )],
        )
    }

    async fn fetch(
        &self,
        cloud: &Cloud,
        _config: AvailabilityZonesState,
        _diags: &mut Diagnostics,
    ) -> sovereign_sdk::Result<Option<AvailabilityZonesState>> {
        let zones = cloud.compute().list_availability_zones().await?;
        let mut names: Vec<String> = zones.into_iter().map(|z| z.name).collect();
        names.sort();
        names.dedup();
        Ok(Some(AvailabilityZonesState {
            names: string_list(names, false),
        }))
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "The server zones `ZONE_1` and `ZONE_2`.",
        cannot: "",
    },
    stackit: CloudNote {
        maps_to: "The region's availability zones, such as `eu01-1`.",
        cannot: "",
    },
    otc: CloudNote {
        maps_to: "Nova's availability zones, such as `eu-de-01`.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "Nova's availability zones.",
        cannot: "",
    },
};
