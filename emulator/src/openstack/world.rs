//! One cloud's OpenStack world: its Neutron, Nova and Cinder resources.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::{cinder, neutron, nova};
use crate::cloud::Cloud;

/// The OpenStack resources of one cloud.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct World {
    /// Neutron resources.
    #[serde(default)]
    pub network: neutron::Store,
    /// Nova resources (servers, key pairs).
    #[serde(default)]
    pub compute: nova::Store,
    /// Cinder volumes.
    #[serde(default)]
    pub volumes: cinder::Store,
}

impl World {
    /// Puts `cloud`'s seeded resources in place unless they already are.
    pub fn seed(&mut self, cloud: Cloud) {
        self.network.seed(cloud);
    }

    /// Forgets every resource a client created; seeded resources stay.
    pub fn reset(&mut self) {
        self.network.reset();
        self.compute = nova::Store::default();
        self.volumes.reset();
    }

    /// Every resource a client created, by collection, and their total count.
    pub fn inventory(&self, cloud: Cloud, now: i64) -> (Map<String, Value>, usize) {
        let (mut out, mut total) = self.network.inventory(now);
        for (collection, bodies) in nova::inventory(self, cloud, now)
            .into_iter()
            .chain(cinder::inventory(self, cloud, now))
        {
            total += bodies.len();
            out.insert(collection.to_string(), Value::Array(bodies));
        }
        (out, total)
    }
}
