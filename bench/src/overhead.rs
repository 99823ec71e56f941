//! Figure 2, Terraform overhead: `terraform apply` of security groups on the emulated STACKIT
//! (no quota on them there; no latency, no delay) against the same number of `null_resource`s
//! with the Go null provider, and the providers' peak RSS.

use std::time::Duration;

use crate::emulator::Emulator;
use crate::report::Row;
use crate::stats::median;
use crate::terraform::{null_resources, security_groups, Workdir, NULL, SOVEREIGN};
use crate::tools::Tools;
use crate::{BenchResult, Sizes};

/// Alternating applies of both, fresh directories each time; medians.
pub(crate) async fn run(tools: &Tools, sizes: &Sizes) -> BenchResult<Vec<Row>> {
    let emulator = Emulator::start(&tools.emulator, Duration::ZERO)?;
    let vars = emulator.env("stackit")?;
    let n = sizes.overhead_resources;
    let apply = ["apply", "-auto-approve", "-input=false"];
    let (mut ours, mut null) = (Vec::new(), Vec::new());
    let (mut ours_rss, mut null_rss) = (0.0f64, 0.0f64);
    for run in 0..sizes.overhead_runs {
        emulator.reset().await?;
        let dir = Workdir::new(
            tools,
            &format!("sg-{run}"),
            &vars,
            SOVEREIGN,
            &security_groups(n),
        )?;
        let cost = dir.run(&apply, &tools.provider)?;
        ours.push(cost.time.as_secs_f64());
        ours_rss = ours_rss.max(cost.peak_rss_mib);
        let dir = Workdir::new(tools, &format!("null-{run}"), &[], NULL, &null_resources(n))?;
        let cost = dir.run(&apply, &tools.null_provider)?;
        null.push(cost.time.as_secs_f64());
        null_rss = null_rss.max(cost.peak_rss_mib);
    }
    let (ours, null) = (median(&ours), median(&null));
    Ok(vec![
        Row::new(
            format!(
                "Terraform apply, {n} resources (median of {})",
                sizes.overhead_runs
            ),
            format!("{ours:.2} s ({n} STACKIT security groups)"),
            format!("{null:.2} s ({n} null_resource)"),
            ours / null,
            "<= 1.25x".to_string(),
            ours / null / 1.25,
        ),
        Row::new(
            "Provider peak RSS during that apply".to_string(),
            format!("{ours_rss:.1} MiB"),
            format!("{null_rss:.1} MiB (Go null)"),
            ours_rss / null_rss,
            "< 40 MB".to_string(),
            ours_rss * 1.048_576 / 40.0,
        ),
    ])
}
