//! Moving values between Terraform's `Value` (null / unknown / known) and plain Rust types.

use std::collections::{BTreeMap, BTreeSet};

use sovereign_sdk::Labels;
use tf_provider::value::Value;

/// A list of strings as Terraform holds it.
pub type StringList = Value<Vec<Value<String>>>;
/// A map of strings as Terraform holds it.
pub type StringMap = Value<BTreeMap<String, Value<String>>>;

/// The known string, if any.
pub fn known(value: &Value<String>) -> Option<String> {
    value.as_ref_option().cloned()
}

/// The list's known items (null and unknown lists are empty).
pub fn strings(value: &StringList) -> Vec<String> {
    value
        .as_ref_option()
        .map(|items| items.iter().filter_map(known).collect())
        .unwrap_or_default()
}

/// The map's known entries as labels.
pub fn labels(value: &StringMap) -> Labels {
    value
        .as_ref_option()
        .map(|map| {
            map.iter()
                .filter_map(|(k, v)| known(v).map(|v| (k.clone(), v)))
                .collect()
        })
        .unwrap_or_default()
}

/// A list for the state: null when empty and the configuration left it null, so an omitted
/// argument does not turn into `[]` and a perpetual diff.
pub fn string_list(items: Vec<String>, was_null: bool) -> StringList {
    if items.is_empty() && was_null {
        Value::Null
    } else {
        Value::Value(items.into_iter().map(Value::Value).collect())
    }
}

/// Labels for the state, null when empty and previously null (see [`string_list`]).
pub fn string_map(labels: Labels, was_null: bool) -> StringMap {
    if labels.is_empty() && was_null {
        Value::Null
    } else {
        Value::Value(
            labels
                .into_iter()
                .map(|(k, v)| (k, Value::Value(v)))
                .collect(),
        )
    }
}

/// An optional string for the state.
pub fn optional(value: Option<String>) -> Value<String> {
    value.map(Value::Value).unwrap_or(Value::Null)
}

/// A set of strings as Terraform holds it.
pub type StringSet = Value<BTreeSet<Value<String>>>;

/// The set's known items, in order (null and unknown sets are empty).
pub fn set_strings(value: &StringSet) -> Vec<String> {
    value
        .as_ref_option()
        .map(|items| items.iter().filter_map(known).collect())
        .unwrap_or_default()
}

/// A set for the state, null when empty and previously null (see [`string_list`]).
pub fn string_set(items: Vec<String>, was_null: bool) -> StringSet {
    if items.is_empty() && was_null {
        Value::Null
    } else {
        Value::Value(items.into_iter().map(Value::Value).collect())
    }
}

/// Free text the cloud reports as empty when unset: null when empty and previously null.
pub fn text(value: Option<String>, was_null: bool) -> Value<String> {
    match value {
        Some(text) if !(text.is_empty() && was_null) => Value::Value(text),
        _ if was_null => Value::Null,
        _ => Value::Value(String::new()),
    }
}

/// A whole number for the state.
pub fn number(value: u32) -> Value<i64> {
    Value::Value(i64::from(value))
}

/// An optional whole number for the state.
pub fn optional_number(value: Option<u32>) -> Value<i64> {
    value.map(number).unwrap_or(Value::Null)
}

/// The known number as a `u32`, if it is one (negative and huge numbers are `None`).
pub fn known_u32(value: &Value<i64>) -> Option<u32> {
    value.as_ref_option().and_then(|n| u32::try_from(*n).ok())
}

/// Whether an attribute's planned value differs from the prior one (an unknown one may).
pub fn changes<T: PartialEq>(prior: &Value<T>, planned: &Value<T>) -> bool {
    planned.is_unknown() || prior != planned
}

/// The planned value when it changes, `None` when it stays (what an `XUpdate` field wants).
pub fn if_changed<T: PartialEq + Clone>(prior: &Value<T>, planned: &Value<T>) -> Option<Value<T>> {
    changes(prior, planned).then(|| planned.clone())
}

/// The value with "unknown" turned into null (for a state that must be wholly known).
pub fn settled<T>(value: Value<T>) -> Value<T> {
    match value {
        Value::Unknown => Value::Null,
        other => other,
    }
}
