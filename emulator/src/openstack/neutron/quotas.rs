//! Per-project quotas: enforcement on create and `GET /v2.0/quotas/{project_id}[/details]`.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::Json;
use serde_json::{json, Value};

use super::floating_ips::FloatingIp;
use super::networks::Network;
use super::ports::Port;
use super::routers::Router;
use super::security_group_rules::SecurityGroupRule;
use super::security_groups::SecurityGroup;
use super::store::{Object, Resource, Store};
use super::subnets::Subnet;
use super::v2;
use crate::app::App;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

/// Refuses to create one more `R` when `project` is at its quota (409 `OverQuota`).
pub(crate) fn check<R: Resource>(store: &Store, project: &str) -> Result<(), NeutronError> {
    check_many::<R>(store, project, 1)
}

/// Refuses to create `count` more `R` when that would exceed `project`'s quota.
pub(crate) fn check_many<R: Resource>(
    store: &Store,
    project: &str,
    count: usize,
) -> Result<(), NeutronError> {
    if store.count_owned::<R>(project) + count > R::QUOTA {
        Err(NeutronError::conflict(
            "OverQuota",
            format!("Quota exceeded for resources: ['{}'].", R::SINGULAR),
        ))
    } else {
        Ok(())
    }
}

/// Adds the quota routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    router
        .route(&v2(cloud, "quotas/{id}"), get(show))
        .route(&v2(cloud, "quotas/{id}/details"), get(details))
}

fn own_project(caller: &Caller, project: &str) -> Result<(), NeutronError> {
    if caller.project_id == project {
        Ok(())
    } else {
        Err(NeutronError::policy("get_quota"))
    }
}

/// Counts a project's resources of one type.
type Usage = fn(&Store, &str) -> usize;

/// Every quota as `resource -> f(limit, usage counter)`.
fn each(f: &dyn Fn(usize, Usage) -> Value) -> Value {
    fn entry<R: Resource>() -> (&'static str, usize, Usage) {
        (R::SINGULAR, R::QUOTA, Store::count_owned::<R>)
    }
    let mut out = Object::new();
    for (name, limit, used) in [
        entry::<Network>(),
        entry::<Subnet>(),
        entry::<Router>(),
        entry::<Port>(),
        entry::<SecurityGroup>(),
        entry::<SecurityGroupRule>(),
        entry::<FloatingIp>(),
    ] {
        out.insert(name.to_string(), f(limit, used));
    }
    Value::Object(out)
}

async fn show(caller: Caller, Path(project): Path<String>) -> Result<Json<Value>, NeutronError> {
    own_project(&caller, &project)?;
    Ok(Json(json!({"quota": each(&|limit, _| json!(limit))})))
}

async fn details(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
) -> Result<Json<Value>, NeutronError> {
    own_project(&caller, &project)?;
    let quota = app.read(|state| {
        each(&|limit, used| {
            json!({"limit": limit, "used": used(&state[caller.cloud].network, &project), "reserved": 0})
        })
    });
    Ok(Json(json!({"quota": quota})))
}
