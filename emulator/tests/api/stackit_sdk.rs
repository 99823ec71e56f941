//! The official `stackit-iaas` Python SDK drives the emulator, configured only by the
//! `env stackit` variables: a network, a volume and a server, polled, read back, listed,
//! deleted. Once with the key file (so the client runs the real key flow against the token
//! endpoint), once with the static token.

use std::process::Command;
use std::time::Duration;

use reqwest::Method;
use sovereign_emulator::{stackit_key_json, Emulator, EmulatorConfig};

use crate::helpers::Cloud;
use crate::openstacksdk::{fidelity, python};

/// Runs the smoke script with the key file (`key_flow`) or the static token; returns the
/// number of token requests it made.
async fn smoke(key_flow: bool) -> u64 {
    let emulator = Emulator::start(EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let dir = std::env::temp_dir().join(format!("stackit-sdk-{}-{key_flow}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let vars = sovereign_emulator::env_vars("stackit", &emulator.url()).expect("env");
    let mut command = Command::new(python());
    command
        .arg(fidelity("stackit_server_smoke.py"))
        .env("HOME", &dir);
    for (name, _) in std::env::vars() {
        if name.starts_with("STACKIT_") {
            command.env_remove(name);
        }
    }
    for (name, value) in &vars {
        if !(key_flow && name == "STACKIT_SERVICE_ACCOUNT_TOKEN") {
            command.env(name, value);
        }
    }
    if key_flow {
        let token_url = &vars
            .iter()
            .find(|(n, _)| n == "STACKIT_TOKEN_BASEURL")
            .unwrap()
            .1;
        let key = dir.join("key.json");
        std::fs::write(&key, stackit_key_json(token_url)).unwrap();
        command.env("STACKIT_SERVICE_ACCOUNT_KEY_PATH", &key);
    }
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
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
    std::fs::remove_dir_all(&dir).unwrap();
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    stats["by_route"]["POST /stackit/service-account/token"]
        .as_u64()
        .unwrap_or(0)
}

#[tokio::test]
async fn stackit_iaas_with_the_key_flow() {
    assert!(smoke(true).await >= 1, "the SDK asked the token endpoint");
}

#[tokio::test]
async fn stackit_iaas_with_the_static_token() {
    assert_eq!(
        smoke(false).await,
        0,
        "the static token needs no token request"
    );
}
