//! The clouds' official clients look at what terraform made, through the emulator, with
//! nothing but the `sovereign-emulator env <cloud>` variables: openstacksdk on plusserver,
//! openstacksdk with otcextensions on OTC, the `ionoscloud` SDK on IONOS, `stackit-iaas` on
//! STACKIT, and boto3 on the S3 endpoints of IONOS, OTC and plusserver.

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

fn run(cloud: &Cloud, script: &str, args: &[&str]) {
    let script = repo_root().join("tests/fidelity").join(script);
    let mut command = Command::new(python());
    command.arg(&script).args(args);
    for (name, _) in std::env::vars() {
        if ["OS_", "IONOS_", "STACKIT_", "AWS_"]
            .iter()
            .any(|prefix| name.starts_with(prefix))
        {
            command.env_remove(name);
        }
    }
    for (name, value) in &cloud.vars {
        command.env(name, value);
    }
    let output = command.output().expect("run the fidelity script");
    assert!(
        output.status.success(),
        "{} {args:?} failed:\n{}\n{}",
        script.display(),
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
    run(cloud, "openstack_networks.py", &args);
}

/// openstacksdk finds no network of that name.
pub fn assert_no_network(cloud: &Cloud, name: &str) {
    run(cloud, "openstack_networks.py", &["absent", name]);
}

/// openstacksdk with otcextensions sees (`present`) or no longer sees (`absent`) the objects
/// `expected` names (see `tests/fidelity/otc_resources.py`).
pub fn assert_otc(cloud: &Cloud, mode: &str, expected: &str) {
    run(cloud, "otc_resources.py", &[mode, expected]);
}

/// The `ionoscloud` SDK sees (`present`) or no longer sees (`absent`) the objects `expected`
/// names (see `tests/fidelity/ionos_resources.py`).
pub fn assert_ionos(cloud: &Cloud, mode: &str, expected: &str) {
    run(cloud, "ionos_resources.py", &[mode, expected]);
}

/// The `stackit-iaas` SDK sees (`present`) or no longer sees (`absent`) the objects `expected`
/// names (see `tests/fidelity/stackit_resources.py`).
pub fn assert_stackit(cloud: &Cloud, mode: &str, expected: &str) {
    run(cloud, "stackit_resources.py", &[mode, expected]);
}

/// boto3 sees (`present`: versioned, tagged as labelled) or no longer sees (`absent`) the
/// buckets `expected` names (see `tests/fidelity/s3_buckets.py`).
pub fn assert_s3_buckets(cloud: &Cloud, mode: &str, expected: &str) {
    run(cloud, "s3_buckets.py", &[mode, expected]);
}
