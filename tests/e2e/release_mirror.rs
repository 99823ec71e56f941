//! The README's "Installing from a filesystem mirror": `scripts/release.sh` packages the built
//! provider, the zip goes into a mirror in the packed layout, and `terraform init` installs it
//! from there with no network (a CLI config with only `filesystem_mirror`, proxies pointing
//! nowhere); the lock file records the package's `h1:` hash, and a plan against the emulator
//! works.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha256};

use crate::harness::emulator::Cloud;
use crate::harness::repo_root;
use crate::harness::terraform::Terraform;
use crate::harness::workdir::{Run, Workdir};
use crate::with_both_terraforms;

const NAME: &str = "terraform-provider-sovereign";
const VERSION: &str = env!("CARGO_PKG_VERSION");

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Terraform's `h1:` hash of a package: SHA-256 over the lines `<sha256 hex>  <file name>` of
/// its files in name order (Go's dirhash "Hash1"), base64. The zip holds one file.
fn h1_of_binary(binary: &[u8], inner_name: &str) -> String {
    let summary = format!("{}  {inner_name}\n", sha256_hex(binary));
    let digest = Sha256::digest(summary.as_bytes());
    format!(
        "h1:{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// Runs `scripts/release.sh` on the binary the tests built, into `out`.
fn release(out: &Path) {
    let run = Run::from(
        Command::new(repo_root().join("scripts/release.sh"))
            .args([
                "--binary",
                env!("CARGO_BIN_EXE_terraform-provider-sovereign"),
            ])
            .arg("--out")
            .arg(out)
            .output()
            .expect("run scripts/release.sh"),
    );
    assert_eq!(run.code, 0, "scripts/release.sh failed:\n{}", run.both());
}

fn install_from_mirror(tf: Terraform) {
    let cloud = Cloud::plusserver();
    let dir = Workdir::new(&tf, &cloud);
    let dist = dir.file("dist");
    release(&dist);

    let zip_name = format!("{NAME}_{VERSION}_linux_amd64.zip");
    let zip = std::fs::read(dist.join(&zip_name)).expect("the zip");
    let manifest = std::fs::read_to_string(dist.join(format!("{NAME}_{VERSION}_manifest.json")))
        .expect("the manifest");
    assert_eq!(
        manifest.trim(),
        r#"{"version":1,"metadata":{"protocol_versions":["6.0"]}}"#
    );
    let sums = std::fs::read_to_string(dist.join(format!("{NAME}_{VERSION}_SHA256SUMS")))
        .expect("SHA256SUMS");
    assert!(
        sums.lines()
            .any(|line| line == format!("{}  {zip_name}", sha256_hex(&zip))),
        "SHA256SUMS lacks the zip's hash:\n{sums}"
    );

    // The packed layout: HOSTNAME/NAMESPACE/TYPE/terraform-provider-TYPE_VERSION_OS_ARCH.zip.
    let mirror = dir.file("mirror");
    let package_dir = mirror.join("registry.terraform.io/sovereign-cloud/sovereign");
    std::fs::create_dir_all(&package_dir).expect("mirror dir");
    std::fs::copy(dist.join(&zip_name), package_dir.join(&zip_name)).expect("copy the zip");
    let tfrc = format!(
        "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{}\"\n    include = [\"registry.terraform.io/sovereign-cloud/sovereign\"]\n  }}\n}}\n",
        mirror.display()
    );
    std::fs::write(dir.file("dev.tfrc"), tfrc).expect("write the CLI config");
    dir.copy_example(&repo_root().join("examples/quickstart"));

    let offline = [
        ("HTTPS_PROXY", "http://127.0.0.1:9"),
        ("HTTP_PROXY", "http://127.0.0.1:9"),
    ];
    let init = dir.run_with(&["init", "-input=false", "-no-color"], &offline);
    assert_eq!(
        init.code,
        0,
        "terraform init ({}):\n{}",
        tf.label,
        init.both()
    );

    let lock = std::fs::read_to_string(dir.file(".terraform.lock.hcl")).expect("the lock file");
    let binary = std::fs::read(env!("CARGO_BIN_EXE_terraform-provider-sovereign")).expect("bin");
    let h1 = h1_of_binary(&binary, &format!("{NAME}_v{VERSION}"));
    assert!(
        lock.contains(&format!("version = \"{VERSION}\"")),
        "lock file:\n{lock}"
    );
    assert!(
        lock.contains(&format!("\"{h1}\"")),
        "the lock file lacks the package's {h1}:\n{lock}"
    );
    // The zip's own hash (`zh:`) comes only from a registry's signed SHA256SUMS; a mirror
    // install records the package's `h1:` alone (the zip's sha256 is in SHA256SUMS above).

    // The mirror-installed provider plans against the emulator.
    let plan = dir.run(&["plan", "-input=false", "-no-color", "-detailed-exitcode"]);
    assert_eq!(
        plan.code,
        2,
        "the plan ({}) should propose the quickstart:\n{}",
        tf.label,
        plan.both()
    );
}

with_both_terraforms!(
    mirror_install_with_current_terraform,
    mirror_install_with_terraform_1_0,
    install_from_mirror
);
