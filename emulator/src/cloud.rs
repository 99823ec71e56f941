//! The emulated clouds and the path prefix each one is served under.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};

use crate::openstack::profile::{self, Profile};

/// A cloud the emulator serves; every one has its own OpenStack world.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Cloud {
    /// plusserver pluscloud open (stock OpenStack), under `/plusserver`.
    #[default]
    Plusserver,
    /// Open Telekom Cloud (OpenStack plus OTC's native APIs), under `/otc`.
    Otc,
}

impl Cloud {
    /// Every emulated cloud.
    pub const ALL: [Cloud; 2] = [Cloud::Plusserver, Cloud::Otc];

    /// The cloud's name, as in URLs, the inventory and `sovereign-emulator env`.
    pub fn name(self) -> &'static str {
        match self {
            Cloud::Plusserver => "plusserver",
            Cloud::Otc => "otc",
        }
    }

    /// The path prefix every route of the cloud starts with (`/plusserver`).
    pub fn prefix(self) -> &'static str {
        match self {
            Cloud::Plusserver => "/plusserver",
            Cloud::Otc => "/otc",
        }
    }

    /// The prefix of one service of the cloud, e.g. `/plusserver/network`.
    pub fn service(self, service: &str) -> String {
        format!("{}/{service}", self.prefix())
    }

    /// Prefix of Neutron (the catalog's `network` endpoint).
    pub fn network(self) -> String {
        self.service("network")
    }

    /// Prefix of Nova (the catalog's `compute` endpoint is this plus `/v2.1`).
    pub fn compute(self) -> String {
        self.service("compute")
    }

    /// Prefix of Cinder (the catalog's `volumev3` endpoint is this plus `/v3/{project_id}`).
    pub fn volume(self) -> String {
        self.service("volume")
    }

    /// Prefix of Glance (the catalog's `image` endpoint).
    pub fn image(self) -> String {
        self.service("image")
    }

    /// Identity, region and seed data of the cloud.
    pub fn profile(self) -> &'static Profile {
        match self {
            Cloud::Plusserver => &profile::PLUSSERVER,
            Cloud::Otc => &profile::OTC,
        }
    }

    /// The cloud a path belongs to, by its first segment.
    pub fn of_path(path: &str) -> Option<Cloud> {
        Cloud::ALL.into_iter().find(|c| {
            path.strip_prefix(c.prefix())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}

/// Handlers learn which cloud a request is for from the extension each cloud's router adds.
impl<S: Send + Sync> FromRequestParts<S> for Cloud {
    type Rejection = (StatusCode, &'static str);

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Cloud>().copied().ok_or((
            StatusCode::INTERNAL_SERVER_ERROR,
            "route is not bound to a cloud",
        ))
    }
}
