//! The tag sub-resources: `/v2.0/<resources>/{id}/tags[/{tag}]`.

use std::collections::BTreeSet;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Json;
use serde_json::{json, Value};

use super::body;
use super::store::{Resource, Store};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

/// Adds the tag routes of resource type `R` to `cloud`'s Neutron.
pub(super) fn routes<R: Resource + Send + Sync + 'static>(
    router: axum::Router<App>,
    cloud: Cloud,
) -> axum::Router<App> {
    let base = super::v2(cloud, &format!("{}/{{id}}/tags", R::PATH));
    router
        .route(&base, get(list::<R>).put(replace::<R>).delete(clear::<R>))
        .route(
            &format!("{base}/{{tag}}"),
            get(check::<R>).put(add::<R>).delete(remove::<R>),
        )
}

fn rule<R: Resource>() -> String {
    format!("update_{}_tags", R::PLURAL)
}

fn tag_not_found<R: Resource>(tag: &str, id: &str) -> NeutronError {
    NeutronError::new(
        StatusCode::NOT_FOUND,
        "TagNotFound",
        format!("Tag {tag} could not be found for {} {id}.", R::SINGULAR),
    )
}

fn validate(tag: &str) -> Result<(), NeutronError> {
    if tag.is_empty() || tag.chars().count() > body::MAX_LEN {
        Err(body::invalid(
            "tags",
            format!("'{tag}' must be 1 to {} characters long", body::MAX_LEN),
        ))
    } else {
        Ok(())
    }
}

/// Changes the tags of an owned resource and records the change.
fn change<R: Resource>(
    store: &mut Store,
    id: &str,
    project: &str,
    f: impl FnOnce(&mut BTreeSet<String>),
) -> Result<Vec<String>, NeutronError> {
    let resource = store.owned_mut::<R>(id, project, &rule::<R>())?;
    let meta = resource.meta_mut();
    f(&mut meta.tags);
    meta.touch(clock::now_ms());
    Ok(meta.tags.iter().cloned().collect())
}

async fn list<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Value>, NeutronError> {
    let tags = app.read(|state| {
        state[caller.cloud]
            .network
            .get::<R>(&id, &caller.project_id)
            .map(|r| r.meta().tags.clone())
    })?;
    Ok(Json(json!({"tags": tags})))
}

/// `PUT .../tags` with `{"tags": [...]}` replaces all tags.
async fn replace<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let value: Value = serde_json::from_slice(&bytes)
        .map_err(|e| NeutronError::bad_request(format!("Malformed request body: {e}")))?;
    let tags = match value {
        Value::Object(obj) => body::string_list(&obj, "tags")?,
        _ => None,
    }
    .ok_or_else(|| {
        NeutronError::bad_request("Invalid input for tags. Reason: a tags list is required.")
    })?;
    for tag in &tags {
        validate(tag)?;
    }
    let tags = app.write(|state| {
        change::<R>(
            &mut state[caller.cloud].network,
            &id,
            &caller.project_id,
            |t| {
                *t = tags.into_iter().collect();
            },
        )
    })?;
    Ok(Json(json!({"tags": tags})))
}

async fn clear<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        change::<R>(
            &mut state[caller.cloud].network,
            &id,
            &caller.project_id,
            BTreeSet::clear,
        )
    })?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET .../tags/{tag}`: 204 if the resource has the tag, 404 otherwise.
async fn check<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path((id, tag)): Path<(String, String)>,
) -> Result<StatusCode, NeutronError> {
    app.read(|state| {
        let resource = state[caller.cloud]
            .network
            .get::<R>(&id, &caller.project_id)?;
        if resource.meta().tags.contains(&tag) {
            Ok(StatusCode::NO_CONTENT)
        } else {
            Err(tag_not_found::<R>(&tag, &id))
        }
    })
}

async fn add<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path((id, tag)): Path<(String, String)>,
) -> Result<StatusCode, NeutronError> {
    validate(&tag)?;
    app.write(|state| {
        change::<R>(
            &mut state[caller.cloud].network,
            &id,
            &caller.project_id,
            |t| {
                t.insert(tag);
            },
        )
    })?;
    Ok(StatusCode::CREATED)
}

async fn remove<R: Resource>(
    State(app): State<App>,
    caller: Caller,
    Path((id, tag)): Path<(String, String)>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let resource = store.owned::<R>(&id, &caller.project_id, &rule::<R>())?;
        if !resource.meta().tags.contains(&tag) {
            return Err(tag_not_found::<R>(&tag, &id));
        }
        change::<R>(store, &id, &caller.project_id, |t| {
            t.remove(&tag);
        })
    })?;
    Ok(StatusCode::NO_CONTENT)
}
