//! The official OpenStack client drives the emulator: openstacksdk, configured only by the
//! `env plusserver` variables, creates, lists, finds and deletes networks, subnets and routers
//! (password and application-credential auth), and leaves nothing behind.

use std::path::{Path, PathBuf};
use std::process::Command;

use sovereign_emulator::{defaults, Emulator, EmulatorConfig};

fn python() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = std::env::var_os("SOVEREIGN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join(".tools/venv/bin/python"));
    assert!(
        path.is_file(),
        "no Python with openstacksdk at {}; run ./scripts/setup-tools.sh (the README's test command does)",
        path.display()
    );
    path
}

fn smoke(extra_env: &[(&str, &str)], remove: &[&str]) {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fidelity/openstack_network_smoke.py");
    let mut command = Command::new(python());
    command.arg(script);
    for (name, _) in std::env::vars() {
        if name.starts_with("OS_") {
            command.env_remove(name);
        }
    }
    for (name, value) in sovereign_emulator::env_vars("plusserver", &emulator.url()).expect("env") {
        if !remove.contains(&name.as_str()) {
            command.env(name, value);
        }
    }
    for (name, value) in extra_env {
        command.env(name, value);
    }
    let output = command.output().expect("run python");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("openstack network smoke: OK"),
        "openstacksdk smoke failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn openstacksdk_with_password_auth() {
    smoke(&[], &[]);
}

#[test]
fn openstacksdk_with_application_credentials() {
    smoke(
        &[
            ("OS_AUTH_TYPE", "v3applicationcredential"),
            ("OS_APPLICATION_CREDENTIAL_ID", defaults::APP_CREDENTIAL_ID),
            (
                "OS_APPLICATION_CREDENTIAL_SECRET",
                defaults::APP_CREDENTIAL_SECRET,
            ),
        ],
        &[
            "OS_USERNAME",
            "OS_PASSWORD",
            "OS_PROJECT_NAME",
            "OS_USER_DOMAIN_NAME",
            "OS_PROJECT_DOMAIN_NAME",
        ],
    );
}
