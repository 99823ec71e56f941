//! The end-to-end harness: a real terraform binary drives the built provider against an
//! in-process emulator, step by step as terraform-plugin-testing does.

pub mod emulator;
pub mod lifecycle;
pub mod profiles;
pub mod terraform;
pub mod workdir;

/// The repository's root (the workspace).
pub fn repo_root() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the provider crate sits in the workspace")
        .to_path_buf()
}
