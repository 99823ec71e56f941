//! The emulator as a child process (the release build), and its admin API.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::{json, Value};

use crate::stats::{self, Routes};
use crate::BenchResult;

/// A running emulator, stopped on drop.
pub(crate) struct Emulator {
    child: Child,
    bin: PathBuf,
    url: String,
    http: reqwest::Client,
}

impl Emulator {
    /// Starts `bin` on a free port with no latency, no faults and `provision_delay`.
    pub fn start(bin: &Path, provision_delay: Duration) -> BenchResult<Emulator> {
        Emulator::start_with(bin, provision_delay, &[])
    }

    /// As [`Emulator::start`], with more command-line knobs (`--volume-quota 64`).
    pub fn start_with(
        bin: &Path,
        provision_delay: Duration,
        knobs: &[&str],
    ) -> BenchResult<Emulator> {
        let mut child = Command::new(bin)
            .args(["--listen", "127.0.0.1:0", "--provision-delay"])
            .arg(format!("{}ms", provision_delay.as_millis()))
            .args(knobs)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", bin.display()))?;
        let mut stdout = BufReader::new(child.stdout.take().ok_or("no emulator stdout")?);
        let mut line = String::new();
        let read = stdout.read_line(&mut line);
        let url = line
            .split_once("listening on ")
            .map(|(_, url)| url.trim().to_string());
        let Some(url) = url.filter(|_| read.is_ok()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("the emulator did not start (it printed {line:?})"));
        };
        // Keep reading so that a later print can never block it on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stdout.take(u64::MAX), &mut std::io::sink()));
        Ok(Emulator {
            child,
            bin: bin.to_path_buf(),
            url,
            http: reqwest::Client::new(),
        })
    }

    /// The CPU time the emulator has used so far.
    pub fn cpu(&self) -> Duration {
        crate::cpu::of_process(self.child.id())
    }

    /// The variables that point `cloud`'s tooling at this emulator (`sovereign-emulator env`).
    pub fn env(&self, cloud: &str) -> BenchResult<Vec<(String, String)>> {
        let output = Command::new(&self.bin)
            .args(["env", cloud, "--endpoint", &self.url])
            .output()
            .map_err(|e| format!("cannot run {} env: {e}", self.bin.display()))?;
        if !output.status.success() {
            return Err(format!(
                "sovereign-emulator env {cloud} failed: {}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(parse_export)
            .collect()
    }

    /// The cloud API requests counted so far, by route.
    pub async fn routes(&self) -> BenchResult<Routes> {
        Ok(stats::routes(&self.admin_get("stats").await?))
    }

    /// Every object clients made.
    pub async fn inventory(&self) -> BenchResult<Value> {
        self.admin_get("inventory").await
    }

    /// Changes the provision delay of objects made from now on.
    pub async fn set_delay(&self, delay: Duration) -> BenchResult<()> {
        let body = json!({ "provision_delay_ms": delay.as_millis() as u64 });
        self.admin_post("faults", body).await
    }

    /// Drops everything clients made and the counters.
    pub async fn reset(&self) -> BenchResult<()> {
        self.admin_post("reset", json!({})).await
    }

    async fn admin_get(&self, path: &str) -> BenchResult<Value> {
        let url = format!("{}/_emulator/{path}", self.url);
        let response = self.http.get(&url).send().await;
        let response = response.map_err(|e| format!("GET {url}: {e}"))?;
        response.json().await.map_err(|e| format!("GET {url}: {e}"))
    }

    async fn admin_post(&self, path: &str, body: Value) -> BenchResult<()> {
        let url = format!("{}/_emulator/{path}", self.url);
        let response = self.http.post(&url).json(&body).send().await;
        let response = response.map_err(|e| format!("POST {url}: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("POST {url}: {}", response.status()));
        }
        Ok(())
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `export NAME='value'` (single quotes, `'\''` for a quote) to its name and value.
fn parse_export(line: &str) -> BenchResult<(String, String)> {
    let bad = || format!("unexpected line from sovereign-emulator env: {line:?}");
    let (name, quoted) = line
        .strip_prefix("export ")
        .and_then(|rest| rest.split_once('='))
        .ok_or_else(bad)?;
    let inner = quoted
        .strip_prefix('\'')
        .and_then(|q| q.strip_suffix('\''))
        .ok_or_else(bad)?;
    Ok((name.to_string(), inner.replace(r"'\''", "'")))
}
