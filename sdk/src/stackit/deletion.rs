//! Deleting on STACKIT: the DELETE is repeated while the object is still in use (409: a NIC on
//! a network, a NIC naming a group, an attached volume — what holds it is usually going away),
//! then the object is waited for until it is gone (networks, servers and volumes are deleted
//! asynchronously).

use reqwest::Method;

use super::StackitBackend;
use crate::error::{ErrorKind, Result};
use crate::wait::status::wait_until_gone;
use crate::wait::{Deadline, Poll, Waiter};

impl StackitBackend {
    /// Deletes `path` (repeating while it is in use) and waits until a GET finds it gone; an
    /// object already gone is fine.
    pub(super) async fn delete_when_free(
        &self,
        path: &str,
        what: &str,
        deadline: Deadline,
    ) -> Result<()> {
        let deleted = Waiter::default()
            .until(what, deadline, || async {
                match self.client.send(Method::DELETE, path, None).await {
                    Ok(_) => Ok(Poll::Ready(true)),
                    Err(e) if e.is_not_found() => Ok(Poll::Ready(false)),
                    Err(e) if e.kind() == ErrorKind::Conflict => {
                        Ok(Poll::Pending("still in use".to_string()))
                    }
                    Err(e) => Err(e),
                }
            })
            .await?;
        if !deleted {
            return Ok(());
        }
        wait_until_gone(what, deadline, || {
            self.client.get::<serde_json::Value>(path)
        })
        .await
    }
}
