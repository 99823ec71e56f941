//! The admin API under `/_emulator/`: health, inventory, stats, reset, fault knobs and the
//! STACKIT bucket test hook.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};

use crate::app::App;
use crate::clock;
use crate::faults::KnobsUpdate;
use crate::stackit;
use crate::stats::Stats;

/// Routes of the admin API.
pub(crate) fn router() -> Router<App> {
    Router::new()
        .route("/_emulator/health", get(health))
        .route("/_emulator/inventory", get(inventory))
        .route("/_emulator/stats", get(stats))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/faults", get(faults).post(set_faults))
        .merge(stackit::admin_router())
}

async fn health() -> Json<Value> {
    Json(json!({"status": "ok"}))
}

/// Every live object a client created (seeded objects are left out).
async fn inventory(State(app): State<App>) -> Json<Value> {
    let now = clock::now_ms();
    Json(app.read(|state| state.inventory(now)))
}

async fn stats(State(app): State<App>) -> Json<Value> {
    Json(app.stats().to_json())
}

/// Drops everything clients created, all tokens and all counters.
async fn reset(State(app): State<App>) -> Json<Value> {
    app.mutate(|state| state.reset());
    *app.stats() = Stats::default();
    app.faults().reseed();
    Json(json!({"status": "ok"}))
}

async fn faults(State(app): State<App>) -> Response {
    Json(app.faults().knobs()).into_response()
}

async fn set_faults(State(app): State<App>, body: Bytes) -> Response {
    let update: KnobsUpdate = match serde_json::from_slice(&body) {
        Ok(update) => update,
        Err(e) => return bad_request(format!("invalid body: {e}")),
    };
    let mut faults = app.faults();
    match faults.update(update) {
        Ok(()) => Json(faults.knobs()).into_response(),
        Err(message) => bad_request(message),
    }
}

fn bad_request(message: String) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": message}))).into_response()
}
