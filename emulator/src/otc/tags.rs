//! OTC's key/value tags: `GET .../tags` -> `{"tags":[{"key","value"}]}` and
//! `POST .../tags/action` with `{"action":"create"|"delete","tags":[...]}`.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::body;

/// Tags by key.
pub(crate) type Tags = BTreeMap<String, String>;

/// Longest tag key.
const MAX_KEY: usize = 128;
/// Longest tag value.
const MAX_VALUE: usize = 255;

/// A parsed `tags/action` request.
pub(crate) struct TagAction {
    /// `create` (upsert by key) rather than `delete` (by key).
    create: bool,
    /// The tags named.
    tags: Vec<(String, String)>,
}

impl TagAction {
    /// Parses and validates a `tags/action` body.
    pub fn parse(bytes: &[u8]) -> Result<TagAction, String> {
        let obj = body::parse_any(bytes)?;
        let create = match body::string(&obj, "action", 16)?.as_deref() {
            Some("create") => true,
            Some("delete") => false,
            _ => return Err("'action' must be 'create' or 'delete'".to_string()),
        };
        let items = body::list(&obj, "tags")?.ok_or("'tags' is required")?;
        let tags = items
            .iter()
            .map(|item| {
                let Value::Object(tag) = item else {
                    return Err("each tag must be an object with 'key' and 'value'".to_string());
                };
                let key = body::required(tag, "key", MAX_KEY)?;
                let value = body::string(tag, "value", MAX_VALUE)?.unwrap_or_default();
                Ok((key, value))
            })
            .collect::<Result<Vec<_>, String>>()?;
        Ok(TagAction { create, tags })
    }

    /// Applies the action to `tags`.
    pub fn apply(self, tags: &mut Tags) {
        for (key, value) in self.tags {
            if self.create {
                tags.insert(key, value);
            } else {
                tags.remove(&key);
            }
        }
    }
}

/// `[{"key", "value"}, ...]`.
pub(crate) fn render(tags: &Tags) -> Value {
    Value::Array(
        tags.iter()
            .map(|(key, value)| json!({"key": key, "value": value}))
            .collect(),
    )
}
