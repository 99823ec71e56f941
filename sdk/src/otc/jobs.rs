//! ECS jobs: creates and deletes answer with a job id, polled at `/jobs/{id}` until `SUCCESS`
//! or `FAIL`; the server id of a create sits in the first sub-job's entities.

use std::collections::BTreeMap;

use reqwest::Method;
use serde::Deserialize;

use super::OtcBackend;
use crate::error::{Error, ErrorKind, Result};
use crate::openstack::common::{wait_for_status, Observed};
use crate::openstack::Service;
use crate::wait::Deadline;

#[derive(Debug, Deserialize)]
struct Job {
    #[serde(default)]
    status: String,
    #[serde(default)]
    error_code: Option<String>,
    #[serde(default)]
    fail_reason: Option<String>,
    #[serde(default)]
    entities: JobEntities,
}

#[derive(Debug, Default, Deserialize)]
struct JobEntities {
    #[serde(default)]
    sub_jobs: Vec<SubJob>,
}

#[derive(Debug, Deserialize)]
struct SubJob {
    #[serde(default)]
    entities: BTreeMap<String, serde_json::Value>,
}

impl Job {
    fn fault(&self) -> Option<String> {
        match (&self.error_code, &self.fail_reason) {
            (None, None) => None,
            (code, reason) => Some(format!(
                "{} ({})",
                reason.as_deref().unwrap_or("no reason given"),
                code.as_deref().unwrap_or("no code")
            )),
        }
    }

    fn server_id(&self) -> Option<String> {
        self.entities
            .sub_jobs
            .iter()
            .find_map(|sub| sub.entities.get("server_id")?.as_str().map(String::from))
    }
}

impl OtcBackend {
    async fn job(&self, id: &str) -> Result<Job> {
        self.core
            .client()
            .call_json(Service::Ecs, Method::GET, &format!("/jobs/{id}"), None)
            .await
    }

    /// Waits for the job to succeed; a failed job's error carries its code and reason, and
    /// names `subject` (the server the job works on) so the caller keeps track of it.
    pub(super) async fn wait_job(
        &self,
        job_id: &str,
        what: &str,
        subject: &str,
        deadline: Deadline,
    ) -> Result<()> {
        wait_for_status(what, subject, deadline, &["SUCCESS"], &["FAIL"], || async {
            let job = self.job(job_id).await?;
            Ok(Observed {
                fault: job.fault(),
                status: job.status,
            })
        })
        .await
    }

    /// Whether the job failed, and the server it names, as far as the job can still be read.
    pub(super) async fn job_outcome(&self, job_id: &str) -> Option<(bool, Option<String>)> {
        match self.job(job_id).await {
            Ok(job) => Some((job.status == "FAIL", job.server_id())),
            Err(error) => {
                tracing::warn!(job = job_id, %error, "cannot read the ECS job after it went wrong");
                None
            }
        }
    }

    /// The server a finished create job made.
    pub(super) async fn job_server_id(&self, job_id: &str) -> Result<String> {
        self.job(job_id).await?.server_id().ok_or_else(|| {
            Error::new(
                ErrorKind::Api,
                format!("ECS job {job_id} finished without naming its server"),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_server_of_a_create_job() {
        let job: Job = serde_json::from_value(serde_json::json!({
            "status": "FAIL", "error_code": "Ecs.0000", "fail_reason": "no host",
            "entities": {"sub_jobs_total": 1, "sub_jobs": [{"entities": {"server_id": "s1"}}]}
        }))
        .unwrap();
        assert_eq!(job.server_id().as_deref(), Some("s1"));
        assert_eq!(job.fault().as_deref(), Some("no host (Ecs.0000)"));
    }
}
