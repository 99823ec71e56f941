//! Keystone v3 at `<cloud>` (auth at `<cloud>/v3/auth/tokens`): version discovery, tokens and
//! each cloud's service catalog.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::catalog;
use super::errors::KeystoneError;
use super::identity::{self, AppCredentialRef, DomainRef, ProjectRef, Token, UserRef};
use super::profile::Profile;
use super::BaseUrl;
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;

const ROLES: [(&str, &str); 2] = [
    ("e1f2a3b4c5d64e7f8a9b0c1d2e3f4a5b", "member"),
    ("f2a3b4c5d6e74f8a9b0c1d2e3f4a5b6c", "reader"),
];

/// Keystone routes of `cloud`.
pub(super) fn router(cloud: Cloud) -> Router<App> {
    let prefix = cloud.prefix();
    Router::new()
        .route(prefix, get(versions))
        .route(&format!("{prefix}/"), get(versions))
        .route(&format!("{prefix}/v3"), get(version))
        .route(&format!("{prefix}/v3/"), get(version))
        .route(
            &format!("{prefix}/v3/auth/tokens"),
            get(validate).post(issue).delete(revoke),
        )
}

fn v3_document(cloud: Cloud, base: &str) -> Value {
    json!({
        "id": "v3.14",
        "status": "stable",
        "updated": "2020-04-07T00:00:00Z",
        "links": [{"rel": "self", "href": format!("{base}{}/v3/", cloud.prefix())}],
        "media-types": [{
            "base": "application/json",
            "type": "application/vnd.openstack.identity-v3+json",
        }],
    })
}

/// `GET <cloud>`: 300 Multiple Choices with the version list, like Keystone's root.
async fn versions(cloud: Cloud, BaseUrl(base): BaseUrl) -> Response {
    let body = json!({"versions": {"values": [v3_document(cloud, &base)]}});
    (StatusCode::MULTIPLE_CHOICES, Json(body)).into_response()
}

/// `GET <cloud>/v3`: the v3 version document.
async fn version(cloud: Cloud, BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"version": v3_document(cloud, &base)}))
}

#[derive(Deserialize)]
struct AuthRequest {
    auth: Auth,
}

#[derive(Deserialize)]
struct Auth {
    identity: Identity,
    #[serde(default)]
    scope: Option<Value>,
}

#[derive(Deserialize)]
struct Identity {
    methods: Vec<String>,
    #[serde(default)]
    password: Option<PasswordMethod>,
    #[serde(default)]
    application_credential: Option<AppCredentialRef>,
    #[serde(default)]
    token: Option<TokenMethod>,
}

#[derive(Deserialize)]
struct PasswordMethod {
    user: UserRef,
}

#[derive(Deserialize)]
struct TokenMethod {
    id: String,
}

