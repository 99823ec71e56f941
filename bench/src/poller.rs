//! The fixed-interval poller of the official providers: create, then GET the server every
//! `interval` until it reports ready. The create requests are the SDK's (started, and cut off
//! as soon as the server exists), so both sides send the same ones; what differs is the polls.

use std::time::{Duration, Instant};

use serde_json::Value;
use sovereign_sdk::ServerSpec;

use crate::emulator::Emulator;
use crate::waiting::{deadline, Outcome, Rig};
use crate::BenchResult;

/// The status words that mean a server is ready, across the clouds.
const READY: [&str; 3] = ["ACTIVE", "AVAILABLE", "RUNNING"];

/// Creates `spec` on `rig` and polls it every `interval` until ready. The outcome's `polls`
/// are the GETs; its `requests` are left to the caller, who knows what the create sends.
pub(crate) async fn create(
    emulator: &Emulator,
    rig: &Rig,
    spec: &ServerSpec,
    interval: Duration,
) -> BenchResult<Outcome> {
    let started = Instant::now();
    let (cloud, owned) = (rig.cloud.clone(), spec.clone());
    let create =
        tokio::spawn(async move { cloud.compute().create_server(&owned, deadline()).await });
    let id = loop {
        if let Some(id) = find_server(&emulator.inventory().await?, rig.name, &spec.name) {
            break id;
        }
        if create.is_finished() {
            return Err(format!(
                "{}: the server never appeared in the inventory",
                rig.name
            ));
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    };
    create.abort();
    let _ = create.await;
    let mut polls = 0;
    loop {
        tokio::time::sleep(interval).await;
        polls += 1;
        let server = rig.cloud.compute().get_server(&id).await;
        let server = server.map_err(|e| format!("{}: get_server: {e}", rig.name))?;
        if READY.iter().any(|r| r.eq_ignore_ascii_case(&server.status)) {
            break;
        }
        if started.elapsed() > Duration::from_secs(600) {
            return Err(format!(
                "{}: server still {} after 600 s",
                rig.name, server.status
            ));
        }
    }
    Ok(Outcome {
        elapsed: started.elapsed(),
        requests: 0,
        polls,
    })
}

/// The id of the server named `name` in `cloud`'s part of the inventory.
fn find_server(inventory: &Value, cloud: &str, name: &str) -> Option<String> {
    let collections = inventory.get(cloud)?.as_object()?;
    collections
        .iter()
        .filter(|(kind, _)| kind.contains("server"))
        .find_map(|(_, items)| find_named(items, name))
}

/// The `id` of the first object under `value` whose `name` (or, on IONOS, `properties.name`)
/// is `name`.
fn find_named(value: &Value, name: &str) -> Option<String> {
    match value {
        Value::Object(object) => {
            let own = object
                .get("name")
                .or_else(|| value.pointer("/properties/name"));
            if own.and_then(Value::as_str) == Some(name) {
                if let Some(id) = object.get("id").and_then(Value::as_str) {
                    return Some(id.to_string());
                }
            }
            object.values().find_map(|v| find_named(v, name))
        }
        Value::Array(items) => items.iter().find_map(|v| find_named(v, name)),
        _ => None,
    }
}
