//! ECS native at `/otc/ecs/v1/{project_id}`: create servers (jobs), read them in ECS's shape,
//! their tags, batch delete (jobs) and the job status. Servers are Nova servers of the OTC
//! world, so the Nova routes keep working on them.

mod create;
mod delete;
pub(crate) mod jobs;
mod render;
mod servers;

use std::collections::BTreeSet;

use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::Router;

use super::errors::EcsError;
use super::tags::Tags;
use crate::app::App;
use crate::openstack::errors::Fault;
use crate::openstack::identity::Caller;

/// The ECS routes.
pub(super) fn routes(router: Router<App>) -> Router<App> {
    let v1 = |path: &str| format!("/otc/ecs/v1/{{project_id}}/{path}");
    router
        .route(&v1("cloudservers"), post(create::create))
        .route(&v1("cloudservers/detail"), get(servers::list))
        .route(&v1("cloudservers/delete"), post(delete::delete))
        .route(&v1("cloudservers/{id}"), get(servers::show))
        .route(&v1("cloudservers/{id}/tags"), get(servers::tags))
        .route(
            &v1("cloudservers/{id}/tags/action"),
            post(servers::tag_action),
        )
        .route(&v1("jobs/{job_id}"), get(jobs::show))
}

/// 403 `Ecs.0003` unless the project in the URL is the caller's.
fn check_project(caller: &Caller, project: &str) -> Result<(), EcsError> {
    if caller.project_id == project {
        Ok(())
    } else {
        Err(EcsError::new(
            StatusCode::FORBIDDEN,
            "Ecs.0003",
            format!("The project {project} in the URL is not the project the request is authorized for."),
        ))
    }
}

/// A Nova refusal as ECS reports it: quota (403) as `Ecs.0001`, anything else as
/// `Ecs.0005` with Nova's status.
fn refused(fault: Fault) -> EcsError {
    if fault.status() == StatusCode::FORBIDDEN {
        EcsError::bad_request("Ecs.0001", fault.message())
    } else {
        EcsError::new(fault.status(), "Ecs.0005", fault.message())
    }
}

/// ECS tags as Nova keeps them on the server: `key=value` strings.
fn nova_tags(tags: &Tags) -> BTreeSet<String> {
    tags.iter().map(|(k, v)| format!("{k}={v}")).collect()
}

/// Nova tags read as ECS tags (`key=value`; a tag without `=` has an empty value).
fn tags_of(tags: &BTreeSet<String>) -> Tags {
    tags.iter()
        .map(|t| match t.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (t.clone(), String::new()),
        })
        .collect()
}
