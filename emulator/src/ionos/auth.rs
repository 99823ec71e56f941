//! Credentials of the IONOS APIs: every route wants `Authorization: Basic base64(user:password)`
//! of the default account or `Authorization: Bearer <token>` with the fixed token or one the
//! Auth API generated (and that has not expired); anything else is 401. An `X-Contract-Number`
//! other than the account's is refused the same way. `GET /ionos/auth/v1/tokens/generate`
//! issues JWT-looking tokens that live `--token-ttl`.

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use rand::Rng;
use serde_json::{json, Value};

use super::errors::IonosError;
use crate::app::App;
use crate::clock;
use crate::defaults;

/// The value of `scheme` in an `Authorization` header (the scheme's case is ignored).
fn credentials<'a>(header: &'a str, scheme: &str) -> Option<&'a str> {
    let (given, value) = header.split_once(' ')?;
    given.eq_ignore_ascii_case(scheme).then(|| value.trim())
}

/// Whether `headers` carry valid credentials of the account.
fn authorized(app: &App, headers: &HeaderMap) -> bool {
    let contract = headers
        .get("x-contract-number")
        .and_then(|v| v.to_str().ok());
    if contract.is_some_and(|c| c.trim() != defaults::IONOS_CONTRACT_NUMBER) {
        return false;
    }
    let Some(header) = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    if let Some(basic) = credentials(header, "Basic") {
        let expected = format!("{}:{}", defaults::IONOS_USERNAME, defaults::IONOS_PASSWORD);
        return STANDARD
            .decode(basic)
            .is_ok_and(|decoded| decoded == expected.as_bytes());
    }
    let Some(token) = credentials(header, "Bearer") else {
        return false;
    };
    let now = clock::now_ms();
    token == defaults::IONOS_TOKEN
        || app.read(|state| {
            state
                .ionos
                .tokens
                .get(token)
                .is_some_and(|expires| *expires > now)
        })
}

/// Middleware on every IONOS route: 401 without valid credentials.
pub(crate) async fn check(State(app): State<App>, request: Request, next: Next) -> Response {
    if authorized(&app, request.headers()) {
        next.run(request).await
    } else {
        IonosError::unauthorized().into_response()
    }
}

/// Base64url of a JSON value.
fn segment(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// `GET /ionos/auth/v1/tokens/generate`: `{"token": "<JWT>"}`, valid for `--token-ttl`.
pub(crate) async fn generate(State(app): State<App>) -> Json<Value> {
    let now = clock::now_ms();
    let expires = clock::after(now, app.token_ttl());
    let header = json!({"typ": "JWT", "kid": uuid::Uuid::new_v4().to_string(), "alg": "RS256"});
    let payload = json!({
        "iss": "sovereign-emulator",
        "sub": defaults::IONOS_USERNAME,
        "iat": now / 1000,
        "exp": expires / 1000,
        "jti": uuid::Uuid::new_v4().to_string(),
        "identity": {
            "contractNumber": defaults::IONOS_CONTRACT_NUMBER.parse::<u64>().unwrap_or_default(),
            "uuid": defaults::IONOS_USER_ID,
            "role": "owner",
        },
    });
    let signature: [u8; 32] = rand::thread_rng().gen();
    let token = format!(
        "{}.{}.{}",
        segment(&header),
        segment(&payload),
        URL_SAFE_NO_PAD.encode(signature)
    );
    app.mutate(|state| state.ionos.tokens.insert(token.clone(), expires));
    Json(json!({ "token": token }))
}
