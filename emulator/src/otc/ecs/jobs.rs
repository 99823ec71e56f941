//! ECS jobs (`GET /v1/{project_id}/jobs/{job_id}`): one sub job per server, whose status
//! follows from when its server settles and whether it failed.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::check_project;
use crate::app::App;
use crate::clock;
use crate::openstack::identity::Caller;
use crate::otc::errors::EcsError;

/// Code of a job that does not exist (chosen by the emulator).
const MISSING: &str = "Ecs.0103";

/// Why a sub job failed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Failure {
    /// ECS error code, e.g. `Ecs.0000`.
    pub code: String,
    /// Reason shown as `fail_reason`.
    pub reason: String,
}

/// The part of a job concerning one server.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SubJob {
    /// Sub job id.
    pub id: String,
    /// `createSingleServer` or `deleteSingleServer`.
    pub job_type: String,
    /// The server.
    pub server_id: String,
    /// When the sub job is done (unix ms); `RUNNING` before.
    pub end_ms: i64,
    /// Set if it fails.
    pub failure: Option<Failure>,
}

impl SubJob {
    /// A sub job of type `job_type` for `server_id`, done at `end_ms`.
    pub fn new(job_type: &str, server_id: &str, end_ms: i64, failure: Option<Failure>) -> SubJob {
        SubJob {
            id: new_id(),
            job_type: job_type.to_string(),
            server_id: server_id.to_string(),
            end_ms,
            failure,
        }
    }

    fn status(&self, now: i64) -> &'static str {
        match (&self.failure, now < self.end_ms) {
            (_, true) => "RUNNING",
            (Some(_), false) => "FAIL",
            (None, false) => "SUCCESS",
        }
    }
}

/// A job: `createServer` or `deleteServer`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Job {
    /// Job id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// `createServer` or `deleteServer`.
    pub job_type: String,
    /// Start (unix ms).
    pub begin_ms: i64,
    /// One per server.
    pub sub_jobs: Vec<SubJob>,
}

/// A job id in ECS's form (32 hex digits with the dashes of a UUID left out).
pub(crate) fn new_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// `status`, `begin_time`, `end_time`, `error_code`, `fail_reason` of a job or sub job.
fn progress(status: &str, begin_ms: i64, end_ms: i64, failure: Option<&Failure>) -> Value {
    let running = status == "RUNNING";
    json!({
        "status": status,
        "begin_time": clock::iso_millis(begin_ms),
        "end_time": if running { String::new() } else { clock::iso_millis(end_ms) },
        "error_code": failure.filter(|_| !running).map(|f| f.code.clone()),
        "fail_reason": failure.filter(|_| !running).map(|f| f.reason.clone()),
    })
}

impl Job {
    /// A job of `project` starting now.
    pub fn new(project: &str, job_type: &str, now: i64, sub_jobs: Vec<SubJob>) -> Job {
        Job {
            id: new_id(),
            project_id: project.to_string(),
            job_type: job_type.to_string(),
            begin_ms: now,
            sub_jobs,
        }
    }

    /// The body ECS returns; every value in `sub_jobs[].entities` is a string.
    pub fn render(&self, now: i64) -> Value {
        let statuses: Vec<&str> = self.sub_jobs.iter().map(|s| s.status(now)).collect();
        let status = if statuses.contains(&"RUNNING") {
            "RUNNING"
        } else if statuses.contains(&"FAIL") {
            "FAIL"
        } else {
            "SUCCESS"
        };
        let end = self
            .sub_jobs
            .iter()
            .map(|s| s.end_ms)
            .max()
            .unwrap_or(self.begin_ms);
        let failure = self.sub_jobs.iter().find_map(|s| s.failure.as_ref());
        let sub_jobs: Vec<Value> = self
            .sub_jobs
            .iter()
            .map(|sub| {
                let mut body = progress(
                    sub.status(now),
                    self.begin_ms,
                    sub.end_ms,
                    sub.failure.as_ref(),
                );
                body["job_id"] = json!(sub.id);
                body["job_type"] = json!(sub.job_type);
                body["entities"] = json!({"server_id": sub.server_id});
                body
            })
            .collect();
        let mut body = progress(status, self.begin_ms, end, failure);
        body["job_id"] = json!(self.id);
        body["job_type"] = json!(self.job_type);
        body["entities"] = json!({"sub_jobs_total": sub_jobs.len(), "sub_jobs": sub_jobs});
        body
    }
}

/// `GET /v1/{project_id}/jobs/{job_id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, EcsError> {
    check_project(&caller, &project)?;
    let now = clock::now_ms();
    app.read(|state| {
        state
            .otc_native
            .jobs
            .get(&id)
            .filter(|j| j.project_id == project)
            .map(|j| Json(j.render(now)))
            .ok_or_else(|| EcsError::not_found(MISSING, format!("Job {id} does not exist.")))
    })
}
