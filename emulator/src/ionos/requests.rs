//! Requests: every mutation is one, polled at `GET /requests/{id}/status`. A request is `QUEUED`
//! until its status is first read, `RUNNING` until the provision delay has passed since it was
//! made, then `DONE`, or `FAILED` with a message (a request whose delay has already passed is
//! `DONE` on its first read too). `GET /requests` and `GET /requests/{id}` show them all.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::call::Call;
use super::errors::IonosError;
use super::paging::Query;
use crate::app::App;
use crate::clock;
use crate::defaults;

/// A resource a request acts on.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Target {
    /// Resource id.
    pub id: String,
    /// Resource `type`.
    pub kind: String,
    /// Path below the API root.
    pub path: String,
}

/// One mutation of the Cloud API.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Request {
    /// Request id (a UUID).
    pub id: String,
    /// HTTP method.
    pub method: String,
    /// Full URL as called.
    pub url: String,
    /// Request body as sent.
    pub body: String,
    /// When it was made (unix ms).
    pub created_ms: i64,
    /// When it is over (unix ms).
    pub done_ms: i64,
    /// Whether its status was read already (it is `QUEUED` until then).
    #[serde(default)]
    pub polled: bool,
    /// Why it fails, if it does.
    #[serde(default)]
    pub failure: Option<String>,
    /// The resources it acts on.
    #[serde(default)]
    pub targets: Vec<Target>,
}

impl Request {
    /// `QUEUED`, `RUNNING`, `DONE` or `FAILED` at `now`.
    fn status(&self, now: i64) -> &'static str {
        match (now >= self.done_ms, &self.failure, self.polled) {
            (true, None, _) => "DONE",
            (true, Some(_), _) => "FAILED",
            (false, _, false) => "QUEUED",
            (false, _, true) => "RUNNING",
        }
    }

    /// `{id, type: "request-status", href}`.
    fn status_reference(&self, api: &str) -> Value {
        json!({
            "id": self.id,
            "type": "request-status",
            "href": format!("{api}/requests/{}/status", self.id),
        })
    }

    /// The `RequestStatus` body at `now`.
    fn render_status(&self, api: &str, now: i64) -> Value {
        let status = self.status(now);
        let message = match status {
            "QUEUED" => "Request has been queued",
            "RUNNING" => "Request is being processed",
            "DONE" => "Request has been successfully executed",
            _ => self.failure.as_deref().unwrap_or("Request failed"),
        };
        let targets: Vec<Value> = self
            .targets
            .iter()
            .map(|t| {
                json!({
                    "target": {"id": t.id, "type": t.kind, "href": format!("{api}{}", t.path)},
                    "status": status,
                })
            })
            .collect();
        let mut out = self.status_reference(api);
        out["metadata"] = json!({
            "status": status,
            "message": message,
            "etag": self.id.replace('-', ""),
            "targets": targets,
        });
        out
    }

    /// The `Request` body at `depth`: its status is a reference at 0, in full from 1 on.
    fn render(&self, api: &str, now: i64, depth: u8) -> Value {
        let status = match depth {
            0 => self.status_reference(api),
            _ => self.render_status(api, now),
        };
        json!({
            "id": self.id,
            "type": "request",
            "href": format!("{api}/requests/{}", self.id),
            "metadata": {
                "createdDate": clock::iso_seconds(self.created_ms),
                "createdBy": defaults::IONOS_USERNAME,
                "etag": self.id.replace('-', ""),
                "requestStatus": status,
            },
            "properties": {
                "method": self.method,
                "headers": {},
                "body": self.body,
                "url": self.url,
            },
        })
    }
}

/// 404 for request `id`.
fn missing(id: &str) -> IonosError {
    IonosError::not_found("request", id)
}

/// `GET /requests/{id}/status`: marks the request as polled.
pub(crate) async fn status(
    State(app): State<App>,
    call: Call,
    Path(id): Path<String>,
) -> Result<Json<Value>, IonosError> {
    let now = clock::now_ms();
    let body = app.write(|state| {
        let request = state
            .ionos
            .requests
            .get_mut(&id)
            .ok_or_else(|| missing(&id))?;
        let body = request.render_status(&call.api(), now);
        request.polled = true;
        Ok::<Value, IonosError>(body)
    })?;
    Ok(Json(body))
}

/// `GET /requests/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(id): Path<String>,
) -> Result<Json<Value>, IonosError> {
    let now = clock::now_ms();
    let api = call.api();
    let body = app.read(|state| {
        state
            .ionos
            .requests
            .get(&id)
            .map(|r| r.render(&api, now, query.depth))
            .ok_or_else(|| missing(&id))
    })?;
    Ok(Json(body))
}

/// `GET /requests`: newest first, paged.
pub(crate) async fn list(State(app): State<App>, call: Call, query: Query) -> Json<Value> {
    let now = clock::now_ms();
    let api = call.api();
    Json(app.read(|state| {
        let mut all: Vec<&Request> = state.ionos.requests.values().collect();
        all.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(a.id.cmp(&b.id)));
        query.page(&api, "/requests", all, |r| match query.depth {
            0 => json!({"id": r.id, "type": "request", "href": format!("{api}/requests/{}", r.id)}),
            depth => r.render(&api, now, depth - 1),
        })
    }))
}
