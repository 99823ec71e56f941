//! The official OpenStack clients drive the emulator: openstacksdk and the openstack CLI,
//! configured only by the `env plusserver` variables, build networks, routers, security
//! groups, key pairs, servers booted from volumes, volumes and floating IPs (password and
//! application-credential auth), and leave nothing behind.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use sovereign_emulator::{defaults, Emulator, EmulatorConfig};

/// The Python with the fidelity packages (`SOVEREIGN_PYTHON`, else `.tools/venv`).
pub fn python() -> PathBuf {
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

/// The `openstack` CLI next to the Python the tests use.
fn openstack_cli() -> PathBuf {
    let path = python().with_file_name("openstack");
    assert!(
        path.is_file(),
        "no openstack CLI at {}; run ./scripts/setup-tools.sh (it installs python-openstackclient)",
        path.display()
    );
    path
}

/// A script in `tests/fidelity`.
pub fn fidelity(script: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fidelity")
        .join(script)
}

fn smoke(extra_env: &[(&str, &str)], remove: &[&str]) {
    let mut command = Command::new(python());
    command.arg(fidelity("openstack_network_smoke.py"));
    run(
        command,
        EmulatorConfig::default(),
        extra_env,
        remove,
        "openstack network smoke: OK",
    );
}

/// Runs `command` against a fresh emulator with the `env plusserver` variables (minus `remove`,
/// plus `extra_env`) and expects `marker` on its standard output.
fn run(
    mut command: Command,
    config: EmulatorConfig,
    extra_env: &[(&str, &str)],
    remove: &[&str],
    marker: &str,
) {
    let emulator = Emulator::start(config).expect("emulator");
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
    let output = command.output().expect("run the client");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains(marker),
        "smoke failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Provision delay for the server smokes: long enough that clients really wait.
fn slow() -> EmulatorConfig {
    EmulatorConfig {
        provision_delay: Duration::from_millis(200),
        ..EmulatorConfig::default()
    }
}

#[test]
fn openstacksdk_server_stack() {
    let mut command = Command::new(python());
    command.arg(fidelity("openstack_server_smoke.py"));
    run(command, slow(), &[], &[], "openstack server smoke: OK");
}

#[test]
fn openstack_cli_server_stack() {
    let mut command = Command::new("bash");
    command
        .arg(fidelity("openstack_cli_smoke.sh"))
        .env("OPENSTACK", openstack_cli());
    run(command, slow(), &[], &[], "openstack cli smoke: OK");
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
