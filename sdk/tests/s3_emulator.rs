//! The SDK's S3 buckets against the emulator's S3 endpoints (which verify SigV4): the full
//! life of a bucket on IONOS, OTC and plusserver, a wrong secret refused, a bucket with objects
//! kept unless forced.

use std::time::{Duration, SystemTime};

mod support;

use reqwest::Method;
use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::http::{HttpClient, HttpRequest, RetryPolicy};
use sovereign_sdk::model::{BucketSpec, BucketUpdate, Labels};
use sovereign_sdk::s3::{sign, S3Buckets, S3Client, S3Credentials};
use sovereign_sdk::secret::Secret;
use sovereign_sdk::{Deadline, ErrorKind, ObjectStorage};

fn deadline() -> Deadline {
    Deadline::after(Duration::from_secs(30))
}

/// The S3 endpoint and keys `env <cloud>` prints.
fn s3_for(emulator: &Emulator, cloud: &str, secret: Option<&str>) -> (S3Client, S3Credentials) {
    let vars = sovereign_emulator::env_vars(cloud, &emulator.url()).expect("env");
    let var = |name: &str| {
        vars.iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("env {cloud} has no {name}"))
    };
    let credentials = S3Credentials {
        access_key: var("AWS_ACCESS_KEY_ID"),
        secret_key: Secret::from(
            secret
                .map(String::from)
                .unwrap_or_else(|| var("AWS_SECRET_ACCESS_KEY")),
        ),
        region: var("AWS_REGION"),
    };
    let client = S3Client::new(
        HttpClient::new(RetryPolicy::default()).unwrap(),
        &var("AWS_ENDPOINT_URL_S3"),
        credentials.clone(),
    )
    .unwrap();
    (client, credentials)
}

/// Puts one object into `bucket` (the SDK itself never writes objects).
async fn put_object(endpoint: &str, credentials: &S3Credentials, bucket: &str, key: &str) {
    let url = url::Url::parse(&format!("{endpoint}/{bucket}/{key}")).unwrap();
    let request = HttpRequest::new(Method::PUT, url).bytes("text/plain", b"hello".to_vec());
    let request = sign(request, credentials, SystemTime::now()).unwrap();
    let answer = HttpClient::new(RetryPolicy::default())
        .unwrap()
        .send(&request)
        .await
        .unwrap();
    assert_eq!(answer.status, 200, "{}", answer.body_excerpt());
}

async fn bucket_life(cloud: &str) {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let (client, credentials) = s3_for(&emulator, cloud, None);
    let endpoint = client.endpoint().to_string();
    let buckets = S3Buckets::new(client, cloud != "plusserver");
    let spec = BucketSpec {
        name: format!("{cloud}-logs"),
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

    let changed = buckets
        .update_bucket(
            &spec.name,
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

    put_object(&endpoint, &credentials, &spec.name, "a.txt").await;
    let kept = buckets
        .delete_bucket(&spec.name, false, deadline())
        .await
        .unwrap_err();
    assert_eq!(kept.field(), Some("force_destroy"), "{kept}");
    assert!(
        buckets.get_bucket(&spec.name).await.is_ok(),
        "the bucket is still there"
    );
    buckets
        .delete_bucket(&spec.name, true, deadline())
        .await
        .expect("forced delete");
    assert!(buckets
        .get_bucket(&spec.name)
        .await
        .unwrap_err()
        .is_not_found());

    // A wrong secret: S3 says SignatureDoesNotMatch (a GET, so the answer has a body).
    let (forged, _) = s3_for(&emulator, cloud, Some("not-the-secret"));
    let refused = forged.versioning("any").await.unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Unauthorized, "{refused}");
    assert!(
        refused.message().contains("SignatureDoesNotMatch"),
        "{refused}"
    );
}

#[tokio::test]
async fn ionos_bucket_life() {
    bucket_life("ionos").await;
}

#[tokio::test]
async fn otc_bucket_life() {
    bucket_life("otc").await;
}

#[tokio::test]
async fn plusserver_bucket_life() {
    bucket_life("plusserver").await;
}

/// A bucket made, read and deleted through a `Cloud` configured from `env <cloud>` with the
/// variables `keep` lets through.
async fn through_the_cloud(cloud: &str, keep: impl Fn(&str) -> bool) {
    let rig = support::Rig::for_cloud(cloud, Duration::from_millis(10), keep);
    let storage = rig.cloud.object_storage();
    storage.check_access().expect("keys are configured");
    let spec = BucketSpec {
        name: format!("{cloud}-through-cloud"),
        ..BucketSpec::default()
    };
    let made = storage
        .create_bucket(&spec, deadline())
        .await
        .expect("create");
    assert_eq!(made.name, spec.name);
    assert!(
        made.endpoint.ends_with("/s3") || made.endpoint.ends_with("/obs"),
        "{made:?}"
    );
    storage
        .delete_bucket(&spec.name, false, deadline())
        .await
        .expect("delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn each_s3_cloud_reaches_its_buckets_with_the_aws_variables() {
    for cloud in ["ionos", "otc", "plusserver"] {
        through_the_cloud(cloud, |_| true).await;
    }
}

#[tokio::test]
async fn otc_buckets_fall_back_to_the_account_ak_sk() {
    through_the_cloud("otc", |name| {
        name != "AWS_ACCESS_KEY_ID" && name != "AWS_SECRET_ACCESS_KEY"
    })
    .await;
}

#[tokio::test]
async fn without_keys_buckets_fail_on_s3_before_any_request() {
    let rig = support::Rig::for_cloud("plusserver", Duration::from_millis(10), |name| {
        !name.starts_with("AWS_")
    });
    let problem = rig.cloud.object_storage().check_access().unwrap_err();
    assert_eq!(problem.field(), Some("s3"), "{problem}");
    assert!(problem.message().contains("AWS_ACCESS_KEY_ID"), "{problem}");
}
