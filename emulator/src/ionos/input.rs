//! Reading Cloud API request bodies: `{"properties": {...}, "entities": {...}}` for POST and
//! PUT, bare properties for PATCH. An unparsable body is 400, a wrong value 422.

use axum::http::Method;
use serde_json::Value;

use super::errors::IonosError;
use crate::body;
pub(crate) use crate::body::Object;

/// Parses a JSON object body.
pub(crate) fn object(bytes: &[u8]) -> Result<Object, IonosError> {
    body::parse_any(bytes).map_err(IonosError::malformed)
}

/// The `properties` object of a resource body.
pub(crate) fn properties(obj: &Object) -> Result<Object, IonosError> {
    body::object(obj, "properties")
        .map_err(IonosError::invalid)?
        .cloned()
        .ok_or_else(|| IonosError::invalid("[(root).properties] is required"))
}

/// The properties of an update: bare for PATCH, under `properties` for PUT.
pub(crate) fn update(method: &Method, bytes: &[u8]) -> Result<Object, IonosError> {
    let obj = object(bytes)?;
    if method == Method::PATCH {
        Ok(obj)
    } else {
        properties(&obj)
    }
}

/// The object items of `entities.<name>.items` (none if absent).
pub(crate) fn entity_items<'a>(obj: &'a Object, name: &str) -> Result<Vec<&'a Object>, IonosError> {
    let Some(entities) = body::object(obj, "entities").map_err(IonosError::invalid)? else {
        return Ok(Vec::new());
    };
    let Some(collection) = body::object(entities, name).map_err(IonosError::invalid)? else {
        return Ok(Vec::new());
    };
    body::list(collection, "items")
        .map_err(IonosError::invalid)?
        .unwrap_or_default()
        .iter()
        .map(|item| match item {
            Value::Object(inner) => Ok(inner),
            _ => Err(IonosError::invalid(format!(
                "[(root).entities.{name}.items] must hold objects"
            ))),
        })
        .collect()
}

/// An optional string.
pub(crate) fn string(obj: &Object, key: &str) -> Result<Option<String>, IonosError> {
    body::string(obj, key, 255).map_err(IonosError::invalid)
}

/// An optional boolean.
pub(crate) fn boolean(obj: &Object, key: &str) -> Result<Option<bool>, IonosError> {
    body::boolean(obj, key).map_err(IonosError::invalid)
}

/// An optional integer within `range`.
pub(crate) fn integer(
    obj: &Object,
    key: &str,
    range: std::ops::RangeInclusive<i64>,
) -> Result<Option<i64>, IonosError> {
    match body::integer(obj, key).map_err(IonosError::invalid)? {
        Some(n) if !range.contains(&n) => Err(IonosError::invalid(format!(
            "[(root).properties.{key}] {n} is not between {} and {}",
            range.start(),
            range.end()
        ))),
        other => Ok(other),
    }
}

/// An optional number.
pub(crate) fn number(obj: &Object, key: &str) -> Result<Option<f64>, IonosError> {
    body::number(obj, key).map_err(IonosError::invalid)
}

/// An optional list of strings.
pub(crate) fn strings(obj: &Object, key: &str) -> Result<Option<Vec<String>>, IonosError> {
    let Some(items) = body::list(obj, key).map_err(IonosError::invalid)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|v| match v {
            Value::String(s) => Ok(s.clone()),
            _ => Err(IonosError::invalid(format!(
                "[(root).properties.{key}] must be a list of strings"
            ))),
        })
        .collect::<Result<Vec<String>, IonosError>>()
        .map(Some)
}

/// An optional string that must be one of `allowed`.
pub(crate) fn choice(
    obj: &Object,
    key: &str,
    allowed: &[&str],
) -> Result<Option<String>, IonosError> {
    match string(obj, key)? {
        Some(value) if !allowed.contains(&value.as_str()) => Err(IonosError::invalid(format!(
            "[(root).properties.{key}] {value} is not one of {}",
            allowed.join(", ")
        ))),
        other => Ok(other),
    }
}

/// 422 unless `new` is absent or equal to `current`: for properties that cannot change.
pub(crate) fn unchanged<T: PartialEq + std::fmt::Display>(
    key: &str,
    current: &T,
    new: Option<T>,
) -> Result<(), IonosError> {
    match new {
        Some(value) if value != *current => Err(IonosError::invalid(format!(
            "[(root).properties.{key}] cannot be changed from {current} to {value}"
        ))),
        _ => Ok(()),
    }
}
