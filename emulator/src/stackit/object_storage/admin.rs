//! The test hook `POST /_emulator/stackit/buckets/{name}/objects`: puts one object into a live
//! STACKIT bucket (the management API has no way to), so that deleting it is refused.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde_json::json;

use crate::app::App;
use crate::clock;

/// The admin route.
pub(crate) fn router() -> Router<App> {
    Router::new().route(
        "/_emulator/stackit/buckets/{name}/objects",
        post(add_object),
    )
}

/// Adds an object; 200 `{name, objects}`, 404 `{error}` without such a bucket.
async fn add_object(State(app): State<App>, Path(name): Path<String>) -> Response {
    let now = clock::now_ms();
    let added = app.write(|state| {
        let store = &mut state.stackit.object_storage;
        store.purge(now);
        match store.buckets.get_mut(&name) {
            Some(bucket) => {
                bucket.objects += 1;
                Ok(bucket.objects)
            }
            None => Err(()),
        }
    });
    match added {
        Ok(objects) => Json(json!({"name": name, "objects": objects})).into_response(),
        Err(()) => (
            StatusCode::NOT_FOUND,
            Json(json!({"error": format!("no STACKIT bucket {name}")})),
        )
            .into_response(),
    }
}
