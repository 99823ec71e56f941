//! The answers of the create and update handlers: `{"<singular>": body}`.

use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::store::{not_found, Resource, Store};
use crate::openstack::errors::NeutronError;

/// `201 Created` with the body of a new resource, which is then stored under its id.
pub(crate) fn created<R: Resource>(
    store: &mut Store,
    resource: R,
    now: i64,
) -> (StatusCode, Json<Value>) {
    let rendered = resource.render(store, now);
    R::table_mut(store).insert(resource.meta().id.clone(), resource);
    (StatusCode::CREATED, Json(json!({ R::SINGULAR: rendered })))
}

/// The body of the stored resource `id`.
pub(crate) fn object<R: Resource>(
    store: &Store,
    id: &str,
    now: i64,
) -> Result<Json<Value>, NeutronError> {
    Ok(Json(json!({ R::SINGULAR: store.render::<R>(id, now)? })))
}

/// The answer to an update of resource `id`: the change is recorded (new `updated_at`, next
/// revision), then its body returned.
pub(crate) fn updated<R: Resource>(
    store: &mut Store,
    id: &str,
    now: i64,
) -> Result<Json<Value>, NeutronError> {
    R::table_mut(store)
        .get_mut(id)
        .ok_or_else(|| not_found::<R>(id))?
        .meta_mut()
        .touch(now);
    object::<R>(store, id, now)
}
