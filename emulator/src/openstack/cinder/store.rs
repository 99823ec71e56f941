//! Cinder's volume table, volume status transitions over time, quotas and the volume body.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::types;
use crate::clock;
use crate::cloud::Cloud;
use crate::config::DEFAULT_VOLUME_QUOTA;
use crate::openstack::errors::Fault;
use crate::openstack::glance::images;
use crate::openstack::microversion::Microversion;

/// Gigabytes of volumes per project.
pub(crate) const QUOTA_GIGABYTES: u64 = 1000;

/// Every volume of one cloud.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// Volumes by id (including ones being deleted).
    #[serde(default)]
    pub volumes: BTreeMap<String, Volume>,
    /// Volumes per project (`--volume-quota`); a run-time knob, so not persisted.
    #[serde(skip)]
    volume_quota: Option<usize>,
}

/// A status shown until a deadline, after which the settled status shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Pending {
    /// The transitional status (`creating`, `attaching`, ...).
    pub status: String,
    /// When the transition ends (unix ms).
    pub until_ms: i64,
}

/// The one attachment of a volume (volumes are not multi-attach).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Attachment {
    /// Attachment id.
    pub attachment_id: String,
    /// The server the volume is attached to.
    pub server_id: String,
    /// Device name on the server, e.g. `/dev/vdb`.
    pub device: String,
    /// Attach time (unix ms).
    pub attached_ms: i64,
}

/// A volume.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Volume {
    /// Volume id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// Name (`null` unless given).
    pub name: Option<String>,
    /// Description (`null` unless given).
    pub description: Option<String>,
    /// Size in GiB.
    pub size: u64,
    /// Volume type name.
    pub volume_type: String,
    /// Availability zone.
    pub availability_zone: String,
    /// Whether the volume can be booted from.
    pub bootable: bool,
    /// The image the volume was created from.
    pub image_id: Option<String>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Last change (unix ms).
    pub updated_ms: i64,
    /// The status once no transition is pending (`available`, `in-use`).
    pub status: String,
    /// A transition in progress.
    pub pending: Option<Pending>,
    /// The attachment, if attached.
    pub attachment: Option<Attachment>,
    /// Set by a delete: shows `deleting` until then, and is gone afterwards.
    pub deleting_until_ms: Option<i64>,
}

impl Volume {
    /// A new volume of `cloud` (its default type and zone) in `creating` that becomes
    /// `available` after `delay`.
    pub fn new(cloud: Cloud, project: &str, size: u64, now: i64, delay: Duration) -> Volume {
        let profile = cloud.profile();
        Volume {
            id: uuid::Uuid::new_v4().to_string(),
            project_id: project.to_string(),
            name: None,
            description: None,
            size,
            volume_type: profile.default_volume_type.to_string(),
            availability_zone: profile.default_zone().to_string(),
            bootable: false,
            image_id: None,
            metadata: BTreeMap::new(),
            created_ms: now,
            updated_ms: now,
            status: "available".to_string(),
            pending: Some(Pending {
                status: "creating".to_string(),
                until_ms: clock::after(now, delay),
            }),
            attachment: None,
            deleting_until_ms: None,
        }
    }

    /// The status a client sees now.
    pub fn status(&self, now: i64) -> &str {
        if self.deleting_until_ms.is_some() {
            return "deleting";
        }
        match &self.pending {
            Some(p) if now < p.until_ms => &p.status,
            _ => &self.status,
        }
    }

    /// Whether a delete has completed.
    pub fn gone(&self, now: i64) -> bool {
        self.deleting_until_ms.is_some_and(|t| now >= t)
    }

    /// Starts a transition: `shown` until `delay` has passed, then `settled`.
    pub fn transition(&mut self, shown: &str, settled: &str, now: i64, delay: Duration) {
        self.pending = Some(Pending {
            status: shown.to_string(),
            until_ms: clock::after(now, delay),
        });
        self.status = settled.to_string();
        self.updated_ms = now;
    }

    /// Attaches the volume to `server_id` as `device`: `attaching`, then `in-use`.
    pub fn attach(&mut self, server_id: &str, device: &str, now: i64, delay: Duration) {
        self.attachment = Some(Attachment {
            attachment_id: uuid::Uuid::new_v4().to_string(),
            server_id: server_id.to_string(),
            device: device.to_string(),
            attached_ms: now,
        });
        self.transition("attaching", "in-use", now, delay);
    }

    /// Detaches the volume: `detaching`, then `available`.
    pub fn detach(&mut self, now: i64, delay: Duration) {
        self.attachment = None;
        self.transition("detaching", "available", now, delay);
    }

    /// Starts deleting the volume: `deleting`, then gone.
    pub fn delete(&mut self, now: i64, delay: Duration) {
        self.deleting_until_ms = Some(clock::after(now, delay));
        self.updated_ms = now;
    }

    fn links(&self, links: &str) -> Value {
        json!([
            {"rel": "self", "href": format!("{links}/volumes/{}", self.id)},
            {"rel": "bookmark", "href": format!("{links}/volumes/{}", self.id)},
        ])
    }

