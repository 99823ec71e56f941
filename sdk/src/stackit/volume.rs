//! Volumes on STACKIT: created in a zone (the first when none is asked for; STACKIT needs one),
//! `CREATING` → `AVAILABLE`; grown through `/resize`; attached under the server (202, then the
//! volume shows `ATTACHED`). Attachment ids are `<server>/<volume>`; STACKIT reports no device.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::create::created_id;
use super::names::{check_labels, check_name, replacing, users};
use super::StackitBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::ensure_once;
use crate::model::*;
use crate::wait::status::{wait_for_status, Observed};
use crate::wait::Deadline;

/// Volume statuses that mean it failed.
const FAILED: &[&str] = &["ERROR", "FAILED", "ERROR_RESIZING"];

#[derive(Debug, Deserialize)]
struct StackitVolume {
    id: String,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    size: u32,
    #[serde(default, rename = "performanceClass")]
    performance_class: Option<String>,
    #[serde(default, rename = "availabilityZone")]
    availability_zone: Option<String>,
    #[serde(default)]
    status: String,
    #[serde(default, rename = "serverId")]
    server_id: Option<String>,
    #[serde(default)]
    labels: Option<Labels>,
}

/// The uniform status word: `in-use` for an attached volume, else STACKIT's in lower case.
fn status_word(status: &str) -> String {
    if status.eq_ignore_ascii_case("ATTACHED") {
        "in-use".to_string()
    } else {
        status.to_ascii_lowercase()
    }
}

/// A volume spec checked against STACKIT's rules.
pub(super) fn check_volume(spec: &VolumeSpec) -> Result<()> {
    spec.validate()?;
    check_name(&spec.name)?;
    check_labels(&spec.labels)
}

impl StackitBackend {
    fn volume_path(&self, id: &str) -> String {
        self.client.p(&format!("/volumes/{id}"))
    }

    async fn volume_raw(&self, id: &str) -> Result<StackitVolume> {
        self.client.get(&self.volume_path(id)).await
    }

    /// Waits until the volume reports one of `ready` (and, when given, `size` GB).
    async fn wait_volume(
        &self,
        what: &str,
        id: &str,
        ready: &[&str],
        size: Option<u32>,
        deadline: Deadline,
    ) -> Result<()> {
        wait_for_status(what, id, deadline, ready, FAILED, || async {
            let volume = self.volume_raw(id).await?;
            let status = match size {
                Some(size) if volume.size < size => "RESIZING".to_string(),
                _ => volume.status,
            };
            Ok(Observed {
                status,
                fault: None,
            })
        })
        .await
    }

