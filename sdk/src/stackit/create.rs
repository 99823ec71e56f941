//! Creates on STACKIT that survive a lost answer (see [`crate::lost_create`]): what a create
//! whose answer was lost made is found by name and `createdAt`, or, for kinds without a name,
//! by a label with a token only that create used.

use reqwest::Method;
use serde_json::Value;

use super::catalog::Items;
use super::client::StackitClient;
use super::names::OWN_PREFIX;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::{create_once, dated_among, token, Candidate, Created};
use crate::model::Labels;

/// The label that carries a create's token on kinds without a name (hidden from the user's
/// labels, as every `sovereign-` label is).
const CREATE_LABEL: &str = "sovereign-create";

/// Adds a fresh create token to `labels`; the token, for [`StackitClient::tagged`].
pub(super) fn tag(labels: &mut Labels) -> String {
    debug_assert!(CREATE_LABEL.starts_with(OWN_PREFIX));
    let token = token();
    labels.insert(CREATE_LABEL.to_string(), token.clone());
    token
}

/// The `id` of an answer (empty when it has none; [`created_id`] reports that).
fn id_of(answer: &Value) -> String {
    answer["id"].as_str().unwrap_or_default().to_string()
}

/// The id of what a create made (`kind` names it in the error when STACKIT answered without
/// one).
pub(super) fn created_id(made: &Created<Value>, kind: &str) -> Result<String> {
    let id = made.id(id_of);
    if id.is_empty() {
        return Err(Error::new(
            ErrorKind::Api,
            format!("STACKIT answered without a {kind} id"),
        ));
    }
    Ok(id)
}

impl StackitClient {
    /// POSTs `body` to `collection` to make an object (`what` names it in messages); when the
    /// answer is lost, adopts what `find` reports the create made, else sends it again.
    pub(super) async fn create<F, FF>(
        &self,
        what: &str,
        collection: &str,
        body: &Value,
        find: F,
    ) -> Result<Created<Value>>
    where
        F: FnMut() -> FF,
        FF: std::future::Future<Output = Result<Vec<Candidate>>>,
    {
        create_once(
            what,
            || self.send(Method::POST, collection, Some(body)),
            id_of,
            find,
        )
        .await
    }

    /// The objects listed at `collection` (`{items: [...]}`) that `wanted` accepts, dated by
    /// their `createdAt`.
    pub(super) async fn dated(
        &self,
        collection: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Result<Vec<Candidate>> {
        let list: Items<Value> = self.get(collection).await?;
        Ok(dated_among(&list.items, "/createdAt", wanted))
    }

    /// The objects listed at `collection` named `name`, dated by their `createdAt`.
    pub(super) async fn named(&self, collection: &str, name: &str) -> Result<Vec<Candidate>> {
        self.dated(collection, |item| item["name"] == name).await
    }

    /// The objects listed at `collection` that carry the create token `token` (see [`tag`]);
    /// STACKIT filters by `label_selector`, and the labels are checked here as well.
    pub(super) async fn tagged(&self, collection: &str, token: &str) -> Result<Vec<Candidate>> {
        let list: Items<Value> = self
            .get(&format!(
                "{collection}?label_selector={CREATE_LABEL}%3D{token}"
            ))
            .await?;
        Ok(list
            .items
            .iter()
            .filter(|item| item["labels"][CREATE_LABEL] == token)
            .map(|item| Candidate::uniquely_named(id_of(item)))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stackit::names::users;

    #[test]
    fn the_create_token_is_the_sdks_own_label() {
        let mut labels = Labels::from([("env".to_string(), "prod".to_string())]);
        let token = tag(&mut labels);
        assert_eq!(labels[CREATE_LABEL], token);
        assert_eq!(
            users(Some(labels)),
            Labels::from([("env".to_string(), "prod".to_string())])
        );
    }
}
