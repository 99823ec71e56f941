//! The binaries the bench runs, checked before anything starts.

use std::path::{Path, PathBuf};

use crate::{Args, BenchResult};

/// Paths of everything the bench executes.
#[derive(Debug, Clone)]
pub(crate) struct Tools {
    /// The release build of `terraform-provider-sovereign`.
    pub provider: PathBuf,
    /// The release build of `sovereign-emulator`.
    pub emulator: PathBuf,
    /// terraform.
    pub terraform: PathBuf,
    /// The Go null provider.
    pub null_provider: PathBuf,
    /// Python with openstacksdk.
    pub python: PathBuf,
    /// The openstacksdk volume script.
    pub python_script: PathBuf,
}

impl Tools {
    /// Resolves and checks the paths named on the command line.
    pub fn find(args: &Args) -> BenchResult<Tools> {
        let provider = existing(&args.bin_dir.join("terraform-provider-sovereign"))?;
        let emulator = existing(&args.bin_dir.join("sovereign-emulator"))?;
        let terraform = if args.terraform.components().count() > 1 {
            existing(&args.terraform)?
        } else {
            on_path(&args.terraform)?
        };
        let null_provider = existing(&args.null_provider)?;
        let python_script = existing(&args.python_script)?;
        Ok(Tools {
            provider,
            emulator,
            terraform,
            null_provider,
            python: args.python.clone(),
            python_script,
        })
    }
}

/// The absolute, canonical form of `path`, or an error naming it.
fn existing(path: &Path) -> BenchResult<PathBuf> {
    path.canonicalize()
        .map_err(|e| format!("{} not found ({e}); see scripts/bench.sh", path.display()))
}

/// `name` looked up on PATH.
fn on_path(name: &Path) -> BenchResult<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("{} not found on PATH", name.display()))
        .and_then(|found| existing(&found))
}
