//! Bucket operations on an S3 endpoint, path-style (`{endpoint}/{bucket}?…`), every request
//! signed with SigV4: create, head, delete, versioning, tags, and emptying a bucket (every
//! object version and delete marker, page by page) for `force_destroy`.

use std::time::SystemTime;

use base64::Engine as _;
use md5::{Digest, Md5};
use reqwest::Method;
use url::Url;

use super::errors::{is_already_owned, parse_error};
use super::signing::{sign, S3Credentials};
use super::xml::{self, ObjectVersion};
use crate::error::{Error, ErrorKind, Result};
use crate::http::{path_segment, HttpClient, HttpRequest, HttpResponse};
use crate::model::Labels;
use crate::wait::Deadline;

/// Most keys one DeleteObjects request takes.
const DELETE_BATCH: usize = 1000;

/// The version id S3 lists for an object written while versioning was off.
const NULL_VERSION: &str = "null";

/// A client for one S3 endpoint with one key pair.
#[derive(Debug)]
pub struct S3Client {
    http: HttpClient,
    endpoint: Url,
    credentials: S3Credentials,
}

impl S3Client {
    /// A client for `endpoint` (its path is kept: `http://host/ionos/s3`).
    pub fn new(http: HttpClient, endpoint: &str, credentials: S3Credentials) -> Result<Self> {
        let endpoint = Url::parse(endpoint.trim_end_matches('/')).map_err(|e| {
            Error::invalid_field("s3.endpoint", format!("{endpoint:?} is not a URL: {e}"))
        })?;
        Ok(S3Client {
            http,
            endpoint,
            credentials,
        })
    }

    /// The endpoint, as given.
    pub fn endpoint(&self) -> &str {
        self.endpoint.as_str()
    }

    /// The region requests are signed for.
    pub fn region(&self) -> &str {
        &self.credentials.region
    }

    /// `{endpoint}/{bucket}` with `query` (already encoded).
    fn url(&self, bucket: &str, query: &str) -> Url {
        let mut url = self.endpoint.clone();
        url.set_path(&format!(
            "{}/{}",
            self.endpoint.path().trim_end_matches('/'),
            path_segment(bucket)
        ));
        url.set_query(Some(query).filter(|q| !q.is_empty()));
        url
    }

    /// Sends a signed request; the answer, or the S3 error it carries.
    async fn send(
        &self,
        method: Method,
        bucket: &str,
        query: &str,
        body: Option<String>,
    ) -> Result<HttpResponse> {
        self.send_unchecked(method, bucket, query, body)
            .await?
            .error_for_status(parse_error)
    }

    /// Sends a signed request; the answer, whatever its status.
    async fn send_unchecked(
        &self,
        method: Method,
        bucket: &str,
        query: &str,
        body: Option<String>,
    ) -> Result<HttpResponse> {
        let mut request = HttpRequest::new(method, self.url(bucket, query));
        if let Some(body) = body {
            let md5 =
                base64::engine::general_purpose::STANDARD.encode(Md5::digest(body.as_bytes()));
            request = request
                .header("content-md5", &md5)?
                .bytes("application/xml", body.into_bytes())
                // Every S3 change the client makes can be repeated (DeleteObjects too).
                .idempotent(true);
        }
        let request = sign(request, &self.credentials, SystemTime::now())?;
        self.http.send(&request).await
    }

    /// Creates a bucket (in `location` where the cloud wants it named). When the first answer
    /// was lost and the retry hears that the caller owns the bucket already, the first
    /// attempt made it: that is success.
    pub async fn create_bucket(&self, bucket: &str, location: Option<&str>) -> Result<()> {
        let answer = self
            .send_unchecked(Method::PUT, bucket, "", xml::create_bucket(location))
            .await?;
        if answer.attempts > 1 && is_already_owned(&answer) {
            tracing::info!(
                bucket,
                "a retried create found the bucket its first attempt made"
            );
            return Ok(());
        }
        answer.error_for_status(parse_error).map(|_| ())
    }

