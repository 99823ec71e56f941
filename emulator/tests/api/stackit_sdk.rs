//! The official `stackit-iaas` Python SDK drives the emulator, configured only by the
//! `env stackit` variables and the key file (so it runs the real key flow against the token
//! endpoint): a network, a volume and a server, polled, read back, listed, deleted.

use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use sovereign_emulator::{stackit_key_json, Emulator, EmulatorConfig};

use crate::helpers::Cloud;
use crate::openstacksdk::{fidelity, python};

#[tokio::test]
async fn stackit_iaas_server_stack() {
    let emulator = Emulator::start(EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let dir = std::env::temp_dir().join(format!("stackit-sdk-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let key = dir.join("key.json");
    let vars = sovereign_emulator::env_vars("stackit", &emulator.url()).expect("env");
    let token_url = &vars
        .iter()
        .find(|(n, _)| n == "STACKIT_TOKEN_BASEURL")
        .unwrap()
        .1;
    std::fs::write(&key, stackit_key_json(token_url)).unwrap();
    let mut command = Command::new(python());
    command.arg(fidelity("stackit_server_smoke.py"));
    for (name, _) in std::env::vars() {
        if name.starts_with("STACKIT_") {
            command.env_remove(name);
        }
    }
    for (name, value) in vars {
        if name != "STACKIT_SERVICE_ACCOUNT_TOKEN" {
            command.env(name, value);
        }
    }
    command
        .env("STACKIT_SERVICE_ACCOUNT_KEY_PATH", &key)
        .env("HOME", &dir);
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("run the SDK");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("stackit server smoke: OK"),
        "stackit-iaas smoke failed (is stackit-iaas installed? run ./scripts/setup-tools.sh):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let cloud = Cloud {
        emulator,
        http: reqwest::Client::new(),
        token: String::new(),
    };
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    assert!(
        stats["by_route"]["POST /stackit/service-account/token"]
            .as_u64()
            .is_some_and(|n| n >= 1),
        "the SDK used the key flow: {stats}"
    );
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
    std::fs::remove_dir_all(&dir).unwrap();
}
