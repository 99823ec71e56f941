//! The official `ionoscloud` Python SDK drives the emulator, configured only by the
//! `env ionos` variables: a LAN and a server with a volume and a NIC, waited for with the
//! SDK's own `wait_for_completion`, listed at depth 1 and 2, deleted, nothing left.

use std::process::Command;
use std::time::Duration;

use sovereign_emulator::{Emulator, EmulatorConfig};

use crate::openstacksdk::{fidelity, python};

#[test]
fn ionoscloud_server_stack() {
    let emulator = Emulator::start(EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let mut command = Command::new(python());
    command.arg(fidelity("ionos_server_smoke.py"));
    for (name, _) in std::env::vars() {
        if name.starts_with("IONOS_") {
            command.env_remove(name);
        }
    }
    for (name, value) in sovereign_emulator::env_vars("ionos", &emulator.url()).expect("env") {
        command.env(name, value);
    }
    let output = command.output().expect("run the SDK");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("ionos server smoke: OK"),
        "ionoscloud smoke failed (is ionoscloud installed? run ./scripts/setup-tools.sh):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
