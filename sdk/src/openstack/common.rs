//! Helpers every OpenStack service module shares: Neutron calls, tags as labels, query
//! strings, deadlines between steps, and cleanup notes.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::client::Service;
use super::OpenStackBackend;
use crate::error::Result;
use crate::model::Labels;

pub(crate) use crate::error::{ignore_not_found, with_cleanup_note};
pub(crate) use crate::wait::check_deadline;
pub(crate) use crate::wait::status::{wait_for_status, wait_until_gone, Observed};

/// Labels from Neutron/Nova tags `key=value` (a tag without `=` is a key with an empty value).
pub(crate) fn labels_from_tags(tags: &[String]) -> Labels {
    tags.iter()
        .map(|tag| match tag.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (tag.clone(), String::new()),
        })
        .collect()
}

/// Tags `key=value` for labels.
pub(crate) fn tags_from_labels(labels: &Labels) -> Vec<String> {
    labels
        .iter()
        .map(|(k, v)| {
            if v.is_empty() {
                k.clone()
            } else {
                format!("{k}={v}")
            }
        })
        .collect()
}

/// A path with a percent-encoded query string.
pub(crate) fn query(path: &str, pairs: &[(&str, &str)]) -> String {
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    format!("{path}?{encoded}")
}

impl OpenStackBackend {
    /// A Neutron call whose answer holds `key`.
    pub(crate) async fn neutron<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: &str,
    ) -> Result<T> {
        self.client
            .call_key(Service::Network, method, path, body, key)
            .await
    }

    /// A Neutron DELETE.
    pub(crate) async fn neutron_delete(&self, path: &str) -> Result<()> {
        self.client
            .call_empty(Service::Network, Method::DELETE, path, None)
            .await
    }

    /// Replaces the tags of a Neutron object with `labels`.
    pub(crate) async fn put_tags(&self, kind: &str, id: &str, labels: &Labels) -> Result<()> {
        self.client
            .call(
                Service::Network,
                Method::PUT,
                &format!("/{kind}/{id}/tags"),
                Some(&json!({"tags": tags_from_labels(labels)})),
            )
            .await
            .map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_round_trip_through_tags() {
        let mut labels = Labels::new();
        labels.insert("env".into(), "prod".into());
        labels.insert("flag".into(), String::new());
        labels.insert("eq".into(), "a=b".into());
        let tags = tags_from_labels(&labels);
        assert!(tags.contains(&"env=prod".to_string()));
        assert!(tags.contains(&"flag".to_string()));
        assert_eq!(labels_from_tags(&tags), labels);
    }

    #[test]
    fn query_encodes_values() {
        assert_eq!(
            query("/networks", &[("name", "a b&c")]),
            "/networks?name=a+b%26c"
        );
    }
}
