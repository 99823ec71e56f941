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
    /// Where the CPU time of our plan and apply went.
    pub cpu: CpuSplit,
    /// Where the CPU time of the null provider's plan and apply went.
    pub null_cpu: CpuSplit,
}

/// CPU seconds of a plan and an apply: terraform core, the provider, the emulator.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CpuSplit {
    /// Terraform itself (its children's time less the provider's).
    pub terraform: f64,
    /// The provider.
    pub provider: f64,
    /// The emulator (zero for the null provider).
    pub emulator: f64,
}

impl CpuSplit {
    fn of(plan: &Cost, apply: &Cost, emulator: Duration) -> CpuSplit {
        let provider = plan.provider_cpu + apply.provider_cpu;
        CpuSplit {
            terraform: (plan.cpu + apply.cpu)
                .saturating_sub(provider)
                .as_secs_f64(),
            provider: provider.as_secs_f64(),
            emulator: emulator.as_secs_f64(),
        }
    }
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
        let emulator_before = emulator.cpu();
        let (plan, apply) = plan_and_apply(tools, &name, &vars, SOVEREIGN, &body)?;
        let emulator_cpu = emulator.cpu().saturating_sub(emulator_before);
        let name = format!("scale-null-{resources}");
        let body = null_resources(resources);
        let (null_plan, null_apply) = plan_and_apply(tools, &name, &[], NULL, &body)?;
        let point = Point {
            resources,
            plan: plan.time.as_secs_f64(),
            apply: apply.time.as_secs_f64(),
            null_plan: null_plan.time.as_secs_f64(),
            null_apply: null_apply.time.as_secs_f64(),
            cpu: CpuSplit::of(&plan, &apply, emulator_cpu),
            null_cpu: CpuSplit::of(&null_plan, &null_apply, Duration::ZERO),
        };
        eprintln!(
            "   {resources}: plan {:.2} s, apply {:.2} s, CPU {}; null: plan {:.2} s, apply {:.2} s, CPU {}",
            point.plan, point.apply, point.cpu, point.null_plan, point.null_apply, point.null_cpu
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
    let mut apply = row("apply", |p| (p.apply, p.null_apply));
    // Where the time goes at the largest count: terraform core, the provider, the emulator.
    apply.ours.push_str(&format!(
        "; CPU of plan + apply at {}: {}",
        last.resources, last.cpu
    ));
    apply.baseline.push_str(&format!(
        "; CPU at {}: terraform {:.1} s, provider {:.1} s",
        last.resources, last.null_cpu.terraform, last.null_cpu.provider
    ));
    Ok((vec![row("plan", |p| (p.plan, p.null_plan)), apply], points))
}

impl std::fmt::Display for CpuSplit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "terraform {:.1} s, provider {:.1} s, emulator {:.1} s",
            self.terraform, self.provider, self.emulator
        )
    }
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
