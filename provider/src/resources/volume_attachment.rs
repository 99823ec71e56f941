//! `sovereign_volume_attachment`: a volume attached to a server. Every change replaces it.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::{Capabilities, Cloud, Deadline, VolumeAttachment, VolumeAttachmentSpec};
use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{changes, known, optional};
use crate::managed::{replacing, DefaultTimeouts, ManagedResource, PlannedUpdate};
use crate::schema::{computed_string, id, required_string, resource};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct VolumeAttachmentState {
    id: Value<String>,
    server_id: Value<String>,
    volume_id: Value<String>,
    device: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(VolumeAttachmentState);

impl VolumeAttachmentState {
    fn from_attachment(attachment: VolumeAttachment, template: &VolumeAttachmentState) -> Self {
        VolumeAttachmentState {
            id: Value::Value(attachment.id),
            server_id: Value::Value(attachment.server_id),
            volume_id: Value::Value(attachment.volume_id),
            device: optional(attachment.device),
            timeouts: template.timeouts.clone(),
        }
    }
}

/// `sovereign_volume_attachment`.
pub struct VolumeAttachmentResource;

#[async_trait]
impl ManagedResource for VolumeAttachmentResource {
    type State = VolumeAttachmentState;
    const NOUN: &'static str = "volume attachment";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts::all(10);

    fn schema(&self) -> Schema {
        resource(
            "Attaches a volume to a server. Destroying it detaches the volume (the volume and \
             the server stay). Every change replaces the attachment.",
            [
                (
                    "id",
                    id("attachment (`<server_id>/<volume_id>` on OpenStack clouds)"),
                ),
                (
                    "server_id",
                    required_string("The server. Changing it replaces the attachment."),
                ),
                (
                    "volume_id",
                    required_string("The volume. Changing it replaces the attachment."),
                ),
                (
                    "device",
                    computed_string("The device path the server sees (such as `/dev/vdb`), where the cloud reports one (STACKIT does not: null there)."),
                ),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.volumes && capabilities.servers
    }

    fn check(
        &self,
        _config: &VolumeAttachmentState,
        _cloud: Option<&Cloud>,
        _diags: &mut Diagnostics,
    ) {
    }

    async fn plan_create(
        &self,
        _cloud: Option<&Cloud>,
        _config: &VolumeAttachmentState,
        mut proposed: VolumeAttachmentState,
        _diags: &mut Diagnostics,
    ) -> VolumeAttachmentState {
        proposed.device = Value::Unknown;
        proposed
    }

    async fn plan_update(
        &self,
        _cloud: Option<&Cloud>,
        prior: &VolumeAttachmentState,
        _config: &VolumeAttachmentState,
        proposed: VolumeAttachmentState,
        _diags: &mut Diagnostics,
    ) -> PlannedUpdate<VolumeAttachmentState> {
        let replace = replacing([
            ("server_id", changes(&prior.server_id, &proposed.server_id)),
            ("volume_id", changes(&prior.volume_id, &proposed.volume_id)),
        ]);
        (proposed, replace)
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &VolumeAttachmentState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<VolumeAttachmentState> {
        let spec = VolumeAttachmentSpec {
            server_id: known(&planned.server_id).unwrap_or_default(),
            volume_id: known(&planned.volume_id).unwrap_or_default(),
        };
        let attachment = cloud.block_storage().attach_volume(&spec, deadline).await?;
        Ok(VolumeAttachmentState::from_attachment(attachment, planned))
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &VolumeAttachmentState,
    ) -> sovereign_sdk::Result<VolumeAttachmentState> {
        let attachment = cloud.block_storage().get_volume_attachment(id).await?;
        Ok(VolumeAttachmentState::from_attachment(attachment, state))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        _prior: &VolumeAttachmentState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud.block_storage().detach_volume(id, deadline).await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "The volume attached to the server; `device` follows from the volume's device number (1 is `/dev/vda`).",
        cannot: "",
    },
    stackit: CloudNote {
        maps_to: "A volume attachment under the server.",
        cannot: "Report the device a volume shows as: `device` is null.",
    },
    otc: CloudNote {
        maps_to: "A Nova volume attachment (`attaching` to `in-use`).",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Nova volume attachment (`attaching` to `in-use`).",
        cannot: "",
    },
};
