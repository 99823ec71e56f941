//! What the STACKIT emulation remembers: issued tokens and every resource clients created (the
//! project, images, machine types, zones and performance classes are seeded, not stored).
//! Lookups see only live resources; [`Store::purge`] drops the ones whose delete is done, and
//! changes run it only when a delete may have completed, so a change costs the same however
//! many resources there are.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::errors::StackitError;
use super::keypairs::Keypair;
use super::life::Life;
use super::networks::Network;
use super::nics::Nic;
use super::object_storage;
use super::public_ips::PublicIp;
use super::rules::Rule;
use super::security_groups::SecurityGroup;
use super::servers::Server;
use super::volumes::Volume;

/// A stored resource.
pub(crate) trait Stored {
    /// What it is called in `... not found`.
    const WHAT: &'static str;
    /// Its life cycle.
    fn life(&self) -> &Life;
}

/// The STACKIT tokens and resources, each table keyed by id (key pairs by name).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// Last creation sequence number handed out.
    #[serde(default)]
    seq: u64,
    /// Issued access tokens and when they expire (unix ms).
    #[serde(default)]
    pub access_tokens: BTreeMap<String, i64>,
    /// Issued refresh tokens and when they expire (unix ms).
    #[serde(default)]
    pub refresh_tokens: BTreeMap<String, i64>,
    /// Networks.
    #[serde(default)]
    pub networks: BTreeMap<String, Network>,
    /// NICs.
    #[serde(default)]
    pub nics: BTreeMap<String, Nic>,
    /// Servers.
    #[serde(default)]
    pub servers: BTreeMap<String, Server>,
    /// Volumes.
    #[serde(default)]
    pub volumes: BTreeMap<String, Volume>,
    /// Security groups.
    #[serde(default)]
    pub groups: BTreeMap<String, SecurityGroup>,
    /// Security group rules.
    #[serde(default)]
    pub rules: BTreeMap<String, Rule>,
    /// Public IPs.
    #[serde(default)]
    pub public_ips: BTreeMap<String, PublicIp>,
    /// Key pairs by name.
    #[serde(default)]
    pub keypairs: BTreeMap<String, Keypair>,
    /// Object storage: where it is enabled, and the buckets.
    #[serde(default)]
    pub object_storage: object_storage::Store,
    /// When the next delete under way completes (unix ms): until then a purge finds nothing.
    /// Not persisted: unknown (`None`) after a load or a reset, so the next change purges.
    #[serde(skip)]
    next_gone: Option<i64>,
}

/// The live entry `id` of `table`, or 404.
pub(crate) fn find<'a, T: Stored>(
    table: &'a BTreeMap<String, T>,
    id: &str,
    now: i64,
) -> Result<&'a T, StackitError> {
    table
        .get(id)
        .filter(|t| t.life().alive(now))
        .ok_or_else(|| StackitError::not_found(T::WHAT))
}

/// Like [`find`], but mutable.
pub(crate) fn find_mut<'a, T: Stored>(
    table: &'a mut BTreeMap<String, T>,
    id: &str,
    now: i64,
) -> Result<&'a mut T, StackitError> {
    table
        .get_mut(id)
        .filter(|t| t.life().alive(now))
        .ok_or_else(|| StackitError::not_found(T::WHAT))
}

/// The live entries of `table` that `keep` accepts, in creation order.
pub(crate) fn live<T: Stored>(
    table: &BTreeMap<String, T>,
    now: i64,
    keep: impl Fn(&T) -> bool,
) -> Vec<&T> {
    let mut out: Vec<&T> = table
        .values()
        .filter(|t| t.life().alive(now) && keep(t))
        .collect();
    out.sort_by_key(|t| t.life().seq);
    out
}

impl Store {
    /// The next creation sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// The live NICs a server uses, in creation order.
    pub fn nics_of(&self, server: &str, now: i64) -> Vec<&Nic> {
        live(&self.nics, now, |n| n.device.as_deref() == Some(server))
    }

    /// The live volumes attached to a server, in creation order.
    pub fn volumes_of(&self, server: &str, now: i64) -> Vec<&Volume> {
        live(&self.volumes, now, |v| {
            v.server_id.as_deref() == Some(server)
        })
    }

