//! `sovereign_volume`: a block volume. It grows in place and never shrinks.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::model::ObjectKind;
use sovereign_sdk::{Capabilities, Cloud, Deadline, Volume, VolumeSpec, VolumeUpdate};
use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{
    changes, if_changed, known, known_u32, labels, number, optional, string_map, StringMap,
};
use crate::managed::{replacing, DefaultTimeouts, ManagedResource, PlannedUpdate};
use crate::schema::{
    computed_string, id, optional_computed_string, required_number, required_string, resource,
};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VolumeState {
    id: Value<String>,
    name: Value<String>,
    size_gb: Value<i64>,
    #[serde(rename = "type")]
    volume_type: Value<String>,
    availability_zone: Value<String>,
    labels: StringMap,
    status: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(VolumeState);

impl VolumeState {
    fn from_volume(volume: Volume, template: &VolumeState) -> VolumeState {
        VolumeState {
            id: Value::Value(volume.id),
            name: Value::Value(volume.name),
            size_gb: number(volume.size_gb),
            volume_type: optional(volume.volume_type),
            availability_zone: optional(volume.availability_zone),
            labels: string_map(volume.labels, template.labels.is_null()),
            status: Value::Value(volume.status),
            timeouts: template.timeouts.clone(),
        }
    }
}

/// `sovereign_volume`.
pub struct VolumeResource;

#[async_trait]
impl ManagedResource for VolumeResource {
    type State = VolumeState;
    const NOUN: &'static str = "volume";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts::all(10);

    fn schema(&self) -> Schema {
        resource(
            "A block volume, to attach to a server with `sovereign_volume_attachment`. Cinder \
             volume on plusserver, EVS volume on OTC, volume on STACKIT and IONOS. It grows in \
             place; it never shrinks.",
            [
                ("id", id("volume")),
                ("name", required_string("The volume's name. Changes in place.")),
                (
                    "size_gb",
                    required_number("The size in GiB. Growing changes it in place (where the cloud can: `sovereign_cloud.capabilities.volume_resize`); a smaller value is an error at plan time."),
                ),
                (
                    "type",
                    optional_computed_string("The performance class (the cloud's volume type name). Left out, the cloud's default. Changing it replaces the volume."),
                ),
                (
                    "availability_zone",
                    optional_computed_string("The availability zone. Left out, the cloud picks one. Changing it replaces the volume."),
                ),
                ("labels", crate::schema::labels()),
                (
                    "status",
                    computed_string("The cloud's status word (`available`, `in-use`, ...; on IONOS the volume's state, `available` or `busy`, whether attached or not)."),
                ),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.volumes
    }

    fn check(&self, config: &VolumeState, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
        checks::name(&config.name, diags);
        checks::in_range(&config.size_gb, 1..=65536, "size_gb", diags);
        checks::labels(&config.labels, cloud, diags);
        checks::cloud_rules(
            cloud,
            ObjectKind::Volume,
            Some(&config.name),
            &config.labels,
            diags,
        );
    }

    async fn plan_create(
        &self,
        _cloud: Option<&Cloud>,
        _config: &VolumeState,
        mut proposed: VolumeState,
        _diags: &mut Diagnostics,
    ) -> VolumeState {
        proposed.status = Value::Unknown;
        for optional_computed in [&mut proposed.volume_type, &mut proposed.availability_zone] {
            if optional_computed.is_null() {
                *optional_computed = Value::Unknown;
            }
        }
        proposed
    }

    async fn plan_update(
        &self,
        cloud: Option<&Cloud>,
        prior: &VolumeState,
        _config: &VolumeState,
        mut proposed: VolumeState,
        diags: &mut Diagnostics,
    ) -> PlannedUpdate<VolumeState> {
        if let (Some(old), Some(new)) = (
            prior.size_gb.as_ref_option(),
            proposed.size_gb.as_ref_option(),
        ) {
            if new < old {
                diags.error(
                    "A volume cannot shrink",
                    format!(
                        "size_gb would go from {old} GB down to {new} GB; volumes only grow. \
                         Keep size_gb at {old} or more, or create a new volume."
                    ),
                    AttributePath::new("size_gb"),
                );
            } else if new > old {
                if let Some(cloud) = cloud.filter(|c| !c.capabilities().volume_resize) {
                    checks::unsupported(diags, "size_gb", cloud, "growing volumes in place");
                }
            }
        }
        let replace = replacing([
            ("type", changes(&prior.volume_type, &proposed.volume_type)),
            (
                "availability_zone",
                changes(&prior.availability_zone, &proposed.availability_zone),
            ),
        ]);
        if proposed != *prior {
            proposed.status = Value::Unknown;
        }
        (proposed, replace)
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &VolumeState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<VolumeState> {
        let spec = VolumeSpec {
            name: known(&planned.name).unwrap_or_default(),
            size_gb: known_u32(&planned.size_gb).unwrap_or_default(),
            volume_type: known(&planned.volume_type),
            availability_zone: known(&planned.availability_zone),
            labels: labels(&planned.labels),
        };
        let volume = cloud.block_storage().create_volume(&spec, deadline).await?;
        Ok(VolumeState::from_volume(volume, planned))
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &VolumeState,
    ) -> sovereign_sdk::Result<VolumeState> {
        let volume = cloud.block_storage().get_volume(id).await?;
        Ok(VolumeState::from_volume(volume, state))
    }

    async fn update(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &VolumeState,
        planned: &VolumeState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<VolumeState> {
        let update = VolumeUpdate {
            name: if_changed(&prior.name, &planned.name).and_then(Value::as_option),
            size_gb: if_changed(&prior.size_gb, &planned.size_gb).and_then(|v| known_u32(&v)),
            labels: if_changed(&prior.labels, &planned.labels).map(|v| labels(&v)),
        };
        let volume = if update == VolumeUpdate::default() {
            cloud.block_storage().get_volume(id).await?
        } else {
            cloud
                .block_storage()
                .update_volume(id, &update, deadline)
                .await?
        };
        Ok(VolumeState::from_volume(volume, planned))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        _prior: &VolumeState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud.block_storage().delete_volume(id, deadline).await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "A volume of the data center (no image, licence `OTHER`); default type `SSD Standard`; grows in place.",
        cannot: "",
    },
    stackit: CloudNote {
        maps_to: "A volume in an availability zone (the first when none is given); grows through `/resize`.",
        cannot: "Names and labels outside STACKIT's rules (checked at plan time).",
    },
    otc: CloudNote {
        maps_to: "An EVS volume through Cinder v3 (types such as `SATA`, `SAS`, `SSD`); grows in place.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Cinder volume; grows in place.",
        cannot: "",
    },
};
