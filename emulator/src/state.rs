//! Everything the emulator remembers, and its persistence to a JSON file.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::ops::{Index, IndexMut};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::cloud::Cloud;
use crate::ionos;
use crate::openstack::identity::Token;
use crate::openstack::world::World;
use crate::otc;
use crate::s3::{self, S3Cloud};
use crate::stackit;

/// The complete persisted state: issued tokens and every cloud's resources.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct State {
    /// Keystone tokens (of every cloud) by token id.
    #[serde(default)]
    pub tokens: BTreeMap<String, Token>,
    /// The OpenStack world of pluscloud open.
    #[serde(default)]
    pub plusserver: World,
    /// The OpenStack world of Open Telekom Cloud.
    #[serde(default)]
    pub otc: World,
    /// Open Telekom Cloud's native resources (VPCs, EIPs, bandwidths, ECS jobs).
    #[serde(default)]
    pub otc_native: otc::Store,
    /// IONOS Cloud's tokens, requests and resources.
    #[serde(default)]
    pub ionos: ionos::Store,
    /// STACKIT's tokens and resources.
    #[serde(default)]
    pub stackit: stackit::Store,
    /// The buckets of the S3 endpoints (IONOS, OTC OBS, plusserver RGW).
    #[serde(default)]
    pub s3: s3::Store,
}

impl Index<Cloud> for State {
    type Output = World;

    fn index(&self, cloud: Cloud) -> &World {
        match cloud {
            Cloud::Plusserver => &self.plusserver,
            Cloud::Otc => &self.otc,
        }
    }
}

impl IndexMut<Cloud> for State {
    fn index_mut(&mut self, cloud: Cloud) -> &mut World {
        match cloud {
            Cloud::Plusserver => &mut self.plusserver,
            Cloud::Otc => &mut self.otc,
        }
    }
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

    /// Puts every cloud's seeded resources in place unless they already are.
    pub fn seed(&mut self) {
        for cloud in Cloud::ALL {
            self[cloud].seed(cloud);
        }
    }

    /// Sets the volumes a project may have on every OpenStack cloud.
    pub fn set_volume_quota(&mut self, quota: usize) {
        for cloud in Cloud::ALL {
            self[cloud].volumes.set_volume_quota(quota);
        }
    }

    /// Forgets every token and every resource a client created; seeded resources stay.
    pub fn reset(&mut self) {
        self.tokens.clear();
        for cloud in Cloud::ALL {
            self[cloud].reset();
        }
        self.otc_native = otc::Store::default();
        self.ionos = ionos::Store::default();
        self.stackit = stackit::Store::default();
        self.s3 = s3::Store::default();
    }

    /// Every resource a client created, by cloud and collection, with `total` counting all clouds.
    pub fn inventory(&self, now: i64) -> Value {
        let mut out = Map::new();
        let mut total = 0;
        for cloud in Cloud::ALL {
            let (mut collections, mut count) = self[cloud].inventory(cloud, now);
            if cloud == Cloud::Otc {
                let (native, native_count) = self.otc_native.inventory(&self.otc, now);
                collections.extend(native);
                count += native_count;
            }
            let s3_cloud = match cloud {
                Cloud::Plusserver => S3Cloud::Plusserver,
                Cloud::Otc => S3Cloud::Otc,
            };
            count += self.s3.extend_inventory(s3_cloud, &mut collections);
            total += count;
            out.insert(cloud.name().to_string(), Value::Object(collections));
        }
        let (mut collections, count) = self.ionos.inventory(now);
        total += count + self.s3.extend_inventory(S3Cloud::Ionos, &mut collections);
        out.insert("ionos".to_string(), Value::Object(collections));
        let (collections, count) = self.stackit.inventory(now);
        total += count;
        out.insert("stackit".to_string(), Value::Object(collections));
        out.insert("total".to_string(), Value::from(total));
        Value::Object(out)
    }
}

fn temporary_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".tmp");
    path.with_file_name(name)
}
