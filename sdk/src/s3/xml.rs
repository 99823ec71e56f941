//! The few S3 XML bodies the client writes, and the fields it reads from answers.

use quick_xml::escape::escape;
use quick_xml::events::Event;
use quick_xml::Reader;

use crate::model::Labels;

/// The S3 namespace every body carries.
const NS: &str = "http://s3.amazonaws.com/doc/2006-03-01/";

/// `CreateBucketConfiguration` naming the region (none for the default region).
pub fn create_bucket(location: Option<&str>) -> Option<String> {
    location.map(|region| {
        format!(
            "<CreateBucketConfiguration xmlns=\"{NS}\"><LocationConstraint>{}</LocationConstraint></CreateBucketConfiguration>",
            escape(region)
        )
    })
}

/// `VersioningConfiguration` turning versioning on (`Enabled`) or off (`Suspended`).
pub fn versioning(enabled: bool) -> String {
    let status = if enabled { "Enabled" } else { "Suspended" };
    format!("<VersioningConfiguration xmlns=\"{NS}\"><Status>{status}</Status></VersioningConfiguration>")
}

/// `Tagging` with the labels as tags.
pub fn tagging(labels: &Labels) -> String {
    let tags: String = labels
        .iter()
        .map(|(k, v)| {
            format!(
                "<Tag><Key>{}</Key><Value>{}</Value></Tag>",
                escape(k),
                escape(v)
            )
        })
        .collect();
    format!("<Tagging xmlns=\"{NS}\"><TagSet>{tags}</TagSet></Tagging>")
}

/// One object version or delete marker to delete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectVersion {
    /// The key.
    pub key: String,
    /// The version id, `null` for the version written while versioning was never enabled or
    /// suspended. Always sent: without it, a delete in a versioned bucket only adds a marker.
    pub version: String,
}

/// A quiet `Delete` of up to 1000 object versions.
pub fn delete_objects(objects: &[ObjectVersion]) -> String {
    let items: String = objects
        .iter()
        .map(|o| {
            format!(
                "<Object><Key>{}</Key><VersionId>{}</VersionId></Object>",
                escape(&o.key),
                escape(&o.version)
            )
        })
        .collect();
    format!("<Delete xmlns=\"{NS}\"><Quiet>true</Quiet>{items}</Delete>")
}

/// Every `(element path, text)` of an XML document, the path as names joined by `/` below the
/// root (`Status`, `TagSet/Tag/Key`, `Version/Key`); entities decoded.
pub fn texts(body: &[u8]) -> Vec<(String, String)> {
    let mut reader = Reader::from_reader(body);
    let mut path: Vec<String> = Vec::new();
    let mut out: Vec<(String, String)> = Vec::new();
    // Whether the current element has had text yet (later pieces, split around entities,
    // belong to the same value).
    let mut fresh = false;
    let mut buf = Vec::new();
    loop {
        let text = match reader.read_event_into(&mut buf) {
            Ok(Event::Start(start)) => {
                path.push(start.local_name().as_ref().to_string());
                fresh = true;
                None
            }
            Ok(Event::End(_)) => {
                path.pop();
                None
            }
            Ok(Event::Text(text)) => Some(text.xml10_content().into_owned()),
            Ok(Event::GeneralRef(entity)) => match entity.resolve_char_ref() {
                Ok(Some(c)) => Some(c.to_string()),
                _ => quick_xml::escape::resolve_predefined_entity(&entity.into_inner())
                    .map(str::to_string),
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => None,
        };
        if let Some(text) = text.filter(|t| path.len() > 1 && !t.trim().is_empty()) {
            match out.last_mut() {
                Some((_, value)) if !fresh => value.push_str(&text),
                _ => out.push((path[1..].join("/"), text)),
            }
            fresh = false;
        }
        buf.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_escape_what_they_carry() {
        let labels = Labels::from([("team".to_string(), "a&b".to_string())]);
        assert!(tagging(&labels).contains("<Key>team</Key><Value>a&amp;b</Value>"));
        let body = delete_objects(&[ObjectVersion {
            key: "logs/<1>".into(),
            version: "v1".into(),
        }]);
        assert!(body.contains("<Key>logs/&lt;1&gt;</Key><VersionId>v1</VersionId>"));
        assert!(versioning(false).contains("<Status>Suspended</Status>"));
        assert_eq!(create_bucket(None), None);
    }

    #[test]
    fn answers_read_as_paths_and_texts() {
        let read = texts(
            br#"<?xml version="1.0"?><ListVersionsResult><IsTruncated>true</IsTruncated><Version><Key>a&amp;b</Key><VersionId>v1</VersionId></Version><DeleteMarker><Key>c</Key><VersionId>v2</VersionId></DeleteMarker><Deleted><Key>d</Key></Deleted><Deleted><Key>e</Key></Deleted></ListVersionsResult>"#,
        );
        assert_eq!(
            read,
            [
                ("IsTruncated".to_string(), "true".to_string()),
                ("Version/Key".to_string(), "a&b".to_string()),
                ("Version/VersionId".to_string(), "v1".to_string()),
                ("DeleteMarker/Key".to_string(), "c".to_string()),
                ("DeleteMarker/VersionId".to_string(), "v2".to_string()),
                ("Deleted/Key".to_string(), "d".to_string()),
                ("Deleted/Key".to_string(), "e".to_string()),
            ]
        );
    }
}
