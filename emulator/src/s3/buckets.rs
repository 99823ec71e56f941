//! ListBuckets, CreateBucket, HeadBucket and DeleteBucket.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

use super::cloud::S3Cloud;
use super::errors::S3Error;
use super::names::is_valid_bucket_name;
use super::store::Bucket;
use super::{request_xml, xml, S3Result};
use crate::app::App;
use crate::{clock, defaults};

/// The owner id and display name every answer names.
pub(crate) const OWNER: &str = "emulator";

/// `<Owner>` of the emulated account.
pub(crate) fn owner() -> String {
    format!(
        "<Owner>{}{}</Owner>",
        xml::element("ID", OWNER),
        xml::element("DisplayName", OWNER)
    )
}

/// ListBuckets: every bucket of the cloud, by name.
pub(crate) fn list(app: &App, cloud: S3Cloud) -> Response {
    let buckets: String = app.read(|state| {
        state
            .s3
            .buckets(cloud)
            .into_iter()
            .flat_map(|b| b.values())
            .map(|b| {
                format!(
                    "<Bucket>{}{}</Bucket>",
                    xml::element("Name", &b.name),
                    xml::element("CreationDate", &clock::iso_millis(b.created))
                )
            })
            .collect()
    });
    xml::ok(xml::document(
        "ListAllMyBucketsResult",
        &format!("{}<Buckets>{buckets}</Buckets>", owner()),
    ))
}

/// CreateBucket, with an optional `CreateBucketConfiguration` naming the cloud's region.
pub(crate) fn create(app: &App, cloud: S3Cloud, name: &str, body: &[u8]) -> S3Result {
    if !is_valid_bucket_name(name) {
        return Err(S3Error::bad_request(
            "InvalidBucketName",
            "The specified bucket is not valid.",
        )
        .with("BucketName", name));
    }
    if !body.iter().all(u8::is_ascii_whitespace) {
        let config = request_xml::parse(body)?;
        if config.name != "CreateBucketConfiguration" {
            return Err(S3Error::malformed_xml());
        }
        let location = config.child_text("LocationConstraint").unwrap_or_default();
        let wrong = cloud
            .required_region()
            .is_some_and(|region| !location.is_empty() && location != region);
        if wrong {
            return Err(S3Error::bad_request(
                "InvalidLocationConstraint",
                "The specified location-constraint is not valid",
            )
            .with("LocationConstraint", location));
        }
    }
    if name == defaults::S3_TAKEN_BUCKET {
        return Err(S3Error::new(
            StatusCode::CONFLICT,
            "BucketAlreadyExists",
            "The requested bucket name is not available. The bucket namespace is shared by all users of the system. Please select a different name and try again.",
        )
        .with("BucketName", name));
    }
    app.write(|state| {
        if state.s3.bucket(cloud, name).is_some() {
            if cloud.recreate_own_bucket_succeeds() {
                return Ok(());
            }
            return Err(S3Error::new(
                StatusCode::CONFLICT,
                "BucketAlreadyOwnedByYou",
                "Your previous request to create the named bucket succeeded and you already own it.",
            )
            .with("BucketName", name));
        }
        state
            .s3
            .insert(cloud, Bucket::new(name, clock::now_ms()));
        Ok(())
    })?;
    Ok((StatusCode::OK, [(header::LOCATION, format!("/{name}"))]).into_response())
}

/// HeadBucket: 200 with `x-amz-bucket-region`, or a bare 404.
pub(crate) fn head(app: &App, cloud: S3Cloud, name: &str) -> S3Result {
    existing(app, cloud, name)?;
    Ok((StatusCode::OK, [("x-amz-bucket-region", cloud.region())]).into_response())
}

/// DeleteBucket: 204; 409 `BucketNotEmpty` while objects, versions or delete markers remain.
pub(crate) fn delete(app: &App, cloud: S3Cloud, name: &str) -> S3Result {
    app.write(|state| {
        let bucket = state
            .s3
            .bucket(cloud, name)
            .ok_or_else(|| S3Error::no_such_bucket(name))?;
        if bucket.version_count() > 0 {
            return Err(S3Error::new(
                StatusCode::CONFLICT,
                "BucketNotEmpty",
                "The bucket you tried to delete is not empty",
            )
            .with("BucketName", name));
        }
        state.s3.remove(cloud, name);
        Ok(())
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// 404 `NoSuchBucket` unless the bucket exists.
pub(crate) fn existing(app: &App, cloud: S3Cloud, name: &str) -> Result<(), S3Error> {
    app.read(|state| {
        state
            .s3
            .bucket(cloud, name)
            .map(|_| ())
            .ok_or_else(|| S3Error::no_such_bucket(name))
    })
}
