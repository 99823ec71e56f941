//! The [`BlockStorage`] trait for IONOS: volumes and their attachments (buckets are S3's:
//! `crate::s3`).

use async_trait::async_trait;

use super::IonosBackend;
use crate::api::BlockStorage;
use crate::error::Result;
use crate::model::*;
use crate::wait::Deadline;

#[async_trait]
impl BlockStorage for IonosBackend {
    async fn create_volume(&self, spec: &VolumeSpec, deadline: Deadline) -> Result<Volume> {
        self.volume_create(spec, deadline).await
    }
    async fn get_volume(&self, id: &str) -> Result<Volume> {
        self.volume_get(id).await
    }
    async fn update_volume(
        &self,
        id: &str,
        update: &VolumeUpdate,
        deadline: Deadline,
    ) -> Result<Volume> {
        self.volume_update(id, update, deadline).await
    }
    async fn delete_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.volume_delete(id, deadline).await
    }
    async fn attach_volume(
        &self,
        spec: &VolumeAttachmentSpec,
        deadline: Deadline,
    ) -> Result<VolumeAttachment> {
        self.attach(spec, deadline).await
    }
    async fn get_volume_attachment(&self, id: &str) -> Result<VolumeAttachment> {
        self.attachment_get(id).await
    }
    async fn detach_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.detach(id, deadline).await
    }
}
