//! [`ObjectStorage`] on an S3 endpoint, for the clouds whose buckets are plain S3 (IONOS, OTC's
//! OBS, plusserver's RGW): a bucket is made, then versioning and tags are set (a failure there
//! removes the new bucket); delete refuses a bucket with objects unless forced, and then empties
//! it of every version first.

use async_trait::async_trait;

use super::client::S3Client;
use crate::api::ObjectStorage;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    bucket_not_empty, validate_bucket_name, validate_labels, Bucket, BucketSpec, BucketUpdate,
};
use crate::wait::Deadline;

/// Buckets on one S3 endpoint.
#[derive(Debug)]
pub struct S3Buckets {
    client: S3Client,
    /// Whether `CreateBucket` names the region (`LocationConstraint`).
    name_location: bool,
}

impl S3Buckets {
    /// Buckets through `client`; `name_location` sends the region as `LocationConstraint` on
    /// create (IONOS, OTC), where the cloud wants it.
    pub fn new(client: S3Client, name_location: bool) -> Self {
        S3Buckets {
            client,
            name_location,
        }
    }

    async fn configure(&self, spec: &BucketSpec) -> Result<()> {
        if spec.versioning {
            self.client.set_versioning(&spec.name, true).await?;
        }
        if !spec.labels.is_empty() {
            self.client.set_tags(&spec.name, &spec.labels).await?;
        }
        Ok(())
    }
}

#[async_trait]
impl ObjectStorage for S3Buckets {
    async fn create_bucket(&self, spec: &BucketSpec, _deadline: Deadline) -> Result<Bucket> {
        validate_bucket_name(&spec.name)?;
        validate_labels(&spec.labels)?;
        // Some S3 clouds (OBS) answer 200 to creating a bucket one already owns: never adopt
        // an existing bucket silently.
        if self.client.bucket_exists(&spec.name).await? {
            return Err(Error::new(
                ErrorKind::Conflict,
                format!(
                    "bucket {} already exists; import it (terraform import … {}) or choose another name",
                    spec.name, spec.name
                ),
            )
            .with_field("name"));
        }
        let location = self.name_location.then(|| self.client.region());
        self.client
            .create_bucket(&spec.name, location)
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::Conflict | ErrorKind::InvalidInput => e.with_field("name"),
                _ => e,
            })?;
        if let Err(error) = self.configure(spec).await {
            let cleanup = self.client.delete_bucket(&spec.name).await;
            return Err(crate::error::with_cleanup_note(
                error, cleanup, "bucket", &spec.name,
            ));
        }
        self.get_bucket(&spec.name).await
    }

    async fn get_bucket(&self, name: &str) -> Result<Bucket> {
        if !self.client.bucket_exists(name).await? {
            return Err(Error::new(
                ErrorKind::NotFound,
                format!("bucket {name} does not exist"),
            ));
        }
        Ok(Bucket {
            id: name.to_string(),
            name: name.to_string(),
            versioning: self.client.versioning(name).await?,
            endpoint: self.client.endpoint().to_string(),
            region: self.client.region().to_string(),
            labels: self.client.tags(name).await?,
        })
    }

    async fn update_bucket(
        &self,
        name: &str,
        update: &BucketUpdate,
        _deadline: Deadline,
    ) -> Result<Bucket> {
        if let Some(versioning) = update.versioning {
            self.client.set_versioning(name, versioning).await?;
        }
        if let Some(labels) = &update.labels {
            validate_labels(labels)?;
            self.client.set_tags(name, labels).await?;
        }
        self.get_bucket(name).await
    }

    async fn delete_bucket(&self, name: &str, force: bool, deadline: Deadline) -> Result<()> {
        if !self.client.bucket_exists(name).await? {
            return Ok(());
        }
        if force {
            let removed = self.client.empty(name, deadline).await?;
            tracing::info!(
                bucket = name,
                removed,
                "emptied the bucket before deleting it"
            );
        }
        self.client.delete_bucket(name).await.map_err(|e| {
            if e.message().contains("BucketNotEmpty") {
                bucket_not_empty(
                    name,
                    "set force_destroy = true and apply it before destroying, or empty the \
                     bucket first",
                )
            } else {
                e
            }
        })
    }
}
