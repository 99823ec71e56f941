//! OTC IAM beside Keystone's tokens: `GET /otc/v3/projects[?name=]`, `/otc/v3/auth/projects`,
//! `/otc/v3/auth/domains` and `/otc/v3/auth/catalog`, which AK/SK clients call at start-up
//! (token callers may use them too, domain-scoped tokens included).

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::catalog;
use crate::openstack::errors::KeystoneError;
use crate::openstack::identity::Signature;
use crate::openstack::BaseUrl;

/// The IAM routes.
pub(super) fn routes(router: Router<App>) -> Router<App> {
    router
        .route("/otc/v3/projects", get(projects))
        .route("/otc/v3/auth/projects", get(projects))
        .route("/otc/v3/auth/domains", get(domains))
        .route("/otc/v3/auth/catalog", get(auth_catalog))
}

/// Who calls: a signed request or any valid OTC token, with its project if it has one.
struct IamCaller {
    project_id: Option<String>,
}

impl FromRequestParts<App> for IamCaller {
    type Rejection = KeystoneError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        if let Some(signature) = parts.extensions.get::<Signature>() {
            return Ok(IamCaller {
                project_id: Some(signature.project_id.clone()),
            });
        }
        let token = parts
            .headers
            .get("x-auth-token")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(KeystoneError::unauthorized)?;
        let now = clock::now_ms();
        app.read(|state| {
            state
                .valid_token(token, now)
                .filter(|t| t.cloud == Cloud::Otc)
                .map(|t| IamCaller {
                    project_id: t.project_id.clone(),
                })
                .ok_or_else(KeystoneError::unauthorized)
        })
    }
}

/// Filters of the project list.
#[derive(Deserialize)]
struct ProjectQuery {
    name: Option<String>,
    domain_id: Option<String>,
}

/// `GET /otc/v3/projects[?name=&domain_id=]`: the one project (`eu-de`) if it matches.
async fn projects(
    _caller: IamCaller,
    BaseUrl(base): BaseUrl,
    Query(query): Query<ProjectQuery>,
) -> Json<Value> {
    let profile = Cloud::Otc.profile();
    let matches = query
        .name
        .as_deref()
        .is_none_or(|n| n == profile.project_name)
        && query
            .domain_id
            .as_deref()
            .is_none_or(|d| d == profile.domain_id);
    let projects: Vec<Value> = matches
        .then(|| {
            json!({
                "id": profile.project_id,
                "name": profile.project_name,
                "domain_id": profile.domain_id,
                "parent_id": profile.domain_id,
                "enabled": true,
                "is_domain": false,
                "description": "",
                "links": {"self": format!("{base}/otc/v3/projects/{}", profile.project_id)},
            })
        })
        .into_iter()
        .collect();
    Json(json!({
        "projects": projects,
        "links": {"self": format!("{base}/otc/v3/projects"), "next": null, "previous": null},
    }))
}

/// `GET /otc/v3/auth/domains`: the account's domain.
async fn domains(_caller: IamCaller, BaseUrl(base): BaseUrl) -> Json<Value> {
    let profile = Cloud::Otc.profile();
    Json(json!({
        "domains": [{
            "id": profile.domain_id,
            "name": profile.domain_name,
            "enabled": true,
            "description": "",
            "links": {"self": format!("{base}/otc/v3/domains/{}", profile.domain_id)},
        }],
        "links": {"self": format!("{base}/otc/v3/auth/domains"), "next": null, "previous": null},
    }))
}

/// `GET /otc/v3/auth/catalog`: the catalog a token of the caller's project would carry.
async fn auth_catalog(caller: IamCaller, BaseUrl(base): BaseUrl) -> Json<Value> {
    Json(json!({
        "catalog": catalog::catalog(Cloud::Otc, &base, caller.project_id.as_deref()),
        "links": {"self": format!("{base}/otc/v3/auth/catalog")},
    }))
}
