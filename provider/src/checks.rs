//! Plan-time checks that several resources share: names, labels, what a cloud cannot do, and
//! "did you mean" suggestions for names looked up in the cloud.

use sovereign_sdk::model::ObjectKind;
use sovereign_sdk::{validate_labels, validate_name, Cloud};
use tf_provider::value::Value;
use tf_provider::{AttributePath, Diagnostics};

use crate::convert::{labels as known_labels, StringMap};
use crate::diagnostics::add_error;

/// A known name must not be empty, overlong or hold control characters.
pub fn name(value: &Value<String>, diags: &mut Diagnostics) {
    if let Some(Err(error)) = value.as_ref_option().map(|name| validate_name(name)) {
        add_error(diags, "Invalid name", &error);
    }
}

/// Known labels must have valid keys and values, and the cloud must take labels.
pub fn labels(value: &StringMap, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
    let labels = known_labels(value);
    if let Err(error) = validate_labels(&labels) {
        add_error(diags, "Invalid labels", &error);
    }
    if let Some(cloud) = cloud {
        if !labels.is_empty() && !cloud.capabilities().labels {
            unsupported(diags, "labels", cloud, "labels");
        }
    }
}

/// The cloud's own rules for the name and labels of an object of `kind` (STACKIT's host names
/// and label syntax, say), once both are known.
pub fn cloud_rules(
    cloud: Option<&Cloud>,
    kind: ObjectKind,
    name: Option<&Value<String>>,
    labels: &StringMap,
    diags: &mut Diagnostics,
) {
    let Some(cloud) = cloud else { return };
    if name.is_some_and(Value::is_unknown) || labels.is_unknown() {
        return;
    }
    let name = name.and_then(Value::as_ref_option).map(String::as_str);
    if let Err(error) = cloud
        .compute()
        .check_name_and_labels(kind, name, &known_labels(labels))
    {
        add_error(diags, &format!("Invalid for {}", cloud.kind()), &error);
    }
}

/// An error on `attribute`: `what` is not possible on this cloud.
pub fn unsupported(diags: &mut Diagnostics, attribute: &'static str, cloud: &Cloud, what: &str) {
    diags.error(
        format!("{attribute} is not supported on {}", cloud.kind()),
        format!(
            "{} cannot do {what} through the provider; remove `{attribute}` or check \
             `data \"sovereign_cloud\"` capabilities before using it.",
            cloud.kind()
        ),
        AttributePath::new(attribute),
    );
}

/// A number that must lie in `range`, with an error on `attribute` otherwise.
pub fn in_range(
    value: &Value<i64>,
    range: std::ops::RangeInclusive<i64>,
    attribute: &'static str,
    diags: &mut Diagnostics,
) {
    if let Some(number) = value.as_ref_option() {
        if !range.contains(number) {
            diags.error(
                format!("Invalid {attribute}"),
                format!(
                    "{attribute} must be between {} and {}, not {number}",
                    range.start(),
                    range.end()
                ),
                AttributePath::new(attribute),
            );
        }
    }
}

/// A known string that must be one of `allowed`, with an error on `attribute` otherwise.
pub fn one_of(
    value: &Value<String>,
    allowed: &[&str],
    attribute: &'static str,
    diags: &mut Diagnostics,
) {
    if let Some(text) = value.as_ref_option() {
        if !allowed.contains(&text.as_str()) {
            diags.error(
                format!("Invalid {attribute}"),
                format!("{text:?} is not one of {}", allowed.join(", ")),
                AttributePath::new(attribute),
            );
        }
    }
}

/// The names among `candidates` that look like `wanted` (same letters ignoring case, one
/// containing the other, or a few edits apart), closest first, at most five.
pub fn close_names<'c>(wanted: &str, candidates: impl IntoIterator<Item = &'c str>) -> Vec<String> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(usize, String)> = candidates
        .into_iter()
        .filter_map(|candidate| {
            let lower = candidate.to_lowercase();
            let distance = edit_distance(&wanted_lower, &lower);
            let related = lower.contains(&wanted_lower) || wanted_lower.contains(&lower);
            let near = distance <= (wanted_lower.chars().count() / 3).max(2);
            (related || near).then(|| (distance, candidate.to_string()))
        })
        .collect();
    scored.sort();
    scored.dedup_by(|a, b| a.1 == b.1);
    scored.into_iter().take(5).map(|(_, name)| name).collect()
}

/// "Did you mean ...?" for `close_names`, or what there is when nothing is close.
pub fn suggestion(wanted: &str, names: &[String], what: &str) -> String {
    let close = close_names(wanted, names.iter().map(String::as_str));
    if !close.is_empty() {
        let quoted: Vec<String> = close.iter().map(|n| format!("{n:?}")).collect();
        format!("Did you mean {}?", quoted.join(" or "))
    } else if names.is_empty() {
        format!("This cloud offers no {what} at all.")
    } else {
        let mut sorted: Vec<&String> = names.iter().collect();
        sorted.sort();
        sorted.dedup();
        let shown: Vec<String> = sorted.iter().take(12).map(|n| format!("{n:?}")).collect();
        let more = if sorted.len() > 12 { ", ..." } else { "" };
        format!("Available {what}: {}{more}.", shown.join(", "))
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            current.push(
                (previous[j] + cost)
                    .min(previous[j + 1] + 1)
                    .min(current[j] + 1),
            );
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn close_names_find_typos_and_parts() {
        let images = ["Ubuntu 24.04", "Ubuntu 22.04", "Debian 12"];
        assert_eq!(
            close_names("Ubuntu 24.4", images),
            ["Ubuntu 24.04", "Ubuntu 22.04"]
        );
        assert_eq!(close_names("debian", images), ["Debian 12"]);
        assert!(close_names("Windows", images).is_empty());
    }

    #[test]
    fn suggestion_lists_what_there_is() {
        let names = vec!["a1".to_string(), "b2".to_string()];
        assert_eq!(suggestion("a1x", &names, "flavors"), "Did you mean \"a1\"?");
        assert_eq!(
            suggestion("zzzzzz", &names, "flavors"),
            "Available flavors: \"a1\", \"b2\"."
        );
    }
}
