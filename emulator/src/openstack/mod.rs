//! Stock OpenStack (Keystone v3, Neutron, Nova, Cinder and Glance), served once per cloud:
//! each cloud has its own prefix, identity, seed data and resources (its [`world::World`]).

pub(crate) mod catalog;
pub(crate) mod cinder;
pub(crate) mod errors;
pub(crate) mod glance;
pub(crate) mod identity;
mod keystone;
mod metadata;
pub(crate) mod microversion;
pub(crate) mod neutron;
pub(crate) mod nova;
mod pagination;
pub(crate) mod profile;
pub(crate) mod request;
pub(crate) mod world;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::HOST;
use axum::http::request::Parts;
use axum::Router;

use crate::app::App;
use crate::cloud::Cloud;

/// The OpenStack routes of `cloud` (not yet bound to it: see [`crate::server`]).
pub(crate) fn router(cloud: Cloud) -> Router<App> {
    keystone::router(cloud)
        .merge(neutron::router(cloud))
        .merge(glance::router(cloud))
        .merge(cinder::router(cloud))
        .merge(nova::router(cloud))
}

/// `http://HOST` as the client addressed the emulator, so links always point back at it.
pub(crate) struct BaseUrl(pub String);

impl<S: Send + Sync> FromRequestParts<S> for BaseUrl {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let host = parts
            .headers
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty())
            .or_else(|| parts.uri.authority().map(|a| a.as_str()))
            .unwrap_or("127.0.0.1");
        Ok(BaseUrl(format!("http://{host}")))
    }
}
