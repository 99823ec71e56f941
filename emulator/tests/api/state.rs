//! `--state FILE`: everything survives a restart.

use std::path::{Path, PathBuf};

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::EmulatorConfig;

use crate::helpers::{id, Cloud};

/// A fresh directory for one test's state file, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!(
            "sovereign-emulator-test-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self) -> PathBuf {
        self.0.join("state.json")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(file: &Path) -> EmulatorConfig {
    EmulatorConfig {
        state_file: Some(file.to_path_buf()),
        ..EmulatorConfig::default()
    }
}

#[tokio::test]
async fn state_survives_a_restart() {
    let scratch = Scratch::new("roundtrip");
    let file = scratch.file();
    let (net_id, subnet_id, router_id, token) = {
        let cloud = Cloud::start_with(config(&file)).await;
        let (net_id, subnet_id) = cloud.network_with_subnet("persist", "10.7.0.0/24").await;
        let router = cloud
            .create("router", json!({"name": "keep", "tags": ["t"]}))
            .await;
        let router_id = id(&router);
        let added = cloud
            .put(
                &format!("routers/{router_id}/add_router_interface"),
                json!({"subnet_id": subnet_id}),
            )
            .await;
        assert_eq!(added.status, 200);
        (net_id, subnet_id, router_id, cloud.token.clone())
    };
    assert!(file.exists());

    let restarted = Cloud::start_with(config(&file)).await;
    let net = restarted.get(&format!("networks/{net_id}")).await;
    assert_eq!(net.status, 200);
    assert_eq!(net.body["network"]["name"], "persist");
    assert_eq!(net.body["network"]["subnets"], json!([subnet_id]));
    let router = restarted.get(&format!("routers/{router_id}")).await;
    assert_eq!(router.body["router"]["tags"], json!(["t"]));
    let ports = restarted.get(&format!("ports?device_id={router_id}")).await;
    assert_eq!(
        ports.body["ports"][0]["fixed_ips"][0]["ip_address"],
        "10.7.0.1"
    );
    // tokens survive too, and the seeded network is still there exactly once
    let with_old_token = restarted
        .send(
            Method::GET,
            &Cloud::neutron("networks?name=ext01"),
            None,
            Some(&token),
        )
        .await;
    assert_eq!(with_old_token.status, 200);
    assert_eq!(with_old_token.body["networks"].as_array().unwrap().len(), 1);
    let inventory = restarted.admin(Method::GET, "inventory", None).await;
    assert_eq!(inventory.body["total"], 4);
}

#[tokio::test]
async fn compute_volumes_and_security_survive_a_restart() {
    let scratch = Scratch::new("compute");
    let file = scratch.file();
    let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq5bJ9p7fW7v0k5bJ3vX0x6kP2oQ1r8sT4uV9wY3zA1 k";
    let (server_id, volume_id, group_id) = {
        let cloud = Cloud::start_with(config(&file)).await;
        let (net_id, _) = cloud.network_with_subnet("n", "10.3.0.0/24").await;
        let group = cloud
            .create_in("security-groups", "security_group", json!({"name": "g"}))
            .await;
        let keypair = cloud
            .send(
                Method::POST,
                "/plusserver/compute/v2.1/os-keypairs",
                Some(json!({"keypair": {"name": "k", "public_key": key}})),
                None,
            )
            .await;
        assert_eq!(keypair.status, 200);
        let server = cloud
            .send(
                Method::POST,
                "/plusserver/compute/v2.1/servers",
                Some(json!({"server": {
                    "name": "s", "flavorRef": "5c5f0a01-0000-4000-8000-000000000101",
                    "networks": [{"uuid": net_id}], "key_name": "k",
                    "block_device_mapping_v2": [{"boot_index": 0, "source_type": "image",
                        "destination_type": "volume", "volume_size": 8,
                        "uuid": "8a2d4e6f-1b3c-4a5d-8e7f-9c0b1a2d3e4f"}],
                }})),
                None,
            )
            .await;
        assert_eq!(server.status, 202, "{}", server.body);
        let server_id = id(&server.body["server"]);
        let shown = cloud
            .send(
                Method::GET,
                &format!("/plusserver/compute/v2.1/servers/{server_id}"),
                None,
                None,
            )
            .await;
        let volume_id = shown.body["server"]["os-extended-volumes:volumes_attached"][0]["id"]
            .as_str()
            .unwrap()
            .to_string();
        (server_id, volume_id, id(&group))
    };
    let restarted = Cloud::start_with(config(&file)).await;
    let server = restarted
        .send(
            Method::GET,
            &format!("/plusserver/compute/v2.1/servers/{server_id}"),
            None,
            None,
        )
        .await;
    assert_eq!(server.body["server"]["status"], "ACTIVE");
    assert_eq!(server.body["server"]["key_name"], "k");
    let volume = restarted
        .send(
            Method::GET,
            &format!(
                "/plusserver/volume/v3/{}/volumes/{volume_id}",
                sovereign_emulator::defaults::PROJECT_ID
            ),
            None,
            None,
        )
        .await;
    assert_eq!(volume.body["volume"]["status"], "in-use");
    assert_eq!(
        restarted
            .get(&format!("security-groups/{group_id}"))
            .await
            .status,
        200
    );
    let inventory = restarted.admin(Method::GET, "inventory", None).await.body;
    let count = |kind: &str| inventory["plusserver"][kind].as_array().unwrap().len();
    assert_eq!(count("servers"), 1);
    assert_eq!(count("volumes"), 1);
    assert_eq!(count("keypairs"), 1);
    assert_eq!(
        count("security_groups"),
        1,
        "the default group is not listed"
    );
    assert_eq!(count("security_group_rules"), 2);
    assert_eq!(count("ports"), 1);
}

#[tokio::test]
async fn a_corrupt_state_file_is_an_error() {
    let scratch = Scratch::new("corrupt");
    let file = scratch.file();
    std::fs::write(&file, "{ not json").unwrap();
    assert!(sovereign_emulator::Emulator::start(config(&file)).is_err());
}
