//! Calls to STACKIT's Object Storage management API v2 for one project in one region: every
//! path is `/v2/project/{projectId}/regions/{region}…` (singular `project`), with the same
//! Bearer token, renewal and error bodies as IaaS. A 403 there means the project is not one
//! this service account may use.

use reqwest::Method;
use serde::Deserialize;

use super::client::StackitClient;
use crate::cloud::StackitConfig;
use crate::error::{Error, ErrorKind, Result};
use crate::http::HttpResponse;
use crate::lost_create::{ensure_once, exists};

/// The public management API (one host for every region).
pub const DEFAULT_OBJECTSTORAGE_URL: &str = "https://object-storage.api.stackit.cloud";

/// The management API's base URL: `STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT`, else
/// `{endpoint}/object-storage` under an endpoint override (where `{endpoint}/iaas` serves IaaS),
/// else STACKIT's.
pub(super) fn base_url(config: &StackitConfig, endpoint: Option<&str>) -> String {
    match (&config.objectstorage_endpoint, endpoint) {
        (Some(url), _) => url.clone(),
        (None, Some(endpoint)) => format!("{}/object-storage", endpoint.trim_end_matches('/')),
        (None, None) => DEFAULT_OBJECTSTORAGE_URL.to_string(),
    }
}

/// A bucket as `GetBucket` reports it.
#[derive(Debug, Deserialize)]
pub(super) struct ApiBucket {
    /// The name.
    pub name: String,
    /// The region it lives in.
    pub region: String,
    /// `https://object.storage.{region}.onstackit.cloud/{name}`.
    #[serde(rename = "urlPathStyle")]
    pub url_path_style: String,
}

#[derive(Deserialize)]
struct GetBucketResponse {
    bucket: ApiBucket,
}

/// The management API, scoped to a project and region.
#[derive(Debug)]
pub(super) struct ObjectStorageApi {
    client: StackitClient,
    project_id: String,
}

impl ObjectStorageApi {
    /// The API through `client` (whose base URL is the management API's) for `project_id`.
    pub fn new(client: StackitClient, project_id: String) -> Self {
        ObjectStorageApi { client, project_id }
    }

    /// The project the buckets belong to.
    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    fn path(&self, rest: &str) -> String {
        format!(
            "/v2/project/{}/regions/{}{rest}",
            self.project_id,
            self.client.region()
        )
    }

    /// Sends `method path`; a 403 names the project setting.
    async fn call(&self, method: Method, rest: &str) -> Result<HttpResponse> {
        self.client
            .call(method, &self.path(rest), None)
            .await
            .map_err(|error| match error.kind() {
                ErrorKind::Forbidden => Error::invalid_field(
                    "stackit.project_id",
                    format!(
                        "STACKIT refused object storage in project {}: check `project_id` in the \
                         stackit block or STACKIT_PROJECT_ID, and that the service account may \
                         manage object storage there ({})",
                        self.project_id,
                        error.message()
                    ),
                ),
                _ => error,
            })
    }

    /// EnableService: turns object storage on for the project in the region (a no-op when it
    /// is on already).
    pub async fn enable(&self) -> Result<()> {
        // A lost answer is checked with GetProject (on means done) rather than sent again.
        ensure_once(
            "turning object storage on",
            || self.call(Method::POST, ""),
            || async { exists(self.call(Method::GET, "").await) },
        )
        .await
        .map(drop)
    }

    /// GetBucket.
    pub async fn bucket(&self, name: &str) -> Result<ApiBucket> {
        let answer: GetBucketResponse = self
            .call(Method::GET, &format!("/bucket/{name}"))
            .await?
            .json()?;
        Ok(answer.bucket)
    }

    /// CreateBucket.
    pub async fn create_bucket(&self, name: &str) -> Result<()> {
        // Bucket names are global and the caller made sure it was free: after a lost answer,
        // a bucket of the name is this create's.
        let rest = format!("/bucket/{name}");
        ensure_once(
            &format!("creating bucket {name}"),
            || self.call(Method::POST, &rest),
            || async { exists(self.bucket(name).await) },
        )
        .await
        .map(drop)
    }

    /// DeleteBucket.
    pub async fn delete_bucket(&self, name: &str) -> Result<()> {
        self.call(Method::DELETE, &format!("/bucket/{name}"))
            .await
            .map(drop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_custom_endpoint_wins_over_the_override() {
        let mut config = StackitConfig::default();
        assert_eq!(base_url(&config, None), DEFAULT_OBJECTSTORAGE_URL);
        assert_eq!(
            base_url(&config, Some("http://emu/stackit/")),
            "http://emu/stackit/object-storage"
        );
        config.objectstorage_endpoint = Some("http://os".to_string());
        assert_eq!(base_url(&config, Some("http://emu/stackit")), "http://os");
    }
}
