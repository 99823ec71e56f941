//! `limit`/`marker` pagination with `<collection>_links`, as Nova and Cinder do it.

use serde_json::{json, Map, Value};

use super::errors::Fault;

/// Query parameters of a list request, in order.
pub(crate) type Query = Vec<(String, String)>;

/// Parses a raw query string (400 if malformed).
pub(crate) fn parse_query(raw: Option<&str>) -> Result<Query, Fault> {
    serde_urlencoded::from_str(raw.unwrap_or(""))
        .map_err(|e| Fault::bad_request(format!("Malformed query string: {e}")))
}

/// The last value of `key`, if present.
pub(crate) fn param<'a>(query: &'a Query, key: &str) -> Option<&'a str> {
    query
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Applies `marker` and `limit` to ordered `items` and builds `{plural: [...], plural_links?}`;
/// a full page gets a `next` link to `link` (the collection URL) with the query and a new marker.
pub(crate) fn page(
    items: Vec<Value>,
    query: &Query,
    plural: &str,
    link: &str,
) -> Result<Value, Fault> {
    let limit = match param(query, "limit") {
        None => None,
        Some(text) => match text.parse::<i64>() {
            Ok(n) if n >= 0 => Some(usize::try_from(n).unwrap_or(usize::MAX)),
            Ok(_) => return Err(Fault::bad_request("limit param must be positive")),
            Err(_) => return Err(Fault::bad_request("limit param must be an integer")),
        },
    };
    let id_of = |v: &Value| v.get("id").and_then(Value::as_str).map(String::from);
    let mut items = items;
    if let Some(marker) = param(query, "marker") {
        let position = items
            .iter()
            .position(|v| id_of(v).as_deref() == Some(marker))
            .ok_or_else(|| Fault::bad_request(format!("marker [{marker}] not found")))?;
        items.drain(..=position);
    }
    let mut out = Map::new();
    if let Some(limit) = limit {
        items.truncate(limit);
        if limit > 0 && items.len() == limit {
            if let Some(last) = items.last().and_then(id_of) {
                let mut pairs: Query = query
                    .iter()
                    .filter(|(k, _)| k != "marker")
                    .cloned()
                    .collect();
                pairs.push(("marker".to_string(), last));
                let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
                out.insert(
                    format!("{plural}_links"),
                    json!([{"rel": "next", "href": format!("{link}?{encoded}")}]),
                );
            }
        }
    }
    out.insert(plural.to_string(), Value::Array(items));
    Ok(Value::Object(out))
}
