//! GET on collections and single resources: filters, tag filters, `fields`, sorting and
//! `limit`/`marker` pagination with `<resource>_links`.

use std::cmp::Ordering;
use std::collections::BTreeSet;

use axum::extract::{Path, RawQuery, State};
use axum::routing::{get, MethodRouter};
use axum::Json;
use serde_json::{json, Value};

use super::store::{not_found, Object, Resource, Store};
use super::v2;
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;
use crate::openstack::BaseUrl;

const TAG_FILTERS: [&str; 4] = ["tags", "tags-any", "not-tags", "not-tags-any"];

/// A parsed list query string.
#[derive(Debug, Default)]
struct ListQuery {
    pairs: Vec<(String, String)>,
    filters: Vec<(String, Vec<String>)>,
    tag_filters: Vec<(String, BTreeSet<String>)>,
    fields: Vec<String>,
    sort: Vec<(String, bool)>,
    limit: Option<usize>,
    marker: Option<String>,
}

impl ListQuery {
    fn parse(raw: Option<&str>) -> Result<ListQuery, NeutronError> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or(""))
            .map_err(|e| NeutronError::bad_request(format!("Malformed query string: {e}")))?;
        let mut query = ListQuery::default();
        let mut sort_keys = Vec::new();
        let mut sort_dirs = Vec::new();
        for (key, value) in &pairs {
            match key.as_str() {
                "fields" => query
                    .fields
                    .extend(value.split(',').filter(|f| !f.is_empty()).map(String::from)),
                "limit" => query.limit = Some(parse_limit(value)?),
                "marker" => query.marker = Some(value.clone()),
                "sort_key" => sort_keys.push(value.clone()),
                "sort_dir" => sort_dirs.push(parse_dir(value)?),
                "page_reverse" => {}
                k if TAG_FILTERS.contains(&k) => query.tag_filters.push((
                    key.clone(),
                    value
                        .split(',')
                        .filter(|t| !t.is_empty())
                        .map(String::from)
                        .collect(),
                )),
                _ => match query.filters.iter_mut().find(|(k, _)| k == key) {
                    Some((_, values)) => values.push(value.clone()),
                    None => query.filters.push((key.clone(), vec![value.clone()])),
                },
            }
        }
        query.sort = sort_keys
            .into_iter()
            .enumerate()
            .map(|(i, key)| (key, sort_dirs.get(i).copied().unwrap_or(false)))
            .collect();
        query.pairs = pairs;
        Ok(query)
    }

    fn project(&self, mut obj: Object) -> Object {
        if !self.fields.is_empty() {
            obj.retain(|k, _| self.fields.contains(k));
        }
        obj
    }
}

fn parse_limit(value: &str) -> Result<usize, NeutronError> {
    value.parse().map_err(|_| {
        NeutronError::bad_request(format!(
            "Bad limit request: Limit must be an integer 0 or greater and not '{value}'."
        ))
    })
}

/// `true` for descending.
fn parse_dir(value: &str) -> Result<bool, NeutronError> {
    match value {
        "asc" => Ok(false),
        "desc" => Ok(true),
        _ => Err(NeutronError::bad_request(format!(
            "Sort direction '{value}' is not supported; use asc or desc"
        ))),
    }
}

