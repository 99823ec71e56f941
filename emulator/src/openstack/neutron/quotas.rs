//! Per-project quotas: enforcement on create and `GET /v2.0/quotas/{project_id}[/details]`.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Json;
use serde_json::{json, Value};

use super::networks::Network;
use super::ports::Port;
use super::routers::Router;
use super::store::{Resource, Store};
use super::subnets::Subnet;
use super::v2;
use crate::app::App;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

/// Refuses to create one more `R` when `project` is at its quota (409 `OverQuota`).
pub(crate) fn check<R: Resource>(store: &Store, project: &str) -> Result<(), NeutronError> {
    if store.count_owned::<R>(project) >= R::QUOTA {
        Err(NeutronError::conflict(
            "OverQuota",
            format!("Quota exceeded for resources: ['{}'].", R::SINGULAR),
        ))
    } else {
        Ok(())
    }
}

/// Adds the quota routes.
pub(super) fn routes(router: axum::Router<App>) -> axum::Router<App> {
    router
        .route(&v2("quotas/{id}"), get(show))
        .route(&v2("quotas/{id}/details"), get(details))
}

fn own_project(caller: &Caller, project: &str) -> Result<(), NeutronError> {
    if caller.project_id == project {
        Ok(())
    } else {
        Err(NeutronError::policy("get_quota"))
    }
}

async fn show(caller: Caller, Path(project): Path<String>) -> Result<Json<Value>, NeutronError> {
    own_project(&caller, &project)?;
    Ok(Json(json!({"quota": {
        Network::SINGULAR: Network::QUOTA,
        Subnet::SINGULAR: Subnet::QUOTA,
        Router::SINGULAR: Router::QUOTA,
        Port::SINGULAR: Port::QUOTA,
    }})))
}

fn detail<R: Resource>(store: &Store, project: &str) -> Value {
    json!({"limit": R::QUOTA, "used": store.count_owned::<R>(project), "reserved": 0})
}

async fn details(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
) -> Result<Json<Value>, NeutronError> {
    own_project(&caller, &project)?;
    let quota = app.read(|state| {
        let store = &state.plusserver;
        json!({
            Network::SINGULAR: detail::<Network>(store, &project),
            Subnet::SINGULAR: detail::<Subnet>(store, &project),
            Router::SINGULAR: detail::<Router>(store, &project),
            Port::SINGULAR: detail::<Port>(store, &project),
        })
    });
    Ok(Json(json!({"quota": quota})))
}
