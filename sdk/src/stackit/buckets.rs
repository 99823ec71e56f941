//! Buckets on STACKIT through the Object Storage management API v2. The API knows names only:
//! no versioning, no labels (both are refused as `Unsupported`), and it cannot empty a bucket.
//! A create first enables object storage for the project (idempotent, as STACKIT's terraform
//! provider does; it is never disabled), refuses a bucket that already exists (import it
//! instead), then waits until reads see the new bucket; a delete waits until they no longer do.

use super::object_storage::ApiBucket;
use super::StackitBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::model::*;
use crate::wait::status::wait_until_gone;
use crate::wait::{Deadline, Poll, Waiter};

/// Refuses what STACKIT's management API cannot set: versioning on, or any label.
fn check_settings(versioning: Option<bool>, labels: Option<&Labels>) -> Result<()> {
    if versioning == Some(true) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "STACKIT's object storage management API has no bucket versioning: leave \
             `versioning` off for STACKIT buckets",
        )
        .with_field("versioning"));
    }
    if labels.is_some_and(|labels| !labels.is_empty()) {
        return Err(Error::new(
            ErrorKind::Unsupported,
            "STACKIT's object storage management API has no bucket labels: leave `labels` \
             empty for STACKIT buckets",
        )
        .with_field("labels"));
    }
    Ok(())
}

/// The uniform bucket: the S3 endpoint is the path-style URL without the bucket's name.
fn to_bucket(bucket: ApiBucket) -> Bucket {
    let suffix = format!("/{}", bucket.name);
    let endpoint = bucket
        .url_path_style
        .strip_suffix(&suffix)
        .unwrap_or(&bucket.url_path_style)
        .to_string();
    Bucket {
        id: bucket.name.clone(),
        name: bucket.name,
        versioning: false,
        endpoint,
        region: bucket.region,
        labels: Labels::new(),
    }
}

impl StackitBackend {
    /// Creates a bucket and waits until it can be read.
    pub(super) async fn bucket_create(
        &self,
        spec: &BucketSpec,
        deadline: Deadline,
    ) -> Result<Bucket> {
        let name = &spec.name;
        validate_bucket_name(name)?;
        check_settings(Some(spec.versioning), Some(&spec.labels))?;
        self.object_storage.enable().await?;
        match self.bucket_get(name).await {
            Ok(_) => {
                return Err(Error::new(
                    ErrorKind::Conflict,
                    format!(
                        "bucket {name} already exists in STACKIT project {}; import it (its id \
                         is its name) instead of creating it",
                        self.object_storage.project_id()
                    ),
                )
                .with_field("name"))
            }
            Err(e) if e.is_not_found() => {}
            Err(e) => return Err(e),
        }
        self.object_storage
            .create_bucket(name)
            .await
            .map_err(|e| match e.kind() {
                ErrorKind::Conflict => e
                    .context(format!(
                        "the bucket name {name} is taken (names are global across STACKIT)"
                    ))
                    .with_field("name"),
                _ => e,
            })?;
        Waiter::default()
            .until(&format!("bucket {name} to appear"), deadline, || async {
                match self.bucket_get(name).await {
                    Ok(bucket) => Ok(Poll::Ready(bucket)),
                    Err(e) if e.is_not_found() => Ok(Poll::Pending("not visible yet".into())),
                    Err(e) => Err(e),
                }
            })
            .await
            .map_err(|e| e.with_resource_id(name.as_str()))
    }

    /// Reads a bucket; `NotFound` when it (or object storage in the project) is gone.
    pub(super) async fn bucket_get(&self, name: &str) -> Result<Bucket> {
        self.object_storage.bucket(name).await.map(to_bucket)
    }

    /// Accepts only what is already so (no versioning, no labels) and reads the bucket.
    pub(super) async fn bucket_update(&self, name: &str, update: &BucketUpdate) -> Result<Bucket> {
        check_settings(update.versioning, update.labels.as_ref())?;
        self.bucket_get(name).await
    }

    /// Deletes a bucket and waits until it is gone; one already gone is fine. A bucket that
    /// holds objects is left as it is, with or without `force`.
    pub(super) async fn bucket_delete(
        &self,
        name: &str,
        _force: bool,
        deadline: Deadline,
    ) -> Result<()> {
        validate_bucket_name(name)?;
        match self.object_storage.delete_bucket(name).await {
            Ok(()) => {}
            Err(e) if e.is_not_found() => return Ok(()),
            // The name is valid, so STACKIT's 422 (or a 409) is about the bucket's content.
            Err(e) if matches!(e.status(), Some(409 | 422)) => {
                return Err(bucket_not_empty(
                    name,
                    &format!(
                        "STACKIT's object storage management API cannot empty a bucket, so \
                         force_destroy cannot either: empty it with an S3 client first ({})",
                        e.message()
                    ),
                ))
            }
            Err(e) => return Err(e),
        }
        wait_until_gone(&format!("bucket {name} to go"), deadline, || {
            self.object_storage.bucket(name)
        })
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioning_and_labels_are_refused_by_field() {
        assert!(check_settings(Some(false), Some(&Labels::new())).is_ok());
        assert!(check_settings(None, None).is_ok());
        let versioning = check_settings(Some(true), None).unwrap_err();
        assert_eq!(versioning.kind(), ErrorKind::Unsupported);
        assert_eq!(versioning.field(), Some("versioning"));
        let labels = Labels::from([("team".to_string(), "a".to_string())]);
        let labelled = check_settings(None, Some(&labels)).unwrap_err();
        assert_eq!(labelled.field(), Some("labels"));
    }

    #[test]
    fn the_endpoint_is_the_path_style_url_without_the_name() {
        let bucket = to_bucket(ApiBucket {
            name: "logs".to_string(),
            region: "eu01".to_string(),
            url_path_style: "https://object.storage.eu01.onstackit.cloud/logs".to_string(),
        });
        assert_eq!(
            bucket.endpoint,
            "https://object.storage.eu01.onstackit.cloud"
        );
        assert_eq!(
            (bucket.id.as_str(), bucket.region.as_str()),
            ("logs", "eu01")
        );
    }
}
