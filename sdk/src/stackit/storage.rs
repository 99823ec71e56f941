//! The [`BlockStorage`] and [`ObjectStorage`] traits for STACKIT: volumes and their
//! attachments; buckets through the object storage management API.

use async_trait::async_trait;

use super::StackitBackend;
use crate::api::{BlockStorage, ObjectStorage};
use crate::error::Result;
use crate::model::*;
use crate::wait::Deadline;

#[async_trait]
impl BlockStorage for StackitBackend {
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
        self.volume_attach(spec, deadline).await
    }
    async fn get_volume_attachment(&self, id: &str) -> Result<VolumeAttachment> {
        self.attachment_get(id).await
    }
    async fn detach_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.volume_detach(id, deadline).await
    }
}

#[async_trait]
impl ObjectStorage for StackitBackend {
    async fn create_bucket(&self, spec: &BucketSpec, deadline: Deadline) -> Result<Bucket> {
        self.bucket_create(spec, deadline).await
    }
    async fn get_bucket(&self, name: &str) -> Result<Bucket> {
        self.bucket_get(name).await
    }
    async fn update_bucket(
        &self,
        name: &str,
        update: &BucketUpdate,
        _deadline: Deadline,
    ) -> Result<Bucket> {
        self.bucket_update(name, update).await
    }
    async fn delete_bucket(&self, name: &str, force: bool, deadline: Deadline) -> Result<()> {
        self.bucket_delete(name, force, deadline).await
    }
}
