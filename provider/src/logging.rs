//! Logs to stderr in the `[LEVEL] message` form go-plugin understands, so they show up in
//! Terraform's `TF_LOG` output at the right level. The SDK already keeps secrets out of them.

use std::ffi::OsString;
use std::fmt;

use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::writer::MakeWriterExt;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;
use tracing_subscriber::EnvFilter;

/// One line per event: `[INFO] sovereign_sdk::http: retrying attempt=2 ...`.
struct GoPluginFormat;

impl<S, N> FormatEvent<S, N> for GoPluginFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(
        &self,
        ctx: &FmtContext<'_, S, N>,
        mut writer: Writer<'_>,
        event: &Event<'_>,
    ) -> fmt::Result {
        let level = match *event.metadata().level() {
            Level::TRACE => "TRACE",
            Level::DEBUG => "DEBUG",
            Level::INFO => "INFO",
            Level::WARN => "WARN",
            Level::ERROR => "ERROR",
        };
        write!(writer, "[{level}] {}: ", event.metadata().target())?;
        ctx.field_format().format_fields(writer.by_ref(), event)?;
        writeln!(writer)
    }
}

/// The level filter: `SOVEREIGN_LOG` if set, else Terraform's `TF_LOG_PROVIDER`/`TF_LOG`, else info.
fn filter() -> EnvFilter {
    let from_terraform = std::env::var("TF_LOG_PROVIDER")
        .or_else(|_| std::env::var("TF_LOG"))
        .ok()
        .map(|level| match level.to_ascii_lowercase().as_str() {
            "trace" | "json" => "trace".to_string(),
            "debug" => "debug".to_string(),
            "warn" => "warn".to_string(),
            "error" => "error".to_string(),
            _ => "info".to_string(),
        });
    let directive = std::env::var("SOVEREIGN_LOG")
        .ok()
        .or(from_terraform)
        .unwrap_or_else(|| "info".to_string());
    EnvFilter::try_new(&directive).unwrap_or_else(|_| EnvFilter::new("info"))
}

/// Installs the global logger: stderr, plus `log_file` when given (`PLUGIN_LOG_FILE`).
pub fn init(log_file: Option<OsString>) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter())
        .with_ansi(false)
        .event_format(GoPluginFormat);
    let file = log_file.and_then(|path| std::fs::File::create(path).ok());
    let result = match file {
        Some(file) => builder
            .with_writer(std::io::stderr.and(std::sync::Mutex::new(file)))
            .try_init(),
        None => builder.with_writer(std::io::stderr).try_init(),
    };
    if result.is_err() {
        eprintln!("[WARN] a logger was already installed; provider logs may be missing");
    }
}
