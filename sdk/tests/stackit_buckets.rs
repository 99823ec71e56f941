//! STACKIT buckets through the object storage management API, against the emulator: a bucket's
//! whole life (create, a second create refused, read, a no-op update, versioning and labels
//! refused by field, a delete refused while it holds objects, forced or not, then deleted), a
//! project the service account may not use, and the capabilities.

mod support;

use std::time::Duration;

use sovereign_sdk::model::*;
use sovereign_sdk::{Cloud, CloudConfig, ErrorKind};
use support::{deadline, Rig};

/// A rig on the emulated STACKIT whose buckets take a moment to appear and to go.
fn rig() -> Rig {
    Rig::for_cloud("stackit", Duration::from_millis(200), |_| true)
}

/// Puts an object into the bucket through the emulator's test hook.
async fn add_object(rig: &Rig, bucket: &str) {
    let url = format!(
        "{}/_emulator/stackit/buckets/{bucket}/objects",
        rig.emulator.url()
    );
    let response = reqwest::Client::new().post(url).send().await.unwrap();
    assert_eq!(response.status(), 200);
}

fn spec(name: &str) -> BucketSpec {
    BucketSpec {
        name: name.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn a_bucket_lives_and_goes() {
    let rig = rig();
    let buckets = rig.cloud.object_storage();
    let made = buckets
        .create_bucket(&spec("app-logs"), deadline())
        .await
        .expect("create");
    assert_eq!(made.id, "app-logs");
    assert_eq!(made.name, "app-logs");
    assert_eq!(made.region, "eu01");
    assert_eq!(made.endpoint, "https://object.storage.eu01.onstackit.cloud");
    assert!(!made.versioning);
    assert!(made.labels.is_empty());

    let again = buckets
        .create_bucket(&spec("app-logs"), deadline())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::Conflict, "{again}");
    assert_eq!(again.field(), Some("name"));
    assert!(again.message().contains("import"), "{again}");
    let taken = buckets
        .create_bucket(&spec("taken-bucket"), deadline())
        .await
        .unwrap_err();
    assert_eq!(taken.kind(), ErrorKind::Conflict, "{taken}");
    assert_eq!(taken.field(), Some("name"));

    assert_eq!(buckets.get_bucket("app-logs").await.expect("get"), made);
    let same = buckets
        .update_bucket("app-logs", &BucketUpdate::default(), deadline())
        .await
        .expect("no-op update");
    assert_eq!(same, made);
    let off = BucketUpdate {
        versioning: Some(false),
        labels: Some(Labels::new()),
    };
    assert_eq!(
        buckets.update_bucket("app-logs", &off, deadline()).await,
        Ok(made.clone())
    );
    let versioned = BucketUpdate {
        versioning: Some(true),
        ..Default::default()
    };
    let error = buckets
        .update_bucket("app-logs", &versioned, deadline())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported);
    assert_eq!(error.field(), Some("versioning"));
    let labelled = BucketUpdate {
        labels: Some(Labels::from([("team".into(), "a".into())])),
        ..Default::default()
    };
    let error = buckets
        .update_bucket("app-logs", &labelled, deadline())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unsupported);
    assert_eq!(error.field(), Some("labels"));

    add_object(&rig, "app-logs").await;
    let kept = buckets
        .delete_bucket("app-logs", false, deadline())
        .await
        .unwrap_err();
    assert_eq!(kept.kind(), ErrorKind::Conflict, "{kept}");
    assert_eq!(kept.field(), Some("force_destroy"));
    assert!(kept.message().contains("S3 client"), "{kept}");
    let forced = buckets
        .delete_bucket("app-logs", true, deadline())
        .await
        .unwrap_err();
    assert_eq!(forced.kind(), ErrorKind::Conflict, "{forced}");
    assert_eq!(forced.field(), Some("force_destroy"));
    assert!(forced.message().contains("cannot empty"), "{forced}");
    assert!(buckets.get_bucket("app-logs").await.is_ok(), "still there");
}

#[tokio::test]
async fn an_empty_bucket_is_deleted_and_reads_as_gone() {
    let rig = rig();
    let buckets = rig.cloud.object_storage();
    buckets
        .create_bucket(&spec("scratch"), deadline())
        .await
        .expect("create");
    buckets
        .delete_bucket("scratch", false, deadline())
        .await
        .expect("delete");
    let gone = buckets.get_bucket("scratch").await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    buckets
        .delete_bucket("scratch", true, deadline())
        .await
        .expect("deleting it again is fine");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn what_the_management_api_lacks_is_refused_before_any_request() {
    let rig = rig();
    let buckets = rig.cloud.object_storage();
    let versioned = BucketSpec {
        versioning: true,
        ..spec("versioned")
    };
    let error = buckets
        .create_bucket(&versioned, deadline())
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.field()),
        (ErrorKind::Unsupported, Some("versioning"))
    );
    let labelled = BucketSpec {
        labels: Labels::from([("team".into(), "a".into())]),
        ..spec("labelled")
    };
    let error = buckets
        .create_bucket(&labelled, deadline())
        .await
        .unwrap_err();
    assert_eq!(
        (error.kind(), error.field()),
        (ErrorKind::Unsupported, Some("labels"))
    );
    let error = buckets
        .create_bucket(&spec("Bad_Name"), deadline())
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("name"));
    let stats = rig.admin("stats").await;
    assert!(
        stats["by_route"]
            .as_object()
            .unwrap()
            .keys()
            .all(|route| !route.contains("object-storage")),
        "{stats}"
    );
    let caps = rig.cloud.capabilities();
    assert!(caps.buckets);
    assert!(!caps.bucket_versioning);
    assert!(!caps.bucket_labels);
}

#[tokio::test]
async fn a_project_out_of_reach_names_the_setting() {
    let rig = rig();
    let mut vars = sovereign_emulator::env_vars("stackit", &rig.emulator.url()).expect("env");
    for (name, value) in &mut vars {
        if name == "STACKIT_PROJECT_ID" {
            *value = "00000000-0000-4000-8000-000000000000".into();
        }
    }
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let config = CloudConfig::from_lookup(&lookup).expect("config");
    let elsewhere = Cloud::connect_with(config, &lookup).expect("connect");
    let error = elsewhere
        .object_storage()
        .create_bucket(&spec("elsewhere"), deadline())
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("stackit.project_id"), "{error}");
    assert!(!error.is_not_found());
}
