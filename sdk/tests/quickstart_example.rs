//! `examples/quickstart.rs` run for real: its `run` against each emulated cloud, connected
//! from the variables `sovereign-emulator env CLOUD` prints (what the example's `main` reads
//! from the environment). It must make and see what it says, and leave nothing behind.

#[allow(dead_code)] // the example's `main` is for `cargo run --example`
#[path = "../examples/quickstart.rs"]
mod quickstart;

use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::{Cloud, CloudConfig};

async fn run_on(cloud_name: &str) {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let vars = sovereign_emulator::env_vars(cloud_name, &emulator.url()).expect("env");
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let config = CloudConfig::from_lookup(&lookup).expect("config");
    let cloud = Cloud::connect_with(config, &lookup).expect("connect");

    let seen = quickstart::run(&cloud, "quickstart")
        .await
        .unwrap_or_else(|e| panic!("the quick start on {cloud_name}: {e}"));
    assert!(
        seen[0].starts_with(&format!("cloud {cloud_name} in region ")),
        "{seen:?}"
    );
    assert!(seen[1].starts_with("network quickstart ("), "{seen:?}");
    assert!(
        seen[2].starts_with("security group quickstart-ssh ("),
        "{seen:?}"
    );
    assert!(!seen[3].starts_with("0 images"), "{seen:?}");
    assert_eq!(seen.last().map(String::as_str), Some("deleted both"));

    let inventory: serde_json::Value =
        reqwest::get(format!("{}/_emulator/inventory", emulator.url()))
            .await
            .expect("inventory")
            .json()
            .await
            .expect("inventory JSON");
    assert_eq!(
        inventory["total"], 0,
        "left behind on {cloud_name}: {inventory}"
    );
}

#[tokio::test]
async fn quickstart_example_on_plusserver() {
    run_on("plusserver").await;
}

#[tokio::test]
async fn quickstart_example_on_otc() {
    run_on("otc").await;
}

#[tokio::test]
async fn quickstart_example_on_ionos() {
    run_on("ionos").await;
}

#[tokio::test]
async fn quickstart_example_on_stackit() {
    run_on("stackit").await;
}