    /// The full body as `cloud`'s Cinder returns it at `version`; `links` is the project's
    /// endpoint URL.
    pub fn render(&self, cloud: Cloud, now: i64, version: Microversion, links: &str) -> Value {
        let attachments: Vec<Value> = self
            .attachment
            .iter()
            .map(|a| {
                json!({
                    "id": self.id,
                    "attachment_id": a.attachment_id,
                    "volume_id": self.id,
                    "server_id": a.server_id,
                    "host_name": null,
                    "device": a.device,
                    "attached_at": clock::iso_micros_naive(a.attached_ms),
                })
            })
            .collect();
        let mut body = json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "size": self.size,
            "status": self.status(now),
            "volume_type": self.volume_type,
            "availability_zone": self.availability_zone,
            "bootable": if self.bootable { "true" } else { "false" },
            "attachments": attachments,
            "metadata": self.metadata,
            "created_at": clock::iso_micros_naive(self.created_ms),
            "updated_at": clock::iso_micros_naive(self.updated_ms),
            "multiattach": false,
            "encrypted": false,
            "replication_status": null,
            "snapshot_id": null,
            "source_volid": null,
            "consistencygroup_id": null,
            "user_id": cloud.profile().user_id,
            "os-vol-tenant-attr:tenant_id": self.project_id,
            "links": self.links(links),
        });
        if let Some(image) = self
            .image_id
            .as_deref()
            .and_then(|id| images::find(cloud, id))
        {
            body["volume_image_metadata"] = json!({
                "image_id": image.id,
                "image_name": image.name,
                "min_disk": image.min_disk.to_string(),
                "min_ram": image.min_ram.to_string(),
                "disk_format": "qcow2",
                "container_format": "bare",
                "os_distro": image.os_distro,
                "size": image.size.to_string(),
            });
        }
        if version.at_least(3, 13) {
            body["group_id"] = Value::Null;
        }
        if version.at_least(3, 48) && !version.at_least(3, 69) {
            body["shared_targets"] = json!(false);
        }
        if version.at_least(3, 63) {
            body["volume_type_id"] = json!(types::find(cloud, &self.volume_type).map(|t| t.id));
        }
        if version.at_least(3, 65) {
            body["consumes_quota"] = json!(true);
        }
        body
    }
}

impl Store {
    /// Drops volumes whose delete has completed.
    pub fn purge(&mut self, now: i64) {
        self.volumes.retain(|_, v| !v.gone(now));
    }

    /// A volume of `project` that still exists, or 404.
    pub fn get(&self, id: &str, project: &str, now: i64) -> Result<&Volume, Fault> {
        self.volumes
            .get(id)
            .filter(|v| v.project_id == project && !v.gone(now))
            .ok_or_else(|| Fault::not_found(format!("Volume {id} could not be found.")))
    }

    /// Like [`Store::get`], but mutable.
    pub fn get_mut(&mut self, id: &str, project: &str, now: i64) -> Result<&mut Volume, Fault> {
        self.get(id, project, now)?;
        self.volumes
            .get_mut(id)
            .ok_or_else(|| Fault::not_found(format!("Volume {id} could not be found.")))
    }

    /// The volumes of `project` that still exist, newest first.
    pub fn live<'a>(&'a self, project: &'a str, now: i64) -> Vec<&'a Volume> {
        let mut volumes: Vec<&Volume> = self
            .volumes
            .values()
            .filter(|v| v.project_id == project && !v.gone(now))
            .collect();
        volumes.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(b.id.cmp(&a.id)));
        volumes
    }

    /// Volumes per project.
    pub fn volume_quota(&self) -> usize {
        self.volume_quota.unwrap_or(DEFAULT_VOLUME_QUOTA)
    }

    /// Sets the volumes per project.
    pub fn set_volume_quota(&mut self, quota: usize) {
        self.volume_quota = Some(quota);
    }

    /// Forgets every volume; the quota stays.
    pub fn reset(&mut self) {
        self.volumes.clear();
    }

    /// (volumes, gigabytes) used by `project`.
    pub fn usage(&self, project: &str, now: i64) -> (usize, u64) {
        let live = self.live(project, now);
        (live.len(), live.iter().map(|v| v.size).sum())
    }

    /// 413 when `project` cannot have `volumes` more volumes and `gigabytes` more GiB.
    pub fn check_quota(
        &self,
        project: &str,
        now: i64,
        volumes: usize,
        gigabytes: u64,
    ) -> Result<(), Fault> {
        let (count, used) = self.usage(project, now);
        let quota = self.volume_quota();
        if count + volumes > quota {
            return Err(Fault::over_limit(format!(
                "VolumeLimitExceeded: Maximum number of volumes allowed ({quota}) exceeded for quota 'volumes'."
            )));
        }
        if used + gigabytes > QUOTA_GIGABYTES {
            return Err(Fault::over_limit(format!(
                "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot exceeds allowed gigabytes quota. Requested {gigabytes}G, quota is {QUOTA_GIGABYTES}G and {used}G has been consumed."
            )));
        }
        Ok(())
    }
}
