//! The emulated identity directory (one domain, user, project and application
//! credential from [`crate::defaults`]), issued tokens, and token checking for service routes.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use serde::{Deserialize, Serialize};

use super::errors::KeystoneError;
use crate::app::App;
use crate::clock;
use crate::defaults;
use crate::state::State;

/// An issued Keystone token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Token {
    /// Authentication methods that produced the token.
    pub methods: Vec<String>,
    /// Project the token is scoped to; `None` for unscoped tokens.
    pub project_id: Option<String>,
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
    fn is_default_domain(&self) -> bool {
        match (&self.id, &self.name) {
            (Some(id), _) => id == defaults::DOMAIN_ID,
            (None, Some(name)) => name == defaults::OS_DOMAIN,
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
pub(crate) fn check_password(user: &UserRef) -> Result<(), KeystoneError> {
    identify_user(user)?;
    if user.password.as_deref() == Some(defaults::OS_PASSWORD) {
        Ok(())
    } else {
        Err(KeystoneError::unauthorized())
    }
}

fn identify_user(user: &UserRef) -> Result<(), KeystoneError> {
    let known = match (&user.id, &user.name) {
        (Some(id), _) => id == defaults::USER_ID,
        (None, Some(name)) => {
            let domain = user.domain.as_ref().ok_or_else(|| {
                KeystoneError::bad_request("Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.")
            })?;
            name == defaults::OS_USERNAME && domain.is_default_domain()
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
    credential: &AppCredentialRef,
) -> Result<&'static str, KeystoneError> {
    let known = match (&credential.id, &credential.name) {
        (Some(id), _) => id == defaults::APP_CREDENTIAL_ID,
        (None, Some(name)) => {
            let user = credential.user.as_ref().ok_or_else(|| {
                KeystoneError::bad_request(
                    "Could not find user for application credential: a user id or name and domain is required with an application credential name.",
                )
            })?;
            identify_user(user)?;
            name == defaults::APP_CREDENTIAL_NAME
        }
        (None, None) => false,
    };
    if known && credential.secret == defaults::APP_CREDENTIAL_SECRET {
        Ok(defaults::PROJECT_ID)
    } else {
        Err(KeystoneError::unauthorized())
    }
}

/// Resolves a project scope; only the default project exists.
pub(crate) fn resolve_project(project: &ProjectRef) -> Result<&'static str, KeystoneError> {
    let known = match (&project.id, &project.name) {
        (Some(id), _) => id == defaults::PROJECT_ID,
        (None, Some(name)) => {
            name == defaults::OS_PROJECT_NAME
                && project
                    .domain
                    .as_ref()
                    .is_some_and(|d| d.is_default_domain())
        }
        (None, None) => false,
    };
    if known {
        Ok(defaults::PROJECT_ID)
    } else {
        Err(KeystoneError::unauthorized())
    }
}

/// The project-scoped caller of a service API, taken from a valid `X-Auth-Token`.
pub(crate) struct Caller {
    /// Project the caller's token is scoped to.
    pub project_id: String,
}

impl FromRequestParts<App> for Caller {
    type Rejection = KeystoneError;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let token_id = parts
            .headers
            .get("x-auth-token")
            .and_then(|v| v.to_str().ok())
            .ok_or_else(KeystoneError::unauthorized)?;
        let now = clock::now_ms();
        app.read(|state| {
            state
                .valid_token(token_id, now)
                .and_then(|t| t.project_id.clone())
                .map(|project_id| Caller { project_id })
                .ok_or_else(KeystoneError::unauthorized)
        })
    }
}
