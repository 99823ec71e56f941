//! Reading and checking request bodies and queries the way STACKIT's IaaS API does: names,
//! UUIDs and lists; every failure is a 400 `{code, msg}`.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value;

use super::errors::StackitError;
use crate::body::{self, Object};

/// A 400 from a body helper's message.
fn bad(msg: String) -> StackitError {
    StackitError::bad_request(msg)
}

/// The JSON object body.
pub(crate) fn object(bytes: &[u8]) -> Result<Object, StackitError> {
    body::parse_any(bytes).map_err(bad)
}

/// An optional string.
pub(crate) fn string(obj: &Object, key: &str) -> Result<Option<String>, StackitError> {
    body::string(obj, key, usize::MAX).map_err(bad)
}

/// An optional boolean.
pub(crate) fn boolean(obj: &Object, key: &str) -> Result<Option<bool>, StackitError> {
    body::boolean(obj, key).map_err(bad)
}

/// An optional integer.
pub(crate) fn integer(obj: &Object, key: &str) -> Result<Option<i64>, StackitError> {
    match obj.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| bad(format!("{key} must be an integer"))),
        Some(_) => Err(bad(format!("{key} must be an integer"))),
    }
}

/// An optional nested object.
pub(crate) fn nested<'a>(obj: &'a Object, key: &str) -> Result<Option<&'a Object>, StackitError> {
    body::object(obj, key).map_err(bad)
}

/// Whether `text` matches `source`, compiled once into the caller's `cell`.
pub(crate) fn matches(cell: &'static OnceLock<Regex>, source: &str, text: &str) -> bool {
    cell.get_or_init(|| Regex::new(source).expect("the emulator's patterns are valid"))
        .is_match(text)
}

/// Whether `name` is a `GenericName` (`^[A-Za-z0-9]+([ /._-]*[A-Za-z0-9]+)*$`, at most 127).
fn is_generic_name(name: &str) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    name.len() <= 127 && matches(&CELL, r"^[A-Za-z0-9]+([ /._-]*[A-Za-z0-9]+)*$", name)
}

/// An optional `GenericName` under `key`.
pub(crate) fn generic_name(obj: &Object, key: &str) -> Result<Option<String>, StackitError> {
    match string(obj, key)? {
        Some(name) if !is_generic_name(&name) => Err(bad(format!(
            "{key} '{name}' is not valid: use letters, digits and ' /._-' between them, at most 127 characters"
        ))),
        other => Ok(other),
    }
}

/// A required `GenericName` under `key`.
pub(crate) fn required_name(obj: &Object, key: &str) -> Result<String, StackitError> {
    generic_name(obj, key)?.ok_or_else(|| bad(format!("{key} is required")))
}

/// Whether `name` is a `ServerName`: a DNS host name of at most 63 characters.
pub(crate) fn is_server_name(name: &str) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    let label = "([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])";
    name.len() <= 63 && matches(&CELL, &format!(r"^({label}\.)*{label}$"), name)
}

/// Whether `name` is a `KeyPairName` (`^[A-Za-z0-9@._-]*$`, at most 127).
pub(crate) fn is_keypair_name(name: &str) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    name.len() <= 127 && matches(&CELL, r"^[A-Za-z0-9@._-]*$", name)
}

/// Whether `key` is an `SSHPublicKey`.
pub(crate) fn is_public_key(key: &str) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    matches(
        &CELL,
        r"^(ssh-rsa|ssh-ed25519|ecdsa-sha2-nistp(256|384|521))\s+[A-Za-z0-9+/]+[=]{0,3}(\s+.+)?\s*$",
        key,
    )
}

/// Whether `id` is a lower-case UUID as STACKIT writes them.
pub(crate) fn is_uuid(id: &str) -> bool {
    static CELL: OnceLock<Regex> = OnceLock::new();
    matches(
        &CELL,
        r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        id,
    )
}

/// An optional UUID under `key`.
pub(crate) fn uuid(obj: &Object, key: &str) -> Result<Option<String>, StackitError> {
    match string(obj, key)? {
        Some(id) if !is_uuid(&id) => Err(bad(format!("{key} '{id}' is not a valid UUID"))),
        other => Ok(other),
    }
}

/// An optional list of UUIDs under `key`.
pub(crate) fn uuid_list(obj: &Object, key: &str) -> Result<Option<Vec<String>>, StackitError> {
    let Some(items) = body::list(obj, key).map_err(bad)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| match item.as_str() {
            Some(id) if is_uuid(id) => Ok(id.to_string()),
            _ => Err(bad(format!("{key} must be a list of UUIDs"))),
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// An optional list of strings under `key`.
pub(crate) fn string_list(obj: &Object, key: &str) -> Result<Option<Vec<String>>, StackitError> {
    let Some(items) = body::list(obj, key).map_err(bad)? else {
        return Ok(None);
    };
    items
        .iter()
        .map(|item| {
            item.as_str()
                .map(str::to_string)
                .ok_or_else(|| bad(format!("{key} must be a list of strings")))
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// The query parameters of `raw` (`?a=b&c=d`), last one wins.
pub(crate) fn query(raw: Option<&str>) -> BTreeMap<String, String> {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or_default())
        .unwrap_or_default()
        .into_iter()
        .collect()
}
