//! API microversions of Nova and Cinder: the request headers that pick one, the response
//! headers that echo the version used, the version document and the versioned caller.

use axum::extract::{FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use super::errors::Fault;
use super::identity::Caller;
use crate::app::App;
use crate::cloud::Cloud;

/// A negotiated `major.minor` version.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Microversion {
    major: u16,
    minor: u16,
}

impl Microversion {
    /// Whether this is `major.minor` or newer.
    pub fn at_least(self, major: u16, minor: u16) -> bool {
        self >= Microversion { major, minor }
    }
}

impl std::fmt::Display for Microversion {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

/// The versions one service supports and the headers it reads.
pub(crate) struct Versions {
    /// Service name in `OpenStack-API-Version` (`compute`, `volume`).
    pub service: &'static str,
    /// Legacy header naming only the version (`X-OpenStack-Nova-API-Version`), if any.
    pub legacy_header: Option<&'static str>,
    /// Oldest supported version (also the default).
    pub min: Microversion,
    /// Newest supported version.
    pub max: Microversion,
    /// Id of the major version in the version document (`v2.1`, `v3.0`).
    pub id: &'static str,
    /// `updated` of the version document.
    pub updated: &'static str,
    /// Media type of the version document.
    pub media_type: &'static str,
}

/// Nova: 2.1 to 2.96.
pub(crate) const COMPUTE: Versions = Versions {
    service: "compute",
    legacy_header: Some("x-openstack-nova-api-version"),
    min: Microversion { major: 2, minor: 1 },
    max: Microversion {
        major: 2,
        minor: 96,
    },
    id: "v2.1",
    updated: "2013-07-23T11:33:21Z",
    media_type: "application/vnd.openstack.compute+json;version=2.1",
};

/// Cinder: 3.0 to 3.71.
pub(crate) const VOLUME: Versions = Versions {
    service: "volume",
    legacy_header: None,
    min: Microversion { major: 3, minor: 0 },
    max: Microversion {
        major: 3,
        minor: 71,
    },
    id: "v3.0",
    updated: "2023-08-31T00:00:00Z",
    media_type: "application/vnd.openstack.volume+json;version=3",
};

impl Versions {
    /// The document of the service's current major version, whose `self` link is `href`.
    pub fn document(&self, href: String) -> Value {
        json!({
            "id": self.id,
            "status": "CURRENT",
            "version": self.max.to_string(),
            "min_version": self.min.to_string(),
            "updated": self.updated,
            "links": [{"rel": "self", "href": href}],
            "media-types": [{
                "base": "application/json",
                "type": self.media_type,
            }],
        })
    }

    /// The version text the client asked for, if any.
    fn requested<'a>(&self, headers: &'a HeaderMap) -> Option<&'a str> {
        let generic = headers
            .get_all("openstack-api-version")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .find_map(|entry| {
                let mut words = entry.split_whitespace();
                (words.next()? == self.service)
                    .then(|| words.next())
                    .flatten()
            });
        generic.or_else(|| {
            self.legacy_header
                .and_then(|h| headers.get(h))
                .and_then(|v| v.to_str().ok())
                .map(str::trim)
        })
    }

    /// The version a request uses: the one asked for, `latest`, or the minimum.
    fn negotiate(&self, headers: &HeaderMap) -> Result<Microversion, Fault> {
        let Some(text) = self.requested(headers) else {
            return Ok(self.min);
        };
        if text.eq_ignore_ascii_case("latest") {
            return Ok(self.max);
        }
        let parsed = text
            .split_once('.')
            .and_then(|(major, minor)| Some((major.parse().ok()?, minor.parse().ok()?)))
            .map(|(major, minor)| Microversion { major, minor })
            .ok_or_else(|| {
                Fault::bad_request(format!(
                    "API Version String {text} is of invalid format. Must be of format MajorNum.MinorNum."
                ))
            })?;
        if parsed < self.min || parsed > self.max {
            return Err(Fault::new(
                StatusCode::NOT_ACCEPTABLE,
                format!(
                    "Version {parsed} is not supported by the API. Minimum is {} and maximum is {}.",
                    self.min, self.max
                ),
            ));
        }
        Ok(parsed)
    }

    /// Middleware body: negotiates, hands the version to the handler, echoes it in the response.
    pub async fn apply(&self, mut request: Request, next: Next) -> Response {
        let version = match self.negotiate(request.headers()) {
            Ok(version) => version,
            Err(fault) => return fault.into_response(),
        };
        request.extensions_mut().insert(version);
        let mut response = next.run(request).await;
        let headers = response.headers_mut();
        if let Ok(value) = HeaderValue::from_str(&format!("{} {version}", self.service)) {
            headers.insert("openstack-api-version", value);
        }
        let mut vary = "OpenStack-API-Version".to_string();
        if let Some(legacy) = self.legacy_header {
            if let Ok(value) = HeaderValue::from_str(&version.to_string()) {
                headers.insert(legacy, value);
            }
            vary.push_str(", X-OpenStack-Nova-API-Version");
        }
        if let Ok(value) = HeaderValue::from_str(&vary) {
            headers.insert("vary", value);
        }
        response
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Microversion {
    type Rejection = Fault;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Microversion>()
            .copied()
            .ok_or_else(|| {
                Fault::new(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "No API microversion was negotiated for this route.",
                )
            })
    }
}

/// A project-scoped caller with the negotiated microversion.
pub(crate) struct VersionedCaller {
    /// The cloud the request is for.
    pub cloud: Cloud,
    /// The project.
    pub project_id: String,
    /// The negotiated microversion.
    pub version: Microversion,
}

impl FromRequestParts<App> for VersionedCaller {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        let version = Microversion::from_request_parts(parts, app)
            .await
            .map_err(IntoResponse::into_response)?;
        Ok(VersionedCaller {
            cloud: caller.cloud,
            project_id: caller.project_id,
            version,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, HeaderValue::from_static(value));
        }
        map
    }

    #[test]
    fn negotiation() {
        let v = |pairs| COMPUTE.negotiate(&headers(pairs)).map(|v| v.to_string());
        assert_eq!(v(&[]).unwrap(), "2.1");
        assert_eq!(
            v(&[("openstack-api-version", "compute 2.47")]).unwrap(),
            "2.47"
        );
        assert_eq!(
            v(&[("openstack-api-version", "volume 3.5, compute 2.60")]).unwrap(),
            "2.60"
        );
        assert_eq!(
            v(&[("x-openstack-nova-api-version", "2.26")]).unwrap(),
            "2.26"
        );
        assert_eq!(
            v(&[("x-openstack-nova-api-version", "latest")]).unwrap(),
            "2.96"
        );
        assert!(v(&[("x-openstack-nova-api-version", "2.200")]).is_err());
        assert!(v(&[("x-openstack-nova-api-version", "two")]).is_err());
        let cinder = VOLUME
            .negotiate(&headers(&[("openstack-api-version", "volume 3.42")]))
            .unwrap();
        assert!(cinder.at_least(3, 42) && !cinder.at_least(3, 43));
    }
}
