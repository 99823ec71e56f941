//! Which cloud: the four sovereign clouds by name.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::Error;
use crate::model::Capabilities;

/// One of the supported clouds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CloudKind {
    /// IONOS Cloud (Cloud API v6).
    Ionos,
    /// STACKIT (IaaS API).
    Stackit,
    /// Open Telekom Cloud.
    Otc,
    /// plusserver pluscloud open (OpenStack).
    Plusserver,
}

impl CloudKind {
    /// Every cloud, in the order the docs list them.
    pub const ALL: [CloudKind; 4] = [
        CloudKind::Ionos,
        CloudKind::Stackit,
        CloudKind::Otc,
        CloudKind::Plusserver,
    ];

    /// The name used in configuration (`cloud = "..."`, `SOVEREIGN_CLOUD`).
    pub fn name(self) -> &'static str {
        match self {
            CloudKind::Ionos => "ionos",
            CloudKind::Stackit => "stackit",
            CloudKind::Otc => "otc",
            CloudKind::Plusserver => "plusserver",
        }
    }

    /// What the cloud can do through the SDK, without connecting; `None` when its backend's
    /// cargo feature is off.
    pub fn capabilities(self) -> Option<Capabilities> {
        match self {
            #[cfg(feature = "ionos")]
            CloudKind::Ionos => Some(crate::ionos::capabilities()),
            #[cfg(feature = "stackit")]
            CloudKind::Stackit => Some(crate::stackit::capabilities()),
            #[cfg(feature = "otc")]
            CloudKind::Otc => Some(crate::otc::profile().capabilities),
            #[cfg(feature = "plusserver")]
            CloudKind::Plusserver => Some(crate::plusserver::profile().capabilities),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }
}

impl fmt::Display for CloudKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for CloudKind {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        CloudKind::ALL
            .into_iter()
            .find(|k| k.name() == wanted)
            .ok_or_else(|| {
                Error::invalid_field(
                    "cloud",
                    format!("unknown cloud {s:?}; use one of ionos, stackit, otc, plusserver"),
                )
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names() {
        assert_eq!(
            "PlusServer".parse::<CloudKind>().unwrap(),
            CloudKind::Plusserver
        );
        let err = "aws".parse::<CloudKind>().unwrap_err();
        assert_eq!(err.field(), Some("cloud"));
        assert!(err.message().contains("ionos, stackit, otc, plusserver"));
    }

    #[test]
    fn every_cloud_reports_its_capabilities_without_connecting() {
        for kind in CloudKind::ALL {
            let capabilities = kind.capabilities().expect("default features");
            assert!(capabilities.networks && capabilities.servers, "{kind}");
        }
        let ionos = CloudKind::Ionos.capabilities().expect("ionos");
        assert!(ionos.server_exact_size && !ionos.network_cidr);
    }
}
