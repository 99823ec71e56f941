//! Keystone v3 at `/plusserver`: version discovery and `/v3/auth/tokens`.

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use super::errors::KeystoneError;
use super::identity::{self, AppCredentialRef, ProjectRef, Token, UserRef};
use super::{BaseUrl, COMPUTE_PREFIX, IMAGE_PREFIX, NETWORK_PREFIX, PREFIX, VOLUME_PREFIX};
use crate::app::App;
use crate::clock;
use crate::defaults;

const IDENTITY_SERVICE_ID: &str = "4c3f1b2a9d8e4f6a8b7c6d5e4f3a2b1c";
const NETWORK_SERVICE_ID: &str = "7d6e5f4a3b2c4d1e9f8a7b6c5d4e3f2a";
const IMAGE_SERVICE_ID: &str = "1a2b3c4d5e6f4a7b8c9d0e1f2a3b4c5d";
const COMPUTE_SERVICE_ID: &str = "2b3c4d5e6f7a4b8c9d0e1f2a3b4c5d6e";
const VOLUMEV3_SERVICE_ID: &str = "3c4d5e6f7a8b4c9d0e1f2a3b4c5d6e7f";
const BLOCK_STORAGE_SERVICE_ID: &str = "4d5e6f7a8b9c4d0e1f2a3b4c5d6e7f8a";
const ROLES: [(&str, &str); 2] = [
    ("e1f2a3b4c5d64e7f8a9b0c1d2e3f4a5b", "member"),
    ("f2a3b4c5d6e74f8a9b0c1d2e3f4a5b6c", "reader"),
];

/// Keystone routes.
pub(super) fn router() -> Router<App> {
    Router::new()
        .route(PREFIX, get(versions))
        .route(&format!("{PREFIX}/"), get(versions))
        .route(&format!("{PREFIX}/v3"), get(version))
        .route(&format!("{PREFIX}/v3/"), get(version))
        .route(
            &format!("{PREFIX}/v3/auth/tokens"),
            get(validate).post(issue).delete(revoke),
        )
}

fn v3_document(base: &str) -> Value {
    json!({
        "id": "v3.14",
        "status": "stable",
        "updated": "2020-04-07T00:00:00Z",
        "links": [{"rel": "self", "href": format!("{base}{PREFIX}/v3/")}],
        "media-types": [{
            "base": "application/json",
            "type": "application/vnd.openstack.identity-v3+json",
        }],
    })
}

/// `GET /plusserver`: 300 Multiple Choices with the version list, like Keystone's root.
async fn versions(BaseUrl(base): BaseUrl) -> Response {
    let body = json!({"versions": {"values": [v3_document(&base)]}});
    (StatusCode::MULTIPLE_CHOICES, Json(body)).into_response()
}

/// `GET /plusserver/v3`: the v3 version document.
async fn version(BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({"version": v3_document(&base)}))
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

/// The project a password or token authentication is scoped to; no scope means the default project.
fn requested_project(scope: Option<&Value>) -> Result<Option<String>, KeystoneError> {
    match scope {
        None | Some(Value::Null) => Ok(Some(defaults::PROJECT_ID.to_string())),
        Some(Value::String(s)) if s == "unscoped" => Ok(None),
        Some(scope) => {
            let project = scope
                .get("project")
                .ok_or_else(KeystoneError::unauthorized)?;
            let project: ProjectRef = serde_json::from_value(project.clone()).map_err(|e| {
                KeystoneError::bad_request(format!("Invalid input for field 'scope': {e}"))
            })?;
            Ok(Some(identity::resolve_project(&project)?.to_string()))
        }
    }
}

/// `POST /plusserver/v3/auth/tokens`: password, application credential or token authentication.
async fn issue(State(app): State<App>, BaseUrl(base): BaseUrl, body: Bytes) -> Response {
    match issue_token(&app, &body) {
        Ok((id, token)) => token_response(StatusCode::CREATED, &id, &token, &base, true),
        Err(e) => e.into_response(),
    }
}

