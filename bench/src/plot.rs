//! The SVG plot: how much of each target's budget a figure used (at most 1 is met), and the
//! scale figure's plan and apply times (ours and the null provider's) by resource count.

use std::path::Path;

use plotters::prelude::*;

use crate::report::Row;
use crate::scale::Point;
use crate::BenchResult;

/// Draws both panels into `path`.
pub(crate) fn draw(path: &Path, rows: &[Row], scale: &[Point]) -> BenchResult<()> {
    let height = 160 + 28 * rows.len() as u32;
    let root = SVGBackend::new(path, (1300, height.max(420))).into_drawing_area();
    let fail = |e: &dyn std::fmt::Display| format!("cannot draw {}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| fail(&e))?;
    let (left, right) = root.split_horizontally(820);
    budgets(&left, rows).map_err(|e| fail(&e))?;
    growth(&right, scale).map_err(|e| fail(&e))?;
    root.present().map_err(|e| fail(&e))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// One horizontal bar per figure: the share of its target used.
fn budgets(area: &Area, rows: &[Row]) -> DrawResult {
    let top = rows
        .iter()
        .map(|r| r.budget)
        .filter(|b| b.is_finite())
        .fold(1.5f64, f64::max)
        * 1.05;
    let n = rows.len().max(1);
    let mut chart = ChartBuilder::on(area)
        .caption(
            "Share of each target used (<= 1 is met)",
            ("sans-serif", 18),
        )
        .margin(10)
        .x_label_area_size(30)
        .y_label_area_size(430)
        .build_cartesian_2d(0f64..top, 0f64..n as f64)?;
    let labels: Vec<String> = rows.iter().map(|r| short(&r.figure)).collect();
    chart
        .configure_mesh()
        .disable_y_mesh()
        .y_labels(n * 2 + 1)
        .y_label_formatter(&|y| {
            let i = (n as f64 - y - 0.5).round();
            if (n as f64 - y - 0.5 - i).abs() < 0.01 && i >= 0.0 && (i as usize) < n {
                labels[i as usize].clone()
            } else {
                String::new()
            }
        })
        .draw()?;
    chart.draw_series(rows.iter().enumerate().map(|(i, row)| {
        let y = (n - 1 - i) as f64;
        let color = if row.met() {
            GREEN.mix(0.7)
        } else {
            RED.mix(0.7)
        };
        let width = if row.budget.is_finite() {
            row.budget.min(top)
        } else {
            top
        };
        Rectangle::new([(0.0, y + 0.15), (width, y + 0.85)], color.filled())
    }))?;
    chart.draw_series(std::iter::once(PathElement::new(
        vec![(1.0, 0.0), (1.0, n as f64)],
        BLACK.stroke_width(2),
    )))?;
    Ok(())
}

/// Plan and apply seconds against the resource count.
fn growth(area: &Area, points: &[Point]) -> DrawResult {
    let max_x = points.iter().map(|p| p.resources).max().unwrap_or(1) as f64 * 1.05;
    let max_y = points
        .iter()
        .map(|p| p.plan.max(p.apply).max(p.null_plan).max(p.null_apply))
        .fold(1.0f64, f64::max)
        * 1.1;
    let mut chart = ChartBuilder::on(area)
        .caption("Scale: seconds by resource count", ("sans-serif", 18))
        .margin(10)
        .x_label_area_size(35)
        .y_label_area_size(45)
        .build_cartesian_2d(0f64..max_x, 0f64..max_y)?;
    chart
        .configure_mesh()
        .x_desc("resources")
        .y_desc("seconds")
        .draw()?;
    let series = [("plan", BLUE), ("apply", MAGENTA)];
    for (name, color) in series {
        let line: Vec<(f64, f64)> = points
            .iter()
            .map(|p| {
                (
                    p.resources as f64,
                    if name == "plan" { p.plan } else { p.apply },
                )
            })
            .collect();
        chart
            .draw_series(LineSeries::new(line.clone(), color.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], color));
        chart.draw_series(line.into_iter().map(|p| Circle::new(p, 4, color.filled())))?;
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()?;
    Ok(())
}

/// A figure's name cut to fit the label column.
fn short(figure: &str) -> String {
    let mut out: String = figure.chars().take(60).collect();
    if figure.chars().count() > 60 {
        out.push('…');
    }
    out
}
