//! STACKIT's rules for names and labels, stricter than the uniform ones: checked before
//! anything is sent, so that a plan fails on the attribute's line rather than at apply.

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::model::Labels;

/// Longest name of a network, security group, volume or NIC.
const MAX_NAME: usize = 127;
/// Longest server name (a DNS host name).
const MAX_SERVER_NAME: usize = 63;
/// Longest label key part and value.
const MAX_LABEL: usize = 63;
/// Most labels on one object.
const MAX_LABELS: usize = 64;

/// A name of letters and digits, with single runs of ` /._-` between them (STACKIT's
/// `GenericName`).
pub(super) fn check_name(name: &str) -> Result<()> {
    let separators = |c: char| matches!(c, ' ' | '/' | '.' | '_' | '-');
    let starts_and_ends_alnum = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphanumeric())
        && name
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    let allowed = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || separators(c));
    if name.len() > MAX_NAME || !starts_and_ends_alnum || !allowed {
        return Err(Error::invalid_field(
            "name",
            format!(
                "STACKIT names are up to {MAX_NAME} letters and digits, with spaces, `/`, `.`, `_` \
                 or `-` only between them; {name:?} is not one"
            ),
        ));
    }
    Ok(())
}

/// A server name: a DNS host name of up to 63 characters (labels of letters, digits and `-`,
/// separated by dots).
pub(super) fn check_server_name(name: &str) -> Result<()> {
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    };
    if name.len() > MAX_SERVER_NAME || !name.split('.').all(label_ok) {
        return Err(Error::invalid_field(
            "name",
            format!(
                "STACKIT server names are host names: up to {MAX_SERVER_NAME} letters, digits and \
                 `-` (dots between parts); {name:?} is not one"
            ),
        ));
    }
    Ok(())
}

/// A label key or value part: letters, digits, `-`, `_`, `.`, starting and ending with a
/// letter or digit.
fn label_part_ok(text: &str) -> bool {
    text.len() <= MAX_LABEL
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && text
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric())
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// Labels STACKIT takes: up to 64; keys of letters, digits, `-`, `_`, `.` (with an optional
/// `prefix/`), not starting with `stackit-`; values the same or empty.
pub(super) fn check_labels(labels: &Labels) -> Result<()> {
    let invalid = |why: String| Error::invalid_field("labels", why);
    if labels.len() > MAX_LABELS {
        return Err(invalid(format!(
            "STACKIT takes at most {MAX_LABELS} labels, not {}",
            labels.len()
        )));
    }
    for (key, value) in labels {
        let name = key.rsplit('/').next().unwrap_or(key);
        if !label_part_ok(name) || key.starts_with("stackit-") {
            return Err(invalid(format!(
                "{key:?} is not a STACKIT label key: up to {MAX_LABEL} letters, digits, `-`, `_` \
                 and `.`, starting and ending with a letter or digit, not `stackit-…`"
            )));
        }
        if !value.is_empty() && !label_part_ok(value) {
            return Err(invalid(format!(
                "the value of label {key:?} is not one STACKIT takes: up to {MAX_LABEL} letters, \
                 digits, `-`, `_` and `.`, starting and ending with a letter or digit"
            )));
        }
    }
    Ok(())
}

/// The `labels` of a PATCH that makes an object's labels exactly `wanted`: STACKIT merges, so
/// a key that goes is sent as `null`. Labels the SDK keeps for itself (`sovereign-…`) stay.
pub(super) fn replacing(current: &Labels, wanted: &Labels) -> Value {
    let mut patch: Map<String, Value> = wanted
        .iter()
        .map(|(k, v)| (k.clone(), Value::String(v.clone())))
        .collect();
    for key in current.keys() {
        if !wanted.contains_key(key) && !is_own(key) {
            patch.insert(key.clone(), Value::Null);
        }
    }
    Value::Object(patch)
}

/// The prefix of the labels the SDK sets for its own bookkeeping.
pub(super) const OWN_PREFIX: &str = "sovereign-";

/// Whether a label is the SDK's bookkeeping, not the user's.
pub(super) fn is_own(key: &str) -> bool {
    key.starts_with(OWN_PREFIX)
}

/// The user's labels among an object's labels (the SDK's own left out).
pub(super) fn users(labels: Option<Labels>) -> Labels {
    labels
        .unwrap_or_default()
        .into_iter()
        .filter(|(k, _)| !is_own(k))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_stackit() {
        assert!(check_name("web servers-1").is_ok());
        assert!(check_name("a/b.c_d").is_ok());
        assert!(check_name("-web").is_err());
        assert!(check_name("web!").is_err());
        assert!(check_name(&"a".repeat(128)).is_err());
        assert!(check_server_name("web-1.example").is_ok());
        assert!(check_server_name("web_1").is_err());
        assert!(check_server_name(&"a".repeat(64)).is_err());
    }

    #[test]
    fn labels_follow_stackit() {
        let labels = |k: &str, v: &str| Labels::from([(k.to_string(), v.to_string())]);
        assert!(check_labels(&labels("env", "prod")).is_ok());
        assert!(check_labels(&labels("example.com/team", "")).is_ok());
        assert!(check_labels(&labels("stackit-x", "y")).is_err());
        assert!(check_labels(&labels("env", "has space")).is_err());
        assert_eq!(
            check_labels(&labels("-env", "x")).unwrap_err().field(),
            Some("labels")
        );
    }

    #[test]
    fn replacing_nulls_what_goes_and_keeps_the_sdks_own() {
        let current = Labels::from([
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "2".to_string()),
            ("sovereign-keypair".to_string(), "k".to_string()),
        ]);
        let wanted = Labels::from([("a".to_string(), "9".to_string())]);
        assert_eq!(
            replacing(&current, &wanted),
            serde_json::json!({"a": "9", "b": null})
        );
    }
}