    /// Whether the bucket exists (and these keys may see it).
    pub async fn bucket_exists(&self, bucket: &str) -> Result<bool> {
        match self.send(Method::HEAD, bucket, "", None).await {
            Ok(_) => Ok(true),
            // HEAD answers carry no body: a 404 is the bucket being gone.
            Err(e) if e.is_not_found() || e.status() == Some(404) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Deletes an empty bucket.
    pub async fn delete_bucket(&self, bucket: &str) -> Result<()> {
        self.send(Method::DELETE, bucket, "", None)
            .await
            .map(|_| ())
    }

    /// Whether versioning is on (`Suspended` and never-enabled both read as off).
    pub async fn versioning(&self, bucket: &str) -> Result<bool> {
        let answer = self.send(Method::GET, bucket, "versioning", None).await?;
        Ok(xml::texts(&answer.body)
            .iter()
            .any(|(path, value)| path == "Status" && value == "Enabled"))
    }

    /// Turns versioning on, or suspends it.
    pub async fn set_versioning(&self, bucket: &str, enabled: bool) -> Result<()> {
        self.send(
            Method::PUT,
            bucket,
            "versioning",
            Some(xml::versioning(enabled)),
        )
        .await
        .map(|_| ())
    }

    /// The bucket's tags (none when S3 says `NoSuchTagSet`).
    pub async fn tags(&self, bucket: &str) -> Result<Labels> {
        let answer = match self.send(Method::GET, bucket, "tagging", None).await {
            Ok(answer) => answer,
            Err(e) if e.message().contains("NoSuchTagSet") => return Ok(Labels::new()),
            Err(e) => return Err(e),
        };
        let mut labels = Labels::new();
        let mut key = None;
        for (path, value) in xml::texts(&answer.body) {
            match path.as_str() {
                "TagSet/Tag/Key" => key = Some(value),
                "TagSet/Tag/Value" => {
                    if let Some(key) = key.take() {
                        labels.insert(key, value);
                    }
                }
                _ => {}
            }
        }
        Ok(labels)
    }

    /// Makes the bucket's tags exactly `labels` (removing them all when empty).
    pub async fn set_tags(&self, bucket: &str, labels: &Labels) -> Result<()> {
        if labels.is_empty() {
            return self
                .send(Method::DELETE, bucket, "tagging", None)
                .await
                .map(|_| ());
        }
        self.send(Method::PUT, bucket, "tagging", Some(xml::tagging(labels)))
            .await
            .map(|_| ())
    }

    /// The first page (up to 1000) of object versions and delete markers.
    async fn first_versions(&self, bucket: &str) -> Result<Vec<ObjectVersion>> {
        let answer = self.send(Method::GET, bucket, "versions", None).await?;
        let mut objects: Vec<ObjectVersion> = Vec::new();
        for (path, value) in xml::texts(&answer.body) {
            match path.as_str() {
                "Version/Key" | "DeleteMarker/Key" => objects.push(ObjectVersion {
                    key: value,
                    version: NULL_VERSION.to_string(),
                }),
                "Version/VersionId" | "DeleteMarker/VersionId" => {
                    if let Some(last) = objects.last_mut() {
                        last.version = value;
                    }
                }
                _ => {}
            }
        }
        Ok(objects)
    }

    /// Deletes every object version and delete marker in the bucket, a page at a time (each
    /// page from the top again, as deleting changes the listing), until it is empty or
    /// `deadline` passes; how many it deleted. A page that comes back unchanged after its
    /// delete is an error, never an endless loop.
    pub async fn empty(&self, bucket: &str, deadline: Deadline) -> Result<usize> {
        let mut removed = 0;
        let mut previous: Vec<ObjectVersion> = Vec::new();
        loop {
            let objects = self.first_versions(bucket).await?;
            if objects.is_empty() {
                return Ok(removed);
            }
            if objects == previous {
                return Err(Error::new(
                    ErrorKind::Api,
                    format!(
                        "emptying bucket {bucket}: S3 accepted the delete of {} but still lists \
                         them (first: {})",
                        objects.len(),
                        objects[0].key
                    ),
                ));
            }
            if deadline.has_passed() {
                return Err(Error::new(
                    ErrorKind::Timeout,
                    format!(
                        "emptying bucket {bucket} did not finish before the deadline: {removed} \
                         object versions deleted, more remain"
                    ),
                ));
            }
            for batch in objects.chunks(DELETE_BATCH) {
                let answer = self
                    .send(
                        Method::POST,
                        bucket,
                        "delete",
                        Some(xml::delete_objects(batch)),
                    )
                    .await?;
                // Quiet mode lists only what could not be deleted.
                let failed: Vec<String> = xml::texts(&answer.body)
                    .into_iter()
                    .filter(|(path, _)| path == "Error/Key" || path == "Error/Code")
                    .map(|(_, value)| value)
                    .collect();
                if !failed.is_empty() {
                    return Err(Error::new(
                        ErrorKind::Api,
                        format!(
                            "emptying bucket {bucket}: S3 kept some objects ({})",
                            failed.join(", ")
                        ),
                    ));
                }
                removed += batch.len();
            }
            previous = objects;
        }
    }
}
