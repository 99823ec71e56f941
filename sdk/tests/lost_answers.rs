//! Creates whose answers are lost after the cloud made the object (the emulator's
//! `drop_after` fault on POSTs, PUTs and DELETEs) make every object exactly once, on every cloud: the SDK finds
//! and adopts what such a create made instead of making a second one.

mod support;

use std::time::Duration;

use serde_json::Value;
use sovereign_emulator::{EmulatorConfig, FaultKind};
use sovereign_sdk::http::RetryPolicy;
use sovereign_sdk::model::*;
use support::{deadline, Rig};

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKzE5mYw0XFO0N1sQ6bqJ4xRTa7m0e1zOf9Rr4xS2ZtQ test@example";

/// Seeds of the fault sequences tried, one round each.
const SEEDS: [u64; 3] = [11, 12, 13];

/// A rig whose POSTs, PUTs and DELETEs lose their answers at `rate` after the emulator processed them, in the
/// sequence `seed` draws.
fn rig(cloud: &str, rate: f64, seed: u64) -> Rig {
    let config = EmulatorConfig {
        fault_rate: rate,
        fault_kinds: vec![FaultKind::DropAfter],
        fault_methods: ["POST", "PUT", "DELETE"].map(String::from).to_vec(),
        seed,
        ..EmulatorConfig::default()
    };
    // Quick retries, and enough of them that a request meeting a lost answer half of the time
    // always gets through.
    let retry = RetryPolicy {
        max_retries: 16,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(200),
        ..RetryPolicy::default()
    };
    Rig::configured(cloud, config, retry, |_| true)
}

/// How many objects of each collection the emulator holds for `cloud`, leaving out the empty
/// ones.
async fn counts(rig: &Rig, cloud: &str) -> Vec<(String, usize)> {
    let inventory = rig.admin("inventory").await;
    let Some(collections) = inventory[cloud].as_object() else {
        panic!("no {cloud} in {inventory}");
    };
    collections
        .iter()
        .filter_map(|(name, items)| match items {
            Value::Array(list) if !list.is_empty() => Some((name.clone(), list.len())),
            Value::Object(map) if !map.is_empty() => Some((name.clone(), map.len())),
            _ => None,
        })
        .collect()
}

