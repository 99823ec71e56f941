//! The emulated identity directory of each cloud (one domain, user, project and maybe
//! application credential, from its [`Profile`]), issued tokens, and token checking for
//! service routes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use super::errors::KeystoneError;
use super::profile::Profile;
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::state::State;

/// An issued Keystone token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Token {
    /// The cloud whose Keystone issued the token; no other cloud accepts it.
    #[serde(default)]
    pub cloud: Cloud,
    /// Authentication methods that produced the token.
    pub methods: Vec<String>,
    /// Project the token is scoped to; `None` for unscoped and domain-scoped tokens.
    pub project_id: Option<String>,
    /// Whether the token is scoped to the cloud's domain.
    #[serde(default)]
    pub domain_scoped: bool,
    /// Id of the application credential used, if any.
    pub application_credential_id: Option<String>,
    /// Audit id shown in the token body.
    pub audit_id: String,
    /// Issue time (unix ms).
    pub issued_ms: i64,
    /// Expiry time (unix ms).
    pub expires_ms: i64,
}

impl State {
    /// The token with this id if it exists and has not expired.
    pub fn valid_token(&self, id: &str, now: i64) -> Option<&Token> {
        self.tokens.get(id).filter(|t| t.expires_ms > now)
    }
}

/// A reference to a domain by id or name, as in auth requests.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct DomainRef {
    id: Option<String>,
    name: Option<String>,
}

impl DomainRef {
    /// Whether this names the cloud's one domain.
    pub fn is_default_domain(&self, profile: &Profile) -> bool {
        match (&self.id, &self.name) {
            (Some(id), _) => id == profile.domain_id,
            (None, Some(name)) => name == profile.domain_name,
            (None, None) => false,
        }
    }
}

/// A reference to a user by id, or by name plus domain.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct UserRef {
    id: Option<String>,
    name: Option<String>,
    domain: Option<DomainRef>,
    password: Option<String>,
}

/// A reference to a project by id, or by name plus domain.
#[derive(Debug, Default, Deserialize)]
pub(crate) struct ProjectRef {
    id: Option<String>,
    name: Option<String>,
    domain: Option<DomainRef>,
}

/// The `application_credential` auth method.
#[derive(Debug, Deserialize)]
pub(crate) struct AppCredentialRef {
    id: Option<String>,
    name: Option<String>,
    user: Option<UserRef>,
    secret: String,
}

/// Checks a user reference (and its password) against the directory.
pub(crate) fn check_password(profile: &Profile, user: &UserRef) -> Result<(), KeystoneError> {
    identify_user(profile, user)?;
    if user.password.as_deref() == Some(profile.password) {
        Ok(())
    } else {
        Err(KeystoneError::unauthorized())
    }
}

fn identify_user(profile: &Profile, user: &UserRef) -> Result<(), KeystoneError> {
    let known = match (&user.id, &user.name) {
        (Some(id), _) => id == profile.user_id,
        (None, Some(name)) => {
            let domain = user.domain.as_ref().ok_or_else(|| {
                KeystoneError::bad_request("Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
            })?;
            name == profile.user_name && domain.is_default_domain(profile)
        }
        (None, None) => {
            return Err(KeystoneError::bad_request(
                "Expecting to find id or name in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.",
            ))
        }
    };
    if known {
        Ok(())
    } else {
        Err(KeystoneError::unauthorized())
    }
}

/// Checks an application credential; returns the project it is bound to.
pub(crate) fn check_application_credential(
    profile: &'static Profile,
    credential: &AppCredentialRef,
) -> Result<&'static str, KeystoneError> {
    let own = profile
        .app_credential
        .as_ref()
        .ok_or_else(KeystoneError::unauthorized)?;
    let known = match (&credential.id, &credential.name) {
        (Some(id), _) => id == own.id,
        (None, Some(name)) => {
            let user = credential.user.as_ref().ok_or_else(|| {
                KeystoneError::bad_request(
                    "Could not find user for application credential: a user id or name and domain is required with an application credential name.",
                )
            })?;
            identify_user(profile, user)?;
            name == own.name
        }
        (None, None) => false,
    };
    if known && credential.secret == own.secret {
        Ok(profile.project_id)
    } else {
        Err(KeystoneError::unauthorized())
    }
}

/// Resolves a project scope; only the cloud's one project exists.
pub(crate) fn resolve_project(
    profile: &'static Profile,
    project: &ProjectRef,
) -> Result<&'static str, KeystoneError> {
    let known = match (&project.id, &project.name) {
        (Some(id), _) => id == profile.project_id,
        (None, Some(name)) => {
            name == profile.project_name
                && project
                    .domain
                    .as_ref()
                    .is_some_and(|d| d.is_default_domain(profile))
        }
        (None, None) => false,
    };
    if known {
        Ok(profile.project_id)
    } else {
        Err(KeystoneError::unauthorized())
    }
}

/// A request whose AK/SK signature OTC's signing layer verified, acting in `project_id`.
#[derive(Clone, Debug)]
pub(crate) struct Signature {
    /// The project named by `X-Project-Id` (the default project if none).
    pub project_id: String,
}

/// The project-scoped caller of one cloud's service API, taken from a valid `X-Auth-Token`
/// issued by that cloud (or, on OTC, from a verified AK/SK signature).
pub(crate) struct Caller {
    /// The cloud the request is for.
    pub cloud: Cloud,
    /// Project the caller acts in.
    pub project_id: String,
}

impl FromRequestParts<App> for Caller {
    type Rejection = KeystoneError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let cloud = parts
            .extensions
            .get::<Cloud>()
            .copied()
            .ok_or_else(KeystoneError::unauthorized)?;
        if let Some(signature) = parts.extensions.get::<Signature>() {
            return Ok(Caller {
                cloud,
                project_id: signature.project_id.clone(),
            });
        }
        let token_id = parts
            .headers
            .get("x-auth-token")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(KeystoneError::unauthorized)?;
        let now = clock::now_ms();
        app.read(|state| {
            state
                .valid_token(token_id, now)
                .filter(|t| t.cloud == cloud)
                .and_then(|t| t.project_id.clone())
                .map(|project_id| Caller { cloud, project_id })
                .ok_or_else(KeystoneError::unauthorized)
        })
    }
}
