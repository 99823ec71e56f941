//! Capabilities as data: what a backend can do, asked before acting.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// What a cloud backend supports. Modules branch on these through `sovereign_cloud`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capabilities {
    /// Networks can be created.
    pub networks: bool,
    /// A network's CIDR can be chosen.
    pub network_cidr: bool,
    /// A network that names no DNS servers gets the cloud's own (and reports them).
    pub network_default_dns: bool,
    /// `internet_access` can be changed without replacing the network.
    pub network_internet_access_in_place: bool,
    /// Servers can be created.
    pub servers: bool,
    /// Servers can be resized in place.
    pub server_resize: bool,
    /// Servers take any `cores` + `memory_gb` exactly (IONOS) rather than the smallest flavor
    /// that fits; flavor names then stand for sizes.
    pub server_exact_size: bool,
    /// Security groups can be created.
    pub security_groups: bool,
    /// A rule can name a remote group instead of a CIDR.
    pub security_group_remote_group: bool,
    /// Volumes can be created.
    pub volumes: bool,
    /// Volumes can grow in place.
    pub volume_resize: bool,
    /// Public IPs can be created.
    pub public_ips: bool,
    /// Buckets can be created.
    pub buckets: bool,
    /// Bucket versioning can be turned on.
    pub bucket_versioning: bool,
    /// Buckets take labels (as S3 tags).
    pub bucket_labels: bool,
    /// Resources take labels.
    pub labels: bool,
}

impl Capabilities {
    /// The capabilities as a name -> bool map (the `capabilities` attribute of `sovereign_cloud`).
    pub fn to_map(&self) -> BTreeMap<String, bool> {
        let value = serde_json::to_value(self).unwrap_or_default();
        value
            .as_object()
            .map(|fields| {
                fields
                    .iter()
                    .filter_map(|(k, v)| v.as_bool().map(|b| (k.clone(), b)))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_lists_every_capability() {
        let caps = Capabilities {
            networks: true,
            ..Default::default()
        };
        let map = caps.to_map();
        assert_eq!(map.get("networks"), Some(&true));
        assert_eq!(map.get("buckets"), Some(&false));
        assert_eq!(map.len(), 16);
    }
}
