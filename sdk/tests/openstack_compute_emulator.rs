//! Servers, volumes, attachments, security groups and public IPs through the OpenStack backend
//! against the emulator; after each test nothing is left.

mod support;

use std::time::Duration;

use sovereign_sdk::model::*;
use sovereign_sdk::{Deadline, ErrorKind};
use support::{deadline, Rig};

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKzE5mYw0XFO0N1sQ6bqJ4xRTa7m0e1zOf9Rr4xS2ZtQ test@example";

async fn network(rig: &Rig, internet: bool) -> Network {
    rig.cloud
        .networking()
        .create_network(
            &NetworkSpec {
                name: "srv-net".into(),
                cidr: Some("10.60.0.0/24".into()),
                internet_access: internet,
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("network")
}

fn server_spec(network_id: &str, size: ServerSize) -> ServerSpec {
    ServerSpec {
        name: "web".into(),
        image: "Ubuntu 24.04".into(),
        network_id: network_id.into(),
        size,
        availability_zone: None,
        security_group_ids: vec![],
        ssh_public_keys: vec![KEY.into()],
        user_data: Some("#cloud-config\n".into()),
        boot_volume_size_gb: None,
        boot_volume_type: None,
        labels: [("role".to_string(), "web".to_string())].into(),
    }
}

/// The smallest server from `server_spec`, waited for.
async fn small_server(rig: &Rig, network_id: &str) -> Server {
    let size = ServerSize::Resources {
        cores: 1,
        memory_gb: 1,
    };
    rig.cloud
        .compute()
        .create_server(&server_spec(network_id, size), deadline())
        .await
        .expect("server")
}

#[tokio::test]
async fn catalog_lists_images_flavors_and_zones() {
    let rig = Rig::with_delay(Duration::ZERO);
    let compute = rig.cloud.compute();
    let images = compute.list_images().await.expect("images");
    assert!(
        images.iter().any(|i| i.name == "Ubuntu 24.04"),
        "{images:?}"
    );
    assert!(images.iter().any(|i| i.name == "Debian 12"), "{images:?}");
    let flavors = compute.list_flavors().await.expect("flavors");
    assert!(flavors.iter().any(|f| f.cores == 1));
    assert!(flavors.iter().any(|f| f.cores == 16));
    let zones = compute.list_availability_zones().await.expect("zones");
    assert!(!zones.is_empty());
}

#[tokio::test]
async fn server_lifecycle_with_resize_and_groups() {
    let rig = Rig::with_delay(Duration::from_millis(100));
    let net = network(&rig, false).await;
    let compute = rig.cloud.compute();
    let server = compute
        .create_server(
            &server_spec(
                &net.id,
                ServerSize::Resources {
                    cores: 2,
                    memory_gb: 4,
                },
            ),
            deadline(),
        )
        .await
        .expect("create server");
    assert_eq!(server.status, "ACTIVE");
    assert_eq!(server.cores, 2);
    assert!(server.memory_gb >= 4);
    assert_eq!(server.network_id, net.id);
    assert!(
        server
            .private_ip
            .as_deref()
            .unwrap_or("")
            .starts_with("10.60.0."),
        "{server:?}"
    );
    assert_eq!(server.labels.get("role").map(String::as_str), Some("web"));
    let inventory = rig.admin("inventory").await;
    assert_eq!(
        inventory["plusserver"]["keypairs"].as_array().map(Vec::len),
        Some(1),
        "{inventory}"
    );

    let group = rig
        .cloud
        .networking()
        .create_security_group(
            &SecurityGroupSpec {
                name: "web".into(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("group");
    let updated = compute
        .update_server(
            &server.id,
            &ServerUpdate {
                name: Some("web-2".into()),
                size: Some(ServerSize::Resources {
                    cores: 4,
                    memory_gb: 8,
                }),
                security_group_ids: Some(vec![group.id.clone()]),
                labels: Some([("role".to_string(), "api".to_string())].into()),
            },
            deadline(),
        )
        .await
        .expect("update");
    assert_eq!(updated.name, "web-2");
    assert_eq!(updated.cores, 4);
    assert_eq!(updated.security_group_ids, vec![group.id.clone()]);
    assert_eq!(updated.labels.get("role").map(String::as_str), Some("api"));

    compute
        .delete_server(&server.id, deadline())
        .await
        .expect("delete");
    assert_eq!(
        compute.get_server(&server.id).await.unwrap_err().kind(),
        ErrorKind::NotFound
    );
    rig.cloud
        .networking()
        .delete_security_group(&group.id, deadline())
        .await
        .expect("group delete");
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("net delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn unknown_image_and_flavor_name_their_fields() {
    let rig = Rig::with_delay(Duration::ZERO);
    let net = network(&rig, false).await;
    let mut spec = server_spec(&net.id, ServerSize::Flavor("no-such-flavor".into()));
    let err = rig
        .cloud
        .compute()
        .create_server(&spec, deadline())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("flavor"), "{err}");
    spec.image = "Windows 95".into();
    let err = rig
        .cloud
        .compute()
        .create_server(&spec, deadline())
        .await
        .unwrap_err();
    assert_eq!(err.field(), Some("image"), "{err}");
    assert!(
        err.message().contains("Ubuntu 24.04"),
        "the error lists what exists: {err}"
    );
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("net delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn a_failed_build_names_the_server_it_left() {
    let rig = Rig::with_delay(Duration::from_millis(50));
    let net = network(&rig, false).await;
    let mut spec = server_spec(
        &net.id,
        ServerSize::Resources {
            cores: 1,
            memory_gb: 1,
        },
    );
    spec.name = "fail-build".into();
    let err = rig
        .cloud
        .compute()
        .create_server(&spec, deadline())
        .await
        .unwrap_err();
    assert!(err.message().contains("ERROR"), "{err}");
    let id = err
        .resource_id()
        .expect("the failed server's id")
        .to_string();
    rig.cloud
        .compute()
        .delete_server(&id, deadline())
        .await
        .expect("delete the failed server");
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("net delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn a_server_that_cannot_build_in_time_is_a_timeout_with_its_id() {
    let rig = Rig::with_delay(Duration::from_secs(5));
    let net = network(&rig, false).await;
    let spec = server_spec(
        &net.id,
        ServerSize::Resources {
            cores: 1,
            memory_gb: 1,
        },
    );
    let err = rig
        .cloud
        .compute()
        .create_server(&spec, Deadline::after(Duration::from_millis(800)))
        .await
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(err.resource_id().is_some(), "{err:?}");
}

#[tokio::test]
async fn volumes_grow_attach_and_detach() {
    let rig = Rig::with_delay(Duration::from_millis(50));
    let net = network(&rig, false).await;
    let server = small_server(&rig, &net.id).await;
    let storage = rig.cloud.block_storage();
    let volume = storage
        .create_volume(
            &VolumeSpec {
                name: "data".into(),
                size_gb: 1,
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("volume");
    assert_eq!(volume.status, "available");
    let grown = storage
        .update_volume(
            &volume.id,
            &VolumeUpdate {
                size_gb: Some(2),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("grow");
    assert_eq!(grown.size_gb, 2);
    let shrink = storage
        .update_volume(
            &volume.id,
            &VolumeUpdate {
                size_gb: Some(1),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .unwrap_err();
    assert_eq!(shrink.field(), Some("size_gb"));

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
    assert_eq!(attachment.id, format!("{}/{}", server.id, volume.id));
    assert!(attachment.device.is_some());
    assert_eq!(
        storage.get_volume(&volume.id).await.unwrap().status,
        "in-use"
    );
    storage
        .detach_volume(&attachment.id, deadline())
        .await
        .expect("detach");
    assert_eq!(
        storage
            .get_volume_attachment(&attachment.id)
            .await
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    storage
        .delete_volume(&volume.id, deadline())
        .await
        .expect("delete volume");
    rig.cloud
        .compute()
        .delete_server(&server.id, deadline())
        .await
        .expect("delete server");
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("net delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn security_groups_are_normalised_and_rules_round_trip() {
    let rig = Rig::with_delay(Duration::ZERO);
    let net = rig.cloud.networking();
    let group = net
        .create_security_group(
            &SecurityGroupSpec {
                name: "sg".into(),
                description: Some("test".into()),
                labels: [("env".to_string(), "t".to_string())].into(),
            },
            deadline(),
        )
        .await
        .expect("group");
    assert_eq!(group.description.as_deref(), Some("test"));
    assert_eq!(group.labels.get("env").map(String::as_str), Some("t"));
    let rules = rig.admin("inventory").await["plusserver"]["security_group_rules"].clone();
    let rules: Vec<_> = rules
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|r| r["security_group_id"] == group.id.as_str())
        .collect();
    assert!(
        rules.iter().all(|r| r["direction"] == "egress"),
        "{rules:?}"
    );

    let spec = SecurityGroupRuleSpec {
        security_group_id: group.id.clone(),
        direction: Direction::Ingress,
        protocol: Protocol::Tcp,
        port_min: Some(22),
        port_max: Some(22),
        remote_cidr: Some("0.0.0.0/0".into()),
        ethertype: EtherType::IPv4,
        description: Some("ssh".into()),
    };
    let rule = net
        .create_security_group_rule(&spec, deadline())
        .await
        .expect("rule");
    assert_eq!(rule.spec, spec);
    assert_eq!(
        net.get_security_group_rule(&rule.id)
            .await
            .expect("read")
            .spec,
        spec
    );
    let duplicate = net
        .create_security_group_rule(&spec, deadline())
        .await
        .unwrap_err();
    assert_eq!(duplicate.kind(), ErrorKind::Conflict, "{duplicate}");
    let renamed = net
        .update_security_group(
            &group.id,
            &SecurityGroupUpdate {
                name: Some("sg-2".into()),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("rename");
    assert_eq!(renamed.name, "sg-2");
    net.delete_security_group_rule(&rule.id, deadline())
        .await
        .expect("rule delete");
    net.delete_security_group(&group.id, deadline())
        .await
        .expect("group delete");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn public_ips_follow_their_server() {
    let rig = Rig::with_delay(Duration::ZERO);
    let net = network(&rig, true).await;
    let server = small_server(&rig, &net.id).await;
    let networking = rig.cloud.networking();
    let ip = networking
        .create_public_ip(
            &PublicIpSpec {
                server_id: Some(server.id.clone()),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("public ip");
    assert!(ip.address.starts_with("203.0.113."), "{ip:?}");
    assert_eq!(ip.server_id.as_deref(), Some(server.id.as_str()));
    let loose = networking
        .associate_public_ip(&ip.id, None, deadline())
        .await
        .expect("dissociate");
    assert_eq!(loose.server_id, None);
    let back = networking
        .associate_public_ip(&ip.id, Some(&server.id), deadline())
        .await
        .expect("associate");
    assert_eq!(back.server_id.as_deref(), Some(server.id.as_str()));
    let relabelled = networking
        .set_public_ip_labels(
            &ip.id,
            &[("env".to_string(), "prod".to_string())].into(),
            deadline(),
        )
        .await
        .expect("relabel");
    assert_eq!(
        relabelled.address, ip.address,
        "relabelling keeps the address"
    );
    assert_eq!(
        relabelled.labels.get("env").map(String::as_str),
        Some("prod")
    );
    networking
        .delete_public_ip(&ip.id, deadline())
        .await
        .expect("release");
    rig.cloud
        .compute()
        .delete_server(&server.id, deadline())
        .await
        .expect("delete server");
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("net delete");
    rig.assert_nothing_left().await;
}
