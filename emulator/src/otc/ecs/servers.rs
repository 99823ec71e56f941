//! `GET /v1/{project_id}/cloudservers/{id}`, `GET /v1/{project_id}/cloudservers/detail`
//! (`offset` is a page number from 1) and the server's tags.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

use super::{check_project, nova_tags, refused, render};
use crate::app::App;
use crate::clock;
use crate::openstack::identity::Caller;
use crate::openstack::nova::Server;
use crate::otc::errors::EcsError;
use crate::otc::tags::{self, TagAction};
use crate::state::State as AppState;

/// Code of a server that does not exist (chosen by the emulator).
pub(crate) const MISSING: &str = "Ecs.0114";
/// Default page size of the list.
const DEFAULT_LIMIT: usize = 25;
/// Largest page size of the list.
const MAX_LIMIT: usize = 1000;

/// 404 `Ecs.0114` for `id`.
pub(crate) fn missing(id: &str) -> EcsError {
    EcsError::not_found(MISSING, format!("Server {id} does not exist."))
}

/// Server `id` of `project` in the OTC world.
fn server<'a>(state: &'a AppState, project: &str, id: &str) -> Result<&'a Server, EcsError> {
    state
        .otc
        .compute
        .servers
        .get(id)
        .filter(|s| s.project_id == project)
        .ok_or_else(|| missing(id))
}

/// `GET /v1/{project_id}/cloudservers/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, EcsError> {
    check_project(&caller, &project)?;
    let now = clock::now_ms();
    let body =
        app.read(|state| server(state, &project, &id).map(|s| render::server(state, s, now)))?;
    Ok(Json(json!({ "server": body })))
}

/// A non-negative integer query parameter, `default` when absent.
fn page_param(pairs: &[(String, String)], key: &str, default: usize) -> Result<usize, EcsError> {
    match pairs.iter().rev().find(|(k, _)| k == key) {
        None => Ok(default),
        Some((_, text)) => text.parse().map_err(|_| {
            EcsError::invalid(format!("{key} {text} must be a non-negative integer."))
        }),
    }
}

/// `GET /v1/{project_id}/cloudservers/detail?offset=&limit=&name=`: newest first.
pub(crate) async fn list(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, EcsError> {
    check_project(&caller, &project)?;
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.as_deref().unwrap_or(""))
        .map_err(|e| EcsError::invalid(format!("Malformed query: {e}")))?;
    let page = page_param(&pairs, "offset", 1)?.max(1);
    let limit = match page_param(&pairs, "limit", DEFAULT_LIMIT)? {
        0 => DEFAULT_LIMIT,
        n if n <= MAX_LIMIT => n,
        n => {
            return Err(EcsError::invalid(format!(
                "limit {n} is larger than {MAX_LIMIT}."
            )))
        }
    };
    let name = pairs
        .iter()
        .rev()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v.clone());
    let now = clock::now_ms();
    let (count, servers) = app.read(|state| {
        let mut servers: Vec<&Server> = state
            .otc
            .compute
            .servers
            .values()
            .filter(|s| s.project_id == project)
            .filter(|s| name.as_ref().is_none_or(|n| s.name.contains(n.as_str())))
            .collect();
        servers.sort_by(|a, b| b.created_ms.cmp(&a.created_ms).then(b.id.cmp(&a.id)));
        let shown: Vec<Value> = servers
            .iter()
            .skip((page - 1).saturating_mul(limit))
            .take(limit)
            .map(|s| render::server(state, s, now))
            .collect();
        (servers.len(), shown)
    });
    Ok(Json(json!({"count": count, "servers": servers})))
}

/// `GET /v1/{project_id}/cloudservers/{id}/tags` -> `{"tags":[{"key","value"}]}`.
pub(crate) async fn tags(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, EcsError> {
    check_project(&caller, &project)?;
    let tags = app.read(|state| {
        server(state, &project, &id).map(|s| tags::render(&super::tags_of(&s.tags)))
    })?;
    Ok(Json(json!({ "tags": tags })))
}

/// `POST /v1/{project_id}/cloudservers/{id}/tags/action`: 204.
pub(crate) async fn tag_action(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<StatusCode, EcsError> {
    check_project(&caller, &project)?;
    let action = TagAction::parse(&bytes).map_err(EcsError::invalid)?;
    let now = clock::now_ms();
    app.write(|state| {
        server(state, &project, &id)?;
        let server = state
            .otc
            .compute
            .server_mut(&id, &project, now)
            .map_err(refused)?;
        let mut current = super::tags_of(&server.tags);
        action.apply(&mut current);
        server.tags = nova_tags(&current);
        server.updated_ms = now;
        Ok(StatusCode::NO_CONTENT)
    })
}
