//! Calls to STACKIT's IaaS API v2 for one project in one region: the bearer token on every
//! request (renewed once and resent after a 401 when the key flow can get another), JSON in and
//! out, and STACKIT's error bodies.

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde_json::Value;
use url::Url;

use super::auth::StackitAuth;
use super::errors::parse_error;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{HttpClient, HttpRequest, HttpResponse};

/// The public IaaS API (one host for every region).
pub const DEFAULT_IAAS_URL: &str = "https://iaas.api.stackit.cloud";

/// An authenticated IaaS client scoped to a project and region.
#[derive(Debug)]
pub struct StackitClient {
    http: HttpClient,
    base: Url,
    auth: StackitAuth,
    project_id: String,
    region: String,
}

impl StackitClient {
    /// A client for the IaaS API at `base_url`.
    pub fn new(
        http: HttpClient,
        base_url: &str,
        auth: StackitAuth,
        project_id: String,
        region: String,
    ) -> Result<Self> {
        let base = Url::parse(base_url.trim_end_matches('/')).map_err(|e| {
            Error::invalid_field("endpoint", format!("{base_url:?} is not a URL: {e}"))
        })?;
        Ok(StackitClient {
            http,
            base,
            auth,
            project_id,
            region,
        })
    }

    /// The region in use.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// `/v2/projects/{project}/regions/{region}{rest}`: where the project's resources live.
    pub fn p(&self, rest: &str) -> String {
        format!(
            "/v2/projects/{}/regions/{}{rest}",
            self.project_id, self.region
        )
    }

    /// `/v2/projects/{project}`.
    pub fn project_path(&self) -> String {
        format!("/v2/projects/{}", self.project_id)
    }

    fn url(&self, path: &str) -> Result<Url> {
        Url::parse(&format!(
            "{}{path}",
            self.base.as_str().trim_end_matches('/')
        ))
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("cannot build a STACKIT URL for {path:?}: {e}"),
            )
        })
    }

    async fn request(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpRequest> {
        let mut request = HttpRequest::new(method.clone(), self.url(path)?)
            .header("Authorization", &self.auth.header(&self.http).await?)?
            .header("Accept", "application/json")?;
        if let Some(body) = body {
            request = request.json(body)?;
        }
        Ok(request)
    }

    /// Sends `method path` (with a JSON body), resending once with a new token after a 401.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<HttpResponse> {
        let mut response = self
            .http
            .send(&self.request(&method, path, body).await?)
            .await?;
        if response.status == 401 && self.auth.renew().await {
            response = self
                .http
                .send(&self.request(&method, path, body).await?)
                .await?;
        }
        response.error_for_status(parse_error).map_err(|error| {
            match error.kind() {
                ErrorKind::Unauthorized => error
                    .context("STACKIT rejected the credentials (the service-account token or key)"),
                // A missing project would make every object look deleted: it is a setting.
                ErrorKind::NotFound if error.message().starts_with("project not found") => {
                    Error::invalid_field(
                        "stackit.project_id",
                        format!(
                            "STACKIT project {} does not exist, or this service account cannot \
                             see it: check `project_id` in the stackit block or STACKIT_PROJECT_ID",
                            self.project_id
                        ),
                    )
                }
                _ => error,
            }
        })
    }

    /// `GET path`, decoded.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.call(Method::GET, path, None).await?.json()
    }

    /// A change: `method path` with `body`; the answer's JSON (`null` when it has none).
    pub async fn send(&self, method: Method, path: &str, body: Option<&Value>) -> Result<Value> {
        let response = self.call(method, path, body).await?;
        if response.body.is_empty() {
            return Ok(Value::Null);
        }
        response.json()
    }
}
