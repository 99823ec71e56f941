//! Keystone v3 authentication: password or application credential, a token cached until
//! shortly before it expires, and a fresh one on demand after a 401. On clouds that sign
//! requests instead (OTC's AK/SK), the same session fetches the catalog and project signed.

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};
use tokio::sync::Mutex;
use url::Url;

use super::catalog::Catalog;
use super::config::{AuthMethod, OpenStackConfig};
use super::errors::parse_error;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{redact_url, HttpClient, HttpRequest};
use crate::secret::Secret;

/// A token is renewed this long before Keystone says it expires.
const RENEW_BEFORE: Duration = Duration::from_secs(120);
/// How long a catalog fetched with a signed request is used before it is fetched again.
const SIGNED_SESSION_LIFETIME: chrono::Duration = chrono::Duration::hours(1);

/// Signs requests in place of a token: a cloud's own scheme, such as OTC's AK/SK.
pub trait RequestSigner: std::fmt::Debug + Send + Sync {
    /// The request with the headers that prove who sent it.
    fn sign(&self, request: HttpRequest) -> Result<HttpRequest>;
}

/// A scoped token with its catalog.
#[derive(Debug)]
pub struct Token {
    /// The token itself (sent as `X-Auth-Token`).
    pub value: Secret,
    /// When Keystone says it expires.
    pub expires_at: DateTime<Utc>,
    /// The service catalog that came with it.
    pub catalog: Catalog,
    /// The project it is scoped to.
    pub project_id: Option<String>,
}

impl Token {
    fn is_fresh(&self) -> bool {
        let renew_at = self.expires_at
            - chrono::Duration::from_std(RENEW_BEFORE).unwrap_or(chrono::Duration::zero());
        Utc::now() < renew_at
    }
}

/// A Keystone session: hands out a valid token, authenticating when needed.
#[derive(Debug)]
pub struct Keystone {
    http: HttpClient,
    tokens_url: Url,
    config: OpenStackConfig,
    method: AuthMethod,
    signer: Option<Arc<dyn RequestSigner>>,
    cached: Mutex<Option<Arc<Token>>>,
}

#[derive(Deserialize)]
struct TokenBody {
    token: TokenFields,
}

#[derive(Deserialize)]
struct TokenFields {
    expires_at: String,
    #[serde(default)]
    catalog: Catalog,
    #[serde(default)]
    project: Option<IdOnly>,
}

#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

#[derive(Deserialize)]
struct CatalogBody {
    #[serde(default)]
    catalog: Catalog,
}

#[derive(Deserialize)]
struct ProjectsBody {
    #[serde(default)]
    projects: Vec<IdOnly>,
}

impl Keystone {
    /// A session for these credentials; nothing is sent until the first token is asked for.
    pub fn new(http: HttpClient, config: OpenStackConfig) -> Result<Self> {
        Keystone::with_signer(http, config, None)
    }

    /// A session that signs with `signer` when the credentials are an access key pair.
    pub fn with_signer(
        http: HttpClient,
        config: OpenStackConfig,
        signer: Option<Arc<dyn RequestSigner>>,
    ) -> Result<Self> {
        let method = config.auth_method()?;
        if method == AuthMethod::AccessKey && signer.is_none() {
            return Err(Error::invalid_field(
                "otc.access_key",
                "this cloud does not take access keys: use a password or an application credential",
            ));
        }
        let auth_url = config.auth_url.clone().unwrap_or_default();
        let tokens_url = tokens_url(&auth_url)?;
        Ok(Keystone {
            http,
            tokens_url,
            config,
            method,
            signer,
            cached: Mutex::new(None),
        })
    }

    /// `request` with the session's credentials: the token's header, or the signature.
    pub fn authorize(&self, request: HttpRequest, token: &Token) -> Result<HttpRequest> {
        match &self.signer {
            Some(signer) if self.method == AuthMethod::AccessKey => {
                let signed = signer.sign(request)?;
                match &token.project_id {
                    Some(project) => signed.header("X-Project-Id", project),
                    None => Ok(signed),
                }
            }
            _ => request.header("X-Auth-Token", token.value.expose()),
        }
    }

    /// The region the caller asked for, if any.
    pub fn region(&self) -> Option<&str> {
        self.config.region.as_deref()
    }

    /// The endpoint interface to use.
    pub fn interface(&self) -> &str {
        self.config.interface.as_deref().unwrap_or("public")
    }

