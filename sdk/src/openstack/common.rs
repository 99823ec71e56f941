//! Helpers every OpenStack service module shares: Neutron calls, tags as labels, query
//! strings, deadlines between steps, and cleanup notes.

use std::future::Future;

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};

use super::client::Service;
use super::OpenStackBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::model::Labels;
use crate::wait::{Deadline, Poll, Waiter};

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

/// Stops a multi-step operation between steps once its deadline has passed (the caller then
/// rolls back what was made, rather than being cut off mid-request and leaking it).
pub(crate) fn check_deadline(deadline: Deadline, what: &str) -> Result<()> {
    if deadline.has_passed() {
        return Err(Error::new(
            ErrorKind::Timeout,
            format!("{what} did not finish before the deadline"),
        ));
    }
    Ok(())
}

/// `Ok` for a `NotFound` error: the thing is gone either way.
pub(crate) fn ignore_not_found(result: Result<()>) -> Result<()> {
    match result {
        Err(e) if e.is_not_found() => Ok(()),
        other => other,
    }
}

/// The error of a failed step, with a note when removing what was made failed too.
pub(crate) fn with_cleanup_note(error: Error, cleanup: Result<()>, what: &str, id: &str) -> Error {
    match cleanup {
        // Everything made is gone: there is nothing for the caller to record.
        Ok(()) => error.without_resource_id(),
        // It still exists: name it, so the caller records it rather than losing track of it.
        Err(cleanup_error) => error
            .context(format!(
                "and removing the half-made {what} {id} failed too ({cleanup_error})"
            ))
            .with_resource_id(id),
    }
}

/// What a status poll saw: the status word, and the cloud's fault message if it has one.
pub(crate) struct Observed {
    /// The status word (`BUILD`, `ACTIVE`, `available`, ...).
    pub status: String,
    /// The cloud's explanation of a failure.
    pub fault: Option<String>,
}

/// Waits until `fetch` reports one of `ready`; a `failed` status ends the wait with an error
/// naming `what`, the status and the fault, and carrying `id` so the caller can record it.
pub(crate) async fn wait_for_status<F, Fut>(
    what: &str,
    id: &str,
    deadline: Deadline,
    ready: &[&str],
    failed: &[&str],
    mut fetch: F,
) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Observed>>,
{
    Waiter::default()
        .until(what, deadline, || {
            let seen = fetch();
            async move {
                let seen = seen.await?;
                let status = seen.status.to_string();
                if ready.iter().any(|r| r.eq_ignore_ascii_case(&status)) {
                    return Ok(Poll::Ready(()));
                }
                if failed.iter().any(|f| f.eq_ignore_ascii_case(&status)) {
                    let fault = seen
                        .fault
                        .unwrap_or_else(|| "the cloud gave no reason".into());
                    return Err(Error::new(
                        ErrorKind::Api,
                        format!("{what}: {id} went to {status}: {fault}"),
                    ));
                }
                Ok(Poll::Pending(status))
            }
        })
        .await
        .map_err(|e| e.with_resource_id(id))
}

/// Waits until `fetch` answers `NotFound`.
pub(crate) async fn wait_until_gone<F, Fut, T>(
    what: &str,
    deadline: Deadline,
    mut fetch: F,
) -> Result<()>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T>>,
{
    Waiter::default()
        .until(what, deadline, || {
            let seen = fetch();
            async move {
                match seen.await {
                    Err(e) if e.is_not_found() => Ok(Poll::Ready(())),
                    Err(e) => Err(e),
                    Ok(_) => Ok(Poll::Pending("still there".to_string())),
                }
            }
        })
        .await
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
