//! The result table: one row per figure, as markdown, written with the plot.

use std::path::Path;

use crate::plot;
use crate::scale::Point;
use crate::BenchResult;

/// One figure against its baseline and target.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    /// What was measured.
    pub figure: String,
    /// Our value.
    pub ours: String,
    /// The baseline's value.
    pub baseline: String,
    /// Ours over the baseline (or the figure's own ratio).
    pub ratio: f64,
    /// The target, in words.
    pub target: String,
    /// The share of the target's budget used: at most 1 means the target is met.
    pub budget: f64,
}

impl Row {
    /// A row; `budget` at most 1 means met.
    pub fn new(
        figure: String,
        ours: String,
        baseline: String,
        ratio: f64,
        target: String,
        budget: f64,
    ) -> Row {
        Row {
            figure,
            ours,
            baseline,
            ratio,
            target,
            budget,
        }
    }

    /// Whether the target is met.
    pub fn met(&self) -> bool {
        self.budget.is_finite() && self.budget <= 1.0
    }
}

/// The rows as a markdown table.
pub(crate) fn markdown(rows: &[Row]) -> String {
    let mut out = String::from(
        "| figure | ours | baseline | ratio | target | met? |\n|---|---|---|---|---|---|\n",
    );
    for row in rows {
        out.push_str(&format!(
            "| {} | {} | {} | {:.2}x | {} | {} |\n",
            row.figure,
            row.ours,
            row.baseline,
            row.ratio,
            row.target,
            if row.met() { "yes" } else { "**no**" }
        ));
    }
    out
}

/// Writes `latest.md` and `latest.svg` into `dir`.
pub(crate) fn write(dir: &Path, table: &str, rows: &[Row], scale: &[Point]) -> BenchResult<()> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let md = dir.join("latest.md");
    std::fs::write(&md, table).map_err(|e| format!("cannot write {}: {e}", md.display()))?;
    let svg = dir.join("latest.svg");
    plot::draw(&svg, rows, scale)?;
    eprintln!("wrote {} and {}", md.display(), svg.display());
    Ok(())
}
