//! Running reads and changes on the STACKIT store: a change works on a copy of the state that
//! is kept only if it succeeds, after dropping what is gone; answers are JSON with a status.

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
}

impl Op {
    /// The life cycle of a resource this change creates, showing `during` until done.
    pub fn life(&self, store: &mut Store, during: &str) -> Life {
        Life::new(store.next_seq(), self.now, self.done, during)
    }
}

/// Runs change `f` on the store.
pub(crate) fn write<R>(
    app: &App,
    f: impl FnOnce(&mut Store, &Op) -> Result<R, StackitError>,
) -> Result<R, StackitError> {
    let delay = app.faults().provision_delay();
    app.transaction(|state| {
        let now = clock::now_ms();
        let op = Op {
            now,
            done: clock::after(now, delay),
        };
        state.stackit.purge(now);
        f(&mut state.stackit, &op)
    })
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
