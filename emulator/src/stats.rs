//! Request counters by cloud, method and route template.

use std::collections::BTreeMap;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Value};

use crate::app::App;

/// The name requests of a router are counted under (`by_cloud`), added as an extension.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Label(pub &'static str);

/// Counts of the cloud API requests seen since start or the last reset.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    total: u64,
    faults_injected: u64,
    faults_by_kind: BTreeMap<String, u64>,
    by_cloud: BTreeMap<String, u64>,
    by_method: BTreeMap<String, u64>,
    by_route: BTreeMap<String, u64>,
}

impl Stats {
    /// Counts one request of `cloud` to `route` (a template such as
    /// `/plusserver/network/v2.0/networks/{id}`).
    fn record(&mut self, cloud: &str, method: &str, route: &str) {
        self.total += 1;
        *self.by_cloud.entry(cloud.to_string()).or_default() += 1;
        *self.by_method.entry(method.to_string()).or_default() += 1;
        *self
            .by_route
            .entry(format!("{method} {route}"))
            .or_default() += 1;
    }

    /// Counts one injected fault of `kind` (`429`, `drop_after`, ...).
    pub fn fault_injected(&mut self, kind: &'static str) {
        self.faults_injected += 1;
        *self.faults_by_kind.entry(kind.to_string()).or_default() += 1;
    }

    /// The counters as served by `/_emulator/stats`.
    pub fn to_json(&self) -> Value {
        json!({
            "total": self.total,
            "faults_injected": self.faults_injected,
            "faults_by_kind": self.faults_by_kind,
            "by_cloud": self.by_cloud,
            "by_method": self.by_method,
            "by_route": self.by_route,
        })
    }
}

/// Middleware for cloud routes: counts the request under its matched route template.
pub(crate) async fn count(State(app): State<App>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_string())
        .unwrap_or_else(|| request.uri().path().to_string());
    let cloud = request
        .extensions()
        .get::<Label>()
        .map(|label| label.0)
        .unwrap_or("");
    app.stats().record(cloud, request.method().as_str(), &route);
    next.run(request).await
}
