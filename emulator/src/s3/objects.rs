//! PutObject, GetObject/HeadObject, DeleteObject and DeleteObjects, with versioning.

use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use md5::{Digest, Md5};

use super::cloud::S3Cloud;
use super::errors::S3Error;
use super::store::{Bucket, ObjectVersion, Versioning};
use super::{request_xml, xml, S3Result};
use crate::app::App;
use crate::clock;

/// The version id of writes while versioning is unset or suspended.
const NULL_VERSION: &str = "null";
/// The most keys one DeleteObjects may name.
const MAX_DELETE: usize = 1000;

/// PutObject: a new version (versioning enabled) or the `null` version; `ETag` is the MD5.
pub(crate) fn put(
    app: &App,
    cloud: S3Cloud,
    bucket: &str,
    key: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> S3Result {
    check_content_md5(headers, body, false)?;
    let etag = hex::encode(Md5::digest(body));
    let version_id = app.write(|state| {
        let bucket = state
            .s3
            .bucket_mut(cloud, bucket)
            .ok_or_else(|| S3Error::no_such_bucket(bucket))?;
        let version = ObjectVersion {
            version_id: new_version_id(bucket.versioning),
            etag: etag.clone(),
            size: body.len(),
            body: body.to_vec(),
            delete_marker: false,
            modified: clock::now_ms(),
        };
        Ok::<_, S3Error>(add_version(bucket, key, version))
    })?;
    let mut response = StatusCode::OK.into_response();
    set(&mut response, "etag", &format!("\"{etag}\""));
    if let Some(id) = version_id {
        set(&mut response, "x-amz-version-id", &id);
    }
    Ok(response)
}

/// GetObject (and HeadObject, whose body the server drops): the latest or a given version.
pub(crate) fn get(
    app: &App,
    cloud: S3Cloud,
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
) -> S3Result {
    let (versioned, found) = app.read(|state| {
        let b = state
            .s3
            .bucket(cloud, bucket)
            .ok_or_else(|| S3Error::no_such_bucket(bucket))?;
        let versions = b.objects.get(key);
        let found = match version_id {
            Some(id) => versions.and_then(|v| v.iter().find(|o| o.version_id == id)),
            None => versions.and_then(|v| v.first()),
        };
        Ok::<_, S3Error>((b.versioning != Versioning::Unset, found.cloned()))
    })?;
    let Some(object) = found else {
        return Err(match version_id {
            Some(id) => S3Error::new(
                StatusCode::NOT_FOUND,
                "NoSuchVersion",
                "The specified version does not exist.",
            )
            .with("Key", key)
            .with("VersionId", id),
            None => no_such_key(key),
        });
    };
    if object.delete_marker {
        let mut response = match version_id {
            Some(_) => S3Error::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "MethodNotAllowed",
                "The specified method is not allowed against this resource.",
            ),
            None => no_such_key(key),
        }
        .into_response();
        set(&mut response, "x-amz-delete-marker", "true");
        set(&mut response, "x-amz-version-id", &object.version_id);
        return Ok(response);
    }
    let mut response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "binary/octet-stream")],
        object.body,
    )
        .into_response();
    set(&mut response, "etag", &format!("\"{}\"", object.etag));
    set(
        &mut response,
        "last-modified",
        &clock::http_date(object.modified),
    );
    if versioned {
        set(&mut response, "x-amz-version-id", &object.version_id);
    }
    Ok(response)
}

/// DeleteObject: 204, with the delete marker's headers when one was made or removed.
pub(crate) fn delete(
    app: &App,
    cloud: S3Cloud,
    bucket: &str,
    key: &str,
    version_id: Option<&str>,
) -> S3Result {
    let outcome = app.write(|state| {
        let bucket = state
            .s3
            .bucket_mut(cloud, bucket)
            .ok_or_else(|| S3Error::no_such_bucket(bucket))?;
        Ok::<_, S3Error>(delete_one(bucket, key, version_id))
    })?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    if outcome.delete_marker {
        set(&mut response, "x-amz-delete-marker", "true");
    }
    if let Some(id) = outcome.version_id.as_deref() {
        set(&mut response, "x-amz-version-id", id);
    }
    Ok(response)
}

