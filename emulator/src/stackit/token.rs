//! The service-account token endpoint `POST /stackit/service-account/token` (form body):
//! `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>` with an RS512
//! assertion signed by the seeded key, or `grant_type=refresh_token&refresh_token=...` with a
//! refresh token it issued. Answers `{access_token, refresh_token, expires_in, scope,
//! token_type}`; errors are the service account API's `Error` (400) and `AuthError` (403).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};

use super::jwt::{self, Jwt};
use super::keys;
use crate::app::App;
use crate::clock;
use crate::defaults;

/// Where the token endpoint is served.
pub(crate) const TOKEN_PATH: &str = "/stackit/service-account/token";
/// The grant type of the key flow.
const JWT_BEARER: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
/// How long refresh tokens live (ms).
const REFRESH_TTL_MS: i64 = 24 * 3600 * 1000;

/// 400 `Error{timeStamp, path, status, error, message}`.
fn bad_request(message: impl Into<String>) -> Response {
    let body = json!({
        "timeStamp": clock::iso_seconds(clock::now_ms()),
        "path": TOKEN_PATH,
        "status": 400,
        "error": "Bad Request",
        "message": message.into(),
    });
    (StatusCode::BAD_REQUEST, Json(body)).into_response()
}

/// 403 `AuthError{error{code, message, status}}`.
fn forbidden(message: impl Into<String>) -> Response {
    let body = json!({"error": {"code": 403, "message": message.into(), "status": "Forbidden"}});
    (StatusCode::FORBIDDEN, Json(body)).into_response()
}

/// Why an assertion is refused, if it is.
fn refuse_assertion(assertion: &str, now_s: i64) -> Option<Response> {
    let Some(jwt) = Jwt::parse(assertion) else {
        return Some(bad_request("assertion is not a well-formed JWT"));
    };
    let alg = jwt.header.get("alg").and_then(Value::as_str).unwrap_or("");
    if alg != "RS512" {
        return Some(bad_request(format!(
            "assertion algorithm '{alg}' is not supported, use RS512"
        )));
    }
    let kid = jwt.header.get("kid").and_then(Value::as_str).unwrap_or("");
    if kid != defaults::STACKIT_KEY_ID {
        return Some(bad_request(format!("Key with kid {kid} was not found")));
    }
    if !jwt.verify_rs512(keys::public_key_der()) {
        return Some(forbidden("assertion signature is invalid"));
    }
    let expected = [
        ("iss", defaults::STACKIT_SERVICE_ACCOUNT_EMAIL),
        ("sub", defaults::STACKIT_SERVICE_ACCOUNT_ID),
        ("aud", defaults::STACKIT_KEY_AUDIENCE),
    ];
    for (claim, value) in expected {
        if jwt.claim(claim) != Some(value) {
            return Some(forbidden(format!(
                "assertion claim '{claim}' does not match the key"
            )));
        }
    }
    match jwt.claims.get("exp").and_then(Value::as_i64) {
        Some(exp) if exp > now_s => None,
        Some(_) => Some(forbidden("assertion has expired")),
        None => Some(bad_request("assertion has no 'exp' claim")),
    }
}

/// Issues an access and a refresh token and answers with them.
fn issue(app: &App, now: i64) -> Response {
    let expires = clock::after(now, app.token_ttl());
    let refresh_expires = now.saturating_add(REFRESH_TTL_MS);
    let claims = |exp: i64, kind: &str| {
        json!({
            "iss": "sovereign-emulator",
            "sub": defaults::STACKIT_SERVICE_ACCOUNT_ID,
            "email": defaults::STACKIT_SERVICE_ACCOUNT_EMAIL,
            "token_use": kind,
            "iat": now / 1000,
            "exp": exp / 1000,
            "jti": uuid::Uuid::new_v4().to_string(),
        })
    };
    let access = jwt::sign_hs512(&claims(expires, "access"));
    let refresh = jwt::sign_hs512(&claims(refresh_expires, "refresh"));
    app.mutate(|state| {
        let store = &mut state.stackit;
        store.purge(now);
        store.access_tokens.insert(access.clone(), expires);
        store
            .refresh_tokens
            .insert(refresh.clone(), refresh_expires);
    });
    let expires_in = (app.token_ttl().as_secs()).max(1);
    Json(json!({
        "access_token": access,
        "refresh_token": refresh,
        "expires_in": expires_in,
        "scope": "",
        "token_type": "Bearer",
    }))
    .into_response()
}

/// `POST /stackit/service-account/token`.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Response {
    let form: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(form) => form,
        Err(_) => return bad_request("the body must be application/x-www-form-urlencoded"),
    };
    let field = |name: &str| {
        form.iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    };
    let now = clock::now_ms();
    match field("grant_type") {
        Some(JWT_BEARER) => match field("assertion") {
            None | Some("") => bad_request("assertion is required"),
            Some(assertion) => match refuse_assertion(assertion, now / 1000) {
                Some(refusal) => refusal,
                None => issue(&app, now),
            },
        },
        Some("refresh_token") => {
            let token = field("refresh_token").unwrap_or_default().to_string();
            let known = app.mutate(|state| {
                let tokens = &mut state.stackit.refresh_tokens;
                tokens.remove(&token).is_some_and(|expires| expires > now)
            });
            if known {
                issue(&app, now)
            } else {
                bad_request("refresh_token is invalid or expired")
            }
        }
        Some(other) => bad_request(format!("grant_type '{other}' is not supported")),
        None => bad_request("grant_type is required"),
    }
}
