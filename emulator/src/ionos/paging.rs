//! The query of Cloud API reads: `depth` (0..=10) everywhere, `offset`/`limit` paging
//! (default 0 and 1000, limit at most 10000) on the collections the spec pages, with `_links`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde_json::{json, Value};

use super::errors::IonosError;
use super::render::{self, Ctx, Resource};

/// Deepest `depth` accepted.
const MAX_DEPTH: u8 = 10;
/// Page size when the client names none.
const DEFAULT_LIMIT: usize = 1000;
/// Largest page size.
const MAX_LIMIT: usize = 10_000;

/// A parsed query string.
pub(crate) struct Query {
    /// How deep resources are rendered.
    pub depth: u8,
    offset: usize,
    limit: usize,
    pairs: Vec<(String, String)>,
}

impl Query {
    /// Parses `depth`, `offset` and `limit`; a malformed value is 400.
    pub fn parse(raw: Option<&str>) -> Result<Query, IonosError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| IonosError::malformed(format!("Malformed query: {e}")))?;
        let number = |key: &str, default: usize, range: std::ops::RangeInclusive<usize>| match pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
        {
            None => Ok(default),
            Some((_, text)) => text
                .parse::<usize>()
                .ok()
                .filter(|n| range.contains(n))
                .ok_or_else(|| {
                    IonosError::malformed(format!(
                        "Query parameter {key}={text} must be an integer from {} to {}",
                        range.start(),
                        range.end()
                    ))
                }),
        };
        let depth = number("depth", 0, 0..=usize::from(MAX_DEPTH))?;
        Ok(Query {
            depth: u8::try_from(depth).unwrap_or(MAX_DEPTH),
            offset: number("offset", 0, 0..=usize::MAX)?,
            limit: number("limit", DEFAULT_LIMIT, 1..=MAX_LIMIT)?,
            pairs,
        })
    }

    /// A boolean parameter such as `deleteVolumes` (absent: false).
    pub fn flag(&self, key: &str) -> Result<bool, IonosError> {
        match self.pairs.iter().rev().find(|(k, _)| k == key) {
            None => Ok(false),
            Some((_, v)) if v.eq_ignore_ascii_case("true") => Ok(true),
            Some((_, v)) if v.eq_ignore_ascii_case("false") => Ok(false),
            Some((_, v)) => Err(IonosError::malformed(format!(
                "Query parameter {key}={v} must be true or false"
            ))),
        }
    }

    /// A paged collection of `all` at `path`, each item rendered by `render`.
    pub fn page<T>(
        &self,
        api: &str,
        path: &str,
        all: Vec<T>,
        render: impl Fn(T) -> Value,
    ) -> Value {
        let total = all.len();
        let items: Vec<Value> = all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(render)
            .collect();
        let link = |offset: usize| format!("{api}{path}?offset={offset}&limit={}", self.limit);
        let mut links = json!({"self": link(self.offset)});
        if self.offset > 0 {
            links["prev"] = Value::from(link(self.offset.saturating_sub(self.limit)));
        }
        if self.offset.saturating_add(self.limit) < total {
            links["next"] = Value::from(link(self.offset.saturating_add(self.limit)));
        }
        let mut out = render::head(api, path);
        out.insert("items".to_string(), Value::Array(items));
        out.insert("offset".to_string(), Value::from(self.offset));
        out.insert("limit".to_string(), Value::from(self.limit));
        out.insert("_links".to_string(), links);
        Value::Object(out)
    }

    /// A paged collection of resources at `path`, at this query's depth, filtered.
    pub fn list(&self, ctx: &Ctx, path: &str, all: Vec<&dyn Resource>) -> Value {
        let kept = self.filter(ctx, all);
        self.page(ctx.api, path, kept, |r| render::item(ctx, r, self.depth))
    }

    /// An unpaged collection of resources at `path`, at this query's depth, filtered.
    pub fn unpaged(&self, ctx: &Ctx, path: &str, all: Vec<&dyn Resource>) -> Value {
        let kept = self.filter(ctx, all);
        render::collection(ctx, path, &kept, self.depth)
    }

    /// The resources matching every `filter.<property>=<value>`: the property (or metadata
    /// field) contains the value, ignoring case; for lists, one element does.
    fn filter<'a>(&self, ctx: &Ctx, all: Vec<&'a dyn Resource>) -> Vec<&'a dyn Resource> {
        let filters: Vec<(&str, String)> = self
            .pairs
            .iter()
            .filter_map(|(k, v)| Some((k.strip_prefix("filter.")?, v.to_lowercase())))
            .collect();
        if filters.is_empty() {
            return all;
        }
        all.into_iter()
            .filter(|r| {
                let properties = r.properties(ctx);
                let metadata = r.metadata(ctx.now);
                filters.iter().all(|(key, wanted)| {
                    let value = properties.get(*key).or_else(|| metadata.get(*key));
                    value.is_some_and(|v| contains(v, wanted))
                })
            })
            .collect()
    }
}

/// Whether `value` (a string, number, boolean or list of them) contains `wanted` (lower case).
fn contains(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(s) => s.to_lowercase().contains(wanted),
        Value::Array(items) => items.iter().any(|v| contains(v, wanted)),
        Value::Null | Value::Object(_) => false,
        other => other.to_string().to_lowercase().contains(wanted),
    }
}

/// Handlers take the parsed query as an argument; a malformed one is 400.
impl<S: Send + Sync> FromRequestParts<S> for Query {
    type Rejection = IonosError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Query::parse(parts.uri.query())
    }
}
