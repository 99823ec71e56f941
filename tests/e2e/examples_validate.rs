//! `terraform validate` on every directory of `examples/` that holds `.tf` files: the complete
//! examples as they are (local modules fetched with `get`), and the docs' snippets
//! (`resources/*/resource.tf`, `data-sources/*/data-source.tf`, `provider/provider.tf`) with
//! the provider requirement put in front, as a user pasting them would have it.

use std::path::{Path, PathBuf};

use crate::harness::emulator::Cloud;
use crate::harness::repo_root;
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

/// Every directory under `dir` (itself included) with a `.tf` file directly in it, except
/// local modules (validated through the example that calls them).
fn example_dirs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut has_tf = false;
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() && path.file_name().is_some_and(|n| n != "modules") {
            found.extend(example_dirs(&path));
        } else if path.extension().is_some_and(|ext| ext == "tf") {
            has_tf = true;
        }
    }
    if has_tf {
        found.insert(0, dir.to_path_buf());
    }
    found
}

/// Whether the directory's files already say which provider they need.
fn declares_the_provider(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .expect("the example directory")
        .filter_map(|entry| std::fs::read_to_string(entry.expect("an entry").path()).ok())
        .any(|text| text.contains("required_providers"))
}

fn validate_every_example(tf: Terraform) {
    let cloud = Cloud::plusserver();
    let dirs = example_dirs(&repo_root().join("examples"));
    // The per-cloud stacks, quickstart, multi-cloud, provider, and one snippet per resource
    // and data source: a directory that goes missing must fail here.
    assert!(dirs.len() >= 19, "examples found: {dirs:?}");
    for example in dirs {
        let dir = Workdir::new(&tf, &cloud);
        if declares_the_provider(&example) {
            dir.copy_example(&example);
        } else {
            let mut snippet = String::new();
            for entry in std::fs::read_dir(&example).expect("the snippet directory") {
                let path = entry.expect("an entry").path();
                if path.extension().is_some_and(|ext| ext == "tf") {
                    snippet.push_str(&std::fs::read_to_string(&path).expect("read the snippet"));
                }
            }
            dir.write_config(&snippet);
        }
        dir.ok(&["get", "-no-color"]);
        let run = dir.run(&["validate", "-no-color"]);
        assert_eq!(
            run.code,
            0,
            "terraform validate ({}) fails for {}:\n{}",
            tf.label,
            example.display(),
            run.both()
        );
    }
}

with_both_terraforms!(
    every_example_validates_with_current_terraform,
    every_example_validates_with_terraform_1_0,
    validate_every_example
);
