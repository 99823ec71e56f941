//! Reading JSON request bodies; errors are plain messages that each API wraps in its own error
//! shape and code (OTC's native APIs, IONOS Cloud).

use serde_json::{Map, Value};

/// A parsed JSON object.
pub(crate) type Object = Map<String, Value>;

/// Parses a JSON object body.
pub(crate) fn parse_any(body: &[u8]) -> Result<Object, String> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(obj)) => Ok(obj),
        Ok(_) => Err("the request body is not a JSON object".to_string()),
        Err(e) => Err(format!("the request body is not valid JSON: {e}")),
    }
}

/// The object under `key` of a JSON object body.
pub(crate) fn parse(body: &[u8], key: &str) -> Result<Object, String> {
    match parse_any(body)?.remove(key) {
        Some(Value::Object(inner)) => Ok(inner),
        None | Some(Value::Null) => Err(format!("'{key}' is required")),
        Some(_) => Err(format!("'{key}' must be an object")),
    }
}

/// The optional object under `key` of `obj`.
pub(crate) fn object<'a>(obj: &'a Object, key: &str) -> Result<Option<&'a Object>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(inner)) => Ok(Some(inner)),
        Some(_) => Err(format!("'{key}' must be an object")),
    }
}

/// An optional string of at most `max` characters (`null` counts as absent).
pub(crate) fn string(obj: &Object, key: &str, max: usize) -> Result<Option<String>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(format!("'{key}' is longer than {max} characters")),
        Some(_) => Err(format!("'{key}' must be a string")),
    }
}

/// A required, non-empty string of at most `max` characters.
pub(crate) fn required(obj: &Object, key: &str, max: usize) -> Result<String, String> {
    string(obj, key, max)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| format!("'{key}' is required"))
}

/// An optional boolean.
pub(crate) fn boolean(obj: &Object, key: &str) -> Result<Option<bool>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(_) => Err(format!("'{key}' must be a boolean")),
    }
}

/// An optional integer (a number or a numeric string).
pub(crate) fn integer(obj: &Object, key: &str) -> Result<Option<i64>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| format!("'{key}' must be an integer")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("'{key}' must be an integer")),
        Some(_) => Err(format!("'{key}' must be an integer")),
    }
}

/// An optional list (`null` counts as absent).
pub(crate) fn list<'a>(obj: &'a Object, key: &str) -> Result<Option<&'a [Value]>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(items)) => Ok(Some(items)),
        Some(_) => Err(format!("'{key}' must be a list")),
    }
}

/// An optional number (a JSON number or a numeric string).
pub(crate) fn number(obj: &Object, key: &str) -> Result<Option<f64>, String> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_f64()
            .map(Some)
            .ok_or_else(|| format!("'{key}' must be a number")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("'{key}' must be a number")),
        Some(_) => Err(format!("'{key}' must be a number")),
    }
}
