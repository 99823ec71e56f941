//! Running reads and changes on the STACKIT store, after dropping what is gone: a change
//! validates before it changes anything, a transaction (several resources at once) works on a
//! copy that is kept only if it succeeds; answers are JSON with a status.

use std::cell::Cell;
use std::time::Duration;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::errors::StackitError;
use super::life::Life;
use super::store::Store;
use crate::app::App;
use crate::clock;

/// The change being made, as the handler sees it.
pub(crate) struct Op {
    /// When the change is made (unix ms).
    pub now: i64,
    /// When its transitional statuses are over (unix ms).
    pub done: i64,
    /// Whether it deletes something that will be gone at `done` (see [`Life::remove`]).
    removes: Cell<bool>,
}

impl Op {
    /// The life cycle of a resource this change creates, showing `during` until done.
    pub fn life(&self, store: &mut Store, during: &str) -> Life {
        Life::new(store.next_seq(), self.now, self.done, during)
    }

    /// Notes that this change deletes a resource, gone once it is done.
    pub fn note_removal(&self) {
        self.removes.set(true);
    }
}

/// Runs change `f` on the store; `f` must validate before it changes anything, so that an
/// error leaves the store as it was.
pub(crate) fn write<R>(
    app: &App,
    f: impl FnOnce(&mut Store, &Op) -> Result<R, StackitError>,
) -> Result<R, StackitError> {
    let delay = app.faults().provision_delay();
    app.write(|state| change(&mut state.stackit, delay, f))
}

/// Runs change `f` on a copy of the store, kept only when `f` succeeds: for changes to several
/// resources that cannot all be validated up front (a server with its volume and NIC).
pub(crate) fn transaction<R>(
    app: &App,
    f: impl FnOnce(&mut Store, &Op) -> Result<R, StackitError>,
) -> Result<R, StackitError> {
    let delay = app.faults().provision_delay();
    app.transaction_in(|state| &mut state.stackit, |store| change(store, delay, f))
}

/// Runs `f` now, after dropping what is gone.
fn change<R>(
    store: &mut Store,
    delay: Duration,
    f: impl FnOnce(&mut Store, &Op) -> Result<R, StackitError>,
) -> Result<R, StackitError> {
    let now = clock::now_ms();
    let op = Op {
        now,
        done: clock::after(now, delay),
        removes: Cell::new(false),
    };
    store.purge_if_due(now);
    let result = f(store, &op)?;
    if op.removes.get() {
        store.expect_gone(op.done);
    }
    Ok(result)
}

/// Runs read `f` on the store, now.
pub(crate) fn read<R>(app: &App, f: impl FnOnce(&Store, i64) -> R) -> R {
    let now = clock::now_ms();
    app.read(|state| f(&state.stackit, now))
}

/// A JSON answer with `status`.
pub(crate) fn reply(status: StatusCode, body: Value) -> Response {
    (status, Json(body)).into_response()
}

/// An empty answer with `status` (204 of deletes, 202 of some actions).
pub(crate) fn empty(status: StatusCode) -> Response {
    status.into_response()
}

/// `{"items": [...]}`.
pub(crate) fn items(list: Vec<Value>) -> Response {
    reply(StatusCode::OK, serde_json::json!({ "items": list }))
}
