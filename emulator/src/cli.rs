//! Command line: `sovereign-emulator [--listen ADDR] [knobs]`, `sovereign-emulator env CLOUD`
//! and `sovereign-emulator clouds-yaml`.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Parser, Subcommand};
use sovereign_emulator::{
    clouds_yaml, env_vars, serve, stackit_key_json, EmulatorConfig, FaultKind, DEFAULT_VOLUME_QUOTA,
};

/// A local, stateful stand-in for the European sovereign cloud APIs.
#[derive(Debug, Parser)]
#[command(name = "sovereign-emulator", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8787")]
    listen: String,
    /// How long new resources stay in a transitional status (e.g. 2s).
    #[arg(long, value_parser = parse_duration, default_value = "0s")]
    provision_delay: Duration,
    /// Delay added before every cloud API request (e.g. 50ms).
    #[arg(long, value_parser = parse_duration, default_value = "0s")]
    latency: Duration,
    /// Probability (0..=1) that a cloud API request meets an injected fault.
    #[arg(long, value_parser = parse_rate, default_value = "0")]
    fault_rate: f64,
    /// The kinds of fault, comma-separated: 429 (with Retry-After), 500, 502, 503, drop_before
    /// (the connection drops unprocessed), drop_after (processed, answer lost), slow.
    #[arg(long, value_delimiter = ',', value_parser = FaultKind::parse,
          default_value = "429,500,502,503,drop_before,drop_after,slow")]
    fault_kinds: Vec<FaultKind>,
    /// Only requests with these HTTP methods meet faults, comma-separated (e.g. POST to
    /// exercise creates); left out, every method.
    #[arg(long, value_delimiter = ',', value_parser = parse_method)]
    fault_methods: Vec<String>,
    /// Seed of the fault generator.
    #[arg(long, default_value = "0")]
    seed: u64,
    /// State file: loaded at start if present, rewritten after every change.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Lifetime of issued tokens (e.g. 1h).
    #[arg(long, value_parser = parse_duration, default_value = "1h")]
    token_ttl: Duration,
    /// Volumes a project may have on plusserver and OTC (Cinder's quota; more answer 413).
    #[arg(long, default_value_t = DEFAULT_VOLUME_QUOTA)]
    volume_quota: usize,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print `export` lines that point a cloud's tooling at the emulator.
    Env {
        /// Cloud name (plusserver, ionos, stackit or otc).
        cloud: String,
        /// Base URL of the running emulator.
        #[arg(long, default_value = "http://127.0.0.1:8787")]
        endpoint: String,
        /// STACKIT only: write the service-account key file (JSON) here and print
        /// `STACKIT_SERVICE_ACCOUNT_KEY_PATH`.
        #[arg(long)]
        key_file: Option<PathBuf>,
    },
    /// Print a clouds.yaml with entries `plusserver` and `otc` pointing at the emulator (for
    /// configurations that use both OpenStack clouds at once).
    CloudsYaml {
        /// Base URL of the running emulator.
        #[arg(long, default_value = "http://127.0.0.1:8787")]
        endpoint: String,
    },
}

/// Parses an HTTP method name (any case) into its upper-case form.
fn parse_method(text: &str) -> Result<String, String> {
    let method = text.trim().to_ascii_uppercase();
    if method.is_empty() || !method.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(format!("{text:?} is not an HTTP method"));
    }
    Ok(method)
}

/// Parses durations such as `500ms`, `2s`, `1m`, `1h` (a bare number means seconds).
fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = number
        .parse()
        .map_err(|_| format!("invalid duration '{text}' (use e.g. 500ms, 2s, 1m, 1h)"))?;
    let seconds = match unit {
        "ms" => value / 1000.0,
        "" | "s" => value,
        "m" => value * 60.0,
        "h" => value * 3600.0,
        _ => {
            return Err(format!(
                "invalid duration unit '{unit}' (use ms, s, m or h)"
            ))
        }
    };
    Duration::try_from_secs_f64(seconds).map_err(|e| format!("invalid duration '{text}': {e}"))
}

fn parse_rate(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(rate) if (0.0..=1.0).contains(&rate) => Ok(rate),
        _ => Err(format!(
            "fault rate must be a number between 0 and 1, got '{text}'"
        )),
    }
}

/// Shell-quotes a value in single quotes.
fn quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

/// The variables of `env CLOUD`; with a key file (STACKIT only) it is written and named too.
fn environment(
    cloud: &str,
    endpoint: &str,
    key_file: Option<PathBuf>,
) -> Result<Vec<(String, String)>, String> {
    let mut vars = env_vars(cloud, endpoint)?;
    let Some(path) = key_file else {
        return Ok(vars);
    };
    if cloud != "stackit" {
        return Err("--key-file is only for stackit".to_string());
    }
    let token_url = vars
        .iter()
        .find(|(name, _)| name == "STACKIT_TOKEN_BASEURL")
        .map(|(_, url)| url.clone())
        .unwrap_or_default();
    std::fs::write(&path, stackit_key_json(&token_url))
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    vars.push((
        "STACKIT_SERVICE_ACCOUNT_KEY_PATH".to_string(),
        path.display().to_string(),
    ));
    Ok(vars)
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Env {
            cloud,
            endpoint,
            key_file,
        }) => match environment(&cloud, &endpoint, key_file) {
            Ok(vars) => {
                for (name, value) in vars {
                    println!("export {name}={}", quote(&value));
                }
                0
            }
            Err(message) => {
                eprintln!("sovereign-emulator: {message}");
                2
            }
        },
        Some(Command::CloudsYaml { endpoint }) => {
            print!("{}", clouds_yaml(&endpoint));
            0
        }
        None => {
            tracing_subscriber::fmt()
                .with_writer(std::io::stderr)
                .with_target(false)
                .init();
            let config = EmulatorConfig {
                provision_delay: cli.provision_delay,
                latency: cli.latency,
                fault_rate: cli.fault_rate,
                fault_kinds: cli.fault_kinds,
                fault_methods: cli.fault_methods,
                seed: cli.seed,
                state_file: cli.state,
                token_ttl: cli.token_ttl,
                volume_quota: cli.volume_quota,
            };
            match run_server(&cli.listen, config) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("sovereign-emulator: {e}");
                    1
                }
            }
        }
    }
}

fn run_server(listen: &str, config: EmulatorConfig) -> std::io::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(listen).await?;
        println!(
            "sovereign-emulator listening on http://{}",
            listener.local_addr()?
        );
        tokio::select! {
            result = serve(listener, config) => result,
            _ = shutdown_signal() => Ok(()),
        }
    })
}

/// Resolves on Ctrl-C (and SIGTERM on Unix).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(term) => term,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms"), Ok(Duration::from_millis(500)));
        assert_eq!(parse_duration("2s"), Ok(Duration::from_secs(2)));
        assert_eq!(parse_duration("1m"), Ok(Duration::from_secs(60)));
        assert_eq!(parse_duration("1h"), Ok(Duration::from_secs(3600)));
        assert_eq!(parse_duration("3"), Ok(Duration::from_secs(3)));
        assert!(parse_duration("fast").is_err());
        assert!(parse_duration("2d").is_err());
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("a'b"), r"'a'\''b'");
    }
}
