//! The life of a bucket on any S3 endpoint, through the SDK's `S3Buckets`: made with
//! versioning and tags, never adopted twice, changed, kept while it holds objects unless
//! forced, and gone after a forced delete.

use std::time::SystemTime;

use reqwest::Method;
use sovereign_sdk::http::{path_segment, HttpClient, HttpRequest, RetryPolicy};
use sovereign_sdk::model::{BucketSpec, BucketUpdate, Labels};
use sovereign_sdk::s3::{sign, S3Buckets, S3Client, S3Credentials};
use sovereign_sdk::{ErrorKind, ObjectStorage};

use super::deadline;

/// A client for `endpoint` with `credentials` and the default retries.
pub fn client(endpoint: &str, credentials: &S3Credentials) -> S3Client {
    S3Client::new(
        HttpClient::new(RetryPolicy::default()).unwrap(),
        endpoint,
        credentials.clone(),
    )
    .unwrap()
}

/// Puts one object into `bucket` (the SDK itself never writes objects); the key is encoded as
/// AWS clients do (each `/`-separated part percent-encoded).
pub async fn put_object(endpoint: &str, credentials: &S3Credentials, bucket: &str, key: &str) {
    let key: Vec<String> = key.split('/').map(path_segment).collect();
    let url = url::Url::parse(&format!("{endpoint}/{bucket}/{}", key.join("/"))).unwrap();
    let request = HttpRequest::new(Method::PUT, url).bytes("text/plain", b"hello".to_vec());
    let request = sign(request, credentials, SystemTime::now()).unwrap();
    let answer = HttpClient::new(RetryPolicy::default())
        .unwrap()
        .send(&request)
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body_excerpt());
}

/// Bucket `name` through its whole life on `endpoint`.
pub async fn bucket_life(
    endpoint: &str,
    credentials: &S3Credentials,
    name_location: bool,
    name: &str,
) {
    let buckets = S3Buckets::new(client(endpoint, credentials), name_location);
    let spec = BucketSpec {
        name: name.to_string(),
        versioning: true,
        labels: Labels::from([("env".to_string(), "test".to_string())]),
    };
    let made = buckets
        .create_bucket(&spec, deadline())
        .await
        .expect("create");
    assert!(made.versioning);
    assert_eq!(made.labels, spec.labels);
    let again = buckets.create_bucket(&spec, deadline()).await.unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict, "never adopted: {again}");

    // Two versions of one key while versioning is on, one more object once it is suspended.
    put_object(endpoint, credentials, name, "logs/a.txt").await;
    put_object(endpoint, credentials, name, "logs/a.txt").await;
    let changed = buckets
        .update_bucket(
            name,
            &BucketUpdate {
                versioning: Some(false),
                labels: Some(Labels::new()),
            },
            deadline(),
        )
        .await
        .expect("update");
    assert!(!changed.versioning);
    assert!(changed.labels.is_empty());
    put_object(endpoint, credentials, name, "b & c.txt").await;

    let kept = buckets
        .delete_bucket(name, false, deadline())
        .await
        .unwrap_err();
    assert_eq!(kept.field(), Some("force_destroy"), "{kept}");
    assert!(
        buckets.get_bucket(name).await.is_ok(),
        "the bucket is still there"
    );
    buckets
        .delete_bucket(name, true, deadline())
        .await
        .expect("forced delete");
    assert!(buckets.get_bucket(name).await.unwrap_err().is_not_found());
}
