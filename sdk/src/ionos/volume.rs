//! Volumes of the data center, attached to and detached from servers. A data volume is made
//! without an image (licence `OTHER`); the default type is `SSD Standard`. Labels use IONOS's
//! label API.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::repr::Item;
use super::IonosBackend;
use crate::error::{Error, Result};
use crate::lost_create::exists;
use crate::model::*;
use crate::wait::Deadline;

/// The type of a volume when the caller names none.
pub(super) const DEFAULT_VOLUME_TYPE: &str = "SSD Standard";

#[derive(Debug, Deserialize)]
pub(super) struct VolumeProperties {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub size: f64,
    #[serde(default, rename = "type")]
    pub volume_type: Option<String>,
    #[serde(default, rename = "availabilityZone")]
    pub availability_zone: Option<String>,
    #[serde(default, rename = "deviceNumber")]
    pub device_number: Option<u32>,
}

/// The device a server sees for a volume's LUN (1 → `/dev/vda`).
fn device(number: Option<u32>) -> Option<String> {
    let index = number?.checked_sub(1)?;
    let letter = char::from_u32(u32::from(b'a') + index).filter(|c| c.is_ascii_lowercase())?;
    Some(format!("/dev/vd{letter}"))
}

impl IonosBackend {
    pub(super) fn volume_path(&self, id: &str) -> String {
        self.client.dc(&format!("/volumes/{id}"))
    }

    pub(super) async fn volume_create(
        &self,
        spec: &VolumeSpec,
        deadline: Deadline,
    ) -> Result<Volume> {
        spec.validate()?;
        let body = json!({"properties": {
            "name": spec.name,
            "size": spec.size_gb,
            "type": spec.volume_type.as_deref().unwrap_or(DEFAULT_VOLUME_TYPE),
            "availabilityZone": spec.availability_zone.as_deref().unwrap_or("AUTO"),
            "licenceType": "OTHER",
        }});
        let volumes = self.client.dc("/volumes");
        let made = self
            .client
            .create(&format!("volume {:?}", spec.name), &volumes, &body, || {
                self.client.named(&volumes, &spec.name)
            })
            .await?;
        let id = made.id.clone();
        let finished = async {
            self.client
                .wait_made(
                    &made,
                    &self.volume_path(&id),
                    "creating the volume",
                    deadline,
                )
                .await?;
            if !spec.labels.is_empty() {
                self.set_labels(&self.volume_path(&id), &spec.labels, deadline)
                    .await?;
            }
            self.volume_get(&id).await
        }
        .await;
        finished.map_err(|e| e.with_resource_id(&id))
    }

    pub(super) async fn volume_get(&self, id: &str) -> Result<Volume> {
        let path = self.volume_path(id);
        let volume: Item<VolumeProperties> = self.client.get(&format!("{path}?depth=1")).await?;
        Ok(Volume {
            id: volume.id,
            name: volume.properties.name,
            size_gb: volume.properties.size.ceil() as u32,
            volume_type: volume.properties.volume_type,
            availability_zone: volume.properties.availability_zone,
            status: volume.metadata.state.to_ascii_lowercase(),
            labels: self.labels(&path).await?,
        })
    }

    pub(super) async fn volume_update(
        &self,
        id: &str,
        update: &VolumeUpdate,
        deadline: Deadline,
    ) -> Result<Volume> {
        let mut properties = json!({});
        if let Some(name) = &update.name {
            crate::model::validate_name(name)?;
            properties["name"] = json!(name);
        }
        if let Some(size) = update.size_gb {
            let current = self.volume_get(id).await?;
            if size < current.size_gb {
                return Err(Error::invalid_field(
                    "size_gb",
                    format!(
                        "a volume cannot shrink (from {} GB down to {size} GB)",
                        current.size_gb
                    ),
                ));
            }
            properties["size"] = json!(size);
        }
        if properties.as_object().is_some_and(|p| !p.is_empty()) {
            self.client
                .change_and_wait(
                    Method::PATCH,
                    &self.volume_path(id),
                    Some(&properties),
                    "changing the volume",
                    id,
                    deadline,
                )
                .await?;
        }
        if let Some(labels) = &update.labels {
            self.set_labels(&self.volume_path(id), labels, deadline)
                .await?;
        }
        self.volume_get(id).await
    }

    pub(super) async fn volume_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.client
            .delete_and_wait(&self.volume_path(id), "deleting the volume", id, deadline)
            .await
    }

    pub(super) async fn attach(
        &self,
        spec: &VolumeAttachmentSpec,
        deadline: Deadline,
    ) -> Result<VolumeAttachment> {
        let id = format!("{}/{}", spec.server_id, spec.volume_id);
        let attached = self
            .client
            .dc(&format!("/servers/{}/volumes", spec.server_id));
        let path = format!("{attached}/{}", spec.volume_id);
        // An attachment of this pair found after a lost answer is this request's.
        let accepted = self
            .client
            .change_once(
                &format!("attaching volume {}", spec.volume_id),
                &attached,
                &json!({ "id": spec.volume_id }),
                || async { exists(self.attachment_get(&id).await) },
            )
            .await
            .map_err(|e| {
                if e.is_not_found() {
                    e.with_field("server_id")
                } else {
                    e
                }
            })?;
        self.client
            .wait_either(
                accepted.as_ref(),
                &path,
                "attaching the volume",
                &id,
                deadline,
            )
            .await?;
        self.attachment_get(&id).await
    }

    pub(super) async fn attachment_get(&self, id: &str) -> Result<VolumeAttachment> {
        let (server, volume) = split_attachment_id(id)?;
        let attached: Item<VolumeProperties> = self
            .client
            .get(
                &self
                    .client
                    .dc(&format!("/servers/{server}/volumes/{volume}?depth=1")),
            )
            .await?;
        Ok(VolumeAttachment {
            id: id.to_string(),
            server_id: server.to_string(),
            volume_id: volume.to_string(),
            device: device(attached.properties.device_number),
        })
    }

    pub(super) async fn detach(&self, id: &str, deadline: Deadline) -> Result<()> {
        let (server, volume) = split_attachment_id(id)?;
        self.client
            .delete_and_wait(
                &self
                    .client
                    .dc(&format!("/servers/{server}/volumes/{volume}")),
                "detaching the volume",
                id,
                deadline,
            )
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_and_ids() {
        assert_eq!(device(Some(2)).as_deref(), Some("/dev/vdb"));
        assert_eq!(device(Some(0)), None);
        assert_eq!(device(None), None);
        assert!(split_attachment_id("s/v").is_ok());
        assert!(split_attachment_id("sv").is_err());
    }
}
