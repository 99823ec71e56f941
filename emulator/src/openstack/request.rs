//! Request bodies of Nova and Cinder: the wrapper object, typed attributes and the schema
//! validation messages both services use ("Invalid input for field/attribute ...").

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::errors::Fault;

/// A parsed JSON object.
pub(crate) type Object = Map<String, Value>;

/// Parses `{"<key>": {...}}` and returns the inner object.
pub(crate) fn parse(body: &[u8], key: &str) -> Result<Object, Fault> {
    let value: Value =
        serde_json::from_slice(body).map_err(|_| Fault::bad_request("Malformed request body"))?;
    match value {
        Value::Object(mut outer) => match outer.remove(key) {
            Some(Value::Object(inner)) => Ok(inner),
            Some(other) => Err(invalid(key, &other, "is not of type 'object'")),
            None => Err(Fault::bad_request(format!(
                "Invalid input for field/attribute {key}. Value: {}. '{key}' is a required property",
                Value::Object(outer)
            ))),
        },
        _ => Err(Fault::bad_request("Malformed request body")),
    }
}

/// Parses any JSON object body.
pub(crate) fn parse_any(body: &[u8]) -> Result<Object, Fault> {
    match serde_json::from_slice(body) {
        Ok(Value::Object(obj)) => Ok(obj),
        _ => Err(Fault::bad_request("Malformed request body")),
    }
}

/// `400 Invalid input for field/attribute <attr>. Value: <value>. <value> <reason>`.
pub(crate) fn invalid(attr: &str, value: &Value, reason: &str) -> Fault {
    Fault::bad_request(format!(
        "Invalid input for field/attribute {attr}. Value: {}. {} {reason}",
        show(value),
        show(value)
    ))
}

/// How a value reads in a message: strings bare, everything else as JSON.
pub(crate) fn show(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Refuses attributes outside `allowed` ("Additional properties are not allowed").
pub(crate) fn check_attributes(obj: &Object, allowed: &[&str]) -> Result<(), Fault> {
    let extra: Vec<String> = obj
        .keys()
        .filter(|k| !allowed.contains(&k.as_str()))
        .map(|k| format!("'{k}'"))
        .collect();
    if extra.is_empty() {
        Ok(())
    } else {
        Err(Fault::bad_request(format!(
            "Additional properties are not allowed ({} {} unexpected)",
            extra.join(", "),
            if extra.len() == 1 { "was" } else { "were" }
        )))
    }
}

/// An optional string of at most `max` characters (`null` counts as absent).
pub(crate) fn string(obj: &Object, attr: &str, max: usize) -> Result<Option<String>, Fault> {
    match obj.get(attr) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.chars().count() <= max => Ok(Some(s.clone())),
        Some(v @ Value::String(_)) => {
            Err(invalid(attr, v, &format!("is too long (maximum {max})")))
        }
        Some(v) => Err(invalid(attr, v, "is not of type 'string'")),
    }
}

/// A required, non-empty string of at most 255 characters.
pub(crate) fn required_string(obj: &Object, attr: &str) -> Result<String, Fault> {
    match string(obj, attr, 255)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        Some(s) => Err(invalid(attr, &Value::String(s), "is too short")),
        None => Err(Fault::bad_request(format!(
            "Invalid input for field/attribute {attr}. Value: None. '{attr}' is a required property"
        ))),
    }
}

/// An optional integer (numbers or numeric strings) no smaller than `min`.
pub(crate) fn integer(obj: &Object, attr: &str, min: i64) -> Result<Option<i64>, Fault> {
    let Some(value) = obj.get(attr).filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let parsed = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    match parsed {
        Some(n) if n >= min => Ok(Some(n)),
        Some(_) => Err(invalid(
            attr,
            value,
            &format!("is less than the minimum of {min}"),
        )),
        None => Err(invalid(attr, value, "is not of type 'integer', 'string'")),
    }
}

/// An optional boolean (also "true"/"false").
pub(crate) fn boolean(obj: &Object, attr: &str) -> Result<Option<bool>, Fault> {
    match obj.get(attr) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v @ Value::String(s)) => match s.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => Ok(Some(true)),
            "false" | "0" | "no" | "off" => Ok(Some(false)),
            _ => Err(invalid(attr, v, "is not of type 'boolean'")),
        },
        Some(v) => Err(invalid(attr, v, "is not of type 'boolean'")),
    }
}

/// A metadata object: string keys of 1..=255 characters to string values of up to 255.
pub(crate) fn metadata(value: &Value, attr: &str) -> Result<BTreeMap<String, String>, Fault> {
    let Value::Object(map) = value else {
        return Err(invalid(attr, value, "is not of type 'object'"));
    };
    map.iter()
        .map(|(k, v)| {
            if k.is_empty() || k.chars().count() > 255 {
                return Err(Fault::bad_request(format!(
                    "Invalid input for field/attribute {attr}. Value: {value}. Keys must be 1 to 255 characters long"
                )));
            }
            match v {
                Value::String(s) if s.chars().count() <= 255 => Ok((k.clone(), s.clone())),
                other => Err(invalid(attr, other, "is not of type 'string' or is too long")),
            }
        })
        .collect()
}

/// The optional `metadata` attribute of an object.
pub(crate) fn optional_metadata(
    obj: &Object,
    attr: &str,
) -> Result<Option<BTreeMap<String, String>>, Fault> {
    match obj.get(attr) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => metadata(value, attr).map(Some),
    }
}