/// DeleteObjects: needs `Content-MD5` (checked) or an `x-amz-checksum-*` header; quiet mode
/// reports errors only (and the emulator has none to report per key).
pub(crate) fn delete_many(
    app: &App,
    cloud: S3Cloud,
    bucket: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> S3Result {
    check_content_md5(headers, body, true)?;
    let request = request_xml::parse(body)?;
    if request.name != "Delete" {
        return Err(S3Error::malformed_xml());
    }
    let quiet = request.child_text("Quiet") == Some("true");
    let mut targets = Vec::new();
    for object in request.children_named("Object") {
        let key = object
            .child_text("Key")
            .ok_or_else(S3Error::malformed_xml)?;
        let version = object.child_text("VersionId").filter(|v| !v.is_empty());
        targets.push((key.to_string(), version.map(str::to_string)));
    }
    if targets.is_empty() || targets.len() > MAX_DELETE {
        return Err(S3Error::malformed_xml());
    }
    let outcomes = app.write(|state| {
        let bucket = state
            .s3
            .bucket_mut(cloud, bucket)
            .ok_or_else(|| S3Error::no_such_bucket(bucket))?;
        Ok::<_, S3Error>(
            targets
                .iter()
                .map(|(key, version)| (key, version, delete_one(bucket, key, version.as_deref())))
                .collect::<Vec<_>>(),
        )
    })?;
    let deleted: String = if quiet {
        String::new()
    } else {
        outcomes
            .iter()
            .map(|(key, version, outcome)| {
                let mut inner = xml::element("Key", key);
                if let Some(id) = version {
                    inner += &xml::element("VersionId", id);
                }
                if outcome.delete_marker {
                    inner += &xml::element("DeleteMarker", "true");
                    if let Some(id) = &outcome.version_id {
                        inner += &xml::element("DeleteMarkerVersionId", id);
                    }
                }
                format!("<Deleted>{inner}</Deleted>")
            })
            .collect()
    };
    Ok(xml::ok(xml::document("DeleteResult", &deleted)))
}

/// What one delete did: whether a delete marker was made or removed, and its version id.
struct Outcome {
    delete_marker: bool,
    version_id: Option<String>,
}

/// Deletes one version, or (no version id) the object: a delete marker while versioned.
fn delete_one(bucket: &mut Bucket, key: &str, version_id: Option<&str>) -> Outcome {
    if let Some(id) = version_id {
        let mut removed_marker = false;
        if let Some(versions) = bucket.objects.get_mut(key) {
            if let Some(index) = versions.iter().position(|v| v.version_id == id) {
                removed_marker = versions.remove(index).delete_marker;
            }
            if versions.is_empty() {
                bucket.objects.remove(key);
            }
        }
        return Outcome {
            delete_marker: removed_marker,
            version_id: Some(id.to_string()),
        };
    }
    if bucket.versioning == Versioning::Unset {
        bucket.objects.remove(key);
        return Outcome {
            delete_marker: false,
            version_id: None,
        };
    }
    let marker = ObjectVersion {
        version_id: new_version_id(bucket.versioning),
        etag: String::new(),
        size: 0,
        body: Vec::new(),
        delete_marker: true,
        modified: clock::now_ms(),
    };
    let version_id = add_version(bucket, key, marker);
    Outcome {
        delete_marker: true,
        version_id,
    }
}

/// Puts a version first; a `null` one replaces the previous `null` version (or, unversioned,
/// everything). Returns the version id to report (none while versioning is unset).
fn add_version(bucket: &mut Bucket, key: &str, version: ObjectVersion) -> Option<String> {
    let versions = bucket.objects.entry(key.to_string()).or_default();
    match bucket.versioning {
        Versioning::Unset => versions.clear(),
        Versioning::Suspended => versions.retain(|v| v.version_id != NULL_VERSION),
        Versioning::Enabled => {}
    }
    let id = version.version_id.clone();
    versions.insert(0, version);
    (bucket.versioning != Versioning::Unset).then_some(id)
}

/// A fresh version id while versioning is enabled, else `null`.
fn new_version_id(versioning: Versioning) -> String {
    match versioning {
        Versioning::Enabled => uuid::Uuid::new_v4().simple().to_string(),
        Versioning::Unset | Versioning::Suspended => NULL_VERSION.to_string(),
    }
}

/// Checks `Content-MD5` when present; with `required`, a request without it must carry some
/// `x-amz-checksum-*` header instead (400 `InvalidRequest`).
fn check_content_md5(headers: &HeaderMap, body: &[u8], required: bool) -> Result<(), S3Error> {
    let Some(given) = headers.get("content-md5") else {
        let checksum = headers
            .keys()
            .any(|name| name.as_str().starts_with("x-amz-checksum-"));
        if required && !checksum {
            return Err(S3Error::bad_request(
                "InvalidRequest",
                "Missing required header for this request: Content-MD5",
            ));
        }
        return Ok(());
    };
    let digest = given
        .to_str()
        .ok()
        .and_then(|text| STANDARD.decode(text.trim()).ok())
        .filter(|bytes| bytes.len() == 16)
        .ok_or_else(|| {
            S3Error::bad_request(
                "InvalidDigest",
                "The Content-MD5 you specified was invalid.",
            )
        })?;
    if digest != Md5::digest(body).as_slice() {
        return Err(S3Error::bad_request(
            "BadDigest",
            "The Content-MD5 you specified did not match what we received.",
        ));
    }
    Ok(())
}

fn no_such_key(key: &str) -> S3Error {
    S3Error::new(
        StatusCode::NOT_FOUND,
        "NoSuchKey",
        "The specified key does not exist.",
    )
    .with("Key", key)
}

fn set(response: &mut Response, name: &'static str, value: &str) {
    if let Ok(value) = HeaderValue::from_str(value) {
        response.headers_mut().insert(name, value);
    }
}
