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
async fn a_corrupt_state_file_is_an_error() {
    let scratch = Scratch::new("corrupt");
    let file = scratch.file();
    std::fs::write(&file, "{ not json").unwrap();
    assert!(sovereign_emulator::Emulator::start(config(&file)).is_err());
}
