//! Figure 5, scale: plan and apply time of growing numbers of security groups on the emulated
//! STACKIT (no quota there), to show how the cost grows (the largest is 16 times the smallest),
//! beside the same numbers of `null_resource`s with the Go null provider: what terraform core
//! itself costs at that size.

use std::time::Duration;

use crate::emulator::Emulator;
use crate::report::Row;
use crate::terraform::{null_resources, security_groups, Cost, Workdir, NULL, SOVEREIGN};
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
    /// `terraform plan` seconds with the null provider.
    pub null_plan: f64,
    /// `terraform apply` seconds with the null provider.
    pub null_apply: f64,
}

/// One plan and one apply per count, on an emptied emulator each time.
pub(crate) async fn run(tools: &Tools, counts: &[usize]) -> BenchResult<(Vec<Row>, Vec<Point>)> {
    let emulator = Emulator::start(&tools.emulator, Duration::ZERO)?;
    let vars = emulator.env("stackit")?;
    let mut points = Vec::new();
    for &resources in counts {
        emulator.reset().await?;
        let name = format!("scale-{resources}");
        let body = security_groups(resources);
        let (plan, apply) = plan_and_apply(tools, &name, &vars, SOVEREIGN, &body)?;
        let name = format!("scale-null-{resources}");
        let body = null_resources(resources);
        let (null_plan, null_apply) = plan_and_apply(tools, &name, &[], NULL, &body)?;
        let point = Point {
            resources,
            plan: plan.time.as_secs_f64(),
            apply: apply.time.as_secs_f64(),
            null_plan: null_plan.time.as_secs_f64(),
            null_apply: null_apply.time.as_secs_f64(),
        };
        eprintln!(
            "   {resources}: plan {:.2} s, apply {:.2} s; null: plan {:.2} s, apply {:.2} s",
            point.plan, point.apply, point.null_plan, point.null_apply
        );
        points.push(point);
    }
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        return Ok((Vec::new(), points));
    };
    let growth = last.resources as f64 / first.resources as f64;
    let limit = 20.0 * growth / 16.0;
    let row = |what: &str, pick: fn(&Point) -> (f64, f64)| {
        let all: Vec<String> = points
            .iter()
            .map(|p| format!("{}: {:.2} s", p.resources, pick(p).0))
            .collect();
        let nulls: Vec<String> = points
            .iter()
            .map(|p| format!("{}: {:.2} s", p.resources, pick(p).1))
            .collect();
        let (ours, null) = (pick(last).0 / pick(first).0, pick(last).1 / pick(first).1);
        Row::new(
            format!(
                "Scale: {what} time, {} vs {} resources",
                last.resources, first.resources
            ),
            format!("{} ({ours:.1}x)", all.join(", ")),
            format!("null_resource {} ({null:.1}x)", nulls.join(", ")),
            ours,
            format!("<= {limit:.0}x"),
            ours / limit,
        )
    };
    let rows = vec![
        row("plan", |p| (p.plan, p.null_plan)),
        row("apply", |p| (p.apply, p.null_apply)),
    ];
    Ok((rows, points))
}

/// A plan, then an apply, in a fresh directory.
fn plan_and_apply(
    tools: &Tools,
    name: &str,
    vars: &[(String, String)],
    provider: &str,
    body: &str,
) -> BenchResult<(Cost, Cost)> {
    let dir = Workdir::new(tools, name, vars, provider, body)?;
    let watch = if provider == NULL {
        &tools.null_provider
    } else {
        &tools.provider
    };
    let plan = dir.run(&["plan", "-input=false"], watch)?;
    let apply = dir.run(&["apply", "-auto-approve", "-input=false"], watch)?;
    Ok((plan, apply))
}
