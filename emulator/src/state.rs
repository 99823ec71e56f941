//! Everything the emulator remembers, and its persistence to a JSON file.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use serde_json::{Map, Value};

use crate::openstack::identity::Token;
use crate::openstack::{cinder, neutron, nova};

/// The complete persisted state: issued tokens and every cloud's resources.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    /// Keystone tokens by token id.
    #[serde(default)]
    pub tokens: BTreeMap<String, Token>,
    /// Neutron resources of pluscloud open.
    #[serde(default)]
    pub plusserver: neutron::Store,
    /// Nova resources (servers, key pairs) of pluscloud open.
    #[serde(default)]
    pub plusserver_compute: nova::Store,
    /// Cinder volumes of pluscloud open.
    #[serde(default)]
    pub plusserver_volumes: cinder::Store,
}

impl State {
    /// Loads the state from `path`; a missing file gives an empty state.
    pub fn load(path: &Path) -> io::Result<State> {
        match fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("state file {}: {e}", path.display()),
                )
            }),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(e),
        }
    }

    /// Writes the state to `path` atomically (temporary file + rename).
    pub fn save(&self, path: &Path) -> io::Result<()> {
        let json = serde_json::to_vec_pretty(self)?;
        let tmp = temporary_path(path);
        fs::write(&tmp, json)?;
        fs::rename(&tmp, path)
    }

    /// Forgets every token and every resource a client created; seeded resources stay.
    pub fn reset(&mut self) {
        self.tokens.clear();
        self.plusserver.reset();
        self.plusserver_compute = nova::Store::default();
        self.plusserver_volumes = cinder::Store::default();
    }

    /// Every pluscloud open resource a client created, by collection, and their total count.
    pub fn plusserver_inventory(&self, now: i64) -> (Value, usize) {
        let (network, mut total) = self.plusserver.inventory(now);
        let mut out = match network {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        for (collection, bodies) in nova::inventory(self, now)
            .into_iter()
            .chain(cinder::inventory(self, now))
        {
            total += bodies.len();
            out.insert(collection.to_string(), Value::Array(bodies));
        }
        (Value::Object(out), total)
    }
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
