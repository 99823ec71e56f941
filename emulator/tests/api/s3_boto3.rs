//! boto3 (PyPI) drives each S3 endpoint of the emulator, configured only by the `env CLOUD`
//! variables, with request checksums both as required and as supported.

use std::process::Command;

use sovereign_emulator::{Emulator, EmulatorConfig};

use crate::openstacksdk::{fidelity, python};

/// Runs `s3_boto3.py` against `cloud`'s endpoint with a checksum mode.
fn smoke(emulator: &Emulator, cloud: &str, bucket: &str, checksums: &str) {
    let mut command = Command::new(python());
    command
        .arg(fidelity("s3_boto3.py"))
        .args([bucket, checksums]);
    for (name, _) in std::env::vars() {
        if name.starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    command
        .env("AWS_CONFIG_FILE", "/nonexistent")
        .env("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent");
    for (name, value) in sovereign_emulator::env_vars(cloud, &emulator.url()).expect("env") {
        if name.starts_with("AWS_") {
            command.env(name, value);
        }
    }
    let output = command.output().expect("run boto3");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.contains("s3 boto3 smoke: OK"),
        "boto3 against {cloud} ({checksums}) failed (is boto3 installed? run ./scripts/setup-tools.sh):\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn boto3_against_every_s3_endpoint() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    for cloud in ["ionos", "otc", "plusserver"] {
        for checksums in ["when_required", "when_supported"] {
            smoke(
                &emulator,
                cloud,
                &format!("boto3-{cloud}-{checksums}").replace('_', "-"),
                checksums,
            );
        }
    }
}
