//! What every Cloud API handler learns about the call it answers: method, URL and the base
//! URL its `href`s start with (the host the client used).

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::Method;

use super::render::Ctx;
use super::API_PREFIX;
use crate::app::App;
use crate::clock;
use crate::openstack::BaseUrl;

/// The method and URL of a call.
pub(crate) struct Call {
    /// HTTP method.
    pub method: Method,
    /// `http://host` as the client addressed the emulator.
    base: String,
    /// Path and query as sent.
    path_and_query: String,
}

impl Call {
    /// Base URL of the Cloud API, e.g. `http://127.0.0.1:8787/ionos/cloudapi/v6`.
    pub fn api(&self) -> String {
        format!("{}{API_PREFIX}", self.base)
    }

    /// The full URL of the call.
    pub fn url(&self) -> String {
        format!("{}{}", self.base, self.path_and_query)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Call {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let BaseUrl(base) = BaseUrl::from_request_parts(parts, state).await?;
        Ok(Call {
            method: parts.method.clone(),
            base,
            path_and_query: parts
                .uri
                .path_and_query()
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
        })
    }
}

impl Call {
    /// Runs `f` with a rendering context on the current store, now.
    pub fn read<R>(&self, app: &App, f: impl FnOnce(&Ctx) -> R) -> R {
        let api = self.api();
        let now = clock::now_ms();
        app.read(|state| {
            f(&Ctx {
                store: &state.ionos,
                api: &api,
                now,
            })
        })
    }
}
