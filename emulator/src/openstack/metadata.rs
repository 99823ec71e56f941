//! Metadata of Nova servers and Cinder volumes: the body of a replace or merge request, and
//! the body both services answer with.

use std::collections::BTreeMap;

use axum::Json;
use serde_json::{json, Value};

use super::errors::Fault;
use super::request;

/// The metadata of a `{"metadata": {...}}` request body.
pub(crate) fn parse(bytes: &[u8]) -> Result<BTreeMap<String, String>, Fault> {
    let obj = request::parse_any(bytes)?;
    let given = obj.get("metadata").ok_or_else(|| {
        Fault::bad_request("Invalid input for field/attribute metadata. Value: None. 'metadata' is a required property")
    })?;
    request::metadata(given, "metadata")
}

/// `{"metadata": {...}}`.
pub(crate) fn body(metadata: &BTreeMap<String, String>) -> Json<Value> {
    Json(json!({ "metadata": metadata }))
}
