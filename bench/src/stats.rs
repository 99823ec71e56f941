//! Small statistics: medians and request counts from the emulator's `stats`.

use std::collections::BTreeMap;

use serde_json::Value;

/// The median of `values` (0 for none).
pub(crate) fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// Requests by `METHOD /route/template`, from `/_emulator/stats`.
pub(crate) type Routes = BTreeMap<String, u64>;

/// The `by_route` counters of a stats answer.
pub(crate) fn routes(stats: &Value) -> Routes {
    stats["by_route"]
        .as_object()
        .map(|routes| {
            routes
                .iter()
                .map(|(route, count)| (route.clone(), count.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

/// The requests of `cloud` made between `before` and `after`, by route.
pub(crate) fn cloud_diff(before: &Routes, after: &Routes, cloud: &str) -> Routes {
    let prefix = format!("/{cloud}/");
    after
        .iter()
        .filter(|(route, _)| {
            route
                .split_once(' ')
                .is_some_and(|(_, path)| path.starts_with(&prefix))
        })
        .filter_map(|(route, count)| {
            let grown = count.saturating_sub(before.get(route).copied().unwrap_or(0));
            (grown > 0).then(|| (route.clone(), grown))
        })
        .collect()
}

/// The total of a set of counters.
pub(crate) fn total(routes: &Routes) -> u64 {
    routes.values().sum()
}
