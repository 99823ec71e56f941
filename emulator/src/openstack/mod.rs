//! pluscloud open (plusserver), which is stock OpenStack: Keystone v3, Neutron, Nova, Cinder and Glance.

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
mod request;

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::HOST;
use axum::http::request::Parts;
use axum::Router;

use crate::app::App;

/// Path prefix of the plusserver cloud; Keystone lives right at it.
pub(crate) const PREFIX: &str = "/plusserver";
/// Path prefix of Neutron (the catalog's `network` endpoint).
pub(crate) const NETWORK_PREFIX: &str = "/plusserver/network";
/// Path prefix of Nova (the catalog's `compute` endpoint is `{COMPUTE_PREFIX}/v2.1`).
pub(crate) const COMPUTE_PREFIX: &str = "/plusserver/compute";
/// Path prefix of Cinder (the catalog's `volumev3` endpoint is `{VOLUME_PREFIX}/v3/{project_id}`).
pub(crate) const VOLUME_PREFIX: &str = "/plusserver/volume";
/// Path prefix of Glance (the catalog's `image` endpoint).
pub(crate) const IMAGE_PREFIX: &str = "/plusserver/image";

/// All plusserver routes.
pub(crate) fn router() -> Router<App> {
    keystone::router()
        .merge(neutron::router())
        .merge(glance::router())
        .merge(cinder::router())
        .merge(nova::router())
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
