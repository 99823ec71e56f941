//! Authenticated calls to an OpenStack service found in the catalog, with one re-auth on 401.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::auth::Keystone;
use super::errors::parse_error;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpClient, HttpRequest, HttpResponse};

/// An OpenStack service: the catalog types it goes by and the API version its paths start at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Neutron, paths under `/v2.0`.
    Network,
}

impl Service {
    fn catalog_types(self) -> &'static [&'static str] {
        match self {
            Service::Network => &["network"],
        }
    }

    fn version_prefix(self) -> &'static str {
        match self {
            Service::Network => "/v2.0",
        }
    }
}

/// The OpenStack client every OpenStack-based backend shares.
#[derive(Debug)]
pub struct OpenStackClient {
    http: HttpClient,
    keystone: Keystone,
}

impl OpenStackClient {
    /// A client over a Keystone session.
    pub fn new(http: HttpClient, keystone: Keystone) -> Self {
        OpenStackClient { http, keystone }
    }

    /// Sends `method path` (relative to the service's versioned root) with an optional JSON
    /// body; a 401 makes it authenticate once more and resend. Non-2xx answers become errors.
    pub async fn call(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse> {
        let mut reauthenticated = false;
        loop {
            let token = self.keystone.token().await?;
            let base = token.catalog.endpoint(
                service.catalog_types(),
                self.keystone.interface(),
                self.keystone.region(),
            )?;
            let url = service_url(&base, service.version_prefix(), path)?;
            let mut request = HttpRequest::new(method.clone(), url)
                .header("X-Auth-Token", token.value.expose())?
                .header("Accept", "application/json")?;
            if let Some(body) = body {
                request = request.json(body)?;
            }
            let response = self.http.send(&request).await?;
            if response.status == 401 && !reauthenticated {
                tracing::info!(path, "token rejected; authenticating again");
                self.keystone.invalidate(&token).await;
                reauthenticated = true;
                continue;
            }
            return response.error_for_status(parse_error);
        }
    }

    /// `call`, with the answer's body decoded from JSON.
    pub async fn call_json<T: DeserializeOwned>(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<T> {
        self.call(service, method, path, body).await?.json()
    }

    /// The project the token is scoped to.
    pub async fn project_id(&self) -> Result<String> {
        self.keystone
            .token()
            .await?
            .project_id
            .clone()
            .ok_or_else(|| Error::new(ErrorKind::Api, "the token is not scoped to a project"))
    }
}

/// Joins a catalog URL, the API version (unless the catalog URL already ends in it) and a path.
fn service_url(base: &str, version: &str, path: &str) -> Result<Url> {
    let base = base.trim_end_matches('/');
    let root = if base.ends_with(version) {
        base.to_string()
    } else {
        format!("{base}{version}")
    };
    Url::parse(&format!("{root}{path}")).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            format!("the catalog's URL {base:?} is unusable: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_added_once() {
        assert_eq!(
            service_url("http://n:9696/", "/v2.0", "/networks")
                .unwrap()
                .as_str(),
            "http://n:9696/v2.0/networks"
        );
        assert_eq!(
            service_url("http://n/network/v2.0", "/v2.0", "/networks?name=a")
                .unwrap()
                .as_str(),
            "http://n/network/v2.0/networks?name=a"
        );
    }
}
