//! Where one S3 cloud keeps its buckets: the endpoint, the signing region and the keys, from
//! the `s3` configuration or the cloud's own defaults; buckets without keys fail with a
//! diagnostic on `s3` (at plan time, through [`ObjectStorage::check_access`]).

use std::sync::Arc;

use async_trait::async_trait;

use super::buckets::S3Buckets;
use super::client::S3Client;
use super::signing::S3Credentials;
use crate::api::ObjectStorage;
use crate::cloud::S3Config;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpClient;
use crate::model::{Bucket, BucketSpec, BucketUpdate};
use crate::secret::Secret;
use crate::wait::Deadline;

/// One cloud's S3 defaults.
#[derive(Debug, Clone)]
pub struct S3Site {
    /// The cloud's name in messages (`IONOS`).
    pub cloud: &'static str,
    /// The endpoint when `s3.endpoint` is not set.
    pub default_endpoint: String,
    /// The region requests are signed for.
    pub region: String,
    /// Whether `CreateBucket` names the region (`LocationConstraint`).
    pub name_location: bool,
    /// Keys to use when the `s3` configuration has none (OTC: the account's AK/SK).
    pub fallback_keys: Option<(String, Secret)>,
    /// Where a user gets keys, for the message when there are none.
    pub key_hint: &'static str,
}

/// The buckets of `site`, with the keys and endpoint of `s3` where set.
pub fn object_storage(
    http: HttpClient,
    s3: &S3Config,
    site: S3Site,
) -> Result<Arc<dyn ObjectStorage>> {
    let keys = match (&s3.access_key, &s3.secret_key) {
        (Some(access), Some(secret)) => Some((access.clone(), secret.clone())),
        _ => site.fallback_keys.clone(),
    };
    let Some((access_key, secret_key)) = keys else {
        return Ok(Arc::new(NoKeys {
            message: format!(
                "buckets on {} need S3 keys: set `access_key` and `secret_key` in the provider's \
                 s3 block, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY ({})",
                site.cloud, site.key_hint
            ),
        }));
    };
    let endpoint = s3.endpoint.clone().unwrap_or(site.default_endpoint);
    let credentials = S3Credentials {
        access_key,
        secret_key,
        region: site.region,
    };
    let client = S3Client::new(http, &endpoint, credentials)?;
    Ok(Arc::new(S3Buckets::new(client, site.name_location)))
}

/// The S3 region of an IONOS endpoint (`https://s3.eu-central-3.ionoscloud.com`, or the older
/// `s3-eu-central-1.ionoscloud.com` form), `None` for any other host.
pub fn ionos_region_of(endpoint: &str) -> Option<String> {
    let host = url::Url::parse(endpoint).ok()?.host_str()?.to_string();
    let name = host.strip_suffix(".ionoscloud.com")?;
    let region = name
        .strip_prefix("s3.")
        .or_else(|| name.strip_prefix("s3-"))?;
    (!region.is_empty() && !region.contains('.')).then(|| region.to_string())
}

/// Buckets on a cloud whose S3 keys are not configured: every call says how to configure them.
#[derive(Debug)]
struct NoKeys {
    message: String,
}

impl NoKeys {
    fn error(&self) -> Error {
        Error::new(ErrorKind::Unauthorized, self.message.clone()).with_field("s3")
    }
}

#[async_trait]
impl ObjectStorage for NoKeys {
    fn check_access(&self) -> Result<()> {
        Err(self.error())
    }
    async fn create_bucket(&self, _spec: &BucketSpec, _deadline: Deadline) -> Result<Bucket> {
        Err(self.error())
    }
    async fn get_bucket(&self, _name: &str) -> Result<Bucket> {
        Err(self.error())
    }
    async fn update_bucket(
        &self,
        _name: &str,
        _update: &BucketUpdate,
        _deadline: Deadline,
    ) -> Result<Bucket> {
        Err(self.error())
    }
    async fn delete_bucket(&self, _name: &str, _force: bool, _deadline: Deadline) -> Result<()> {
        Err(self.error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ionos_regions_come_from_the_endpoint_host() {
        assert_eq!(
            ionos_region_of("https://s3.eu-central-3.ionoscloud.com").as_deref(),
            Some("eu-central-3")
        );
        assert_eq!(
            ionos_region_of("https://s3-eu-central-1.ionoscloud.com/").as_deref(),
            Some("eu-central-1")
        );
        assert_eq!(ionos_region_of("http://127.0.0.1:8787/ionos/s3"), None);
        assert_eq!(ionos_region_of("https://s3.example.com"), None);
    }

    #[tokio::test]
    async fn buckets_without_keys_say_where_keys_go() {
        let site = S3Site {
            cloud: "plusserver",
            default_endpoint: "https://prod1.api.pco.get-cloud.io:8080".into(),
            region: "us-east-1".into(),
            name_location: false,
            fallback_keys: None,
            key_hint: "openstack ec2 credentials create",
        };
        let http = HttpClient::new(Default::default()).unwrap();
        let buckets = object_storage(http, &S3Config::default(), site).unwrap();
        let problem = buckets.check_access().unwrap_err();
        assert_eq!(problem.field(), Some("s3"));
        assert!(problem.message().contains("ec2 credentials"), "{problem}");
        let error = buckets.get_bucket("logs").await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Unauthorized);
    }
}
