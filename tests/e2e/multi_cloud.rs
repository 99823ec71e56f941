//! `examples/multi-cloud/` as its header says to run it: one emulator serving all four clouds,
//! a `clouds.yaml` from `sovereign-emulator clouds-yaml` for the two OpenStack clouds, the
//! `env ionos` and `env stackit` variables for the others; one module applied through four
//! provider aliases, empty re-plans, one stack on each cloud, destroy, nothing left anywhere.

use serde_json::Value;

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::IONOS;
use crate::harness::repo_root;
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

/// Each cloud, and the inventory collections its stack fills with one object each.
const STACKS: [(&str, &[&str]); 4] = [
    ("plusserver", &["networks", "servers", "floatingips"]),
    ("otc", &["vpcs", "servers", "publicips"]),
    ("ionos", &["servers", "ipblocks"]),
    ("stackit", &["networks", "servers", "public_ips"]),
];

/// The live objects of `kind` in `cloud`'s part of the emulator.
fn objects(emulator: &Cloud, cloud: &str, kind: &str) -> Vec<Value> {
    emulator.inventory()[cloud][kind]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn multi_cloud(tf: Terraform) {
    // The emulator serves every cloud; the IONOS variables come with the profile.
    let emulator = quick(&IONOS);
    let mut dir = Workdir::new(&tf, &emulator);
    for (name, value) in sovereign_emulator::env_vars("stackit", &emulator.url())
        .expect("the emulator serves stackit")
    {
        dir.set_var(&name, Some(&value));
    }
    std::fs::write(
        dir.file("clouds.yaml"),
        sovereign_emulator::clouds_yaml(&emulator.url()),
    )
    .expect("write clouds.yaml");
    dir.copy_example(&repo_root().join("examples/multi-cloud"));

    // Local modules are installed by `get` (dev_overrides leave `init` to the registry).
    dir.ok(&["get", "-no-color"]);
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);

    let shown = dir.ok(&["output", "-json", "stacks"]);
    let stacks: Value = serde_json::from_str(&shown.stdout).expect("output JSON");
    for (cloud, kinds) in STACKS {
        assert_eq!(stacks[cloud]["cloud"], cloud, "stacks: {stacks}");
        assert!(
            stacks[cloud]["public_ip"]
                .as_str()
                .is_some_and(|ip| !ip.is_empty()),
            "{cloud} has a public IP: {stacks}"
        );
        for kind in kinds {
            assert_eq!(
                objects(&emulator, cloud, kind).len(),
                1,
                "one {kind} on {cloud}: {}",
                emulator.inventory()[cloud]
            );
        }
    }

    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(&emulator);
}

with_both_terraforms!(
    multi_cloud_example_with_current_terraform,
    multi_cloud_example_with_terraform_1_0,
    multi_cloud
);
