//! Authenticated calls to an OpenStack service found in the catalog, with one re-auth on 401.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::auth::Keystone;
use super::errors::parse_error;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpClient, HttpRequest, HttpResponse};

/// The Nova microversion the SDK speaks: 2.79 (Train) has boot volumes with a volume type
/// (2.67), server tags at create (2.52), the embedded flavor in server bodies (2.47) and
/// `delete_on_termination` on attachments (2.79), and every OpenStack cloud in scope has it.
pub const NOVA_MICROVERSION: &str = "2.79";
/// The same, as the `OpenStack-API-Version` header says it.
const NOVA_API_VERSION: &str = "compute 2.79";
/// The Cinder microversion: 3.42 lets an attached (in-use) volume grow.
pub const CINDER_API_VERSION: &str = "volume 3.42";

/// An OpenStack service: the catalog types it goes by and the API version its paths start at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    /// Neutron, paths under `/v2.0`.
    Network,
    /// Nova, paths under `/v2.1`.
    Compute,
    /// Glance, paths under `/v2`.
    Image,
    /// Cinder, paths under `/v3/{project_id}`.
    BlockStorage,
    /// OTC's native ECS (`ecs`; the catalog URL already ends in `/v1/{project_id}`).
    Ecs,
    /// OTC's VPC v1: VPCs, subnets, EIPs, bandwidths (`vpc`; `/v1/{project_id}`).
    Vpc,
    /// OTC's tag API beside VPC v1: the `vpc` URL with `/v2.0/{project_id}` for `/v1/...`.
    VpcTags,
}

