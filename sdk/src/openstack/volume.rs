//! Volumes on Cinder and their attachments through Nova, with the waits between:
//! creating -> available, attaching -> in-use, detaching -> available, and delete until gone.

use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;

use super::client::Service;
use super::common::{query, wait_for_status, wait_until_gone, Observed};
use super::create::{field_is, Create};
use super::OpenStackBackend;
use crate::api::BlockStorage;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::{create_once, Candidate};
use crate::model::{
    split_attachment_id, validate_labels, validate_name, Volume, VolumeAttachment,
    VolumeAttachmentSpec, VolumeSpec, VolumeUpdate,
};
use crate::wait::Deadline;

#[derive(Debug, Deserialize)]
struct CinderVolume {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    size: u32,
    #[serde(default)]
    status: String,
    #[serde(default)]
    volume_type: Option<String>,
    #[serde(default)]
    availability_zone: Option<String>,
    #[serde(default)]
    metadata: BTreeMap<String, String>,
}

impl From<CinderVolume> for Volume {
    fn from(v: CinderVolume) -> Self {
        Volume {
            id: v.id,
            name: v.name.unwrap_or_default(),
            size_gb: v.size,
            volume_type: v.volume_type,
            availability_zone: v.availability_zone,
            status: v.status,
            labels: v.metadata,
        }
    }
}

#[derive(Debug, Deserialize)]
struct NovaAttachment {
    #[serde(default)]
    device: Option<String>,
    #[serde(rename = "serverId")]
    server_id: String,
    #[serde(rename = "volumeId")]
    volume_id: String,
}

impl OpenStackBackend {
    async fn cinder_volume(&self, id: &str) -> Result<CinderVolume> {
        self.client
            .call_key(
                Service::BlockStorage,
                Method::GET,
                &format!("/volumes/{id}"),
                None,
                "volume",
            )
            .await
    }

    async fn observe_volume(&self, id: &str) -> Result<Observed> {
        let volume = self.cinder_volume(id).await?;
        Ok(Observed {
            status: volume.status,
            fault: None,
        })
    }

    async fn wait_volume(
        &self,
        id: &str,
        what: &str,
        ready: &[&str],
        deadline: Deadline,
    ) -> Result<()> {
        wait_for_status(
            what,
            id,
            deadline,
            ready,
            &["error", "error_extending", "error_deleting"],
            || self.observe_volume(id),
        )
        .await
    }

    async fn attachment(&self, server_id: &str, volume_id: &str) -> Result<NovaAttachment> {
        self.client
            .call_key(
                Service::Compute,
                Method::GET,
                &format!("/servers/{server_id}/os-volume_attachments/{volume_id}"),
                None,
                "volumeAttachment",
            )
            .await
    }
}

#[async_trait]
impl BlockStorage for OpenStackBackend {
    async fn create_volume(&self, spec: &VolumeSpec, deadline: Deadline) -> Result<Volume> {
        spec.validate()?;
        let mut volume = json!({"size": spec.size_gb, "name": spec.name, "metadata": spec.labels});
        if let Some(volume_type) = &spec.volume_type {
            volume["volume_type"] = json!(volume_type);
        }
        if let Some(zone) = &spec.availability_zone {
            volume["availability_zone"] = json!(zone);
        }
        let create = Create {
            service: Service::BlockStorage,
            collection: "/volumes",
            key: "volume",
            object: volume,
            listing: query("/volumes/detail", &[("name", &spec.name)]),
            list_key: "volumes",
            what: format!("volume {:?}", spec.name),
            unique: false,
        };
        let created: CinderVolume = self
            .create_object(create, |v| field_is(v, "name", &spec.name))
            .await?;
        self.wait_volume(&created.id, "creating the volume", &["available"], deadline)
            .await?;
        self.get_volume(&created.id)
            .await
            .map_err(|e| e.with_resource_id(&created.id))
    }

    async fn get_volume(&self, id: &str) -> Result<Volume> {
        Ok(self.cinder_volume(id).await?.into())
    }

