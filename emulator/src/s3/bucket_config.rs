//! Bucket sub-resources: `?versioning`, `?tagging` and `?location`.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use axum::response::IntoResponse;

use super::cloud::S3Cloud;
use super::errors::S3Error;
use super::store::{Bucket, Versioning};
use super::{request_xml, xml, S3Result};
use crate::app::App;

/// GetBucketVersioning: no `Status` until versioning was first set.
pub(crate) fn get_versioning(app: &App, cloud: S3Cloud, name: &str) -> S3Result {
    let versioning = read(app, cloud, name, |b| b.versioning)?;
    let status = match versioning {
        Versioning::Unset => String::new(),
        Versioning::Enabled => xml::element("Status", "Enabled"),
        Versioning::Suspended => xml::element("Status", "Suspended"),
    };
    Ok(xml::ok(xml::document("VersioningConfiguration", &status)))
}

/// PutBucketVersioning with `Status` `Enabled` or `Suspended`.
pub(crate) fn put_versioning(app: &App, cloud: S3Cloud, name: &str, body: &[u8]) -> S3Result {
    let config = request_xml::parse(body)?;
    if config.name != "VersioningConfiguration" {
        return Err(S3Error::malformed_xml());
    }
    let versioning = match config.child_text("Status") {
        Some("Enabled") => Versioning::Enabled,
        Some("Suspended") => Versioning::Suspended,
        None => return read(app, cloud, name, |_| StatusCode::OK.into_response()),
        Some(_) => return Err(S3Error::malformed_xml()),
    };
    change(app, cloud, name, |b| b.versioning = versioning)?;
    Ok(StatusCode::OK.into_response())
}

/// GetBucketTagging; 404 `NoSuchTagSet` when the bucket has no tags.
pub(crate) fn get_tagging(app: &App, cloud: S3Cloud, name: &str) -> S3Result {
    let tags = read(app, cloud, name, |b| b.tags.clone())?;
    if tags.is_empty() {
        return Err(S3Error::new(
            StatusCode::NOT_FOUND,
            "NoSuchTagSet",
            "The TagSet does not exist",
        )
        .with("BucketName", name));
    }
    let set: String = tags
        .iter()
        .map(|(k, v)| {
            format!(
                "<Tag>{}{}</Tag>",
                xml::element("Key", k),
                xml::element("Value", v)
            )
        })
        .collect();
    Ok(xml::ok(xml::document(
        "Tagging",
        &format!("<TagSet>{set}</TagSet>"),
    )))
}

/// PutBucketTagging: replaces the whole tag set; 204.
pub(crate) fn put_tagging(app: &App, cloud: S3Cloud, name: &str, body: &[u8]) -> S3Result {
    let tagging = request_xml::parse(body)?;
    let set = tagging
        .child("TagSet")
        .filter(|_| tagging.name == "Tagging")
        .ok_or_else(S3Error::malformed_xml)?;
    let mut tags = BTreeMap::new();
    for tag in set.children_named("Tag") {
        let key = tag.child_text("Key").ok_or_else(S3Error::malformed_xml)?;
        let value = tag.child_text("Value").unwrap_or_default();
        if key.is_empty() || key.len() > 128 || value.len() > 256 {
            return Err(S3Error::bad_request(
                "InvalidTag",
                "The tag key must be 1 to 128 and the value at most 256 characters long",
            ));
        }
        if tags.insert(key.to_string(), value.to_string()).is_some() {
            return Err(S3Error::bad_request(
                "InvalidTag",
                "Cannot provide multiple Tags with the same key",
            ));
        }
    }
    change(app, cloud, name, |b| b.tags = tags)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// DeleteBucketTagging: 204.
pub(crate) fn delete_tagging(app: &App, cloud: S3Cloud, name: &str) -> S3Result {
    change(app, cloud, name, |b| b.tags.clear())?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// GetBucketLocation: the cloud's region.
pub(crate) fn location(app: &App, cloud: S3Cloud, name: &str) -> S3Result {
    read(app, cloud, name, |_| ())?;
    Ok(xml::ok(format!(
        "{}<LocationConstraint xmlns=\"{}\">{}</LocationConstraint>",
        xml::DECLARATION,
        xml::NAMESPACE,
        xml::escape(cloud.region())
    )))
}

fn read<R>(
    app: &App,
    cloud: S3Cloud,
    name: &str,
    f: impl FnOnce(&Bucket) -> R,
) -> Result<R, S3Error> {
    app.read(|state| state.s3.bucket(cloud, name).map(f))
        .ok_or_else(|| S3Error::no_such_bucket(name))
}

fn change(
    app: &App,
    cloud: S3Cloud,
    name: &str,
    f: impl FnOnce(&mut Bucket),
) -> Result<(), S3Error> {
    app.write(|state| {
        let bucket = state
            .s3
            .bucket_mut(cloud, name)
            .ok_or_else(|| S3Error::no_such_bucket(name))?;
        f(bucket);
        Ok(())
    })
}
