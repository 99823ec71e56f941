//! The README's "The emulator in your own CI": the release zip from `scripts/release.sh` and
//! the emulator binary, handed to `scripts/emulator-ci.sh` as the README's workflow does, with
//! a module directory: examples/multi-cloud on every emulated cloud with the current terraform,
//! examples/quickstart on STACKIT with Terraform 1.0.3. Each must init, apply, re-plan empty
//! and destroy, and the script must find nothing left in the emulator.

use std::path::PathBuf;
use std::process::Command;

use crate::harness::repo_root;
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Run;

/// The emulator binary next to the provider's (`cargo build --workspace` puts it there).
fn emulator_binary() -> PathBuf {
    let provider = PathBuf::from(env!("CARGO_BIN_EXE_terraform-provider-sovereign"));
    let emulator = provider.with_file_name("sovereign-emulator");
    assert!(
        emulator.is_file(),
        "{} is missing: build it first (cargo build -p sovereign-emulator; ./scripts/test.sh does)",
        emulator.display()
    );
    emulator
}

/// A free port on 127.0.0.1.
fn free_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("address").to_string()
}

fn run_ci_script(tf: Terraform, example: &str, cloud: &str) {
    let work = tempfile::tempdir().expect("temp dir");
    let dist = work.path().join("dist");
    let release = Run::from(
        Command::new(repo_root().join("scripts/release.sh"))
            .args([
                "--binary",
                env!("CARGO_BIN_EXE_terraform-provider-sovereign"),
            ])
            .arg("--out")
            .arg(&dist)
            .output()
            .expect("run scripts/release.sh"),
    );
    assert_eq!(release.code, 0, "release.sh:\n{}", release.both());

    let module = work.path().join("module");
    let status = Command::new("cp")
        .arg("-r")
        .arg(repo_root().join("examples").join(example))
        .arg(&module)
        .status()
        .expect("cp");
    assert!(status.success());

    let mut command = Command::new(repo_root().join("scripts/emulator-ci.sh"));
    command.arg(&module).arg(cloud);
    for (name, _) in std::env::vars() {
        let cloud_var = ["OS_", "SOVEREIGN_", "IONOS_", "STACKIT_", "AWS_", "TF_"]
            .iter()
            .any(|prefix| name.starts_with(prefix));
        if cloud_var {
            command.env_remove(&name);
        }
    }
    let run = Run::from(
        command
            .env("SOVEREIGN_DIST", &dist)
            .env("SOVEREIGN_EMULATOR", emulator_binary())
            .env("EMULATOR_ADDR", free_addr())
            .env("TERRAFORM", &tf.path)
            .env("HOME", work.path())
            .output()
            .expect("run scripts/emulator-ci.sh"),
    );
    assert_eq!(
        run.code,
        0,
        "emulator-ci.sh {example} {cloud} ({}):\n{}",
        tf.label,
        run.both()
    );
    for step in [
        "Apply complete!",
        "No changes.",
        "Destroy complete!",
        "nothing left in the emulator",
    ] {
        assert!(run.stdout.contains(step), "no {step:?}:\n{}", run.both());
    }
}

#[test]
fn ci_script_applies_the_multi_cloud_example_with_current_terraform() {
    run_ci_script(terraform::current(), "multi-cloud", "all");
}

#[test]
fn ci_script_applies_the_quickstart_with_terraform_1_0() {
    run_ci_script(terraform::legacy(), "quickstart", "stackit");
}
