//! Which terraform binaries the tests run with: the current one (`TF_BINARY`, else `tofu` or
//! `terraform` on PATH) and Terraform 1.0.3 (`TF_LEGACY_BINARY`, else `.tools/`), which
//! together bracket what OpenTofu speaks. A missing binary fails the test with a way to get it.

use std::path::{Path, PathBuf};

/// A terraform (or tofu) binary.
#[derive(Debug, Clone)]
pub struct Terraform {
    /// The executable.
    pub path: PathBuf,
    /// A short name for messages.
    pub label: String,
}

fn on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

const HOW_TO_GET: &str =
    "run ./scripts/setup-tools.sh (the README's test command runs it) and `source .tools/env.sh`";

/// The current terraform or tofu.
pub fn current() -> Terraform {
    let path = std::env::var_os("TF_BINARY")
        .map(PathBuf::from)
        .or_else(|| on_path("tofu"))
        .or_else(|| on_path("terraform"))
        .unwrap_or_else(|| panic!("no terraform or tofu found (TF_BINARY, PATH); {HOW_TO_GET}"));
    assert!(
        path.exists(),
        "TF_BINARY={} does not exist; {HOW_TO_GET}",
        path.display()
    );
    Terraform {
        label: "current".into(),
        path,
    }
}

/// Terraform 1.0.3.
pub fn legacy() -> Terraform {
    let path = std::env::var_os("TF_LEGACY_BINARY")
        .map(PathBuf::from)
        .unwrap_or_else(|| super::repo_root().join(".tools/terraform-1.0.3/terraform"));
    assert!(
        Path::new(&path).is_file(),
        "Terraform 1.0.3 is missing at {}; {HOW_TO_GET}",
        path.display()
    );
    Terraform {
        label: "1.0.3".into(),
        path,
    }
}
