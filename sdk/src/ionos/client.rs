//! Calls to IONOS Cloud API v6: Basic or Bearer auth on every request, and the asynchronous
//! contract — every change answers 202 with `Location: .../requests/{id}/status`, which is
//! polled until `DONE` (or `FAILED`, an error with IONOS's message).

use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

use super::errors::parse_error;
use crate::error::{Error, ErrorKind, Result};
use crate::http::{redact_url, HttpClient, HttpRequest, HttpResponse};
use crate::secret::Secret;
use crate::wait::status::{wait_for_status, Observed};
use crate::wait::Deadline;

/// The public Cloud API.
pub const DEFAULT_API_URL: &str = "https://api.ionos.com/cloudapi/v6";
/// The path every Cloud API v6 base ends in.
const API_PATH: &str = "/cloudapi/v6";

/// How the SDK proves who it is to IONOS.
#[derive(Clone)]
pub enum IonosAuth {
    /// `Authorization: Bearer <token>` (`IONOS_TOKEN`).
    Token(Secret),
    /// `Authorization: Basic base64(user:password)`.
    Basic {
        /// The user (an e-mail address).
        username: String,
        /// The password.
        password: Secret,
    },
}

impl std::fmt::Debug for IonosAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IonosAuth::Token(_) => f.write_str("Token(..)"),
            IonosAuth::Basic { username, .. } => write!(f, "Basic({username})"),
        }
    }
}

impl IonosAuth {
    fn header(&self) -> String {
        use base64::Engine as _;
        match self {
            IonosAuth::Token(token) => format!("Bearer {}", token.expose()),
            IonosAuth::Basic { username, password } => format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD
                    .encode(format!("{username}:{}", password.expose()))
            ),
        }
    }
}

/// What a change request was answered with: the object as IONOS echoed it, and where to
/// follow the request.
#[derive(Debug)]
pub struct Accepted {
    /// The body (the object with `metadata.state` `BUSY`; empty for deletes).
    pub body: Value,
    /// The request-status URL from `Location`, when IONOS sent one.
    pub status_url: Option<Url>,
}

impl Accepted {
    /// The id of the object the change made (`what` names it in the error when IONOS sent
    /// none).
    pub fn id(&self, what: &str) -> Result<String> {
        self.body["id"].as_str().map(String::from).ok_or_else(|| {
            Error::new(
                ErrorKind::Api,
                format!("IONOS answered without a {what} id"),
            )
        })
    }
}

#[derive(Deserialize)]
struct RequestStatus {
    metadata: RequestStatusMetadata,
}

#[derive(Deserialize)]
struct RequestStatusMetadata {
    #[serde(default)]
    status: String,
    #[serde(default)]
    message: Option<String>,
}

/// An authenticated Cloud API client scoped to one data center.
#[derive(Debug)]
pub struct IonosClient {
    http: HttpClient,
    base: Url,
    auth: IonosAuth,
    datacenter_id: String,
    /// Set once the data center is known to exist (checked at the first 404 beneath it).
    datacenter_seen: tokio::sync::OnceCell<()>,
}

impl IonosClient {
    /// A client for `api_url` (the SDKs' rule: `/cloudapi/v6` is appended when missing).
    pub fn new(
        http: HttpClient,
        api_url: &str,
        auth: IonosAuth,
        datacenter_id: String,
    ) -> Result<Self> {
        let trimmed = api_url.trim_end_matches('/');
        let full = if trimmed.ends_with(API_PATH) {
            trimmed.to_string()
        } else {
            format!("{trimmed}{API_PATH}")
        };
        let base = Url::parse(&full).map_err(|e| {
            Error::invalid_field("endpoint", format!("{api_url:?} is not a URL: {e}"))
        })?;
        Ok(IonosClient {
            http,
            base,
            auth,
            datacenter_id,
            datacenter_seen: tokio::sync::OnceCell::new(),
        })
    }

    /// `/datacenters/{dc}{rest}`.
    pub fn dc(&self, rest: &str) -> String {
        format!("/datacenters/{}{rest}", self.datacenter_id)
    }

    /// Where the ids of its objects are unique: the API and the data center (LAN ids are
    /// small numbers within it).
    pub fn scope(&self) -> String {
        format!("{}{}", self.base, self.dc(""))
    }

    /// The data center in use.
    pub fn datacenter_id(&self) -> &str {
        &self.datacenter_id
    }

