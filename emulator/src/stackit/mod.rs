//! STACKIT: the IaaS API v2 under `/stackit/iaas` (`/v2/projects/{projectId}/regions/{region}/...`,
//! `/v2/keypairs`, `/v2/regions/{region}/availability-zones`), the Object Storage management API
//! v2 under `/stackit/object-storage` and the service-account token endpoint
//! `/stackit/service-account/token`.
//!
//! One project and region are seeded. Networks, servers, volumes and their actions go through
//! transitional statuses over the provision delay; NICs, security groups, rules, public IPs and
//! key pairs change at once. Errors are `{"code", "msg"}` (object storage: `{"detail": [...]}`);
//! every answer has `X-Request-Id`.

mod auth;
mod catalog;
pub(crate) mod errors;
mod input;
mod jwt;
mod keypairs;
mod keys;
mod labels;
mod life;
mod networks;
mod nics;
mod object_storage;
mod ops;
mod public_ips;
mod request_id;
mod rules;
mod security_groups;
mod servers;
mod store;
mod token;
mod volumes;

pub(crate) use auth::check as authenticate;
pub use keys::stackit_key_json;
pub(crate) use object_storage::{admin_router, PREFIX as OBJECT_STORAGE_PREFIX};
pub(crate) use request_id::add as request_id;
pub(crate) use store::Store;

use axum::routing::{any, get, post, put};
use axum::Router;

use crate::app::App;
use servers::{actions, attachments, create as server_create, handlers as server_handlers};

/// Where the IaaS API is served (`STACKIT_IAAS_CUSTOM_ENDPOINT`).
pub(crate) const IAAS_PREFIX: &str = "/stackit/iaas";
/// Where the token endpoint is served (`STACKIT_TOKEN_BASEURL`).
pub(crate) use token::TOKEN_PATH;

/// The IaaS and object storage routes (credentials are checked by [`authenticate`], which
/// [`crate::server`] puts in front).
pub(crate) fn iaas_router() -> Router<App> {
    let p = |path: &str| format!("{IAAS_PREFIX}/v2/projects/{{project}}/regions/{{region}}{path}");
    let v2 = |path: &str| format!("{IAAS_PREFIX}/v2{path}");
    Router::new()
        .route(&v2("/projects/{project}"), get(catalog::project))
        .route(
            &v2("/regions/{region}/availability-zones"),
            get(catalog::zones),
        )
        .route(
            &v2("/networks/public-ip-ranges"),
            get(catalog::public_ip_ranges),
        )
        .route(&v2("/keypairs"), get(keypairs::list).post(keypairs::create))
        .route(
            &v2("/keypairs/{name}"),
            get(keypairs::show)
                .patch(keypairs::update)
                .delete(keypairs::remove),
        )
        .route(&p("/images"), get(catalog::images))
        .route(&p("/images/{id}"), get(catalog::show_image))
        .route(&p("/machine-types"), get(catalog::machine_types))
        .route(&p("/machine-types/{name}"), get(catalog::show_machine_type))
        .route(
            &p("/volume-performance-classes"),
            get(catalog::performance_classes),
        )
        .route(&p("/networks"), get(networks::list).post(networks::create))
        .route(
            &p("/networks/{id}"),
            get(networks::show)
                .patch(networks::update)
                .delete(networks::remove),
        )
        .route(
            &p("/networks/{id}/nics"),
            get(nics::list).post(nics::create),
        )
        .route(
            &p("/networks/{id}/nics/{nic}"),
            get(nics::show).patch(nics::update).delete(nics::remove),
        )
        .route(&p("/nics"), get(nics::list_all))
        .route(&p("/nics/{nic}"), get(nics::show_any))
        .route(
            &p("/servers"),
            get(server_handlers::list).post(server_create::create),
        )
        .route(
            &p("/servers/{id}"),
            get(server_handlers::show)
                .patch(server_handlers::update)
                .delete(server_handlers::remove),
        )
        .route(&p("/servers/{id}/resize"), post(actions::resize))
        .route(
            &p("/servers/{id}/security-groups/{sg}"),
            put(actions::add_group).delete(actions::remove_group),
        )
        .route(
            &p("/servers/{id}/public-ips/{ip}"),
            put(actions::add_public_ip).delete(actions::remove_public_ip),
        )
        .route(
            &p("/servers/{id}/volume-attachments"),
            get(attachments::list).post(attachments::create),
        )
        .route(
            &p("/servers/{id}/volume-attachments/{volume}"),
            get(attachments::show)
                .put(attachments::put)
                .patch(attachments::update)
                .delete(attachments::remove),
        )
        .route(&p("/volumes"), get(volumes::list).post(volumes::create))
        .route(
            &p("/volumes/{id}"),
            get(volumes::show)
                .patch(volumes::update)
                .delete(volumes::remove),
        )
        .route(&p("/volumes/{id}/resize"), post(volumes::resize))
        .route(
            &p("/security-groups"),
            get(security_groups::list).post(security_groups::create),
        )
        .route(
            &p("/security-groups/{id}"),
            get(security_groups::show)
                .patch(security_groups::update)
                .delete(security_groups::remove),
        )
        .route(
            &p("/security-groups/{id}/rules"),
            get(rules::list).post(rules::create),
        )
        .route(
            &p("/security-groups/{id}/rules/{rule}"),
            get(rules::show).delete(rules::remove),
        )
        .route(
            &p("/public-ips"),
            get(public_ips::list).post(public_ips::create),
        )
        .route(
            &p("/public-ips/{id}"),
            get(public_ips::show)
                .patch(public_ips::update)
                .delete(public_ips::remove),
        )
        .merge(object_storage::router())
        .method_not_allowed_fallback(errors::method_not_allowed)
}

/// The routes that need no Bearer token: the token endpoint and the `{code, msg}` 404 for
/// every other path under `/stackit`.
pub(crate) fn public_router() -> Router<App> {
    Router::new()
        .route(TOKEN_PATH, post(token::create))
        .route("/stackit/{*rest}", any(errors::unknown_route))
        .method_not_allowed_fallback(errors::method_not_allowed)
}