    /// Purges if a delete may have completed since the last purge.
    pub fn purge_if_due(&mut self, now: i64) {
        if self.next_gone.is_none_or(|at| at <= now) {
            self.purge(now);
        }
    }

    /// Notes that a resource will be gone at `at` (a change gave it [`Life::remove`]).
    pub fn expect_gone(&mut self, at: i64) {
        if let Some(next) = &mut self.next_gone {
            *next = (*next).min(at);
        }
    }

    /// Drops what is gone, what pointed at it, and expired tokens.
    pub fn purge(&mut self, now: i64) {
        self.access_tokens.retain(|_, expires| *expires > now);
        self.refresh_tokens.retain(|_, expires| *expires > now);
        self.networks.retain(|_, t| t.life.alive(now));
        self.servers.retain(|_, t| t.life.alive(now));
        self.nics.retain(|_, t| t.life.alive(now));
        self.volumes.retain(|_, t| t.life.alive(now));
        self.groups.retain(|_, t| t.life.alive(now));
        self.public_ips.retain(|_, t| t.life.alive(now));
        self.keypairs.retain(|_, t| t.life.alive(now));
        let groups = &self.groups;
        self.rules.retain(|_, r| groups.contains_key(&r.group));
        let servers = &self.servers;
        for nic in self.nics.values_mut() {
            nic.device = nic.device.take().filter(|s| servers.contains_key(s));
            nic.security_groups.retain(|g| groups.contains_key(g));
        }
        for volume in self.volumes.values_mut() {
            volume.server_id = volume.server_id.take().filter(|s| servers.contains_key(s));
        }
        let nics = &self.nics;
        for ip in self.public_ips.values_mut() {
            ip.nic = ip.nic.take().filter(|n| nics.contains_key(n));
        }
        self.next_gone = Some(self.earliest_gone().unwrap_or(i64::MAX));
    }

    /// When the first of the deletes under way completes.
    fn earliest_gone(&self) -> Option<i64> {
        let lives = (self.networks.values().map(|t| &t.life))
            .chain(self.servers.values().map(|t| &t.life))
            .chain(self.nics.values().map(|t| &t.life))
            .chain(self.volumes.values().map(|t| &t.life))
            .chain(self.groups.values().map(|t| &t.life))
            .chain(self.public_ips.values().map(|t| &t.life))
            .chain(self.keypairs.values().map(|t| &t.life));
        lives.filter_map(|life| life.gone_at).min()
    }

    /// Every live resource clients created, by collection, and their count.
    pub fn inventory(&self, now: i64) -> (Map<String, Value>, usize) {
        let collections: [(&str, Vec<Value>); 9] = [
            (
                "networks",
                live(&self.networks, now, |_| true)
                    .into_iter()
                    .map(|n| n.render(now))
                    .collect(),
            ),
            (
                "nics",
                live(&self.nics, now, |_| true)
                    .into_iter()
                    .map(Nic::render)
                    .collect(),
            ),
            (
                "servers",
                live(&self.servers, now, |_| true)
                    .into_iter()
                    .map(|s| {
                        let mut body = s.render(self, now, true);
                        body["writeOnly"] = serde_json::json!({"userData": s.user_data});
                        body
                    })
                    .collect(),
            ),
            (
                "volumes",
                live(&self.volumes, now, |_| true)
                    .into_iter()
                    .map(|v| v.render(now))
                    .collect(),
            ),
            (
                "security_groups",
                live(&self.groups, now, |_| true)
                    .into_iter()
                    .map(|g| g.render(self))
                    .collect(),
            ),
            (
                "security_group_rules",
                live(&self.groups, now, |_| true)
                    .into_iter()
                    .flat_map(|g| g.rules(self))
                    .map(Rule::render)
                    .collect(),
            ),
            (
                "public_ips",
                live(&self.public_ips, now, |_| true)
                    .into_iter()
                    .map(|p| p.render(self, now))
                    .collect(),
            ),
            (
                "keypairs",
                live(&self.keypairs, now, |_| true)
                    .into_iter()
                    .map(Keypair::render)
                    .collect(),
            ),
            ("buckets", self.object_storage.inventory(now)),
        ];
        let total = collections.iter().map(|(_, items)| items.len()).sum();
        let out = collections
            .into_iter()
            .map(|(name, items)| (name.to_string(), Value::Array(items)))
            .collect();
        (out, total)
    }
}
