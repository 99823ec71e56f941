//! The SDK's S3 buckets against the emulator's S3 endpoints (which verify SigV4): the full
//! life of a bucket on IONOS, OTC and plusserver, a wrong secret refused, a bucket with objects
//! kept unless forced.

use std::time::Duration;

mod support;

use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::model::BucketSpec;
use sovereign_sdk::s3::S3Credentials;
use sovereign_sdk::secret::Secret;
use sovereign_sdk::ErrorKind;
use support::{deadline, s3};

/// The S3 endpoint and keys `env <cloud>` prints (with another secret when given).
fn s3_for(emulator: &Emulator, cloud: &str, secret: Option<&str>) -> (String, S3Credentials) {
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
    (var("AWS_ENDPOINT_URL_S3"), credentials)
}

async fn bucket_life(cloud: &str) {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let (endpoint, credentials) = s3_for(&emulator, cloud, None);
    s3::bucket_life(
        &endpoint,
        &credentials,
        cloud != "plusserver",
        &format!("{cloud}-logs"),
    )
    .await;
    let left = emulator_buckets(&emulator, cloud).await;
    assert!(left.is_empty(), "left behind: {left:?}");

    // A wrong secret: S3 says SignatureDoesNotMatch (a GET, so the answer has a body).
    let (endpoint, forged) = s3_for(&emulator, cloud, Some("not-the-secret"));
    let refused = s3::client(&endpoint, &forged)
        .versioning("any")
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Unauthorized, "{refused}");
    assert!(
        refused.message().contains("SignatureDoesNotMatch"),
        "{refused}"
    );
}

/// The buckets the emulator holds for `cloud`.
async fn emulator_buckets(emulator: &Emulator, cloud: &str) -> Vec<serde_json::Value> {
    let inventory: serde_json::Value =
        reqwest::get(format!("{}/_emulator/inventory", emulator.url()))
            .await
            .expect("inventory")
            .json()
            .await
            .expect("inventory JSON");
    inventory[cloud]["buckets"]
        .as_array()
        .cloned()
        .unwrap_or_default()
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
