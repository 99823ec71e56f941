//! Nova (compute v2.1) at `/plusserver/compute`.

mod store;

pub(crate) use store::Store;

use axum::Router;
use serde_json::Value;

use crate::app::App;
use crate::state::State as AppState;

/// Nova routes.
pub(super) fn router() -> Router<App> {
    Router::new()
}

/// Servers and key pairs clients created, for the admin inventory.
pub(crate) fn inventory(_state: &AppState, _now: i64) -> Vec<(&'static str, Vec<Value>)> {
    Vec::new()
}