fn parse_bool(text: &str) -> Option<bool> {
    match text.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Whether a rendered value matches a query value; list and object values match `key=value`
/// against their members (e.g. `fixed_ips=subnet_id=...`).
fn matches(value: &Value, wanted: &str) -> bool {
    match value {
        Value::String(s) => s == wanted,
        Value::Bool(b) => parse_bool(wanted) == Some(*b),
        Value::Number(n) => n.to_string() == wanted,
        Value::Null => wanted.is_empty() || wanted == "None" || wanted == "null",
        Value::Array(items) => items.iter().any(|item| matches(item, wanted)),
        Value::Object(obj) => wanted
            .split_once('=')
            .is_some_and(|(k, v)| obj.get(k).is_some_and(|x| matches(x, v))),
    }
}

fn tags_of(obj: &Object) -> BTreeSet<&str> {
    obj.get("tags")
        .and_then(Value::as_array)
        .map(|tags| tags.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

fn tag_filter_matches(kind: &str, wanted: &BTreeSet<String>, tags: &BTreeSet<&str>) -> bool {
    let all = wanted.iter().all(|t| tags.contains(t.as_str()));
    let any = wanted.iter().any(|t| tags.contains(t.as_str()));
    match kind {
        "tags" => all,
        "tags-any" => any,
        "not-tags" => !all,
        _ => !any,
    }
}

fn rank(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        (Value::Number(x), Value::Number(y)) => x
            .as_f64()
            .partial_cmp(&y.as_f64())
            .unwrap_or(Ordering::Equal),
        (Value::String(x), Value::String(y)) => x.cmp(y),
        _ => rank(a)
            .cmp(&rank(b))
            .then_with(|| a.to_string().cmp(&b.to_string())),
    }
}

/// Orders by the sort keys, then by id (as Neutron does).
fn compare(sort: &[(String, bool)], a: &Object, b: &Object) -> Ordering {
    for (key, desc) in sort {
        let null = Value::Null;
        let ord = compare_values(a.get(key).unwrap_or(&null), b.get(key).unwrap_or(&null));
        let ord = if *desc { ord.reverse() } else { ord };
        if ord != Ordering::Equal {
            return ord;
        }
    }
    let id = |o: &Object| {
        o.get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    id(a).cmp(&id(b))
}

/// The attribute names a resource type renders, for validating filter and sort keys.
fn known_fields<R: Resource>() -> BTreeSet<String> {
    R::default()
        .render(&Store::default(), 0)
        .keys()
        .cloned()
        .collect()
}

/// Filters, sorts, paginates and projects the visible bodies into the list response.
fn respond<R: Resource>(
    items: Vec<Object>,
    query: &ListQuery,
    collection: &str,
) -> Result<Value, NeutronError> {
    let known = known_fields::<R>();
    if let Some((key, _)) = query.filters.iter().find(|(k, _)| !known.contains(k)) {
        return Err(NeutronError::bad_request(format!(
            "[{key}] is invalid attribute for filtering"
        )));
    }
    if let Some((key, _)) = query.sort.iter().find(|(k, _)| !known.contains(k)) {
        return Err(NeutronError::bad_request(format!(
            "{key} is invalid attribute for sort_key"
        )));
    }
    let mut items = items;
    items.sort_by(|a, b| compare(&query.sort, a, b));
    let marker = match &query.marker {
        Some(id) => Some(
            items
                .iter()
                .find(|o| o.get("id").and_then(Value::as_str) == Some(id))
                .cloned()
                .ok_or_else(|| not_found::<R>(id))?,
        ),
        None => None,
    };
    let mut selected: Vec<Object> = items
        .into_iter()
        .filter(|o| {
            query.filters.iter().all(|(k, wanted)| {
                o.get(k)
                    .is_some_and(|v| wanted.iter().any(|w| matches(v, w)))
            })
        })
        .filter(|o| {
            let tags = tags_of(o);
            query
                .tag_filters
                .iter()
                .all(|(kind, wanted)| tag_filter_matches(kind, wanted, &tags))
        })
        .filter(|o| match &marker {
            Some(m) => compare(&query.sort, o, m) == Ordering::Greater,
            None => true,
        })
        .collect();
    let mut body = Object::new();
    if let Some(limit) = query.limit.filter(|l| *l > 0) {
        let more = selected.len() > limit;
        selected.truncate(limit);
        let mut links = Vec::new();
        if let (true, Some(last)) = (more, selected.last()) {
            let last_id = last.get("id").and_then(Value::as_str).unwrap_or("");
            links.push(json!({"rel": "next", "href": next_link(query, collection, last_id)}));
        }
        body.insert(format!("{}_links", R::PLURAL), json!(links));
    }
    let selected: Vec<Object> = selected.into_iter().map(|o| query.project(o)).collect();
    body.insert(R::PLURAL.to_string(), json!(selected));
    Ok(Value::Object(body))
}

fn next_link(query: &ListQuery, collection: &str, last_id: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .pairs
        .iter()
        .filter(|(k, _)| k != "marker")
        .cloned()
        .collect();
    pairs.push(("marker".to_string(), last_id.to_string()));
    let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    format!("{collection}?{encoded}")
}

/// `GET /v2.0/<resources>`.
pub(crate) async fn list<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, NeutronError> {
    let query = ListQuery::parse(raw.as_deref())?;
    let now = clock::now_ms();
    let items = app.read(|state| {
        state[caller.cloud]
            .network
            .visible::<R>(&caller.project_id, now)
    });
    let collection = format!("{base}{}", v2(caller.cloud, R::PATH));
    respond::<R>(items, &query, &collection).map(Json)
}

/// `GET /v2.0/<resources>/{id}` (with optional `fields`).
pub(crate) async fn show<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, NeutronError> {
    let query = ListQuery::parse(raw.as_deref())?;
    let now = clock::now_ms();
    let body = app.read(|state| {
        let store = &state[caller.cloud].network;
        store
            .get::<R>(&id, &caller.project_id)
            .map(|r| r.render(store, now))
    })?;
    Ok(Json(json!({ R::SINGULAR: query.project(body) })))
}

/// Adds the routes of resource type `R` to `cloud`'s Neutron: `GET` (list) and `collection`
/// on `/v2.0/<resources>`, `GET` (show) and `item` on `/v2.0/<resources>/{id}`.
pub(crate) fn routes<R: Resource + Send + Sync + 'static>(
    router: axum::Router<App>,
    cloud: Cloud,
    collection: MethodRouter<App>,
    item: MethodRouter<App>,
) -> axum::Router<App> {
    router
        .route(&v2(cloud, R::PATH), get(list::<R>).merge(collection))
        .route(
            &v2(cloud, &format!("{}/{{id}}", R::PATH)),
            get(show::<R>).merge(item),
        )
}
