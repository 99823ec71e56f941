//! ListObjectsV2 (continuation tokens) and ListObjectVersions (key and version-id markers).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

use super::buckets::owner;
use super::cloud::S3Cloud;
use super::errors::S3Error;
use super::query::Query;
use super::store::ObjectVersion;
use super::{xml, S3Result};
use crate::app::App;
use crate::clock;

/// The default and largest page.
const MAX_KEYS: usize = 1000;

/// ListObjectsV2: keys whose latest version is an object, in key order, paged by
/// continuation tokens (base64url of the last key listed).
pub(crate) fn objects_v2(app: &App, cloud: S3Cloud, bucket: &str, query: &Query) -> S3Result {
    let max_keys = max_keys(query)?;
    let prefix = query.get("prefix").unwrap_or_default();
    let token = query.get("continuation-token");
    let after_token = token
        .map(|t| {
            URL_SAFE_NO_PAD
                .decode(t)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .ok_or_else(|| {
                    S3Error::bad_request(
                        "InvalidArgument",
                        "The continuation token provided is incorrect",
                    )
                })
        })
        .transpose()?;
    let start_after = query.get("start-after").unwrap_or_default();
    let after = after_token.as_deref().unwrap_or_default().max(start_after);
    let (name, listed) = app.read(|state| {
        let b = state
            .s3
            .bucket(cloud, bucket)
            .ok_or_else(|| S3Error::no_such_bucket(bucket))?;
        let listed: Vec<(String, ObjectVersion)> = b
            .objects
            .iter()
            .filter(|(key, _)| key.starts_with(prefix) && key.as_str() > after)
            .filter_map(|(key, versions)| {
                versions
                    .first()
                    .filter(|v| !v.delete_marker)
                    .map(|v| (key.clone(), v.clone()))
            })
            .take(max_keys + 1)
            .collect();
        Ok::<_, S3Error>((b.name.clone(), listed))
    })?;
    let truncated = listed.len() > max_keys;
    let page = &listed[..listed.len().min(max_keys)];
    let mut inner = xml::element("Name", &name)
        + &xml::element("Prefix", prefix)
        + &xml::element("KeyCount", &page.len().to_string())
        + &xml::element("MaxKeys", &max_keys.to_string())
        + &xml::element("IsTruncated", &truncated.to_string());
    if let Some(token) = token {
        inner += &xml::element("ContinuationToken", token);
    }
    if let (true, Some((last, _))) = (truncated, page.last()) {
        inner += &xml::element("NextContinuationToken", &URL_SAFE_NO_PAD.encode(last));
    }
    if !start_after.is_empty() {
        inner += &xml::element("StartAfter", start_after);
    }
    for (key, object) in page {
        inner += &format!(
            "<Contents>{}{}{}{}<StorageClass>STANDARD</StorageClass></Contents>",
            xml::element("Key", key),
            xml::element("LastModified", &clock::iso_millis(object.modified)),
            xml::element("ETag", &format!("\"{}\"", object.etag)),
            xml::element("Size", &object.size.to_string()),
        );
    }
    Ok(xml::ok(xml::document("ListBucketResult", &inner)))
}

/// ListObjectVersions: versions and delete markers interleaved, in key order and newest first
/// per key, paged by `key-marker` + `version-id-marker`.
pub(crate) fn versions(app: &App, cloud: S3Cloud, bucket: &str, query: &Query) -> S3Result {
    let max_keys = max_keys(query)?;
    let prefix = query.get("prefix").unwrap_or_default();
    let key_marker = query.get("key-marker").unwrap_or_default();
    let version_marker = query.get("version-id-marker");
    let (name, listed) = app.read(|state| {
        let b = state
            .s3
            .bucket(cloud, bucket)
            .ok_or_else(|| S3Error::no_such_bucket(bucket))?;
        let all = b
            .objects
            .iter()
            .filter(|(key, _)| key.starts_with(prefix))
            .flat_map(|(key, versions)| {
                versions
                    .iter()
                    .enumerate()
                    .map(move |(index, v)| (key.clone(), index == 0, v.clone()))
            });
        let listed: Vec<(String, bool, ObjectVersion)> = match (key_marker, version_marker) {
            ("", _) => all.take(max_keys + 1).collect(),
            (marker, None) => all
                .skip_while(|(key, _, _)| key.as_str() <= marker)
                .take(max_keys + 1)
                .collect(),
            (marker, Some(id)) => {
                let mut passed = false;
                all.skip_while(|(key, _, version)| {
                    if key.as_str() < marker {
                        return true;
                    }
                    if key == marker && !passed {
                        passed = version.version_id == id;
                        return true;
                    }
                    false
                })
                .take(max_keys + 1)
                .collect()
            }
        };
        Ok::<_, S3Error>((b.name.clone(), listed))
    })?;
    let truncated = listed.len() > max_keys;
    let page = &listed[..listed.len().min(max_keys)];
    let mut inner = xml::element("Name", &name)
        + &xml::element("Prefix", prefix)
        + &xml::element("KeyMarker", key_marker)
        + &xml::element("VersionIdMarker", version_marker.unwrap_or_default());
    if let (true, Some((key, _, version))) = (truncated, page.last()) {
        inner += &xml::element("NextKeyMarker", key);
        inner += &xml::element("NextVersionIdMarker", &version.version_id);
    }
    inner += &xml::element("MaxKeys", &max_keys.to_string());
    inner += &xml::element("IsTruncated", &truncated.to_string());
    for (key, latest, version) in page {
        let common = xml::element("Key", key)
            + &xml::element("VersionId", &version.version_id)
            + &xml::element("IsLatest", &latest.to_string())
            + &xml::element("LastModified", &clock::iso_millis(version.modified));
        inner += &if version.delete_marker {
            format!("<DeleteMarker>{common}{}</DeleteMarker>", owner())
        } else {
            format!(
                "<Version>{common}{}{}<StorageClass>STANDARD</StorageClass>{}</Version>",
                xml::element("ETag", &format!("\"{}\"", version.etag)),
                xml::element("Size", &version.size.to_string()),
                owner()
            )
        };
    }
    Ok(xml::ok(xml::document("ListVersionsResult", &inner)))
}

/// `max-keys`: default and cap 1000; not a number → 400 `InvalidArgument`.
fn max_keys(query: &Query) -> Result<usize, S3Error> {
    match query.get("max-keys") {
        None => Ok(MAX_KEYS),
        Some(text) => text.parse::<usize>().map(|n| n.min(MAX_KEYS)).map_err(|_| {
            S3Error::bad_request(
                "InvalidArgument",
                "Provided max-keys not an integer or within integer range",
            )
        }),
    }
}
