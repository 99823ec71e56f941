//! OTC's key/value tags on VPCs, subnets and EIPs (`/v2.0/{project}/{kind}/{id}/tags`), which
//! carry a resource's labels; and the rules OTC sets for them.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::OtcBackend;
use crate::error::{Error, Result};
use crate::model::Labels;
use crate::openstack::Service;

/// OTC tag keys are at most 36 characters, values at most 43.
const MAX_KEY: usize = 36;
const MAX_VALUE: usize = 43;

#[derive(Debug, Deserialize)]
struct Tag {
    key: String,
    #[serde(default)]
    value: String,
}

#[derive(Debug, Deserialize)]
struct TagList {
    #[serde(default)]
    tags: Vec<Tag>,
}

/// Checks labels against OTC's tag rules; the error names `labels`.
pub(super) fn validate_tag_labels(labels: &Labels) -> Result<()> {
    crate::model::validate_labels(labels)?;
    for (key, value) in labels {
        if key.chars().count() > MAX_KEY || value.chars().count() > MAX_VALUE {
            return Err(Error::invalid_field(
                "labels",
                format!(
                    "OTC tags take keys of at most {MAX_KEY} and values of at most {MAX_VALUE} \
                     characters; {key:?} is too long"
                ),
            ));
        }
    }
    Ok(())
}

impl OtcBackend {
    /// The labels of a VPC, subnet or EIP (`kind` is `vpcs`, `subnets` or `publicips`).
    pub(super) async fn tags(&self, kind: &str, id: &str) -> Result<Labels> {
        let list: TagList = self
            .core
            .client()
            .call_json(
                Service::VpcTags,
                Method::GET,
                &format!("/{kind}/{id}/tags"),
                None,
            )
            .await?;
        Ok(list.tags.into_iter().map(|t| (t.key, t.value)).collect())
    }

    /// Makes the object's tags exactly `labels`: removes the keys no longer wanted, then sets
    /// the rest (creating a tag with an existing key replaces its value).
    pub(super) async fn set_tags(&self, kind: &str, id: &str, labels: &Labels) -> Result<()> {
        validate_tag_labels(labels)?;
        let current = self.tags(kind, id).await?;
        let stale: Vec<_> = current
            .iter()
            .filter(|(k, v)| labels.get(*k) != Some(*v))
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        let wanted: Vec<_> = labels
            .iter()
            .filter(|(k, v)| current.get(*k) != Some(*v))
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect();
        for (action, tags) in [("delete", stale), ("create", wanted)] {
            if tags.is_empty() {
                continue;
            }
            // Creating a tag that exists sets its value; deleting one that is gone is a
            // no-op: the batch action is safe to send twice.
            self.core
                .client()
                .call_repeatable(
                    Service::VpcTags,
                    Method::POST,
                    &format!("/{kind}/{id}/tags/action"),
                    Some(&json!({"action": action, "tags": tags})),
                )
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_keys_are_refused() {
        let ok: Labels = [("env".to_string(), "prod".to_string())].into();
        assert!(validate_tag_labels(&ok).is_ok());
        let long: Labels = [("k".repeat(37), String::new())].into();
        assert_eq!(
            validate_tag_labels(&long).unwrap_err().field(),
            Some("labels")
        );
    }
}
