//! `terraform-provider-sovereign`: the plugin binary Terraform and OpenTofu start.

use std::path::PathBuf;

use terraform_provider_sovereign::{docs, logging, SovereignProvider};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("docs") {
        std::process::exit(docs_command(&args[1..]));
    }
    // Diagnostics must not carry Rust backtraces, whatever RUST_BACKTRACE says.
    std::env::set_var("RUST_LIB_BACKTRACE", "0");
    // tf-provider installs its own global logger when PLUGIN_LOG_FILE is set; ours writes there
    // instead, so take the variable away before it looks.
    let log_file = std::env::var_os("PLUGIN_LOG_FILE");
    std::env::remove_var("PLUGIN_LOG_FILE");
    logging::init(log_file);

    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("[ERROR] cannot start the async runtime: {error}");
            std::process::exit(1);
        }
    };
    let result = runtime.block_on(async {
        stop_waiting_on_interrupt();
        tf_provider::serve("sovereign", SovereignProvider::new()).await
    });
    if let Err(error) = result {
        eprintln!("[ERROR] provider stopped: {error:#}");
        std::process::exit(1);
    }
}

/// A terminal's Ctrl-C reaches the whole process group. Dying here would orphan whatever a
/// request was creating; instead every wait stops at once, so each create returns what it made
/// (Terraform records an unfinished one as tainted) and Terraform, which calls StopProvider,
/// finishes promptly. The process lives on until Terraform stops it.
fn stop_waiting_on_interrupt() {
    tokio::spawn(async {
        loop {
            if tokio::signal::ctrl_c().await.is_err() {
                return;
            }
            sovereign_sdk::wait::interrupt();
            tracing::warn!("interrupted: waits stop now; what was made is returned to Terraform");
        }
    });
}

/// `terraform-provider-sovereign docs [--check] [REPO_ROOT]`: writes `docs/` from the schemas
/// (with examples from `examples/`), or with `--check` fails when `docs/` is stale.
fn docs_command(args: &[String]) -> i32 {
    let check = args.iter().any(|a| a == "--check");
    let root = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    let mut stale = Vec::new();
    let pages = match docs::generate(&root.join("examples")) {
        Ok(pages) => pages,
        Err(error) => {
            eprintln!("cannot generate docs/: {error}");
            return 1;
        }
    };
    for page in pages {
        let path = root.join("docs").join(&page.path);
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        if current == page.text {
            continue;
        }
        if check {
            stale.push(page.path);
            continue;
        }
        let written = path
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|_| std::fs::write(&path, &page.text));
        if let Err(error) = written {
            eprintln!("cannot write {}: {error}", path.display());
            return 1;
        }
        println!("wrote {}", path.display());
    }
    if !stale.is_empty() {
        eprintln!(
            "docs/ is out of date ({}); run `cargo run -p terraform-provider-sovereign -- docs`",
            stale.join(", ")
        );
        return 1;
    }
    0
}