    fn url(&self, path: &str) -> Result<Url> {
        Url::parse(&format!(
            "{}{path}",
            self.base.as_str().trim_end_matches('/')
        ))
        .map_err(|e| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("cannot build an IONOS URL for {path:?}: {e}"),
            )
        })
    }

    /// A request with the credentials and the JSON `Accept` header.
    fn request(&self, method: Method, url: Url) -> Result<HttpRequest> {
        HttpRequest::new(method, url)
            .header("Authorization", &self.auth.header())?
            .header("Accept", "application/json")
    }

    async fn send_to(
        &self,
        method: Method,
        url: Url,
        body: Option<&Value>,
    ) -> Result<HttpResponse> {
        let beneath_datacenter = self.beneath_datacenter(url.path());
        let mut request = self.request(method, url)?;
        if let Some(body) = body {
            request = request.json(body)?;
        }
        let result = self
            .http
            .send(&request)
            .await?
            .error_for_status(parse_error);
        match result {
            Err(error) if error.kind() == ErrorKind::Unauthorized => Err(error.context(
                "IONOS rejected the credentials (the token, or the user name and password)",
            )),
            Err(error) if error.is_not_found() && beneath_datacenter => {
                self.check_datacenter().await?;
                Err(error)
            }
            other => other,
        }
    }

    /// Whether `path` is beneath the data center (not the data center itself).
    fn beneath_datacenter(&self, path: &str) -> bool {
        let prefix = format!("{}{}/", self.base.path().trim_end_matches('/'), self.dc(""));
        path.starts_with(&prefix)
    }

    /// Makes sure a 404 beneath the data center means the object is gone, not that the data
    /// center is missing (which would make every object look deleted): the first time, the
    /// data center is read; if it does not exist, that is the error, naming the setting.
    async fn check_datacenter(&self) -> Result<()> {
        self.datacenter_seen
            .get_or_try_init(|| async {
                let url = self.url(&format!("{}?depth=0", self.dc("")))?;
                let request = self.request(Method::GET, url)?;
                match self
                    .http
                    .send(&request)
                    .await?
                    .error_for_status(parse_error)
                {
                    Ok(_) => Ok(()),
                    Err(error) if error.is_not_found() => Err(Error::invalid_field(
                        "ionos.datacenter_id",
                        format!(
                            "IONOS data center {} does not exist, or these credentials cannot \
                             see it: check `datacenter_id` in the ionos block or \
                             IONOS_DATACENTER_ID",
                            self.datacenter_id
                        ),
                    )),
                    Err(error) => Err(error),
                }
            })
            .await
            .map(|_| ())
    }

    /// `GET path` decoded.
    pub async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.send_to(Method::GET, self.url(path)?, None)
            .await?
            .json()
    }

    /// A change: `method path` with an optional body, answered 202 with a request to follow.
    pub async fn change(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Accepted> {
        let response = self.send_to(method, self.url(path)?, body).await?;
        let status_url = response
            .header("location")
            .map(|location| self.same_origin(location))
            .transpose()?;
        let body = if response.body.is_empty() {
            Value::Null
        } else {
            response.json()?
        };
        Ok(Accepted { body, status_url })
    }

    /// The `Location` URL, refused unless it points at the API the client talks to: the
    /// credentials go with every poll.
    fn same_origin(&self, location: &str) -> Result<Url> {
        let url = self.base.join(location).map_err(|e| {
            Error::new(
                ErrorKind::Api,
                format!("IONOS sent an unusable Location {location:?}: {e}"),
            )
        })?;
        if url.origin() != self.base.origin() {
            return Err(Error::new(
                ErrorKind::Api,
                format!(
                    "IONOS sent a Location on another host ({}); not following it with the credentials",
                    redact_url(&url)
                ),
            ));
        }
        Ok(url)
    }

    /// Follows a change until its request is `DONE`; `FAILED` is an error with IONOS's message
    /// that names `subject` (the object the request works on).
    pub async fn wait(
        &self,
        accepted: &Accepted,
        what: &str,
        subject: &str,
        deadline: Deadline,
    ) -> Result<()> {
        let Some(url) = &accepted.status_url else {
            // Nothing to follow: IONOS applied the change at once.
            return Ok(());
        };
        wait_for_status(what, subject, deadline, &["DONE"], &["FAILED"], || async {
            let status: RequestStatus =
                self.send_to(Method::GET, url.clone(), None).await?.json()?;
            Ok(Observed {
                status: status.metadata.status,
                fault: status.metadata.message,
            })
        })
        .await
    }

    /// A DELETE followed until its request is done.
    pub async fn delete_and_wait(
        &self,
        path: &str,
        what: &str,
        subject: &str,
        deadline: Deadline,
    ) -> Result<()> {
        self.change_and_wait(Method::DELETE, path, None, what, subject, deadline)
            .await
            .map(|_| ())
    }

    /// `change` then `wait`.
    pub async fn change_and_wait(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
        what: &str,
        subject: &str,
        deadline: Deadline,
    ) -> Result<Accepted> {
        let accepted = self.change(method, path, body).await?;
        self.wait(&accepted, what, subject, deadline).await?;
        Ok(accepted)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::RetryPolicy;

    fn client(url: &str) -> IonosClient {
        IonosClient::new(
            HttpClient::new(RetryPolicy::default()).unwrap(),
            url,
            IonosAuth::Token(Secret::new("t".to_string())),
            "dc1".into(),
        )
        .unwrap()
    }

    #[test]
    fn the_api_path_is_added_once() {
        assert_eq!(
            client("https://api.ionos.com").base.as_str(),
            "https://api.ionos.com/cloudapi/v6"
        );
        assert_eq!(
            client("http://127.0.0.1:9/ionos/cloudapi/v6/")
                .base
                .as_str(),
            "http://127.0.0.1:9/ionos/cloudapi/v6"
        );
        assert_eq!(client("https://x").dc("/lans"), "/datacenters/dc1/lans");
    }

    #[test]
    fn locations_elsewhere_are_refused() {
        let c = client("https://api.ionos.com");
        assert!(c
            .same_origin("https://api.ionos.com/cloudapi/v6/requests/r1/status")
            .is_ok());
        assert!(c.same_origin("/cloudapi/v6/requests/r1/status").is_ok());
        assert!(c
            .same_origin("https://evil.example/requests/r1/status")
            .is_err());
    }

    #[test]
    fn basic_auth_is_encoded_and_never_debug_printed() {
        let auth = IonosAuth::Basic {
            username: "u@example.com".into(),
            password: Secret::new("pw".to_string()),
        };
        assert_eq!(auth.header(), "Basic dUBleGFtcGxlLmNvbTpwdw==");
        assert!(!format!("{auth:?}").contains("pw"));
    }
}
