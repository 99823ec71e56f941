//! The IONOS backend against the emulator: LANs, NSGs, volumes with attachments, servers made
//! with their boot volume and NIC, public IPs on an SDK-owned public LAN; every change followed
//! through its request; after each test nothing is left.

mod support;

use std::time::Duration;

use sovereign_sdk::model::*;
use support::{deadline, Rig};

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKzE5mYw0XFO0N1sQ6bqJ4xRTa7m0e1zOf9Rr4xS2ZtQ test@example";

fn rig() -> Rig {
    Rig::for_cloud("ionos", Duration::from_millis(100), |_| true)
}

async fn inventory(rig: &Rig, kind: &str) -> Vec<serde_json::Value> {
    rig.admin("inventory").await["ionos"][kind]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

async fn lan(rig: &Rig) -> Network {
    rig.cloud
        .networking()
        .create_network(
            &NetworkSpec {
                name: "ionos-net".into(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("LAN")
}

#[tokio::test]
async fn ionos_network_is_a_private_lan() {
    let rig = rig();
    let net = lan(&rig).await;
    assert_eq!(
        net.cidr.as_deref(),
        Some("10.7.0.0/24"),
        "assigned by IONOS"
    );
    let networking = rig.cloud.networking();
    let renamed = networking
        .update_network(
            &net.id,
            &NetworkUpdate {
                name: Some("ionos-net-2".into()),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("rename");
    assert_eq!(renamed.name, "ionos-net-2");
    let refused = networking
        .check_network(&NetworkSpec {
            name: "n".into(),
            internet_access: true,
            ..Default::default()
        })
        .unwrap_err();
    assert_eq!(refused.field(), Some("internet_access"));
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("delete");
    assert!(networking
        .get_network(&net.id)
        .await
        .unwrap_err()
        .is_not_found());
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn ionos_security_group_starts_with_egress_only() {
    let rig = rig();
    let networking = rig.cloud.networking();
    let group = networking
        .create_security_group(
            &SecurityGroupSpec {
                name: "web".into(),
                description: Some("web servers".into()),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("NSG");
    assert_eq!(group.description.as_deref(), Some("web servers"));
    let rules = inventory(&rig, "rules").await;
    assert_eq!(rules.len(), 2, "{rules:?}");
    let ssh = networking
        .create_security_group_rule(
            &SecurityGroupRuleSpec {
                security_group_id: group.id.clone(),
                direction: Direction::Ingress,
                protocol: Protocol::Tcp,
                port_min: Some(22),
                port_max: Some(22),
                remote_cidr: Some("0.0.0.0/0".into()),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("rule");
    assert!(ssh.id.starts_with(&format!("{}/", group.id)));
    assert_eq!(ssh.spec.port_min, Some(22));
    assert_eq!(
        networking
            .get_security_group_rule(&ssh.id)
            .await
            .expect("read rule"),
        ssh
    );
    networking
        .delete_security_group_rule(&ssh.id, deadline())
        .await
        .expect("delete rule");
    networking
        .delete_security_group(&group.id, deadline())
        .await
        .expect("delete NSG");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn ionos_server_with_volume_and_public_ip() {
    let rig = rig();
    let net = lan(&rig).await;
    let compute = rig.cloud.compute();
    let images = compute.list_images().await.expect("images");
    let image = images
        .iter()
        .find(|i| i.name.starts_with("ubuntu-24.04"))
        .unwrap_or_else(|| panic!("an Ubuntu 24.04 image: {images:?}"));
    let spec = ServerSpec {
        name: "web".into(),
        image: image.name.clone(),
        network_id: net.id.clone(),
        size: ServerSize::Flavor("SCS-2V-4".into()),
        availability_zone: None,
        security_group_ids: vec![],
        ssh_public_keys: vec![KEY.into()],
        user_data: Some("#cloud-config\n".into()),
        boot_volume_size_gb: Some(12),
        boot_volume_type: None,
        labels: [("role".to_string(), "web".to_string())].into(),
    };
    let server = compute
        .create_server(&spec, deadline())
        .await
        .expect("server");
    assert_eq!(server.status, "ACTIVE");
    assert_eq!((server.cores, server.memory_gb), (2, 4));
    assert_eq!(server.network_id, net.id);
    assert!(
        server
            .private_ip
            .as_deref()
            .unwrap_or("")
            .starts_with("10.7.0."),
        "{server:?}"
    );
    assert_eq!(server.labels, spec.labels);

    let storage = rig.cloud.block_storage();
    let volume = storage
        .create_volume(
            &VolumeSpec {
                name: "data".into(),
                size_gb: 5,
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("volume");
    let attachment = storage
        .attach_volume(
            &VolumeAttachmentSpec {
                server_id: server.id.clone(),
                volume_id: volume.id.clone(),
            },
            deadline(),
        )
        .await
        .expect("attach");
    assert!(attachment.device.is_some(), "{attachment:?}");

    let networking = rig.cloud.networking();
    let ip = networking
        .create_public_ip(
            &PublicIpSpec {
                server_id: Some(server.id.clone()),
                labels: Labels::new(),
            },
            deadline(),
        )
        .await
        .expect("public IP");
    assert_eq!(ip.server_id.as_deref(), Some(server.id.as_str()));
    assert!(!ip.address.is_empty());

    let resized = compute
        .update_server(
            &server.id,
            &ServerUpdate {
                size: Some(ServerSize::Resources {
                    cores: 4,
                    memory_gb: 8,
                }),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("resize");
    assert_eq!((resized.cores, resized.memory_gb), (4, 8));

    networking
        .delete_public_ip(&ip.id, deadline())
        .await
        .expect("release the IP");
    assert!(
        inventory(&rig, "lans").await.len() == 1,
        "the public LAN went with the last public IP"
    );
    compute
        .delete_server(&server.id, deadline())
        .await
        .expect("delete the server");
    let kept = storage
        .get_volume(&volume.id)
        .await
        .expect("the data volume is kept");
    assert_eq!(kept.size_gb, 5);
    storage
        .delete_volume(&volume.id, deadline())
        .await
        .expect("delete the volume");
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("delete the LAN");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn ionos_server_without_keys_gets_a_sealed_password() {
    let rig = rig();
    let net = lan(&rig).await;
    let compute = rig.cloud.compute();
    let spec = ServerSpec {
        name: "keyless".into(),
        image: "debian-12-genericcloud-amd64".into(),
        network_id: net.id.clone(),
        size: ServerSize::Flavor("S".into()),
        availability_zone: Some("ZONE_2".into()),
        security_group_ids: vec![],
        ssh_public_keys: vec![],
        user_data: None,
        boot_volume_size_gb: None,
        boot_volume_type: None,
        labels: Labels::new(),
    };
    let server = compute
        .create_server(&spec, deadline())
        .await
        .expect("IONOS takes the image with a password when no key is given");
    assert_eq!((server.cores, server.memory_gb), (1, 2));
    assert_eq!(server.availability_zone.as_deref(), Some("ZONE_2"));
    let volumes = inventory(&rig, "volumes").await;
    assert_eq!(
        volumes[0]["writeOnly"]["imagePasswordSet"], true,
        "{volumes:?}"
    );
    compute
        .delete_server(&server.id, deadline())
        .await
        .expect("delete");
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("delete the LAN");
    rig.assert_nothing_left().await;
}

/// A 404 beneath a data center that does not exist is not "the object is gone" (which would
/// make terraform forget every resource): it is a configuration error naming the setting.
#[tokio::test]
async fn a_missing_data_center_is_not_a_missing_object() {
    let rig = rig();
    let net = lan(&rig).await;
    let mut vars = sovereign_emulator::env_vars("ionos", &rig.emulator.url()).expect("env");
    for (name, value) in &mut vars {
        if name == "IONOS_DATACENTER_ID" {
            *value = "00000000-0000-4000-8000-000000000000".into();
        }
    }
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let config = sovereign_sdk::CloudConfig::from_lookup(&lookup).expect("config");
    let elsewhere = sovereign_sdk::Cloud::connect_with(config, &lookup).expect("connect");
    let error = elsewhere
        .networking()
        .get_network(&net.id)
        .await
        .unwrap_err();
    assert!(!error.is_not_found(), "{error}");
    assert_eq!(error.field(), Some("ionos.datacenter_id"), "{error}");

    // In the right data center, a LAN that is not there is gone.
    let missing = rig.cloud.networking().get_network("99").await.unwrap_err();
    assert!(missing.is_not_found(), "{missing}");
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("delete");
    rig.assert_nothing_left().await;
}
