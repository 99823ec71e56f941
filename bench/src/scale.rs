//! Figure 5, scale: plan and apply time of growing numbers of security groups on the emulated
//! STACKIT (no quota there), to show how the cost grows (the largest is 16 times the smallest).

use std::time::Duration;

use crate::emulator::Emulator;
use crate::report::Row;
use crate::terraform::{security_groups, Workdir, SOVEREIGN};
use crate::tools::Tools;
use crate::BenchResult;

/// Plan and apply seconds at one resource count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Point {
    /// Resources.
    pub resources: usize,
    /// `terraform plan` seconds.
    pub plan: f64,
    /// `terraform apply` seconds.
    pub apply: f64,
}

/// One plan and one apply per count, on an emptied emulator each time.
pub(crate) async fn run(tools: &Tools, counts: &[usize]) -> BenchResult<(Vec<Row>, Vec<Point>)> {
    let emulator = Emulator::start(&tools.emulator, Duration::ZERO)?;
    let vars = emulator.env("stackit")?;
    let mut points = Vec::new();
    for &resources in counts {
        emulator.reset().await?;
        let dir = Workdir::new(
            tools,
            &format!("scale-{resources}"),
            &vars,
            SOVEREIGN,
            &security_groups(resources),
        )?;
        let plan = dir.run(&["plan", "-input=false"], &tools.provider)?;
        let apply = dir.run(&["apply", "-auto-approve", "-input=false"], &tools.provider)?;
        let point = Point {
            resources,
            plan: plan.time.as_secs_f64(),
            apply: apply.time.as_secs_f64(),
        };
        eprintln!(
            "   {resources}: plan {:.2} s, apply {:.2} s",
            point.plan, point.apply
        );
        points.push(point);
    }
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok((Vec::new(), points));
    };
    let growth = last.resources as f64 / first.resources as f64;
    let limit = 20.0 * growth / 16.0;
    let row = |what: &str, small: f64, large: f64| {
        let all: Vec<String> = points
            .iter()
            .map(|p| {
                format!(
                    "{}: {:.2} s",
                    p.resources,
                    if what == "plan" { p.plan } else { p.apply }
                )
            })
            .collect();
        Row::new(
            format!(
                "Scale: {what} time, {} vs {} resources",
                last.resources, first.resources
            ),
            all.join(", "),
            format!("{small:.2} s at {} (linear: {growth:.0}x)", first.resources),
            large / small,
            format!("<= {limit:.0}x"),
            large / small / limit,
        )
    };
    let rows = vec![
        row("plan", first.plan, last.plan),
        row("apply", first.apply, last.apply),
    ];
    Ok((rows, points))
}
