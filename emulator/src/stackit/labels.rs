//! STACKIT labels: string keys and values with the `Labels` patterns, the reserved `stackit-`
//! prefix, merge-patch with `null` removing a key, and `label_selector` filters on lists.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::errors::StackitError;
use super::input;
use crate::body::Object;

/// Labels of a resource.
pub(crate) type Labels = BTreeMap<String, String>;

/// At most this many labels per resource.
const MAX_LABELS: usize = 64;

/// A label key: an optional DNS-subdomain `prefix/` and a name with alphanumeric ends.
const KEY: &str = r"^(([a-z0-9]([-a-z0-9.]*[a-z0-9])?)/)?([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$";
/// A label value: empty or alphanumeric ends.
const VALUE: &str = r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$";

/// Checks one label.
fn check(key: &str, value: &str) -> Result<(), StackitError> {
    let name = key.rsplit('/').next().unwrap_or(key);
    static KEYS: OnceLock<Regex> = OnceLock::new();
    static VALUES: OnceLock<Regex> = OnceLock::new();
    if name.len() > 63 || !input::matches(&KEYS, KEY, key) {
        return Err(StackitError::bad_request(format!(
            "label key '{key}' is not valid"
        )));
    }
    if key.starts_with("stackit-") || key.starts_with("stackit.cloud/") {
        return Err(StackitError::bad_request(format!(
            "label key '{key}' uses a reserved prefix"
        )));
    }
    if value.len() > 63 || !input::matches(&VALUES, VALUE, value) {
        return Err(StackitError::bad_request(format!(
            "label value '{value}' of '{key}' is not valid"
        )));
    }
    Ok(())
}

/// `current` with the `labels` of `obj` merged in (a `null` value removes the key); `None`
/// when `obj` has no labels.
pub(crate) fn merged(current: &Labels, obj: &Object) -> Result<Option<Labels>, StackitError> {
    let given = match obj.get("labels") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Object(map)) => map,
        Some(_) => return Err(StackitError::bad_request("labels must be an object")),
    };
    let mut out = current.clone();
    for (key, value) in given {
        match value {
            Value::Null => {
                out.remove(key);
            }
            Value::String(text) => {
                check(key, text)?;
                out.insert(key.clone(), text.clone());
            }
            _ => {
                return Err(StackitError::bad_request(format!(
                    "label '{key}' must have a string value"
                )))
            }
        }
    }
    if out.len() > MAX_LABELS {
        return Err(StackitError::bad_request(format!(
            "at most {MAX_LABELS} labels are allowed"
        )));
    }
    Ok(Some(out))
}

/// The labels of a create body (none if absent).
pub(crate) fn of(obj: &Object) -> Result<Labels, StackitError> {
    Ok(merged(&Labels::new(), obj)?.unwrap_or_default())
}

/// Whether `labels` match `selector` (`k=v` or `k!=v` or a bare `k`, comma-separated; all
/// terms must hold; none or an empty selector matches everything).
pub(crate) fn matches(labels: &Labels, selector: Option<&String>) -> bool {
    let Some(selector) = selector else {
        return true;
    };
    selector
        .split(',')
        .map(str::trim)
        .filter(|term| !term.is_empty())
        .all(|term| {
            if let Some((k, v)) = term.split_once("!=") {
                labels.get(k.trim()).map(String::as_str) != Some(v.trim())
            } else if let Some((k, v)) = term.split_once('=') {
                let v = v.trim_start_matches('=');
                labels.get(k.trim()).map(String::as_str) == Some(v.trim())
            } else {
                labels.contains_key(term)
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(value: Value) -> Object {
        match value {
            Value::Object(map) => map,
            _ => Object::new(),
        }
    }

    #[test]
    fn patches_merge_and_null_removes() {
        let current: Labels = [
            ("a".to_string(), "1".to_string()),
            ("b".to_string(), "2".to_string()),
        ]
        .into();
        let merged = merged(&current, &obj(json!({"labels": {"a": null, "c": "3"}}))).unwrap();
        assert_eq!(
            merged,
            Some(
                [
                    ("b".to_string(), "2".to_string()),
                    ("c".to_string(), "3".to_string())
                ]
                .into()
            )
        );
        assert_eq!(super::merged(&current, &obj(json!({}))).unwrap(), None);
    }

    #[test]
    fn keys_and_values_are_checked() {
        for bad in [
            json!({"-a": "x"}),
            json!({"stackit-a": "x"}),
            json!({"a": "x y"}),
            json!({"a": 1}),
        ] {
            assert!(of(&obj(json!({"labels": bad.clone()}))).is_err(), "{bad}");
        }
        assert!(of(&obj(
            json!({"labels": {"example.com/team": "", "k_1": "v.2"}})
        ))
        .is_ok());
    }

    #[test]
    fn selectors() {
        let labels: Labels = [("env".to_string(), "dev".to_string())].into();
        let sel = |s: &str| matches(&labels, Some(&s.to_string()));
        assert!(sel("env=dev") && sel("env==dev") && sel("env") && sel("env!=prod") && sel(""));
        assert!(!sel("env=prod") && !sel("team") && !sel("env=dev,team=a"));
        assert!(matches(&labels, None));
    }
}
