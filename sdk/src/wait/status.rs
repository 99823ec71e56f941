//! Waiting on a cloud's status word: until an object reports a ready status (or a failed one,
//! which ends the wait with the cloud's reason), or until it is gone. Every backend waits
//! through these, on the one [`Waiter`].

use std::future::Future;

use super::{Deadline, Poll, Waiter};
use crate::error::{Error, ErrorKind, Result};

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
