//! OpenStack creates that survive a lost answer (see `crate::lost_create`): the POST goes
//! through `create_once`, and what a create whose answer was lost made is found by listing
//! the collection with the create's own filters (its name, its network, its group) and the
//! object's `created_at` (`created` on Nova).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::client::Service;
use super::common::query;
use super::OpenStackBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::{create_once, dated_among, Candidate, Created};

/// One create: where it goes, what it sends, and how to recognise what it made.
pub(crate) struct Create<'a> {
    /// The service.
    pub service: Service,
    /// The collection's path (`/networks`, `/volumes`, `/servers`).
    pub collection: &'a str,
    /// The key the object sits under in bodies (`network`).
    pub key: &'a str,
    /// The object to create (what goes under `key`).
    pub object: Value,
    /// The listing that finds what the create made (`/networks?name=app`); its answer holds
    /// the objects under `list_key`.
    pub listing: String,
    /// The key of the listing's array (`networks`).
    pub list_key: &'a str,
    /// What the create is, for messages (`network "app"`).
    pub what: String,
    /// Whether a listed object that matches is this create's whenever it was made (its name
    /// or parent is unique to the create), so no creation time is needed.
    pub unique: bool,
}

impl Create<'_> {
    /// A Neutron create of a named object; the listing filters by `filters` (the name first).
    pub fn neutron<'a>(
        collection: &'a str,
        key: &'a str,
        list_key: &'a str,
        object: Value,
        filters: &[(&str, &str)],
    ) -> Create<'a> {
        let what = match object.get("name").and_then(Value::as_str) {
            Some(name) => format!("{key} {name:?}"),
            None => key.to_string(),
        };
        Create {
            service: Service::Network,
            collection,
            key,
            listing: query(collection, filters),
            list_key,
            object,
            what,
            unique: false,
        }
    }
}

impl OpenStackBackend {
    /// Sends `create` once; when its answer is lost, adopts the object the listing shows that
    /// `matches` accepts and that was made since (else sends again). The object as the cloud
    /// answered, or as it reads after adoption.
    pub(crate) async fn create_object<T: DeserializeOwned>(
        &self,
        create: Create<'_>,
        matches: impl Fn(&Value) -> bool,
    ) -> Result<T> {
        let body = serde_json::json!({ create.key: create.object });
        let made = create_once(
            &create.what,
            || {
                self.client.call_key::<Value>(
                    create.service,
                    Method::POST,
                    create.collection,
                    Some(&body),
                    create.key,
                )
            },
            |object: &Value| {
                object
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string()
            },
            || {
                self.created_candidates(
                    create.service,
                    &create.listing,
                    create.list_key,
                    create.unique,
                    &matches,
                )
            },
        )
        .await?;
        let object = match made {
            Created::Answered(object) => object,
            Created::Adopted(id) => {
                let path = format!("{}/{id}", create.collection);
                self.client
                    .call_key(create.service, Method::GET, &path, None, create.key)
                    .await?
            }
        };
        serde_json::from_value(object).map_err(|e| {
            Error::new(
                ErrorKind::Api,
                format!("unexpected {} in the answer: {e}", create.key),
            )
        })
    }
}

impl OpenStackBackend {
    /// The objects `listing` shows under `list_key` that `matches` accepts, as candidates for
    /// what a create made: dated by the cloud, or (`unique`) this create's whenever made.
    pub(crate) async fn created_candidates(
        &self,
        service: Service,
        listing: &str,
        list_key: &str,
        unique: bool,
        matches: &impl Fn(&Value) -> bool,
    ) -> Result<Vec<Candidate>> {
        let listed: Vec<Value> = self
            .client
            .call_key(service, Method::GET, listing, None, list_key)
            .await?;
        if unique {
            return Ok(listed
                .iter()
                .filter(|object| matches(object))
                .filter_map(|object| object.get("id")?.as_str().map(Candidate::uniquely_named))
                .collect());
        }
        // Nova dates a server `created`; Neutron, Cinder and OTC's VPC `created_at`.
        let created = match service {
            Service::Compute => "/created",
            _ => "/created_at",
        };
        Ok(dated_among(&listed, created, matches))
    }
}

/// Whether a listed object's `field` is the string `wanted`.
pub(crate) fn field_is(object: &Value, field: &str, wanted: &str) -> bool {
    object.get(field).and_then(Value::as_str) == Some(wanted)
}
