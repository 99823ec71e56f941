//! When the answer to every POST is lost after the cloud processed it, a create still makes
//! its object once and goes on as after an answer (labels added, a volume grown, the object
//! read back), and the SDK's own create token stays out of the user's labels.

mod support;

use serde_json::Value;
use sovereign_emulator::{EmulatorConfig, FaultKind};
use sovereign_sdk::http::RetryPolicy;
use sovereign_sdk::model::*;
use support::{deadline, Rig};

/// A rig on `cloud` whose POSTs all lose their answers after the emulator processed them.
fn rig(cloud: &str) -> Rig {
    let config = EmulatorConfig {
        fault_rate: 1.0,
        fault_kinds: vec![FaultKind::DropAfter],
        fault_methods: vec!["POST".to_string()],
        seed: 1,
        ..EmulatorConfig::default()
    };
    Rig::configured(cloud, config, RetryPolicy::default(), |_| true)
}

/// How many objects the emulator holds in `cloud`'s `collection`.
async fn held(rig: &Rig, cloud: &str, collection: &str) -> usize {
    match &rig.admin("inventory").await[cloud][collection] {
        Value::Array(items) => items.len(),
        Value::Object(items) => items.len(),
        other => panic!("no {collection} in the {cloud} inventory: {other}"),
    }
}

/// A 10 GB volume with `labels`, made while every answer is lost.
async fn make_volume(rig: &Rig, labels: &Labels) -> Volume {
    rig.cloud
        .block_storage()
        .create_volume(
            &VolumeSpec {
                name: "every-answer-lost".into(),
                size_gb: 10,
                labels: labels.clone(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("the volume, adopted")
}

/// Deletes the volume; then nothing may be left.
async fn delete_volume(rig: &Rig, id: &str) {
    let deleted = rig
        .cloud
        .block_storage()
        .delete_volume(id, deadline())
        .await;
    deleted.expect("delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn ionos_volume_and_its_labels_are_made_once() {
    let rig = rig("ionos");
    let wanted = Labels::from([
        ("env".to_string(), "test".to_string()),
        ("team".to_string(), "a".to_string()),
    ]);
    let volume = make_volume(&rig, &wanted).await;
    assert_eq!(volume.labels, wanted);
    assert_eq!(volume.status, "available");
    assert_eq!(held(&rig, "ionos", "volumes").await, 1);
    let stats = rig.admin("stats").await;
    assert!(
        stats["faults_by_kind"]["drop_after"].as_u64() >= Some(3),
        "the create and both labels lost their answers: {stats}"
    );
    delete_volume(&rig, &volume.id).await;
}

#[tokio::test]
async fn stackit_volume_is_made_and_grown_once() {
    let rig = rig("stackit");
    let storage = rig.cloud.block_storage();
    let volume = make_volume(&rig, &Labels::new()).await;
    let grown = storage
        .update_volume(
            &volume.id,
            &VolumeUpdate {
                size_gb: Some(20),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("grown, though the answer was lost");
    assert_eq!(grown.size_gb, 20);
    assert_eq!(held(&rig, "stackit", "volumes").await, 1);
    delete_volume(&rig, &volume.id).await;
}

#[tokio::test]
async fn stackit_public_ip_is_made_once_and_its_token_stays_hidden() {
    let rig = rig("stackit");
    let networking = rig.cloud.networking();
    let wanted = Labels::from([("env".to_string(), "test".to_string())]);
    let ip = networking
        .create_public_ip(
            &PublicIpSpec {
                server_id: None,
                labels: wanted.clone(),
            },
            deadline(),
        )
        .await
        .expect("the public IP, adopted");
    assert_eq!(ip.labels, wanted, "the create token is the SDK's own");
    assert_eq!(held(&rig, "stackit", "public_ips").await, 1);
    let relabelled = networking
        .set_public_ip_labels(&ip.id, &Labels::new(), deadline())
        .await
        .expect("relabel");
    assert!(relabelled.labels.is_empty(), "{:?}", relabelled.labels);
    networking
        .delete_public_ip(&ip.id, deadline())
        .await
        .expect("delete");
    rig.assert_nothing_left().await;
}
