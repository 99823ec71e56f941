//! Figure 1, provider start: from exec to the go-plugin handshake line on stdout, as Terraform
//! starts a provider (magic cookie, protocol versions, a client certificate for AutoMTLS).

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use crate::report::Row;
use crate::stats::median;
use crate::tools::Tools;
use crate::BenchResult;

/// The cookie go-plugin checks before it serves (Terraform sets it).
const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// A client certificate such as Terraform passes in `PLUGIN_CLIENT_CERT` (public, no key).
const CLIENT_CERT: &str = include_str!("client_cert.pem");

/// Median start time of both providers over `runs` alternating starts.
pub(crate) fn run(tools: &Tools, runs: usize) -> BenchResult<Vec<Row>> {
    // One start each first, so both binaries are in the page cache.
    handshake_ms(&tools.provider, "6")?;
    handshake_ms(&tools.null_provider, "5")?;
    let mut ours = Vec::with_capacity(runs);
    let mut null = Vec::with_capacity(runs);
    for _ in 0..runs {
        ours.push(handshake_ms(&tools.provider, "6")?);
        null.push(handshake_ms(&tools.null_provider, "5")?);
    }
    let (ours, null) = (median(&ours), median(&null));
    Ok(vec![Row::new(
        format!("Provider start, exec to handshake (median of {runs})"),
        format!("{ours:.1} ms"),
        format!("{null:.1} ms (Go null 2.1.2)"),
        ours / null,
        "<= 1.0x".to_string(),
        ours / null,
    )])
}

/// Starts `bin` like Terraform does and returns the milliseconds until its handshake line.
fn handshake_ms(bin: &Path, protocol: &str) -> BenchResult<f64> {
    let started = Instant::now();
    let mut child = Command::new(bin)
        .env_clear()
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", protocol)
        .env("PLUGIN_MIN_PORT", "10000")
        .env("PLUGIN_MAX_PORT", "25000")
        .env("PLUGIN_CLIENT_CERT", CLIENT_CERT)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
    let mut line = String::new();
    let read = match child.stdout.take() {
        Some(stdout) => BufReader::new(stdout).read_line(&mut line),
        None => Ok(0),
    };
    let elapsed = started.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    // A killed Go plugin leaves its unix socket behind.
    let fields: Vec<&str> = line.split('|').collect();
    if fields.get(2) == Some(&"unix") {
        if let Some(socket) = fields.get(3) {
            let _ = std::fs::remove_file(socket);
        }
    }
    if read.is_err() || !line.starts_with("1|") {
        return Err(format!(
            "{} printed no handshake line (got {line:?})",
            bin.display()
        ));
    }
    Ok(elapsed.as_secs_f64() * 1000.0)
}