    async fn update_volume(
        &self,
        id: &str,
        update: &VolumeUpdate,
        deadline: Deadline,
    ) -> Result<Volume> {
        let current = self.cinder_volume(id).await?;
        if let Some(name) = &update.name {
            validate_name(name)?;
            let body = json!({"volume": {"name": name}});
            self.client
                .call_empty(
                    Service::BlockStorage,
                    Method::PUT,
                    &format!("/volumes/{id}"),
                    Some(&body),
                )
                .await?;
        }
        if let Some(labels) = &update.labels {
            validate_labels(labels)?;
            let body = json!({"metadata": labels});
            self.client
                .call_empty(
                    Service::BlockStorage,
                    Method::PUT,
                    &format!("/volumes/{id}/metadata"),
                    Some(&body),
                )
                .await?;
        }
        if let Some(size) = update.size_gb {
            if size < current.size {
                return Err(Error::invalid_field(
                    "size_gb",
                    format!(
                        "volumes only grow: {} GB cannot become {size} GB",
                        current.size
                    ),
                ));
            }
            if size > current.size {
                let settled = if current.status == "in-use" {
                    "in-use"
                } else {
                    "available"
                };
                let body = json!({"os-extend": {"new_size": size}});
                self.client
                    .call_empty(
                        Service::BlockStorage,
                        Method::POST,
                        &format!("/volumes/{id}/action"),
                        Some(&body),
                    )
                    .await?;
                self.wait_volume(id, "growing the volume", &[settled], deadline)
                    .await?;
            }
        }
        self.get_volume(id).await
    }

    async fn delete_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.client
            .call_empty(
                Service::BlockStorage,
                Method::DELETE,
                &format!("/volumes/{id}"),
                None,
            )
            .await?;
        wait_until_gone("deleting the volume", deadline, || self.cinder_volume(id)).await
    }

    async fn attach_volume(
        &self,
        spec: &VolumeAttachmentSpec,
        deadline: Deadline,
    ) -> Result<VolumeAttachment> {
        let body = json!({"volumeAttachment": {"volumeId": spec.volume_id}});
        let id = format!("{}/{}", spec.server_id, spec.volume_id);
        let collection = format!("/servers/{}/os-volume_attachments", spec.server_id);
        create_once(
            &format!("attachment {id}"),
            || {
                self.client.call_key::<Value>(
                    Service::Compute,
                    Method::POST,
                    &collection,
                    Some(&body),
                    "volumeAttachment",
                )
            },
            |_| id.clone(),
            // A server has a volume attached at most once: an attachment of the pair is this
            // create's.
            || async {
                let path = format!("{collection}/{}", spec.volume_id);
                match self
                    .client
                    .call(Service::Compute, Method::GET, &path, None)
                    .await
                {
                    Ok(_) => Ok(vec![Candidate::uniquely_named(&id)]),
                    Err(e) if e.is_not_found() => Ok(vec![]),
                    Err(e) => Err(e),
                }
            },
        )
        .await
        .map_err(|e| match e.kind() {
            ErrorKind::NotFound => e.with_field("server_id"),
            _ => e,
        })?;
        tracing::debug!(id, "attachment requested");
        self.wait_volume(
            &spec.volume_id,
            "attaching the volume",
            &["in-use"],
            deadline,
        )
        .await
        .map_err(|e| e.with_resource_id(&id))?;
        self.get_volume_attachment(&id).await
    }

    async fn get_volume_attachment(&self, id: &str) -> Result<VolumeAttachment> {
        let (server_id, volume_id) = split_attachment_id(id)?;
        let attachment = self.attachment(server_id, volume_id).await?;
        Ok(VolumeAttachment {
            id: format!("{}/{}", attachment.server_id, attachment.volume_id),
            server_id: attachment.server_id,
            volume_id: attachment.volume_id,
            device: attachment.device,
        })
    }

    async fn detach_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        let (server_id, volume_id) = split_attachment_id(id)?;
        self.client
            .call_empty(
                Service::Compute,
                Method::DELETE,
                &format!("/servers/{server_id}/os-volume_attachments/{volume_id}"),
                None,
            )
            .await?;
        self.wait_volume(volume_id, "detaching the volume", &["available"], deadline)
            .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_ids() {
        assert_eq!(split_attachment_id("s/v").unwrap(), ("s", "v"));
        assert_eq!(split_attachment_id("sv").unwrap_err().field(), Some("id"));
        assert!(split_attachment_id("/v").is_err());
    }
}