fn parse_auth(body: &[u8]) -> Result<AuthRequest, KeystoneError> {
    serde_json::from_slice(body).map_err(|e| {
        if e.is_syntax() || e.is_eof() {
            KeystoneError::bad_request("Expecting to find valid JSON in request body. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
        } else {
            KeystoneError::bad_request(format!("Invalid input for field 'auth': {e}"))
        }
    })
}

fn missing_method(method: &str) -> KeystoneError {
    KeystoneError::bad_request(format!(
        "Expecting to find {method} in identity. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error."
    ))
}

/// What a token is scoped to.
struct Scope {
    /// The project, if project-scoped.
    project_id: Option<String>,
    /// Whether the token is scoped to the domain.
    domain: bool,
}

impl Scope {
    fn project(id: &str) -> Scope {
        Scope {
            project_id: Some(id.to_string()),
            domain: false,
        }
    }
}

fn invalid_scope(e: serde_json::Error) -> KeystoneError {
    KeystoneError::bad_request(format!("Invalid input for field 'scope': {e}"))
}

/// The scope a password or token authentication asks for; no scope means the default project.
/// A domain scope is only accepted by clouds that have them (OTC).
fn requested_scope(
    profile: &'static Profile,
    scope: Option<&Value>,
) -> Result<Scope, KeystoneError> {
    match scope {
        None | Some(Value::Null) => Ok(Scope::project(profile.project_id)),
        Some(Value::String(s)) if s == "unscoped" => Ok(Scope {
            project_id: None,
            domain: false,
        }),
        Some(scope) => {
            if let Some(project) = scope.get("project") {
                let project: ProjectRef =
                    serde_json::from_value(project.clone()).map_err(invalid_scope)?;
                return Ok(Scope::project(identity::resolve_project(
                    profile, &project,
                )?));
            }
            let domain = scope
                .get("domain")
                .filter(|_| profile.domain_scope)
                .ok_or_else(KeystoneError::unauthorized)?;
            let domain: DomainRef =
                serde_json::from_value(domain.clone()).map_err(invalid_scope)?;
            if domain.is_default_domain(profile) {
                Ok(Scope {
                    project_id: None,
                    domain: true,
                })
            } else {
                Err(KeystoneError::unauthorized())
            }
        }
    }
}

/// `POST <cloud>/v3/auth/tokens`: password, application credential or token authentication.
async fn issue(
    State(app): State<App>,
    cloud: Cloud,
    BaseUrl(base): BaseUrl,
    body: Bytes,
) -> Response {
    match issue_token(&app, cloud, &body) {
        Ok((id, token)) => token_response(StatusCode::CREATED, &id, &token, &base, true),
        Err(e) => e.into_response(),
    }
}

fn issue_token(app: &App, cloud: Cloud, body: &[u8]) -> Result<(String, Token), KeystoneError> {
    let profile = cloud.profile();
    let request = parse_auth(body)?;
    let identity = request.auth.identity;
    let has = |m: &str| identity.methods.iter().any(|x| x == m);
    let now = clock::now_ms();
    let (methods, scope, application_credential_id) = if has("application_credential") {
        let credential = identity
            .application_credential
            .as_ref()
            .ok_or_else(|| missing_method("application_credential"))?;
        let project = identity::check_application_credential(profile, credential)?;
        (
            vec!["application_credential".to_string()],
            Scope::project(project),
            profile.app_credential.as_ref().map(|c| c.id.to_string()),
        )
    } else if has("password") {
        let password = identity
            .password
            .as_ref()
            .ok_or_else(|| missing_method("password"))?;
        identity::check_password(profile, &password.user)?;
        let scope = requested_scope(profile, request.auth.scope.as_ref())?;
        (vec!["password".to_string()], scope, None)
    } else if has("token") {
        let presented = identity
            .token
            .as_ref()
            .ok_or_else(|| missing_method("token"))?;
        let old = app
            .read(|state| state.valid_token(&presented.id, now).cloned())
            .filter(|t| t.cloud == cloud)
            .ok_or_else(KeystoneError::unauthorized)?;
        let scope = match request.auth.scope.as_ref() {
            Some(scope) => requested_scope(profile, Some(scope))?,
            None => Scope {
                project_id: old.project_id.clone(),
                domain: old.domain_scoped,
            },
        };
        let mut methods = vec!["token".to_string()];
        methods.extend(old.methods.into_iter().filter(|m| m != "token"));
        (methods, scope, old.application_credential_id)
    } else {
        return Err(KeystoneError::unauthorized());
    };
    let token = Token {
        cloud,
        methods,
        project_id: scope.project_id,
        domain_scoped: scope.domain,
        application_credential_id,
        audit_id: uuid::Uuid::new_v4().simple().to_string()[..22].to_string(),
        issued_ms: now,
        expires_ms: clock::after(now, app.token_ttl()),
    };
    let id = format!(
        "gAAAAA{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    app.mutate(|state| {
        state.tokens.retain(|_, t| t.expires_ms > now);
        state.tokens.insert(id.clone(), token.clone());
    });
    Ok((id, token))
}

