//! Credentials of the IaaS API: every route wants `Authorization: Bearer <token>` with the
//! seeded static token or an access token the token endpoint issued and that has not expired
//! (else 401); a path naming another project is 404 `project not found`, another region 404
//! `region not found`.

use axum::extract::{Request, State};
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::errors::StackitError;
use crate::app::App;
use crate::clock;
use crate::defaults;

/// The Bearer token of a request, if any.
fn bearer(request: &Request) -> Option<&str> {
    let header = request.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = header.split_once(' ')?;
    scheme.eq_ignore_ascii_case("Bearer").then(|| token.trim())
}

/// Whether `token` is the static token or a live issued access token.
fn valid(app: &App, token: &str) -> bool {
    let now = clock::now_ms();
    token == defaults::STACKIT_SERVICE_ACCOUNT_TOKEN
        || app.read(|state| {
            state
                .stackit
                .access_tokens
                .get(token)
                .is_some_and(|expires| *expires > now)
        })
}

/// The 404 for a path under another project or region, if it is one.
fn scope_error(path: &str) -> Option<StackitError> {
    let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
    let after = |name: &str| {
        segments
            .iter()
            .position(|s| *s == name)
            .and_then(|i| segments.get(i + 1))
    };
    if after("projects").is_some_and(|p| *p != defaults::STACKIT_PROJECT_ID) {
        return Some(StackitError::not_found("project"));
    }
    if after("regions").is_some_and(|r| *r != defaults::STACKIT_REGION) {
        return Some(StackitError::not_found("region"));
    }
    None
}

/// Middleware on every IaaS route: 401 without a valid token, 404 for another project or
/// region.
pub(crate) async fn check(State(app): State<App>, request: Request, next: Next) -> Response {
    if !bearer(&request).is_some_and(|token| valid(&app, token)) {
        return StackitError::unauthorized().into_response();
    }
    if let Some(error) = scope_error(request.uri().path()) {
        return error.into_response();
    }
    next.run(request).await
}