    pub(super) async fn volume_create(
        &self,
        spec: &VolumeSpec,
        deadline: Deadline,
    ) -> Result<Volume> {
        check_volume(spec)?;
        let zone = match &spec.availability_zone {
            Some(zone) => zone.clone(),
            None => self.default_zone().await?,
        };
        let mut body = json!({
            "name": spec.name,
            "size": spec.size_gb,
            "availabilityZone": zone,
            "labels": spec.labels,
        });
        if let Some(class) = &spec.volume_type {
            body["performanceClass"] = json!(class);
        }
        let volumes = self.client.p("/volumes");
        let made = self
            .client
            .create(&format!("volume {:?}", spec.name), &volumes, &body, || {
                self.client.named(&volumes, &spec.name)
            })
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::InvalidInput => e.with_field("type"),
                _ => e,
            })?;
        let id = created_id(&made, "volume")?;
        self.wait_volume("creating the volume", &id, &["AVAILABLE"], None, deadline)
            .await?;
        self.volume_get(&id)
            .await
            .map_err(|e| e.with_resource_id(&id))
    }

    pub(super) async fn volume_get(&self, id: &str) -> Result<Volume> {
        let volume = self.volume_raw(id).await?;
        Ok(Volume {
            id: volume.id,
            name: volume.name.unwrap_or_default(),
            size_gb: volume.size,
            volume_type: volume.performance_class,
            availability_zone: volume.availability_zone,
            status: status_word(&volume.status),
            labels: users(volume.labels),
        })
    }

    pub(super) async fn volume_update(
        &self,
        id: &str,
        update: &VolumeUpdate,
        deadline: Deadline,
    ) -> Result<Volume> {
        let current = self.volume_raw(id).await?;
        let mut body = serde_json::Map::new();
        if let Some(name) = &update.name {
            check_name(name)?;
            body.insert("name".into(), json!(name));
        }
        if let Some(labels) = &update.labels {
            check_labels(labels)?;
            body.insert(
                "labels".into(),
                replacing(&current.labels.clone().unwrap_or_default(), labels),
            );
        }
        if !body.is_empty() {
            self.client
                .send(
                    Method::PATCH,
                    &self.volume_path(id),
                    Some(&Value::Object(body)),
                )
                .await?;
        }
        if let Some(size) = update.size_gb.filter(|size| *size != current.size) {
            if size < current.size {
                return Err(Error::invalid_field(
                    "size_gb",
                    format!(
                        "a volume cannot shrink (from {} GB to {size} GB)",
                        current.size
                    ),
                ));
            }
            let resize = format!("{}/resize", self.volume_path(id));
            let body = json!({ "size": size });
            // A lost answer is checked (the new size shows at once) rather than sent again.
            ensure_once(
                &format!("growing volume {id}"),
                || self.client.send(Method::POST, &resize, Some(&body)),
                || async { Ok(self.volume_raw(id).await?.size >= size) },
            )
            .await?;
            self.wait_volume(
                "growing the volume",
                id,
                &["AVAILABLE", "ATTACHED"],
                Some(size),
                deadline,
            )
            .await?;
        }
        self.volume_get(id).await
    }

    pub(super) async fn volume_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.delete_when_free(&self.volume_path(id), "deleting the volume", deadline)
            .await
    }

    pub(super) async fn volume_attach(
        &self,
        spec: &VolumeAttachmentSpec,
        deadline: Deadline,
    ) -> Result<VolumeAttachment> {
        let path = self.client.p(&format!(
            "/servers/{}/volume-attachments/{}",
            spec.server_id, spec.volume_id
        ));
        let put = self
            .client
            .send(
                Method::PUT,
                &path,
                Some(&json!({ "volumeId": spec.volume_id })),
            )
            .await;
        match put {
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::NotFound => return Err(e.with_field("volume_id")),
            // A PUT resent after a lost answer finds the volume taken by the first one.
            Err(e) if e.kind() == ErrorKind::Conflict => {
                let volume = self.volume_raw(&spec.volume_id).await?;
                if volume.server_id.as_deref() != Some(spec.server_id.as_str()) {
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
        let id = format!("{}/{}", spec.server_id, spec.volume_id);
        self.wait_volume(
            "attaching the volume",
            &spec.volume_id,
            &["ATTACHED"],
            None,
            deadline,
        )
        .await
        .map_err(|e| e.with_resource_id(&id))?;
        self.attachment_get(&id).await
    }

    pub(super) async fn attachment_get(&self, id: &str) -> Result<VolumeAttachment> {
        let (server, volume) = split_attachment_id(id)?;
        let found = self.volume_raw(volume).await?;
        if found.server_id.as_deref() != Some(server) {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("volume {volume} is not attached to server {server}"),
            ));
        }
        Ok(VolumeAttachment {
            id: id.to_string(),
            server_id: server.to_string(),
            volume_id: volume.to_string(),
            device: None,
        })
    }

    pub(super) async fn volume_detach(&self, id: &str, deadline: Deadline) -> Result<()> {
        let (server, volume) = split_attachment_id(id)?;
        let path = self
            .client
            .p(&format!("/servers/{server}/volume-attachments/{volume}"));
        match self.client.send(Method::DELETE, &path, None).await {
            Err(e) if e.is_not_found() => return Ok(()),
            Err(e) => return Err(e),
            Ok(_) => {}
        }
        self.wait_volume(
            "detaching the volume",
            volume,
            &["AVAILABLE"],
            None,
            deadline,
        )
        .await
    }
}
