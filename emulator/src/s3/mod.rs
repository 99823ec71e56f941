//! The S3 endpoints of IONOS (`/ionos/s3`), OTC OBS (`/otc/obs`) and plusserver's RGW
//! (`/plusserver/s3`): path-style buckets and objects in memory, behind SigV4 verification.

mod auth;
mod bucket_config;
mod buckets;
mod cloud;
mod errors;
mod listing;
mod names;
mod objects;
mod query;
mod request_xml;
mod sigv4;
mod store;
mod xml;

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Extension, Router};

use crate::app::App;
use crate::{faults, stats};

pub(crate) use cloud::S3Cloud;
pub(crate) use errors::S3Error;
pub(crate) use store::Store;

use query::Query;

/// What a handler answers: a response, or an S3 error.
type S3Result = Result<Response, S3Error>;

/// The S3 routes of one cloud with their own middleware: faults, stats, SigV4 (checked after
/// fault injection) and `x-amz-request-id` on every answer.
pub(crate) fn router(app: &App, cloud: S3Cloud) -> Router<App> {
    let p = cloud.prefix();
    Router::new()
        .route(p, any(service))
        .route(&format!("{p}/"), any(service))
        .route(&format!("{p}/{{bucket}}"), any(bucket))
        .route(&format!("{p}/{{bucket}}/"), any(bucket))
        .route(&format!("{p}/{{bucket}}/{{*key}}"), any(object))
        .layer(middleware::from_fn(auth::verify))
        .layer(middleware::from_fn_with_state(app.clone(), faults::inject))
        .layer(middleware::from_fn_with_state(app.clone(), stats::count))
        .layer(middleware::from_fn(auth::request_id))
        .layer(Extension(cloud))
        .layer(Extension(stats::Label(cloud.name())))
}

/// `{prefix}` and `{prefix}/`: ListBuckets.
async fn service(
    State(app): State<App>,
    Extension(cloud): Extension<S3Cloud>,
    method: Method,
) -> Response {
    if method == Method::GET {
        buckets::list(&app, cloud)
    } else {
        method_not_allowed().into_response()
    }
}

/// `{prefix}/{bucket}`: the bucket operations, chosen by method and query.
async fn bucket(
    State(app): State<App>,
    Extension(cloud): Extension<S3Cloud>,
    method: Method,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = Query::parse(raw.as_deref());
    let b = &name;
    let result = match method {
        Method::GET if query.has("versioning") => bucket_config::get_versioning(&app, cloud, b),
        Method::GET if query.has("tagging") => bucket_config::get_tagging(&app, cloud, b),
        Method::GET if query.has("versions") => listing::versions(&app, cloud, b, &query),
        Method::GET if query.has("location") => bucket_config::location(&app, cloud, b),
        Method::GET => listing::objects_v2(&app, cloud, b, &query),
        Method::PUT if query.has("versioning") => {
            bucket_config::put_versioning(&app, cloud, b, &body)
        }
        Method::PUT if query.has("tagging") => bucket_config::put_tagging(&app, cloud, b, &body),
        Method::PUT => buckets::create(&app, cloud, b, &body),
        Method::HEAD => buckets::head(&app, cloud, b),
        Method::DELETE if query.has("tagging") => bucket_config::delete_tagging(&app, cloud, b),
        Method::DELETE => buckets::delete(&app, cloud, b),
        Method::POST if query.has("delete") => {
            objects::delete_many(&app, cloud, b, &headers, &body)
        }
        _ => Err(method_not_allowed()),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

/// `{prefix}/{bucket}/{key}`: the object operations.
async fn object(
    State(app): State<App>,
    Extension(cloud): Extension<S3Cloud>,
    method: Method,
    Path((bucket, key)): Path<(String, String)>,
    RawQuery(raw): RawQuery,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = Query::parse(raw.as_deref());
    let version = query.get("versionId");
    let result = match method {
        Method::PUT => objects::put(&app, cloud, &bucket, &key, &headers, &body),
        Method::GET | Method::HEAD => objects::get(&app, cloud, &bucket, &key, version),
        Method::DELETE => objects::delete(&app, cloud, &bucket, &key, version),
        _ => Err(method_not_allowed()),
    };
    result.unwrap_or_else(IntoResponse::into_response)
}

fn method_not_allowed() -> S3Error {
    S3Error::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "MethodNotAllowed",
        "The specified method is not allowed against this resource.",
    )
}
