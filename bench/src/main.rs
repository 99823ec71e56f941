//! `sovereign-bench`: measures provider start, Terraform overhead, waiting, SDK throughput and
//! scale against baselines measured in the same run, prints a markdown table, and writes the
//! table and an SVG plot.

mod cpu;
mod emulator;
mod overhead;
mod plot;
mod poller;
mod report;
mod rss;
mod scale;
mod start;
mod stats;
mod terraform;
mod throughput;
mod tools;
mod waiting;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, ValueEnum};

use report::Row;
use tools::Tools;

/// The bench's error: a message for the person running it.
pub(crate) type BenchResult<T> = Result<T, String>;

/// One of the five measurements.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Measurement {
    /// Provider start: exec to handshake line.
    Start,
    /// Terraform overhead: apply of 200 resources, and the provider's peak RSS.
    Overhead,
    /// Waiting for a server beside fixed-interval pollers.
    Waiting,
    /// SDK throughput against openstacksdk.
    Throughput,
    /// Plan and apply time as the resource count grows.
    Scale,
}

/// Command line.
#[derive(Debug, Parser)]
#[command(name = "sovereign-bench", about)]
struct Args {
    /// Measurements to run, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    only: Vec<Measurement>,
    /// Fewer repetitions and smaller sizes, for a quick look (not for the README).
    #[arg(long)]
    quick: bool,
    /// Directory holding the release builds of the provider and the emulator.
    #[arg(long, default_value = "target/release")]
    bin_dir: PathBuf,
    /// The terraform binary.
    #[arg(long, env = "TF_BINARY", default_value = "terraform")]
    terraform: PathBuf,
    /// The Go terraform-provider-null v2.1.2 binary.
    #[arg(long, env = "BENCH_NULL_PROVIDER")]
    null_provider: PathBuf,
    /// A Python with openstacksdk installed.
    #[arg(long, env = "SOVEREIGN_PYTHON", default_value = "python3")]
    python: PathBuf,
    /// The openstacksdk volume script.
    #[arg(long, default_value = "bench/openstacksdk_volumes.py")]
    python_script: PathBuf,
    /// Where the markdown table and the SVG plot go.
    #[arg(long, default_value = "bench/results")]
    out: PathBuf,
}

/// How big the runs are.
#[derive(Debug, Clone)]
pub(crate) struct Sizes {
    /// Provider starts per binary.
    pub start_runs: usize,
    /// Resources per apply in the overhead figure.
    pub overhead_resources: usize,
    /// Applies per provider in the overhead figure.
    pub overhead_runs: usize,
    /// Provision delays of the waiting figure, in seconds.
    pub delays: Vec<u64>,
    /// Volumes created and deleted in the throughput figure.
    pub volumes: usize,
    /// Resource counts of the scale figure (the last is 16 times the first).
    pub scale: Vec<usize>,
}

impl Sizes {
    fn new(quick: bool) -> Sizes {
        if quick {
            Sizes {
                start_runs: 5,
                overhead_resources: 50,
                overhead_runs: 1,
                delays: vec![3],
                volumes: 100,
                scale: vec![25, 100, 400],
            }
        } else {
            Sizes {
                start_runs: 30,
                overhead_resources: 200,
                overhead_runs: 3,
                delays: vec![3, 30],
                volumes: 500,
                scale: vec![100, 400, 1600],
            }
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = Args::parse();
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("sovereign-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> BenchResult<()> {
    let tools = Tools::find(&args)?;
    let sizes = Sizes::new(args.quick);
    let all = args.only.is_empty();
    let wanted = |m: Measurement| all || args.only.contains(&m);
    let mut rows: Vec<Row> = Vec::new();
    let mut series = Vec::new();
    if wanted(Measurement::Start) {
        eprintln!("== provider start ({} runs each)", sizes.start_runs);
        rows.extend(start::run(&tools, sizes.start_runs)?);
    }
    if wanted(Measurement::Overhead) {
        eprintln!(
            "== terraform overhead ({} resources)",
            sizes.overhead_resources
        );
        rows.extend(overhead::run(&tools, &sizes).await?);
    }
    if wanted(Measurement::Waiting) {
        eprintln!("== waiting (delays {:?} s)", sizes.delays);
        rows.extend(waiting::run(&tools, &sizes.delays).await?);
    }
    if wanted(Measurement::Throughput) {
        eprintln!("== SDK throughput ({} volumes)", sizes.volumes);
        rows.extend(throughput::run(&tools, sizes.volumes).await?);
    }
    if wanted(Measurement::Scale) {
        eprintln!("== scale ({:?} resources)", sizes.scale);
        let (scale_rows, points) = scale::run(&tools, &sizes.scale).await?;
        rows.extend(scale_rows);
        series = points;
    }
    let table = report::markdown(&rows);
    println!("{table}");
    report::write(&args.out, &table, &rows, &series)
}