    /// A token that is valid for a while yet: the cached one, or a new one.
    pub async fn token(&self) -> Result<Arc<Token>> {
        let mut cached = self.cached.lock().await;
        if let Some(token) = cached.as_ref() {
            if token.is_fresh() {
                return Ok(token.clone());
            }
        }
        let token = Arc::new(self.authenticate().await?);
        *cached = Some(token.clone());
        Ok(token)
    }

    /// Forgets `stale` (a token a service rejected) so the next call authenticates again.
    pub async fn invalidate(&self, stale: &Token) {
        let mut cached = self.cached.lock().await;
        if cached
            .as_ref()
            .map(|t| t.value == stale.value)
            .unwrap_or(false)
        {
            *cached = None;
        }
    }

    async fn authenticate(&self) -> Result<Token> {
        if self.method == AuthMethod::AccessKey {
            return self.signed_session().await;
        }
        let request = HttpRequest::new(Method::POST, self.tokens_url.clone())
            .json(&self.auth_body())?
            // Asking for a token twice has no effect beyond a second token.
            .idempotent(true);
        tracing::debug!(url = %redact_url(&self.tokens_url), method = ?self.method, "authenticating with Keystone");
        let response = self.http.send(&request).await?;
        let response = response.error_for_status(|r| {
            let error = parse_error(r);
            if error.kind() == ErrorKind::Unauthorized {
                Error::new(
                    ErrorKind::Unauthorized,
                    format!(
                        "Keystone at {} rejected the credentials of {}: {}",
                        redact_url(&self.tokens_url),
                        self.who(),
                        error.message()
                    ),
                )
            } else if r.status == 404 {
                // Never "not found": a caller would read that as "every object is gone".
                Error::invalid_field(
                    "openstack.auth_url",
                    format!(
                        "{} does not serve Keystone's v3 token API (HTTP 404); check the auth URL or endpoint",
                        redact_url(&self.tokens_url)
                    ),
                )
            } else {
                error.context(format!(
                    "authenticating at {}",
                    redact_url(&self.tokens_url)
                ))
            }
        })?;
        let value = response
            .header("x-subject-token")
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::Api,
                    "Keystone answered without an X-Subject-Token header",
                )
            })?
            .to_string();
        let body: TokenBody = response.json()?;
        let expires_at = DateTime::parse_from_rfc3339(&body.token.expires_at)
            .map_err(|e| {
                Error::new(
                    ErrorKind::Api,
                    format!("Keystone sent an unreadable expires_at: {e}"),
                )
            })?
            .with_timezone(&Utc);
        Ok(Token {
            value: Secret::new(value),
            expires_at,
            catalog: body.token.catalog,
            project_id: body.token.project.map(|p| p.id),
        })
    }

    /// With an access key there is no token: the project id comes from a signed
    /// `GET /v3/projects?name=` (unless configured), then the catalog from a signed
    /// `GET /v3/auth/catalog` for that project — the order OTC's Go SDK asks in.
    async fn signed_session(&self) -> Result<Token> {
        let project_id = match (&self.config.project_id, &self.config.project_name) {
            (Some(id), _) => id.clone(),
            (None, name) => {
                let name = name.clone().unwrap_or_default();
                let path = format!(
                    "projects?{}",
                    url::form_urlencoded::Serializer::new(String::new())
                        .append_pair("name", &name)
                        .finish()
                );
                let projects: ProjectsBody = self.signed_identity_get(&path, None).await?;
                projects
                    .projects
                    .into_iter()
                    .next()
                    .map(|p| p.id)
                    .ok_or_else(|| {
                        Error::invalid_field(
                            "openstack.project_name",
                            format!("the access key sees no project named {name:?}"),
                        )
                    })?
            }
        };
        let catalog: CatalogBody = self
            .signed_identity_get("auth/catalog", Some(&project_id))
            .await?;
        Ok(Token {
            value: Secret::new(String::new()),
            expires_at: Utc::now() + SIGNED_SESSION_LIFETIME,
            catalog: catalog.catalog,
            project_id: Some(project_id),
        })
    }

    /// A signed GET of an IAM path, naming `project` in `X-Project-Id` (added after signing,
    /// as OTC's Go SDK does).
    async fn signed_identity_get<T: serde::de::DeserializeOwned>(
        &self,
        path: &str,
        project: Option<&str>,
    ) -> Result<T> {
        let base = self.tokens_url.as_str().trim_end_matches("auth/tokens");
        let url = Url::parse(&format!("{base}{path}")).map_err(|e| {
            Error::invalid_field("openstack.auth_url", format!("unusable auth URL: {e}"))
        })?;
        let request =
            HttpRequest::new(Method::GET, url.clone()).header("Accept", "application/json")?;
        let mut request = match &self.signer {
            Some(signer) => signer.sign(request)?,
            None => request,
        };
        if let Some(project) = project {
            request = request.header("X-Project-Id", project)?;
        }
        let response = self.http.send(&request).await?;
        let response = response.error_for_status(|r| {
            let error = parse_error(r);
            let kind = match error.kind() {
                ErrorKind::Unauthorized | ErrorKind::Forbidden => ErrorKind::Unauthorized,
                _ if r.status == 404 => ErrorKind::InvalidInput,
                other => other,
            };
            Error::new(
                kind,
                format!(
                    "IAM at {} rejected the signed request of access key {}: {}",
                    redact_url(&url),
                    self.config.access_key.as_deref().unwrap_or("?"),
                    error.message()
                ),
            )
        })?;
        response.json()
    }

    fn who(&self) -> String {
        match self.method {
            AuthMethod::AccessKey => format!(
                "access key {}",
                self.config.access_key.as_deref().unwrap_or("?")
            ),
            AuthMethod::ApplicationCredential => format!(
                "application credential {}",
                self.config
                    .application_credential_id
                    .as_deref()
                    .unwrap_or("?")
            ),
            AuthMethod::Password => format!(
                "user {} (project {})",
                self.config
                    .user_name
                    .as_deref()
                    .or(self.config.user_id.as_deref())
                    .unwrap_or("?"),
                self.config
                    .project_name
                    .as_deref()
                    .or(self.config.project_id.as_deref())
                    .unwrap_or("?")
            ),
        }
    }

    fn auth_body(&self) -> Value {
        let c = &self.config;
        match self.method {
            // Never sent: an access key signs every request instead.
            AuthMethod::AccessKey => Value::Null,
            AuthMethod::ApplicationCredential => json!({"auth": {"identity": {
                "methods": ["application_credential"],
                "application_credential": {
                    "id": c.application_credential_id,
                    "secret": c.application_credential_secret.as_ref().map(|s| s.expose()),
                }
            }}}),
            AuthMethod::Password => {
                let user = match (&c.user_id, &c.user_name) {
                    (Some(id), _) => json!({"id": id}),
                    (None, name) => json!({"name": name, "domain": domain(
                        c.user_domain_id.as_deref(), c.user_domain_name.as_deref())}),
                };
                let mut user = user;
                user["password"] = json!(c.password.as_ref().map(|p| p.expose()));
                let project = match (&c.project_id, &c.project_name) {
                    (Some(id), _) => json!({"id": id}),
                    (None, name) => json!({"name": name, "domain": domain(
                        c.project_domain_id.as_deref(), c.project_domain_name.as_deref())}),
                };
                json!({"auth": {
                    "identity": {"methods": ["password"], "password": {"user": user}},
                    "scope": {"project": project}
                }})
            }
        }
    }
}

fn domain(id: Option<&str>, name: Option<&str>) -> Value {
    match (id, name) {
        (Some(id), _) => json!({"id": id}),
        (None, Some(name)) => json!({"name": name}),
        (None, None) => json!({"id": "default"}),
    }
}

/// `{auth_url}/v3/auth/tokens`, whether or not the auth URL already ends in `/v3`.
fn tokens_url(auth_url: &str) -> Result<Url> {
    let trimmed = auth_url.trim_end_matches('/');
    let base = if trimmed.ends_with("/v3") {
        trimmed.to_string()
    } else {
        format!("{trimmed}/v3")
    };
    Url::parse(&format!("{base}/auth/tokens")).map_err(|e| {
        Error::invalid_field(
            "openstack.auth_url",
            format!("{auth_url:?} is not a URL: {e}"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_url_with_and_without_version() {
        assert_eq!(
            tokens_url("https://k:5000").unwrap().as_str(),
            "https://k:5000/v3/auth/tokens"
        );
        assert_eq!(
            tokens_url("https://k:5000/v3/").unwrap().as_str(),
            "https://k:5000/v3/auth/tokens"
        );
        assert_eq!(
            tokens_url("nonsense").unwrap_err().field(),
            Some("openstack.auth_url")
        );
    }
}
