//! Labels on servers, volumes and IP blocks (`.../labels`, one `{key, value}` object per
//! label). LANs and security groups have no labels on IONOS.

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::repr::{Collection, Item};
use super::IonosBackend;
use crate::error::{ignore_not_found, Result};
use crate::http::path_segment;
use crate::model::{validate_labels, Labels};
use crate::wait::Deadline;

#[derive(Debug, Deserialize)]
struct LabelProperties {
    key: String,
    #[serde(default)]
    value: String,
}

impl IonosBackend {
    /// The labels of the object at `path` (`/datacenters/{dc}/servers/{id}`, `/ipblocks/{id}`).
    pub(super) async fn labels(&self, path: &str) -> Result<Labels> {
        let list: Collection<Item<LabelProperties>> =
            self.client.get(&format!("{path}/labels?depth=1")).await?;
        Ok(list
            .items
            .into_iter()
            .map(|l| (l.properties.key, l.properties.value))
            .collect())
    }

    /// Makes the object's labels exactly `labels`.
    pub(super) async fn set_labels(
        &self,
        path: &str,
        labels: &Labels,
        deadline: Deadline,
    ) -> Result<()> {
        validate_labels(labels)?;
        let current = self.labels(path).await?;
        for key in current.keys().filter(|k| !labels.contains_key(*k)) {
            let gone = self
                .client
                .delete_and_wait(
                    &format!("{path}/labels/{}", path_segment(key)),
                    "removing a label",
                    key,
                    deadline,
                )
                .await;
            ignore_not_found(gone)?;
        }
        for (key, value) in labels.iter().filter(|(k, v)| current.get(*k) != Some(*v)) {
            let body = json!({"properties": {"key": key, "value": value}});
            let (method, target) = if current.contains_key(key) {
                (Method::PUT, format!("{path}/labels/{}", path_segment(key)))
            } else {
                (Method::POST, format!("{path}/labels"))
            };
            if method == Method::PUT {
                self.client
                    .change_and_wait(
                        method,
                        &target,
                        Some(&body),
                        "setting a label",
                        key,
                        deadline,
                    )
                    .await?;
                continue;
            }
            // A label that is there after a lost answer is this request's.
            let added = self
                .client
                .change_once(&format!("adding label {key:?}"), &target, &body, || async {
                    Ok(self.labels(path).await?.get(key) == Some(value))
                })
                .await?;
            if let Some(accepted) = added {
                self.client
                    .wait(&accepted, "setting a label", key, deadline)
                    .await?;
            }
        }
        Ok(())
    }
}
