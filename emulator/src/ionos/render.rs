//! Rendering resources and collections at a `depth`.
//!
//! A collection at depth 0 lists its items as `{id, type, href}`; at depth `d >= 1` each item is
//! a resource at depth `d - 1`. A resource always has `properties` and `metadata`; its
//! `entities` are collection links (`{id, type, href}`) at depth 0 and collections at depth
//! `d - 1` from depth 1 on. So `GET /servers/{id}?depth=2` shows the server's volumes and NICs
//! with their properties.

use serde_json::{json, Map, Value};

use super::store::Store;

/// What rendering needs: the store, the API's base URL (`http://host/ionos/cloudapi/v6`) and
/// the instant the answer is for.
pub(crate) struct Ctx<'a> {
    /// The resources.
    pub store: &'a Store,
    /// Base URL every `href` starts with.
    pub api: &'a str,
    /// Now (unix ms).
    pub now: i64,
}

/// A child collection of a resource (`entities.<name>`).
pub(crate) struct Entity<'a> {
    /// Key under `entities`.
    pub name: &'static str,
    /// Path of the collection below the API root.
    pub path: String,
    /// Its items, in order.
    pub items: Vec<&'a dyn Resource>,
}

/// A Cloud API resource.
pub(crate) trait Resource {
    /// `type`, e.g. `server`.
    fn kind(&self) -> &'static str;
    /// `id`.
    fn id(&self) -> &str;
    /// Path below the API root, e.g. `/datacenters/{dc}/servers/{id}`.
    fn path(&self) -> String;
    /// `metadata` at `now`.
    fn metadata(&self, now: i64) -> Value;
    /// `properties`.
    fn properties(&self, ctx: &Ctx) -> Value;
    /// The child collections under `entities` (none by default).
    fn entities<'a>(&self, _ctx: &Ctx<'a>) -> Vec<Entity<'a>> {
        Vec::new()
    }
}

/// `{id, type, href}` of a resource.
pub(crate) fn reference(api: &str, r: &dyn Resource) -> Value {
    json!({"id": r.id(), "type": r.kind(), "href": format!("{api}{}", r.path())})
}

/// A resource at `depth`.
pub(crate) fn resource(ctx: &Ctx, r: &dyn Resource, depth: u8) -> Value {
    let mut out = match reference(ctx.api, r) {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    out.insert("metadata".to_string(), r.metadata(ctx.now));
    out.insert("properties".to_string(), r.properties(ctx));
    let entities = r.entities(ctx);
    if !entities.is_empty() {
        let rendered: Map<String, Value> = entities
            .into_iter()
            .map(|e| {
                let rendered = match depth {
                    0 => Value::Object(head(ctx.api, &e.path)),
                    _ => collection(ctx, &e.path, &e.items, depth - 1),
                };
                (e.name.to_string(), rendered)
            })
            .collect();
        out.insert("entities".to_string(), Value::Object(rendered));
    }
    Value::Object(out)
}

/// An item of a collection at `depth`: a reference at 0, the resource at `depth - 1` beyond.
pub(crate) fn item(ctx: &Ctx, r: &dyn Resource, depth: u8) -> Value {
    match depth {
        0 => reference(ctx.api, r),
        _ => resource(ctx, r, depth - 1),
    }
}

/// An unpaged collection at `depth` (`{id, type, href, items}`).
pub(crate) fn collection(ctx: &Ctx, path: &str, list: &[&dyn Resource], depth: u8) -> Value {
    let mut out = head(ctx.api, path);
    let items = list.iter().map(|r| item(ctx, *r, depth)).collect();
    out.insert("items".to_string(), Value::Array(items));
    Value::Object(out)
}

/// `{id, type: "collection", href}` of the collection at `path`; its id is the parent's id and
/// the collection's name (`{serverId}/nics`), or the name alone at the top (`ipblocks`).
pub(crate) fn head(api: &str, path: &str) -> Map<String, Value> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let id = match segments.as_slice() {
        [] => String::new(),
        [only] => only.to_string(),
        [.., parent, name] => format!("{parent}/{name}"),
    };
    let mut out = Map::new();
    out.insert("id".to_string(), Value::from(id));
    out.insert("type".to_string(), Value::from("collection"));
    out.insert("href".to_string(), Value::from(format!("{api}{path}")));
    out
}

/// Turns a list of concrete resources into trait objects.
pub(crate) fn dyns<T: Resource>(list: Vec<&T>) -> Vec<&dyn Resource> {
    list.into_iter().map(|r| r as &dyn Resource).collect()
}
