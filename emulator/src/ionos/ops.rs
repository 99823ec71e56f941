//! Running a mutation: every POST, PUT, PATCH and DELETE of the Cloud API is one request that
//! changes the store at once (on a copy that is kept only if it succeeds), marks what it
//! touches `BUSY` until the provision delay has passed, and answers 202 with `Location:
//! {api}/requests/{id}/status` and the resource (or nothing, for deletes).

use axum::http::header::LOCATION;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::Value;

use super::call::Call;
use super::errors::IonosError;
use super::meta::Meta;
use super::render::{Ctx, Resource};
use super::requests::{Request, Target};
use super::store::Store;
use crate::app::App;
use crate::clock;

/// The request being made, as the mutation sees it.
pub(crate) struct Op {
    /// When the request is made (unix ms).
    pub now: i64,
    /// When it is over (unix ms).
    pub done: i64,
    /// Base URL of the Cloud API.
    pub api: String,
    targets: Vec<Target>,
    failure: Option<String>,
}

impl Op {
    /// The metadata of a resource this request creates.
    pub fn meta(&self, store: &mut Store) -> Meta {
        Meta::new(store.next_seq(), self.now, self.done)
    }

    /// Records that the request acts on `r`.
    pub fn target(&mut self, r: &dyn Resource) {
        self.targets.push(Target {
            id: r.id().to_string(),
            kind: r.kind().to_string(),
            path: r.path(),
        });
    }

    /// Makes the request end `FAILED` with `message`.
    pub fn fail(&mut self, message: impl Into<String>) {
        self.failure = Some(message.into());
    }

    /// A rendering context on `store` at the request's instant.
    pub fn ctx<'a>(&'a self, store: &'a Store) -> Ctx<'a> {
        Ctx {
            store,
            api: &self.api,
            now: self.now,
        }
    }
}

/// Runs mutation `f` as a request of `call` with `body`; `f` returns the body of the 202.
pub(crate) fn run(
    app: &App,
    call: &Call,
    body: &[u8],
    f: impl FnOnce(&mut Store, &mut Op) -> Result<Option<Value>, IonosError>,
) -> Result<Response, IonosError> {
    let delay = app.faults().provision_delay();
    let (location, reply) = app.transaction_in(
        |state| &mut state.ionos,
        |store| {
            let now = clock::now_ms();
            store.purge(now);
            let mut op = Op {
                now,
                done: clock::after(now, delay),
                api: call.api(),
                targets: Vec::new(),
                failure: None,
            };
            let reply = f(store, &mut op)?;
            let id = uuid::Uuid::new_v4().to_string();
            let location = format!("{}/requests/{id}/status", op.api);
            store.requests.insert(
                id.clone(),
                Request {
                    id,
                    method: call.method.to_string(),
                    url: call.url(),
                    body: String::from_utf8_lossy(body).into_owned(),
                    created_ms: now,
                    done_ms: op.done,
                    polled: false,
                    failure: op.failure,
                    targets: op.targets,
                },
            );
            Ok::<_, IonosError>((location, reply))
        },
    )?;
    let mut response = match reply {
        Some(value) => (StatusCode::ACCEPTED, Json(value)).into_response(),
        None => StatusCode::ACCEPTED.into_response(),
    };
    if let Ok(value) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(LOCATION, value);
    }
    Ok(response)
}
