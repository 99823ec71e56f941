//! Request body parsing and attribute validation with Neutron's error messages.

use std::collections::BTreeSet;

use serde_json::Value;

use super::store::{Meta, Object};
use crate::openstack::errors::NeutronError;

/// Longest name, description or tag Neutron accepts.
pub(crate) const MAX_LEN: usize = 255;

/// Parses `{"<key>": {...}}` and returns the inner object.
fn parse(body: &[u8], key: &str) -> Result<Object, NeutronError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(NeutronError::bad_request("Resource body required"));
    }
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| NeutronError::bad_request(format!("Malformed request body: {e}")))?;
    match value {
        Value::Object(mut outer) => match outer.remove(key) {
            Some(Value::Object(inner)) => Ok(inner),
            _ => Err(NeutronError::bad_request(format!(
                "Unable to find '{key}' in request body"
            ))),
        },
        _ => Err(NeutronError::bad_request(format!(
            "Unable to find '{key}' in request body"
        ))),
    }
}

/// Refuses attributes outside `allowed`; those in `read_only` get Neutron's read-only message.
fn check_attributes(
    obj: &Object,
    allowed: &[&str],
    read_only: &[&str],
) -> Result<(), NeutronError> {
    if let Some(key) = obj
        .keys()
        .find(|k| read_only.contains(&k.as_str()) && !allowed.contains(&k.as_str()))
    {
        return Err(NeutronError::bad_request(format!(
            "Cannot update read-only attribute {key}"
        )));
    }
    let unknown: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| !allowed.contains(k))
        .collect();
    if unknown.is_empty() {
        Ok(())
    } else {
        Err(NeutronError::bad_request(format!(
            "Unrecognized attribute(s) '{}'",
            unknown.join(", ")
        )))
    }
}

/// The object of a create request: only `allowed` attributes, and no other project than the caller's.
pub(crate) fn create_request(
    body: &[u8],
    key: &str,
    allowed: &[&str],
    caller: &str,
) -> Result<Object, NeutronError> {
    let obj = parse(body, key)?;
    check_attributes(&obj, allowed, &[])?;
    check_project(&obj, caller)?;
    Ok(obj)
}

/// The object of an update request: only `allowed` attributes, the other `created` ones read-only.
pub(crate) fn update_request(
    body: &[u8],
    key: &str,
    allowed: &[&str],
    created: &[&str],
) -> Result<Object, NeutronError> {
    let obj = parse(body, key)?;
    check_attributes(&obj, allowed, created)?;
    Ok(obj)
}

/// Refuses `project_id`/`tenant_id` naming another project than the caller's.
fn check_project(obj: &Object, caller: &str) -> Result<(), NeutronError> {
    let other = ["project_id", "tenant_id"]
        .iter()
        .filter_map(|k| obj.get(*k))
        .any(|v| v.as_str() != Some(caller));
    if other {
        Err(NeutronError::bad_request("Specifying 'project_id' or 'tenant_id' other than the authenticated project in request requires admin privileges"))
    } else {
        Ok(())
    }
}

/// Refuses attributes reserved to administrators: present and (on create) different from the default.
///
/// `rules` pairs an attribute with its default; `None` means any value is refused.
pub(crate) fn admin_only(
    obj: &Object,
    rules: &[(&str, Option<bool>)],
    action: &str,
    updating: bool,
) -> Result<(), NeutronError> {
    for (attr, default) in rules {
        if let Some(value) = obj.get(*attr) {
            let is_default = !updating && default.is_some_and(|d| to_bool(value) == Some(d));
            if !is_default {
                return Err(NeutronError::policy(&format!("{action}:{attr}")));
            }
        }
    }
    Ok(())
}

/// How a value reads in an error message: strings bare, everything else as JSON.
pub(crate) fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `400 Invalid input for <attr>. Reason: <reason>.`
pub(crate) fn invalid(attr: &str, reason: impl std::fmt::Display) -> NeutronError {
    NeutronError::bad_request(format!("Invalid input for {attr}. Reason: {reason}."))
}

/// `400 Failed to parse request. Required attribute '<attr>' not specified`
pub(crate) fn required(attr: &str) -> NeutronError {
    NeutronError::bad_request(format!(
        "Failed to parse request. Required attribute '{attr}' not specified"
    ))
}

/// An optional string no longer than `max`.
pub(crate) fn string(obj: &Object, attr: &str, max: usize) -> Result<Option<String>, NeutronError> {
    match obj.get(attr) {
        None => Ok(None),
        Some(value) => to_string(attr, value, max).map(Some),
    }
}