#[derive(Deserialize)]
struct ValidateQuery {
    nocatalog: Option<String>,
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// Checks `X-Auth-Token` and looks up `X-Subject-Token` (both issued by `cloud`).
fn subject(app: &App, cloud: Cloud, headers: &HeaderMap) -> Result<(String, Token), KeystoneError> {
    let now = clock::now_ms();
    let auth = header(headers, "x-auth-token").ok_or_else(KeystoneError::unauthorized)?;
    let subject = header(headers, "x-subject-token")
        .ok_or_else(|| KeystoneError::bad_request("The X-Subject-Token header is required."))?;
    app.read(|state| {
        state
            .valid_token(auth, now)
            .filter(|t| t.cloud == cloud)
            .ok_or_else(KeystoneError::unauthorized)?;
        state
            .valid_token(subject, now)
            .filter(|t| t.cloud == cloud)
            .cloned()
            .map(|t| (subject.to_string(), t))
            .ok_or_else(|| KeystoneError::not_found(format!("Could not find token: {subject}.")))
    })
}

/// `GET <cloud>/v3/auth/tokens`: validates `X-Subject-Token`.
async fn validate(
    State(app): State<App>,
    cloud: Cloud,
    BaseUrl(base): BaseUrl,
    Query(query): Query<ValidateQuery>,
    headers: HeaderMap,
) -> Response {
    match subject(&app, cloud, &headers) {
        Ok((id, token)) => token_response(
            StatusCode::OK,
            &id,
            &token,
            &base,
            query.nocatalog.is_none(),
        ),
        Err(e) => e.into_response(),
    }
}

/// `DELETE <cloud>/v3/auth/tokens`: revokes `X-Subject-Token`.
async fn revoke(State(app): State<App>, cloud: Cloud, headers: HeaderMap) -> Response {
    match subject(&app, cloud, &headers) {
        Ok((id, _)) => {
            app.mutate(|state| state.tokens.remove(&id));
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => e.into_response(),
    }
}

fn token_response(
    status: StatusCode,
    id: &str,
    token: &Token,
    base: &str,
    with_catalog: bool,
) -> Response {
    let mut response = (status, Json(token_body(token, base, with_catalog))).into_response();
    if let Ok(value) = HeaderValue::from_str(id) {
        response.headers_mut().insert("x-subject-token", value);
    }
    response
}

fn domain(profile: &Profile) -> Value {
    json!({"id": profile.domain_id, "name": profile.domain_name})
}

fn token_body(token: &Token, base: &str, with_catalog: bool) -> Value {
    let cloud = token.cloud;
    let profile = cloud.profile();
    let mut body = json!({
        "methods": token.methods,
        "user": {
            "id": profile.user_id,
            "name": profile.user_name,
            "domain": domain(profile),
            "password_expires_at": null,
        },
        "audit_ids": [token.audit_id],
        "issued_at": clock::iso_micros(token.issued_ms),
        "expires_at": clock::iso_micros(token.expires_ms),
    });
    if token.project_id.is_some() {
        body["project"] = json!({
            "id": profile.project_id,
            "name": profile.project_name,
            "domain": domain(profile),
        });
        body["is_domain"] = json!(false);
    }
    if token.domain_scoped {
        body["domain"] = domain(profile);
    }
    if token.project_id.is_some() || token.domain_scoped {
        body["roles"] = ROLES
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name}))
            .collect();
        if with_catalog {
            body["catalog"] = catalog::catalog(cloud, base, token.project_id.as_deref());
        }
    }
    if let (Some(_), Some(credential)) = (&token.application_credential_id, &profile.app_credential)
    {
        body["application_credential"] = json!({
            "id": credential.id,
            "name": credential.name,
            "restricted": true,
        });
    }
    json!({"token": body})
}
