//! Buckets, `…/bucket/{bucketName}` and `…/buckets`: CreateBucket 201 `{project, bucket}` (404
//! while the service is not enabled, 409 on a taken name, 422 on an invalid one), GetBucket 200
//! `{project, bucket: Bucket}`, ListBuckets 200 `{project, buckets}`, DeleteBucket 200
//! `{project, bucket}` (422 `bucket.not_empty` while it holds objects).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::errors::ApiError;
use super::names::{check_dns, check_length};
use super::service::{check_project, require_enabled};
use super::store::Bucket;
use crate::app::App;
use crate::clock;

/// The query of CreateBucket.
#[derive(Debug, Deserialize)]
pub(crate) struct CreateQuery {
    /// Object Lock needs a compliance lock on the project, which the emulator has not.
    #[serde(default, rename = "objectLockEnabled")]
    object_lock_enabled: bool,
}

/// The path of a bucket route.
type BucketPath = Path<(String, String, String)>;

/// `POST …/bucket/{bucketName}`: CreateBucket.
pub(crate) async fn create(
    State(app): State<App>,
    Path((project, region, name)): BucketPath,
    Query(query): Query<CreateQuery>,
) -> Result<Response, ApiError> {
    check_length(&name)?;
    check_project(&project)?;
    let delay = app.faults().provision_delay();
    app.write(|state| {
        let now = clock::now_ms();
        let store = &mut state.stackit.object_storage;
        store.purge(now);
        require_enabled(store, &project, &region)?;
        check_dns(&name)?;
        if query.object_lock_enabled {
            return Err(ApiError::detail(
                StatusCode::CONFLICT,
                "bucket.object_lock",
                "Object Lock needs an active compliance lock on the project",
            ));
        }
        if store.taken(&name, now) {
            return Err(ApiError::detail(
                StatusCode::CONFLICT,
                "bucket.already_exists",
                format!("Bucket {name} already exists"),
            ));
        }
        let bucket = Bucket {
            name: name.clone(),
            project: project.clone(),
            region: region.clone(),
            visible_at: clock::after(now, delay),
            gone_at: None,
            objects: 0,
        };
        store.buckets.insert(name.clone(), bucket);
        Ok(())
    })?;
    let body = json!({"project": project, "bucket": name});
    Ok((StatusCode::CREATED, Json(body)).into_response())
}

/// `GET …/bucket/{bucketName}`: GetBucket.
pub(crate) async fn show(
    State(app): State<App>,
    Path((project, region, name)): BucketPath,
) -> Result<Response, ApiError> {
    check_length(&name)?;
    check_project(&project)?;
    let now = clock::now_ms();
    let bucket = app.read(|state| {
        let store = &state.stackit.object_storage;
        require_enabled(store, &project, &region)?;
        store
            .find(&project, &region, &name, now)
            .map(Bucket::render)
            .ok_or_else(|| ApiError::bucket_not_found(&name))
    })?;
    Ok(Json(json!({"project": project, "bucket": bucket})).into_response())
}

/// `GET …/buckets`: ListBuckets.
pub(crate) async fn list(
    State(app): State<App>,
    Path((project, region)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    check_project(&project)?;
    let now = clock::now_ms();
    let buckets = app.read(|state| {
        let store = &state.stackit.object_storage;
        require_enabled(store, &project, &region)?;
        let list: Vec<_> = store
            .list(&project, &region, now)
            .into_iter()
            .map(Bucket::render)
            .collect();
        Ok::<_, ApiError>(list)
    })?;
    Ok(Json(json!({"project": project, "buckets": buckets})).into_response())
}

/// `DELETE …/bucket/{bucketName}`: DeleteBucket; the bucket is gone after the provision delay.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((project, region, name)): BucketPath,
) -> Result<Response, ApiError> {
    check_length(&name)?;
    check_project(&project)?;
    let delay = app.faults().provision_delay();
    app.write(|state| {
        let now = clock::now_ms();
        let store = &mut state.stackit.object_storage;
        store.purge(now);
        require_enabled(store, &project, &region)?;
        let objects = store
            .find(&project, &region, &name, now)
            .map(|b| b.objects)
            .ok_or_else(|| ApiError::bucket_not_found(&name))?;
        if objects > 0 {
            return Err(ApiError::detail(
                StatusCode::UNPROCESSABLE_ENTITY,
                "bucket.not_empty",
                format!("Bucket {name} is not empty: delete its {objects} objects first"),
            ));
        }
        if let Some(bucket) = store.buckets.get_mut(&name) {
            bucket.gone_at.get_or_insert(clock::after(now, delay));
        }
        Ok(())
    })?;
    Ok(Json(json!({"project": project, "bucket": name})).into_response())
}