/// An optional string that may also be `null`: `Some(None)` for an explicit null.
pub(crate) fn nullable_string(
    obj: &Object,
    attr: &str,
) -> Result<Option<Option<String>>, NeutronError> {
    match obj.get(attr) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(value) => to_string(attr, value, MAX_LEN).map(|s| Some(Some(s))),
    }
}

fn to_string(attr: &str, value: &Value, max: usize) -> Result<String, NeutronError> {
    match value {
        Value::String(s) if s.chars().count() <= max => Ok(s.clone()),
        Value::String(s) => Err(invalid(
            attr,
            format!("'{s}' exceeds maximum length of {max}"),
        )),
        other => Err(invalid(
            attr,
            format!("'{}' is not a valid string", show(other)),
        )),
    }
}

/// A required, non-empty string.
pub(crate) fn required_string(obj: &Object, attr: &str) -> Result<String, NeutronError> {
    string(obj, attr, MAX_LEN)?.ok_or_else(|| required(attr))
}

fn to_bool(value: &Value) -> Option<bool> {
    match value {
        Value::Bool(b) => Some(*b),
        Value::String(s) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// An optional boolean (Neutron also takes "true"/"false" and 0/1).
pub(crate) fn boolean(obj: &Object, attr: &str) -> Result<Option<bool>, NeutronError> {
    match obj.get(attr) {
        None => Ok(None),
        Some(value) => to_bool(value).map(Some).ok_or_else(|| {
            invalid(
                attr,
                format!("'{}' cannot be converted to boolean", show(value)),
            )
        }),
    }
}

/// An optional integer (numbers or numeric strings).
pub(crate) fn integer(obj: &Object, attr: &str) -> Result<Option<i64>, NeutronError> {
    match obj.get(attr) {
        None => Ok(None),
        Some(value) => {
            let parsed = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            };
            parsed
                .map(Some)
                .ok_or_else(|| invalid(attr, format!("'{}' is not an integer", show(value))))
        }
    }
}

/// An optional list (`null` counts as empty).
pub(crate) fn list<'a>(obj: &'a Object, attr: &str) -> Result<Option<&'a [Value]>, NeutronError> {
    match obj.get(attr) {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(&[])),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(other) => Err(invalid(attr, format!("'{}' is not a list", show(other)))),
    }
}

/// An optional list of strings.
pub(crate) fn string_list(obj: &Object, attr: &str) -> Result<Option<Vec<String>>, NeutronError> {
    let Some(items) = list(obj, attr)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| to_string(attr, item, MAX_LEN))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The `tags` of a create request, validated.
pub(crate) fn tags(obj: &Object) -> Result<BTreeSet<String>, NeutronError> {
    Ok(string_list(obj, "tags")?
        .unwrap_or_default()
        .into_iter()
        .collect())
}

/// An element of a list that must be an object with only the given keys.
pub(crate) fn entry<'a>(
    attr: &str,
    value: &'a Value,
    keys: &[&str],
) -> Result<&'a Object, NeutronError> {
    match value {
        Value::Object(obj) => match obj.keys().find(|k| !keys.contains(&k.as_str())) {
            Some(key) => Err(invalid(attr, format!("Unrecognized key '{key}'"))),
            None => Ok(obj),
        },
        other => Err(invalid(
            attr,
            format!("'{}' is not a dictionary", show(other)),
        )),
    }
}

/// Name, description and tags of a create request, into `meta` (absent ones stay empty).
pub(crate) fn describe(obj: &Object, meta: &mut Meta) -> Result<(), NeutronError> {
    meta.name = string(obj, "name", MAX_LEN)?.unwrap_or_default();
    meta.description = string(obj, "description", MAX_LEN)?.unwrap_or_default();
    meta.tags = tags(obj)?;
    Ok(())
}

/// The standard attributes an update request may change; `None` leaves one as it is.
pub(crate) struct Renaming {
    /// New name.
    pub name: Option<String>,
    /// New description.
    pub description: Option<String>,
}

impl Renaming {
    /// `name` and `description` of an update request.
    pub fn parse(obj: &Object) -> Result<Renaming, NeutronError> {
        Ok(Renaming {
            name: string(obj, "name", MAX_LEN)?,
            description: string(obj, "description", MAX_LEN)?,
        })
    }

    /// Writes the given attributes into `meta`.
    pub fn apply(self, meta: &mut Meta) {
        set(&mut meta.name, self.name);
        set(&mut meta.description, self.description);
    }
}

/// Writes `value` into `field` when the update request gave one.
pub(crate) fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(value) = value {
        *field = value;
    }
}
