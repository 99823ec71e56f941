//! The query string of an S3 request: sub-resources (`?versioning`) and parameters.

use std::collections::BTreeMap;

/// Decoded query parameters; a bare name (`?versioning`) has an empty value.
pub(crate) struct Query(BTreeMap<String, String>);

impl Query {
    /// Parses a raw query string (an undecodable one counts as empty).
    pub fn parse(raw: Option<&str>) -> Query {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
        Query(pairs.into_iter().collect())
    }

    /// Whether the parameter is present (with or without a value).
    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The parameter's value, if present and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    }
}
