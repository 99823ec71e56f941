//! Creates and other POSTs on IONOS that survive a lost answer (see [`crate::lost_create`]):
//! what a create whose answer was lost made is found by name and `metadata.createdDate`, and
//! since such an object comes without a request to follow, it is waited on itself.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;

use super::client::{Accepted, IonosClient};
use super::repr::{Collection, Item};
use crate::error::Result;
use crate::lost_create::{create_once_in, dated_among, ensure_once, Candidate, Created};
use crate::wait::status::{wait_for_status, Observed};
use crate::wait::Deadline;

/// What a create POST made: the new object's id, and the request to follow when the answer
/// came (`None` when the object was found after its answer was lost).
#[derive(Debug)]
pub(super) struct Made {
    /// The new object's id.
    pub id: String,
    accepted: Option<Accepted>,
}

impl IonosClient {
    /// POSTs `body` to `collection` to make an object (`what` names it in messages); when the
    /// answer is lost, adopts what `find` reports the create made, else sends it again.
    pub(super) async fn create<F, FF>(
        &self,
        what: &str,
        collection: &str,
        body: &Value,
        find: F,
    ) -> Result<Made>
    where
        F: FnMut() -> FF,
        FF: std::future::Future<Output = Result<Vec<Candidate>>>,
    {
        let made = create_once_in(
            &self.scope(),
            Duration::ZERO,
            what,
            || self.change(Method::POST, collection, Some(body)),
            |accepted: &Accepted| accepted.body["id"].as_str().unwrap_or_default().to_string(),
            find,
        )
        .await?;
        match made {
            Created::Answered(accepted) => Ok(Made {
                id: accepted.id(what)?,
                accepted: Some(accepted),
            }),
            Created::Adopted(id) => Ok(Made { id, accepted: None }),
        }
    }

    /// Waits until what [`IonosClient::create`] made is ready: its request is done, or (for an
    /// adopted object) the object at `path` is `AVAILABLE`.
    pub(super) async fn wait_made(
        &self,
        made: &Made,
        path: &str,
        what: &str,
        deadline: Deadline,
    ) -> Result<()> {
        self.wait_either(made.accepted.as_ref(), path, what, &made.id, deadline)
            .await
    }

    /// Follows `accepted` until its request is done; without one (the change was found in
    /// place after a lost answer), waits until the object at `path` is `AVAILABLE`.
    pub(super) async fn wait_either(
        &self,
        accepted: Option<&Accepted>,
        path: &str,
        what: &str,
        subject: &str,
        deadline: Deadline,
    ) -> Result<()> {
        match accepted {
            Some(accepted) => self.wait(accepted, what, subject, deadline).await,
            None => self.wait_available(path, what, subject, deadline).await,
        }
    }

    /// Waits until the object at `path` is `AVAILABLE` (`FAILED` is an error naming `subject`).
    async fn wait_available(
        &self,
        path: &str,
        what: &str,
        subject: &str,
        deadline: Deadline,
    ) -> Result<()> {
        let read = format!(
            "{path}{}depth=0",
            if path.contains('?') { '&' } else { '?' }
        );
        wait_for_status(
            what,
            subject,
            deadline,
            &["AVAILABLE"],
            &["FAILED"],
            || async {
                let object: Item<Value> = self.get(&read).await?;
                Ok(Observed {
                    status: object.metadata.state,
                    fault: None,
                })
            },
        )
        .await
    }

    /// The objects in `collection` with `properties.name` equal to `name`, dated by their
    /// `metadata.createdDate`.
    pub(super) async fn named(&self, collection: &str, name: &str) -> Result<Vec<Candidate>> {
        self.dated(collection, |properties| properties["name"] == name)
            .await
    }

    /// The objects in `collection` whose properties `wanted` accepts, dated by their
    /// `metadata.createdDate`.
    pub(super) async fn dated(
        &self,
        collection: &str,
        wanted: impl Fn(&Value) -> bool,
    ) -> Result<Vec<Candidate>> {
        let list: Collection<Value> = self.get(&format!("{collection}?depth=1")).await?;
        Ok(dated_among(&list.items, "/metadata/createdDate", |item| {
            wanted(&item["properties"])
        }))
    }

    /// A change POST whose effect `done` can check (a label, a NIC of a unique name, an
    /// attachment): not repeated when a lost answer hid that it took effect. `None` when the
    /// effect was found that way (there is no request to follow).
    pub(super) async fn change_once<D, DF>(
        &self,
        what: &str,
        path: &str,
        body: &Value,
        done: D,
    ) -> Result<Option<Accepted>>
    where
        D: FnMut() -> DF,
        DF: std::future::Future<Output = Result<bool>>,
    {
        ensure_once(what, || self.change(Method::POST, path, Some(body)), done).await
    }
}
