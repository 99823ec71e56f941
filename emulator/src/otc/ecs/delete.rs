//! `POST /v1/{project_id}/cloudservers/delete`: removes servers the way Nova's delete does
//! (their ports and root volumes go, other volumes are detached, EIPs unbound), optionally
//! releasing their EIPs and deleting all their volumes; answers with a `deleteServer` job.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::jobs::{Failure, Job, SubJob};
use super::{check_project, servers};
use crate::app::App;
use crate::clock;
use crate::openstack::identity::Caller;
use crate::openstack::nova;
use crate::otc::body;
use crate::otc::eips;
use crate::otc::errors::EcsError;
use crate::state::State as AppState;

/// What to do besides removing the servers.
struct Options {
    delete_publicip: bool,
    delete_volume: bool,
}

/// Removes server `id` of `project`; `false` if there is no such server.
fn remove(
    state: &mut AppState,
    project: &str,
    id: &str,
    options: &Options,
    now: i64,
    delay: std::time::Duration,
) -> bool {
    let Some(server) = state
        .otc
        .compute
        .servers
        .get_mut(id)
        .filter(|s| s.project_id == project)
    else {
        return false;
    };
    if options.delete_volume {
        for volume in &mut server.volumes {
            volume.delete_on_termination = true;
        }
    }
    let ports: Vec<String> = server.ports.iter().map(|p| p.port_id.clone()).collect();
    if options.delete_publicip {
        let bound: Vec<String> = state
            .otc
            .network
            .floatingips
            .values()
            .filter(|f| f.port_id.as_ref().is_some_and(|p| ports.contains(p)))
            .map(|f| f.meta.id.clone())
            .filter(|fip| state.otc_native.publicips.contains_key(fip))
            .collect();
        for fip in bound {
            eips::release(state, &fip);
        }
    }
    state.otc.volumes.purge(now);
    nova::destroy(&mut state.otc, id, now, delay);
    true
}

/// `POST /v1/{project_id}/cloudservers/delete`: 200 `{"job_id"}`; an unknown server makes its
/// sub job (and so the job) `FAIL` with `Ecs.0114`.
pub(crate) async fn delete(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, EcsError> {
    check_project(&caller, &project)?;
    let obj = body::parse_any(&bytes).map_err(EcsError::invalid)?;
    let ids = body::list(&obj, "servers")
        .map_err(EcsError::invalid)?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| EcsError::invalid("servers is required."))?
        .iter()
        .map(|item| {
            item.as_object()
                .ok_or_else(|| EcsError::invalid("each entry of servers must be an object."))
                .and_then(|s| body::required(s, "id", 64).map_err(EcsError::invalid))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let options = Options {
        delete_publicip: body::boolean(&obj, "delete_publicip")
            .map_err(EcsError::invalid)?
            .unwrap_or(false),
        delete_volume: body::boolean(&obj, "delete_volume")
            .map_err(EcsError::invalid)?
            .unwrap_or(false),
    };
    let now = clock::now_ms();
    let delay = app.faults().provision_delay();
    let done = clock::after(now, delay);
    let job = app.mutate(|state| {
        let sub_jobs = ids
            .iter()
            .map(|id| {
                if remove(state, &project, id, &options, now, delay) {
                    SubJob::new("deleteSingleServer", id, done, None)
                } else {
                    let failure = Failure {
                        code: servers::MISSING.to_string(),
                        reason: format!("Server {id} does not exist."),
                    };
                    SubJob::new("deleteSingleServer", id, now, Some(failure))
                }
            })
            .collect();
        let job = Job::new(&project, "deleteServer", now, sub_jobs);
        state.otc_native.jobs.insert(job.id.clone(), job.clone());
        job.id
    });
    Ok(Json(json!({ "job_id": job })))
}
