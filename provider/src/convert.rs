//! Moving values between Terraform's `Value` (null / unknown / known) and plain Rust types.

use std::collections::BTreeMap;

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