/// What one round makes (`routed`: the cloud takes a CIDR and internet access): two networks,
/// two groups with two rules each, two volumes, a server with one of them attached, a public
/// IP on it and a bucket; returns the ids to delete, in order.
async fn make_everything(rig: &Rig, round: usize, routed: bool) -> Vec<(&'static str, String)> {
    let cloud = &rig.cloud;
    let mut made = Vec::new();
    let mut networks = Vec::new();
    for n in 0..2 {
        let spec = NetworkSpec {
            name: format!("lost-{round}-net-{n}"),
            cidr: routed.then(|| format!("10.{}.{n}.0/24", 40 + round)),
            internet_access: routed,
            ..Default::default()
        };
        let network = cloud
            .networking()
            .create_network(&spec, deadline())
            .await
            .unwrap_or_else(|e| panic!("network {n}: {e}"));
        networks.push(network.id.clone());
    }
    let mut groups = Vec::new();
    for g in 0..2 {
        let spec = SecurityGroupSpec {
            name: format!("lost-{round}-group-{g}"),
            ..Default::default()
        };
        let group = cloud
            .networking()
            .create_security_group(&spec, deadline())
            .await
            .unwrap_or_else(|e| panic!("group {g}: {e}"));
        for port in [22, 443] {
            let rule = SecurityGroupRuleSpec {
                security_group_id: group.id.clone(),
                direction: Direction::Ingress,
                protocol: Protocol::Tcp,
                port_min: Some(port),
                port_max: Some(port),
                remote_cidr: Some("0.0.0.0/0".into()),
                ethertype: EtherType::IPv4,
                description: None,
            };
            cloud
                .networking()
                .create_security_group_rule(&rule, deadline())
                .await
                .unwrap_or_else(|e| panic!("rule {port} of group {g}: {e}"));
        }
        groups.push(group.id.clone());
    }
    let mut volumes = Vec::new();
    for v in 0..2 {
        let spec = VolumeSpec {
            name: format!("lost-{round}-vol-{v}"),
            size_gb: 10,
            ..Default::default()
        };
        let volume = cloud
            .block_storage()
            .create_volume(&spec, deadline())
            .await
            .unwrap_or_else(|e| panic!("volume {v}: {e}"));
        volumes.push(volume.id.clone());
    }
    let images = cloud.compute().list_images().await.expect("images");
    let image = images.first().expect("an image").name.clone();
    let server = cloud
        .compute()
        .create_server(
            &ServerSpec {
                name: format!("lost-{round}-server"),
                image,
                network_id: networks[0].clone(),
                size: ServerSize::Resources {
                    cores: 2,
                    memory_gb: 4,
                },
                security_group_ids: vec![groups[0].clone()],
                availability_zone: None,
                ssh_public_keys: vec![KEY.into()],
                user_data: None,
                boot_volume_size_gb: None,
                boot_volume_type: None,
                labels: Labels::new(),
            },
            deadline(),
        )
        .await
        .unwrap_or_else(|e| panic!("server: {e}"));
    let attachment = cloud
        .block_storage()
        .attach_volume(
            &VolumeAttachmentSpec {
                server_id: server.id.clone(),
                volume_id: volumes[0].clone(),
            },
            deadline(),
        )
        .await
        .unwrap_or_else(|e| panic!("attachment: {e}"));
    let ip = cloud
        .networking()
        .create_public_ip(
            &PublicIpSpec {
                server_id: Some(server.id.clone()),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .unwrap_or_else(|e| panic!("public IP: {e}"));
    let bucket = cloud
        .object_storage()
        .create_bucket(
            &BucketSpec {
                name: format!("lost-{round}-bucket"),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .unwrap_or_else(|e| panic!("bucket: {e}"));
    made.push(("bucket", bucket.name));
    made.push(("public IP", ip.id));
    made.push(("attachment", attachment.id));
    made.push(("server", server.id));
    made.extend(volumes.into_iter().map(|id| ("volume", id)));
    made.extend(groups.into_iter().map(|id| ("group", id)));
    made.extend(networks.into_iter().map(|id| ("network", id)));
    made
}

async fn delete(rig: &Rig, what: &str, id: &str) {
    let (networking, storage, compute) = (
        rig.cloud.networking(),
        rig.cloud.block_storage(),
        rig.cloud.compute(),
    );
    let result = match what {
        "bucket" => {
            let buckets = rig.cloud.object_storage();
            buckets.delete_bucket(id, false, deadline()).await
        }
        "public IP" => networking.delete_public_ip(id, deadline()).await,
        "attachment" => storage.detach_volume(id, deadline()).await,
        "server" => compute.delete_server(id, deadline()).await,
        "volume" => storage.delete_volume(id, deadline()).await,
        "group" => networking.delete_security_group(id, deadline()).await,
        "network" => networking.delete_network(id, deadline()).await,
        other => panic!("unknown kind {other}"),
    };
    match result {
        Ok(()) => {}
        // A delete whose answer was lost is sent again and hears that the object is gone.
        Err(e) if e.is_not_found() => {}
        Err(e) => panic!("deleting {what} {id}: {e}"),
    }
}

/// Makes the same set once with no faults (the reference inventory), then once per seed with
/// a lost answer on a share of the POSTs; every round must leave the same counts, and
/// deleting what the SDK returned (also under faults) must leave nothing.
async fn exactly_once(cloud: &str, routed: bool) {
    let rig = rig(cloud, 0.0, 0);
    let reference = make_everything(&rig, 0, routed).await;
    let expected = counts(&rig, cloud).await;
    for (what, id) in &reference {
        delete(&rig, what, id).await;
    }
    rig.assert_nothing_left().await;

    for (round, seed) in SEEDS.into_iter().enumerate() {
        let faulty = self::rig(cloud, 0.5, seed);
        let made = make_everything(&faulty, round + 1, routed).await;
        let stats = faulty.admin("stats").await;
        let lost = stats["faults_by_kind"]["drop_after"].as_u64().unwrap_or(0);
        assert!(
            lost >= 4,
            "seed {seed}: too few answers were lost to prove anything: {stats}"
        );
        assert_eq!(
            counts(&faulty, cloud).await,
            expected,
            "seed {seed}: {lost} lost answers changed what exists"
        );
        for (what, id) in &made {
            delete(&faulty, what, id).await;
        }
        faulty.assert_nothing_left().await;
    }
}

#[tokio::test]
async fn plusserver_makes_each_object_once() {
    exactly_once("plusserver", true).await;
}

#[tokio::test]
async fn otc_makes_each_object_once() {
    exactly_once("otc", true).await;
}

#[tokio::test]
async fn ionos_makes_each_object_once() {
    exactly_once("ionos", false).await;
}

#[tokio::test]
async fn stackit_makes_each_object_once() {
    exactly_once("stackit", true).await;
}
