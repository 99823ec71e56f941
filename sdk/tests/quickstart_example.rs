//! `examples/quickstart.rs` run for real: its `run` against each emulated cloud, connected
//! from the variables `sovereign-emulator env CLOUD` prints (what the example's `main` reads
//! from the environment). It must make and see what it says, and leave nothing behind.

#[allow(dead_code)] // the example's `main` is for `cargo run --example`
#[path = "../examples/quickstart.rs"]
mod quickstart;

mod support;

use std::time::Duration;

use support::Rig;

async fn run_on(cloud_name: &str) {
    let rig = Rig::for_cloud(cloud_name, Duration::ZERO, |_| true);
    let seen = quickstart::run(&rig.cloud, "quickstart")
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

    rig.assert_nothing_left().await;
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
