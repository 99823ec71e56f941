//! The `timeouts { create, update, delete }` block every resource takes.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use sovereign_sdk::Deadline;
use tf_provider::schema::{Attribute, AttributeConstraint, AttributeType, Block, NestedBlock};
use tf_provider::value::{self, Value};
use tf_provider::{AttributePath, Diagnostics};

/// The block's values as Terraform sends them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Timeouts {
    /// How long a create may take.
    pub create: Value<String>,
    /// How long an update may take.
    pub update: Value<String>,
    /// How long a delete may take.
    pub delete: Value<String>,
}

/// The optional block as it sits in a resource's state.
pub type TimeoutsBlock = Value<Timeouts>;

/// serde glue for a `timeouts` field (`#[serde(with = "timeouts::as_block")]`).
pub use value::serde_as_vec as as_block;

/// Which operation a timeout is for.
#[derive(Debug, Clone, Copy)]
pub enum Operation {
    /// Create.
    Create,
    /// Update.
    Update,
    /// Delete.
    Delete,
}

/// The `timeouts` block's schema.
pub fn schema() -> NestedBlock {
    let attr = |what: &str| Attribute {
        attr_type: AttributeType::String,
        description: format!(
            "How long to wait for the {what} to finish, such as \"30s\", \"10m\" or \"1h30m\"."
        )
        .into(),
        constraint: AttributeConstraint::Optional,
        sensitive: false,
        deprecated: false,
    };
    NestedBlock::Optional(Block {
        description: "Time limits for long operations.".into(),
        attributes: [
            ("create".to_string(), attr("create")),
            ("update".to_string(), attr("update")),
            ("delete".to_string(), attr("delete")),
        ]
        .into_iter()
        .collect(),
        ..Default::default()
    })
}

/// Adds the default limits to the block's description ("... Defaults: create 20m, ...").
pub fn describe_defaults(block: &mut NestedBlock, default: impl Fn(Operation) -> Duration) {
    if let NestedBlock::Optional(block) = block {
        let defaults: Vec<String> = [Operation::Create, Operation::Update, Operation::Delete]
            .into_iter()
            .map(|op| format!("{} {}", name(op), format_duration(default(op))))
            .collect();
        block
            .description
            .content
            .push_str(&format!(" Defaults: {}.", defaults.join(", ")));
    }
}

fn format_duration(duration: Duration) -> String {
    let seconds = duration.as_secs();
    let parts = [
        (seconds / 3600, "h"),
        (seconds % 3600 / 60, "m"),
        (seconds % 60, "s"),
    ];
    let text: String = parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect();
    if text.is_empty() {
        "0s".to_string()
    } else {
        text
    }
}

/// The longest timeout accepted; anything longer is a typo, not a plan.
const MAX_TIMEOUT: Duration = Duration::from_secs(7 * 24 * 3600);

/// Parses "1h30m", "10m", "45s", "500ms" (Go's duration syntax, which Terraform users know).
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("an empty duration".to_string());
    }
    let mut total = Duration::ZERO;
    let mut rest = text;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .ok_or_else(|| format!("{text:?} lacks a unit (h, m, s or ms)"))?;
        if digits == 0 {
            return Err(format!("{text:?} is not a duration such as \"10m\""));
        }
        let number: f64 = rest[..digits]
            .parse()
            .map_err(|_| format!("{text:?} is not a duration such as \"10m\""))?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(rest.len());
        let seconds = match &rest[..unit_len] {
            "h" => 3600.0,
            "m" => 60.0,
            "s" => 1.0,
            "ms" => 0.001,
            unit => {
                return Err(format!(
                    "{text:?} has an unknown unit {unit:?}; use h, m, s or ms"
                ))
            }
        };
        rest = &rest[unit_len..];
        let part = Duration::try_from_secs_f64(number * seconds)
            .map_err(|_| format!("{text:?} is out of range"))?;
        total = total.saturating_add(part);
    }
    if total > MAX_TIMEOUT {
        return Err(format!(
            "{text:?} is longer than the longest timeout accepted, 168h (7 days)"
        ));
    }
    Ok(total)
}

impl Timeouts {
    fn text(&self, operation: Operation) -> Option<&str> {
        let value = match operation {
            Operation::Create => &self.create,
            Operation::Update => &self.update,
            Operation::Delete => &self.delete,
        };
        value.as_ref_option().map(String::as_str)
    }
}

fn name(operation: Operation) -> &'static str {
    match operation {
        Operation::Create => "create",
        Operation::Update => "update",
        Operation::Delete => "delete",
    }
}

/// Checks every known duration in the block, with a diagnostic on the bad one.
pub fn validate(block: &TimeoutsBlock, diags: &mut Diagnostics) {
    let Some(timeouts) = block.as_ref_option() else {
        return;
    };
    for operation in [Operation::Create, Operation::Update, Operation::Delete] {
        if let Some(text) = timeouts.text(operation) {
            if let Err(problem) = parse_duration(text) {
                diags.error(
                    "Invalid timeout",
                    problem,
                    AttributePath::new("timeouts")
                        .index(0)
                        .attribute(name(operation)),
                );
            }
        }
    }
}

/// The deadline for `operation`: the block's value, or `default`.
pub fn deadline(block: &TimeoutsBlock, operation: Operation, default: Duration) -> Deadline {
    let duration = block
        .as_ref_option()
        .and_then(|t| t.text(operation))
        .and_then(|text| parse_duration(text).ok())
        .unwrap_or(default);
    Deadline::after(duration)
}

/// Runs `operation` until it finishes or `deadline` passes (then a `Timeout` error naming `what`).
pub async fn within<T>(
    deadline: Deadline,
    what: &str,
    operation: impl std::future::Future<Output = sovereign_sdk::Result<T>>,
) -> sovereign_sdk::Result<T> {
    match tokio::time::timeout(deadline.remaining(), operation).await {
        Ok(result) => result,
        Err(_) => Err(sovereign_sdk::Error::new(
            sovereign_sdk::ErrorKind::Timeout,
            format!("{what} did not finish before the deadline"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_duration("10m").unwrap(), Duration::from_secs(600));
        assert_eq!(parse_duration("1h30m").unwrap(), Duration::from_secs(5400));
        assert_eq!(parse_duration("1.5s").unwrap(), Duration::from_millis(1500));
        assert_eq!(parse_duration("250ms").unwrap(), Duration::from_millis(250));
        assert!(parse_duration("10").is_err());
        assert!(parse_duration("ten minutes").is_err());
        assert!(parse_duration("5d").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("3000000000000000h").is_err());
        assert!(parse_duration("169h").is_err());
        assert!(parse_duration("168h").is_ok());
        assert_eq!(format_duration(Duration::from_secs(5400)), "1h30m");
        assert_eq!(format_duration(Duration::from_secs(600)), "10m");
    }
}
