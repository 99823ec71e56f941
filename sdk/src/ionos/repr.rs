//! The shape every Cloud API object shares: `{id, metadata{state}, properties{...}, entities}`,
//! and collections of them.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// One object with its properties of type `P`.
#[derive(Debug, Deserialize)]
#[serde(bound = "P: DeserializeOwned")]
pub(super) struct Item<P> {
    /// The object's id.
    pub id: String,
    /// Its metadata (state, dates).
    #[serde(default)]
    pub metadata: Metadata,
    /// Its properties.
    pub properties: P,
    /// Its children, as deep as the request's `depth` asked.
    #[serde(default)]
    pub entities: Value,
}

/// The metadata fields the SDK reads.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Metadata {
    /// `AVAILABLE`, `BUSY`, `FAILED`, ...
    #[serde(default)]
    pub state: String,
    /// When the object was made.
    #[serde(default, rename = "createdDate")]
    pub created_date: Option<String>,
}

/// A collection.
#[derive(Debug, Deserialize)]
#[serde(bound = "T: DeserializeOwned")]
pub(super) struct Collection<T> {
    /// The items (at depth 0 only ids).
    #[serde(default = "Vec::new")]
    pub items: Vec<T>,
}

/// The ids in an entity collection of an object read with depth ≥ 1
/// (`entities.<name>.items[].id`).
pub(super) fn entity_ids(entities: &Value, name: &str) -> Vec<String> {
    entities[name]["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|item| item["id"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entity_ids_read_references() {
        let entities = serde_json::json!({"nics": {"items": [{"id": "n1"}, {"id": "n2"}]}});
        assert_eq!(entity_ids(&entities, "nics"), ["n1", "n2"]);
        assert!(entity_ids(&entities, "volumes").is_empty());
    }
}