impl Service {
    fn catalog_types(self) -> &'static [&'static str] {
        match self {
            Service::Network => &["network"],
            Service::Compute => &["compute"],
            Service::Image => &["image"],
            Service::BlockStorage => &["block-storage", "volumev3"],
            Service::Ecs => &["ecs"],
            Service::Vpc | Service::VpcTags => &["vpc"],
        }
    }

    fn version_prefix(self) -> &'static str {
        match self {
            Service::Network => "/v2.0",
            Service::Compute => "/v2.1",
            Service::Image => "/v2",
            Service::BlockStorage => "/v3",
            Service::Ecs | Service::Vpc | Service::VpcTags => "/v1",
        }
    }

    fn microversion_headers(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Service::Compute => &[
                ("X-OpenStack-Nova-API-Version", NOVA_MICROVERSION),
                ("OpenStack-API-Version", NOVA_API_VERSION),
            ],
            Service::BlockStorage => &[("OpenStack-API-Version", CINDER_API_VERSION)],
            _ => &[],
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
        self.call_as(service, method, path, body, false).await
    }

    /// `call` for a POST that is safe to send twice (a batch delete, a metadata merge), so a
    /// lost answer is retried like that of a GET.
    pub async fn call_repeatable(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse> {
        self.call_as(service, method, path, body, true).await
    }

    async fn call_as(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
        repeatable: bool,
    ) -> Result<HttpResponse> {
        let mut reauthenticated = false;
        loop {
            let token = self.keystone.token().await?;
            let base = token.catalog.endpoint(
                service.catalog_types(),
                self.keystone.interface(),
                self.keystone.region(),
            )?;
            let root = service_root(&base, service, token.project_id.as_deref());
            let url = service_url(&root, path)?;
            let mut request =
                HttpRequest::new(method.clone(), url).header("Accept", "application/json")?;
            if repeatable {
                request = request.idempotent(true);
            }
            for (name, value) in service.microversion_headers() {
                request = request.header(name, value)?;
            }
            if let Some(body) = body {
                request = request.json(body)?;
            }
            let request = self.keystone.authorize(request, &token)?;
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

    /// `call`, with the object under `key` of the answer's body (`{"server": {...}}`) decoded.
    pub async fn call_key<T: DeserializeOwned>(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
        key: &str,
    ) -> Result<T> {
        let mut value: Value = self.call_json(service, method, path, body).await?;
        let inner = value.get_mut(key).map(Value::take).ok_or_else(|| {
            Error::new(
                ErrorKind::Api,
                format!("the answer to {path} has no {key:?}"),
            )
        })?;
        serde_json::from_value(inner).map_err(|e| {
            Error::new(
                ErrorKind::Api,
                format!("unexpected {key} in the answer to {path}: {e}"),
            )
        })
    }

    /// `call` for a request whose answer body does not matter.
    pub async fn call_empty(
        &self,
        service: Service,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<()> {
        self.call(service, method, path, body).await.map(|_| ())
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

    /// Signs in (or reuses the token) and finds `service` in the catalog for the configured
    /// interface and region; the catalog's error names `region` when it is not there.
    pub async fn check_service(&self, service: Service) -> Result<()> {
        let token = self.keystone.token().await?;
        token
            .catalog
            .endpoint(
                service.catalog_types(),
                self.keystone.interface(),
                self.keystone.region(),
            )
            .map(|_| ())
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

/// The versioned root of a service from its catalog URL: the URL itself when it already holds
/// the API version (`.../v2.1`, `.../v3/{project}`), else the URL with the version (and, for
/// Cinder, the project) appended.
fn service_root(base: &str, service: Service, project_id: Option<&str>) -> String {
    let base = base.trim_end_matches('/');
    match service {
        // OTC's native services: the catalog URL is the root already.
        Service::Ecs | Service::Vpc => return base.to_string(),
        Service::VpcTags => {
            return match base.rfind("/v1/") {
                Some(at) => format!("{}/v2.0/{}", &base[..at], &base[at + 4..]),
                None => base.to_string(),
            }
        }
        _ => {}
    }
    let version = service.version_prefix();
    if base.ends_with(version) && service != Service::BlockStorage {
        return base.to_string();
    }
    if base.contains(&format!("{version}/")) {
        return base.to_string();
    }
    match (service, project_id) {
        (Service::BlockStorage, Some(project)) => {
            let base = base.strip_suffix(version).unwrap_or(base);
            format!("{base}{version}/{project}")
        }
        _ => format!("{base}{version}"),
    }
}

/// The root joined with a path.
fn service_url(root: &str, path: &str) -> Result<Url> {
    Url::parse(&format!("{root}{path}")).map_err(|e| {
        Error::new(
            ErrorKind::Api,
            format!("the catalog's URL {root:?} is unusable: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_is_added_once() {
        let cases = [
            ("http://n:9696/", Service::Network, "http://n:9696/v2.0"),
            (
                "http://n/network/v2.0",
                Service::Network,
                "http://n/network/v2.0",
            ),
            (
                "http://nova:8774/v2.1",
                Service::Compute,
                "http://nova:8774/v2.1",
            ),
            (
                "http://nova:8774",
                Service::Compute,
                "http://nova:8774/v2.1",
            ),
            (
                "http://glance:9292",
                Service::Image,
                "http://glance:9292/v2",
            ),
            (
                "http://c:8776/v3/p1",
                Service::BlockStorage,
                "http://c:8776/v3/p1",
            ),
            (
                "http://c:8776/v3",
                Service::BlockStorage,
                "http://c:8776/v3/p1",
            ),
            (
                "http://c:8776",
                Service::BlockStorage,
                "http://c:8776/v3/p1",
            ),
        ];
        for (base, service, expected) in cases {
            assert_eq!(service_root(base, service, Some("p1")), expected, "{base}");
        }
        assert_eq!(
            service_root("http://v/otc/vpc/v1/p1/", Service::VpcTags, Some("p1")),
            "http://v/otc/vpc/v2.0/p1"
        );
        assert_eq!(
            service_root(
                "https://ecs.eu-de.otc.t-systems.com/v1/p1",
                Service::Ecs,
                None
            ),
            "https://ecs.eu-de.otc.t-systems.com/v1/p1"
        );
        assert_eq!(
            service_url("http://n/network/v2.0", "/networks?name=a")
                .unwrap()
                .as_str(),
            "http://n/network/v2.0/networks?name=a"
        );
    }
}
