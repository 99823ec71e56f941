//! The official `stackit-objectstorage` Python client drives the emulator's object storage
//! management API, configured only by the `env stackit` variables: it enables the service,
//! creates, reads, lists and deletes a bucket (`tests/fidelity/stackit_buckets.py` at the
//! repository's root), and nothing is left.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use sovereign_emulator::{Emulator, EmulatorConfig};

use crate::helpers::Cloud;
use crate::openstacksdk::python;

#[tokio::test]
async fn stackit_objectstorage_client_manages_a_bucket() {
    let emulator = Emulator::start(EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fidelity/stackit_buckets.py");
    let mut command = Command::new(python());
    command.arg(script).arg("fidelity-bucket");
    for (name, _) in std::env::vars() {
        if name.starts_with("STACKIT_") {
            command.env_remove(name);
        }
    }
    for (name, value) in sovereign_emulator::env_vars("stackit", &emulator.url()).expect("env") {
        command.env(name, value);
    }
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("run the client");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("stackit buckets smoke: OK"),
        "stackit-objectstorage smoke failed (is stackit-objectstorage installed? run ./scripts/setup-tools.sh):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cloud = Cloud {
        emulator,
        http: reqwest::Client::new(),
        token: String::new(),
    };
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    let routes = stats["by_route"].as_object().unwrap();
    assert!(
        routes
            .keys()
            .any(|r| r.starts_with("DELETE /stackit/object-storage/")),
        "the client reached the management API: {stats}"
    );
}
