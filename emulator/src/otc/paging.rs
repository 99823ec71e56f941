//! `marker`/`limit` paging of VPC v1 lists: items in id order, the page after `marker` (the
//! last id of the previous page); a page after the last one is empty.

use serde_json::Value;

use super::errors::VpcError;

/// Largest and default page size.
const MAX_LIMIT: usize = 2000;

/// A parsed list query.
pub(crate) struct Query {
    marker: Option<String>,
    limit: usize,
    /// Every query pair, for filters such as `vpc_id`.
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses `marker`, `limit` (1..=2000; 0 or absent means 2000) and the other pairs.
    pub fn parse(raw: Option<&str>) -> Result<Query, VpcError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| VpcError::bad_request("VPC.0002", format!("Malformed query: {e}")))?;
        let get = |key: &str| pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v);
        let limit = match get("limit") {
            None => MAX_LIMIT,
            Some(text) => match text.parse::<usize>() {
                Ok(0) => MAX_LIMIT,
                Ok(n) if n <= MAX_LIMIT => n,
                _ => {
                    return Err(VpcError::bad_request(
                        "VPC.0002",
                        format!("limit {text} must be an integer from 0 to {MAX_LIMIT}."),
                    ))
                }
            },
        };
        let marker = get("marker").filter(|m| !m.is_empty()).cloned();
        Ok(Query {
            marker,
            limit,
            pairs,
        })
    }

    /// The last value of filter `key`, if given.
    pub fn filter(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The page of `(id, body)` items after the marker.
    pub fn page(&self, items: impl Iterator<Item = (String, Value)>) -> Vec<Value> {
        let mut items: Vec<(String, Value)> = items.collect();
        items.sort_by(|a, b| a.0.cmp(&b.0));
        items
            .into_iter()
            .filter(|(id, _)| self.marker.as_ref().is_none_or(|m| id > m))
            .take(self.limit)
            .map(|(_, body)| body)
            .collect()
    }
}