fn issue_token(app: &App, body: &[u8]) -> Result<(String, Token), KeystoneError> {
    let request = parse_auth(body)?;
    let identity = request.auth.identity;
    let has = |m: &str| identity.methods.iter().any(|x| x == m);
    let now = clock::now_ms();
    let (methods, project_id, application_credential_id) = if has("application_credential") {
        let credential = identity
            .application_credential
            .as_ref()
            .ok_or_else(|| missing_method("application_credential"))?;
        let project = identity::check_application_credential(credential)?;
        (
            vec!["application_credential".to_string()],
            Some(project.to_string()),
            Some(defaults::APP_CREDENTIAL_ID.to_string()),
        )
    } else if has("password") {
        let password = identity
            .password
            .as_ref()
            .ok_or_else(|| missing_method("password"))?;
        identity::check_password(&password.user)?;
        let project = requested_project(request.auth.scope.as_ref())?;
        (vec!["password".to_string()], project, None)
    } else if has("token") {
        let presented = identity
            .token
            .as_ref()
            .ok_or_else(|| missing_method("token"))?;
        let old = app
            .read(|state| state.valid_token(&presented.id, now).cloned())
            .ok_or_else(KeystoneError::unauthorized)?;
        let project = match request.auth.scope.as_ref() {
            Some(scope) => requested_project(Some(scope))?,
            None => old.project_id.clone(),
        };
        let mut methods = vec!["token".to_string()];
        methods.extend(old.methods.into_iter().filter(|m| m != "token"));
        (methods, project, old.application_credential_id)
    } else {
        return Err(KeystoneError::unauthorized());
    };
    let token = Token {
        methods,
        project_id,
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

/// Checks `X-Auth-Token` and looks up `X-Subject-Token`.
fn subject(app: &App, headers: &HeaderMap) -> Result<(String, Token), KeystoneError> {
    let now = clock::now_ms();
    let auth = header(headers, "x-auth-token").ok_or_else(KeystoneError::unauthorized)?;
    let subject = header(headers, "x-subject-token")
        .ok_or_else(|| KeystoneError::bad_request("The X-Subject-Token header is required."))?;
    app.read(|state| {
        state
            .valid_token(auth, now)
            .ok_or_else(KeystoneError::unauthorized)?;
        state
            .valid_token(subject, now)
            .cloned()
            .map(|t| (subject.to_string(), t))
            .ok_or_else(|| KeystoneError::not_found(format!("Could not find token: {subject}.")))
    })
}

/// `GET /plusserver/v3/auth/tokens`: validates `X-Subject-Token`.
async fn validate(
    State(app): State<App>,
    BaseUrl(base): BaseUrl,
    Query(query): Query<ValidateQuery>,
    headers: HeaderMap,
) -> Response {
    match subject(&app, &headers) {
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

/// `DELETE /plusserver/v3/auth/tokens`: revokes `X-Subject-Token`.
async fn revoke(State(app): State<App>, headers: HeaderMap) -> Response {
    match subject(&app, &headers) {
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

fn domain() -> Value {
    json!({"id": defaults::DOMAIN_ID, "name": defaults::OS_DOMAIN})
}

fn token_body(token: &Token, base: &str, with_catalog: bool) -> Value {
    let mut body = json!({
        "methods": token.methods,
        "user": {
            "id": defaults::USER_ID,
            "name": defaults::OS_USERNAME,
            "domain": domain(),
            "password_expires_at": null,
        },
        "audit_ids": [token.audit_id],
        "issued_at": clock::iso_micros(token.issued_ms),
        "expires_at": clock::iso_micros(token.expires_ms),
    });
    if token.project_id.is_some() {
        body["project"] = json!({
            "id": defaults::PROJECT_ID,
            "name": defaults::OS_PROJECT_NAME,
            "domain": domain(),
        });
        body["is_domain"] = json!(false);
        body["roles"] = ROLES
            .iter()
            .map(|(id, name)| json!({"id": id, "name": name}))
            .collect();
        if with_catalog {
            body["catalog"] = catalog(base);
        }
    }
    if token.application_credential_id.is_some() {
        body["application_credential"] = json!({
            "id": defaults::APP_CREDENTIAL_ID,
            "name": defaults::APP_CREDENTIAL_NAME,
            "restricted": true,
        });
    }
    json!({"token": body})
}

/// The service catalog; every URL points back at the host the client used.
fn catalog(base: &str) -> Value {
    let volume = format!("{base}{VOLUME_PREFIX}/v3/{}", defaults::PROJECT_ID);
    json!([
        service(
            "identity",
            "keystone",
            IDENTITY_SERVICE_ID,
            &format!("{base}{PREFIX}")
        ),
        service(
            "network",
            "neutron",
            NETWORK_SERVICE_ID,
            &format!("{base}{NETWORK_PREFIX}")
        ),
        service(
            "image",
            "glance",
            IMAGE_SERVICE_ID,
            &format!("{base}{IMAGE_PREFIX}")
        ),
        service(
            "compute",
            "nova",
            COMPUTE_SERVICE_ID,
            &format!("{base}{COMPUTE_PREFIX}/v2.1")
        ),
        service("volumev3", "cinderv3", VOLUMEV3_SERVICE_ID, &volume),
        service(
            "block-storage",
            "cinderv3",
            BLOCK_STORAGE_SERVICE_ID,
            &volume
        ),
    ])
}

fn service(kind: &str, name: &str, id: &str, url: &str) -> Value {
    let endpoints: Vec<Value> = ["public", "internal", "admin"]
        .iter()
        .enumerate()
        .map(|(i, interface)| {
            json!({
                "id": format!("{}{i}", &id[..31]),
                "interface": interface,
                "region": defaults::REGION,
                "region_id": defaults::REGION,
                "url": url,
            })
        })
        .collect();
    json!({"id": id, "type": kind, "name": name, "endpoints": endpoints})
}
