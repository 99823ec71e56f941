//! The official OpenStack client (openstacksdk) looks at what terraform made, through the
//! emulator, with nothing but the `env plusserver` variables.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::emulator::Cloud;
use crate::harness::repo_root;

fn python() -> PathBuf {
    let path = std::env::var_os("SOVEREIGN_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join(".tools/venv/bin/python"));
    assert!(
        path.is_file(),
        "no Python with openstacksdk at {}; run ./scripts/setup-tools.sh (the README's test command does)",
        path.display()
    );
    path
}

fn run(cloud: &Cloud, args: &[&str]) {
    let script = repo_root().join("tests/fidelity/openstack_networks.py");
    let mut command = Command::new(python());
    command.arg(&script).args(args);
    for (name, _) in std::env::vars() {
        if name.starts_with("OS_") {
            command.env_remove(name);
        }
    }
    for (name, value) in &cloud.vars {
        command.env(name, value);
    }
    let output = command.output().expect("run the fidelity script");
    assert!(
        output.status.success(),
        "openstacksdk check {args:?} failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// openstacksdk finds a network by name (with this CIDR on its subnet, when given).
pub fn assert_network(cloud: &Cloud, name: &str, cidr: Option<&str>) {
    let mut args = vec!["present", name];
    if let Some(cidr) = cidr {
        args.push(cidr);
    }
    run(cloud, &args);
}

/// openstacksdk finds no network of that name.
pub fn assert_no_network(cloud: &Cloud, name: &str) {
    run(cloud, &["absent", name]);
}
