//! Open Telekom Cloud's own APIs beside its OpenStack world: IAM extras, AK/SK signing, VPC v1
//! (VPCs, subnets, tags), EIP v1 (public IPs, bandwidths) and ECS (servers, jobs).

mod auth;
mod bandwidths;
mod body;
mod ecs;
mod eips;
pub(crate) mod errors;
mod iam;
mod paging;
mod signing;
mod store;
mod subnets;
mod tags;
mod vpc_tags;
mod vpcs;

pub(crate) use auth::verify_signature;
pub(crate) use store::Store;

use axum::routing::{get, post};
use axum::Router;

use crate::app::App;
use crate::openstack::identity::Caller;
use errors::VpcError;

/// Where VPC v1 and EIP v1 are served: under the `vpc` catalog URL's path, and at the host's
/// root (otcextensions keeps only scheme, host and port of that URL).
const VPC_MOUNTS: [&str; 2] = ["/otc/vpc", ""];

/// The routes of OTC's own APIs.
pub(crate) fn router() -> Router<App> {
    let mut router = iam::routes(Router::new());
    for mount in VPC_MOUNTS {
        let v1 = |path: &str| format!("{mount}/v1/{{project_id}}/{path}");
        let v2 = |path: &str| format!("{mount}/v2.0/{{project_id}}/{path}");
        router = router
            .route(&v1("vpcs"), get(vpcs::list).post(vpcs::create))
            .route(
                &v1("vpcs/{id}"),
                get(vpcs::show).put(vpcs::update).delete(vpcs::remove),
            )
            .route(&v1("subnets"), get(subnets::list).post(subnets::create))
            .route(&v1("subnets/{id}"), get(subnets::show))
            .route(
                &v1("vpcs/{vpc_id}/subnets/{id}"),
                axum::routing::put(subnets::update).delete(subnets::remove),
            )
            .route(&v1("publicips"), get(eips::list).post(eips::create))
            .route(
                &v1("publicips/{id}"),
                get(eips::show).put(eips::update).delete(eips::remove),
            )
            .route(
                &v1("bandwidths/{id}"),
                get(bandwidths::show).put(bandwidths::update),
            )
            .route(&v2("{kind}/{id}/tags"), get(vpc_tags::show))
            .route(&v2("{kind}/{id}/tags/action"), post(vpc_tags::action));
    }
    ecs::routes(router)
}

/// 400 `VPC.0007` unless the project in the URL is the caller's.
fn check_project(caller: &Caller, project: &str) -> Result<(), VpcError> {
    if caller.project_id == project {
        Ok(())
    } else {
        Err(VpcError::bad_request(
            "VPC.0007",
            format!("The project {project} in the URL is not the project the request is authorized for."),
        ))
    }
}
