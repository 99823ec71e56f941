//! What the IONOS emulation remembers: tokens, requests and every resource clients created
//! (the data center, locations and images are seeded, not stored). Lookups see only live
//! resources; [`Store::purge`] drops the ones whose delete request is done.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::errors::IonosError;
use super::ipblocks::IpBlock;
use super::labels::Label;
use super::lans::Lan;
use super::meta::Meta;
use super::nics::Nic;
use super::nsg::{Rule, SecurityGroup};
use super::render::{self, Ctx, Resource};
use super::requests::Request;
use super::servers::Server;
use super::volumes::Volume;
use super::API_PREFIX;

/// A stored resource.
pub(crate) trait Stored {
    /// What it is called in messages.
    const WHAT: &'static str;
    /// Its life cycle.
    fn meta(&self) -> &Meta;
}

/// The IONOS resources, each table keyed by id (LAN ids are unique, there is one data center).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// Last creation sequence number handed out.
    #[serde(default)]
    seq: u64,
    /// Generated Bearer tokens and when they expire (unix ms).
    #[serde(default)]
    pub tokens: BTreeMap<String, i64>,
    /// Requests by id.
    #[serde(default)]
    pub requests: BTreeMap<String, Request>,
    /// LANs.
    #[serde(default)]
    pub lans: BTreeMap<String, Lan>,
    /// Servers.
    #[serde(default)]
    pub servers: BTreeMap<String, Server>,
    /// NICs.
    #[serde(default)]
    pub nics: BTreeMap<String, Nic>,
    /// Volumes.
    #[serde(default)]
    pub volumes: BTreeMap<String, Volume>,
    /// IP blocks.
    #[serde(default)]
    pub ipblocks: BTreeMap<String, IpBlock>,
    /// Security groups.
    #[serde(default)]
    pub groups: BTreeMap<String, SecurityGroup>,
    /// Security group rules.
    #[serde(default)]
    pub rules: BTreeMap<String, Rule>,
    /// Labels, keyed by their path.
    #[serde(default)]
    pub labels: BTreeMap<String, Label>,
}

/// The live entry `id` of `table` that `keep` accepts, or 404.
fn find<'a, T: Stored>(
    table: &'a BTreeMap<String, T>,
    id: &str,
    now: i64,
    keep: impl Fn(&T) -> bool,
) -> Result<&'a T, IonosError> {
    table
        .get(id)
        .filter(|t| t.meta().alive(now) && keep(t))
        .ok_or_else(|| IonosError::not_found(T::WHAT, id))
}

/// Like [`find`], but mutable.
fn find_mut<'a, T: Stored>(
    table: &'a mut BTreeMap<String, T>,
    id: &str,
    now: i64,
    keep: impl Fn(&T) -> bool,
) -> Result<&'a mut T, IonosError> {
    table
        .get_mut(id)
        .filter(|t| t.meta().alive(now) && keep(t))
        .ok_or_else(|| IonosError::not_found(T::WHAT, id))
}

/// The live entries of `table` that `keep` accepts, in creation order.
fn live<T: Stored>(table: &BTreeMap<String, T>, now: i64, keep: impl Fn(&T) -> bool) -> Vec<&T> {
    let mut out: Vec<&T> = table
        .values()
        .filter(|t| t.meta().alive(now) && keep(t))
        .collect();
    out.sort_by_key(|t| t.meta().seq);
    out
}

impl Store {
    /// The next creation sequence number.
    pub fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        self.seq
    }

    /// LAN `id` of `dc`.
    pub fn lan(&self, dc: &str, id: &str, now: i64) -> Result<&Lan, IonosError> {
        find(&self.lans, id, now, |l| l.dc == dc)
    }

    /// LAN `id` of `dc`, mutable.
    pub fn lan_mut(&mut self, dc: &str, id: &str, now: i64) -> Result<&mut Lan, IonosError> {
        find_mut(&mut self.lans, id, now, |l| l.dc == dc)
    }

    /// The LANs of `dc`.
    pub fn lans(&self, dc: &str, now: i64) -> Vec<&Lan> {
        live(&self.lans, now, |l| l.dc == dc)
    }

    /// Server `id` of `dc`.
    pub fn server(&self, dc: &str, id: &str, now: i64) -> Result<&Server, IonosError> {
        find(&self.servers, id, now, |s| s.dc == dc)
    }

    /// Server `id` of `dc`, mutable.
    pub fn server_mut(&mut self, dc: &str, id: &str, now: i64) -> Result<&mut Server, IonosError> {
        find_mut(&mut self.servers, id, now, |s| s.dc == dc)
    }

    /// The servers of `dc`.
    pub fn servers(&self, dc: &str, now: i64) -> Vec<&Server> {
        live(&self.servers, now, |s| s.dc == dc)
    }

    /// NIC `id` of server `server` in `dc`.
    pub fn nic(&self, dc: &str, server: &str, id: &str, now: i64) -> Result<&Nic, IonosError> {
        find(&self.nics, id, now, |n| n.dc == dc && n.server_id == server)
    }

    /// NIC `id` of server `server` in `dc`, mutable.
    pub fn nic_mut(
        &mut self,
        dc: &str,
        server: &str,
        id: &str,
        now: i64,
    ) -> Result<&mut Nic, IonosError> {
        find_mut(&mut self.nics, id, now, |n| {
            n.dc == dc && n.server_id == server
        })
    }

    /// The NICs of server `server`, by device number.
    pub fn nics_of(&self, server: &str, now: i64) -> Vec<&Nic> {
        let mut out = live(&self.nics, now, |n| n.server_id == server);
        out.sort_by_key(|n| n.device);
        out
    }

    /// The NICs on LAN `lan` of `dc`.
    pub fn nics_on_lan(&self, dc: &str, lan: &str, now: i64) -> Vec<&Nic> {
        live(&self.nics, now, |n| n.dc == dc && n.lan == lan)
    }

    /// Every NIC.
    pub fn all_nics(&self, now: i64) -> Vec<&Nic> {
        live(&self.nics, now, |_| true)
    }

    /// Volume `id` of `dc`.
    pub fn volume(&self, dc: &str, id: &str, now: i64) -> Result<&Volume, IonosError> {
        find(&self.volumes, id, now, |v| v.dc == dc)
    }

    /// Volume `id` of `dc`, mutable.
    pub fn volume_mut(&mut self, dc: &str, id: &str, now: i64) -> Result<&mut Volume, IonosError> {
        find_mut(&mut self.volumes, id, now, |v| v.dc == dc)
    }

    /// The volumes of `dc`.
    pub fn volumes(&self, dc: &str, now: i64) -> Vec<&Volume> {
        live(&self.volumes, now, |v| v.dc == dc)
    }

    /// The server volume `id` is attached to, and its device number there.
    pub fn attachment(&self, id: &str, now: i64) -> Option<(&Server, u32)> {
        live(&self.servers, now, |_| true)
            .into_iter()
            .find_map(|s| {
                let a = s.volumes.iter().find(|a| a.volume == id)?;
                Some((s, a.device))
            })
    }

    /// The live volumes attached to `server`, by device number.
    pub fn attached_volumes(&self, server: &Server, now: i64) -> Vec<&Volume> {
        let mut attached: Vec<_> = server
            .volumes
            .iter()
            .filter_map(|a| Some((a.device, self.volume(&server.dc, &a.volume, now).ok()?)))
            .collect();
        attached.sort_by_key(|(device, _)| *device);
        attached.into_iter().map(|(_, v)| v).collect()
    }

    /// IP block `id`.
    pub fn ipblock(&self, id: &str, now: i64) -> Result<&IpBlock, IonosError> {
        find(&self.ipblocks, id, now, |_| true)
    }

    /// IP block `id`, mutable.
    pub fn ipblock_mut(&mut self, id: &str, now: i64) -> Result<&mut IpBlock, IonosError> {
        find_mut(&mut self.ipblocks, id, now, |_| true)
    }

    /// Every IP block.
    pub fn ipblocks(&self, now: i64) -> Vec<&IpBlock> {
        live(&self.ipblocks, now, |_| true)
    }

    /// Security group `id` of `dc`.
    pub fn group(&self, dc: &str, id: &str, now: i64) -> Result<&SecurityGroup, IonosError> {
        find(&self.groups, id, now, |g| g.dc == dc)
    }

    /// Security group `id` of `dc`, mutable.
    pub fn group_mut(
        &mut self,
        dc: &str,
        id: &str,
        now: i64,
    ) -> Result<&mut SecurityGroup, IonosError> {
        find_mut(&mut self.groups, id, now, |g| g.dc == dc)
    }

    /// The security groups of `dc`.
    pub fn groups(&self, dc: &str, now: i64) -> Vec<&SecurityGroup> {
        live(&self.groups, now, |g| g.dc == dc)
    }

    /// The live groups among `ids`, in that order.
    pub fn groups_by_id(&self, dc: &str, ids: &[String], now: i64) -> Vec<&SecurityGroup> {
        ids.iter()
            .filter_map(|id| self.group(dc, id, now).ok())
            .collect()
    }

    /// Rule `id` of group `group`.
    pub fn rule(&self, dc: &str, group: &str, id: &str, now: i64) -> Result<&Rule, IonosError> {
        find(&self.rules, id, now, |r| r.dc == dc && r.group == group)
    }

    /// Rule `id` of group `group`, mutable.
    pub fn rule_mut(
        &mut self,
        dc: &str,
        group: &str,
        id: &str,
        now: i64,
    ) -> Result<&mut Rule, IonosError> {
        find_mut(&mut self.rules, id, now, |r| r.dc == dc && r.group == group)
    }

    /// The rules of group `group`.
    pub fn rules_of(&self, group: &str, now: i64) -> Vec<&Rule> {
        live(&self.rules, now, |r| r.group == group)
    }

    /// The labels of the resource at path `owner`, oldest first.
    pub fn labels_of(&self, owner: &str) -> Vec<&Label> {
        let mut out: Vec<&Label> = self.labels.values().filter(|l| l.owner == owner).collect();
        out.sort_by_key(|l| l.meta.seq);
        out
    }

    /// Drops the resources whose delete request is done, what pointed at them, and expired
    /// tokens.
    pub fn purge(&mut self, now: i64) {
        self.tokens.retain(|_, expires| *expires > now);
        self.lans.retain(|_, t| t.meta.alive(now));
        self.servers.retain(|_, t| t.meta.alive(now));
        self.nics.retain(|_, t| t.meta.alive(now));
        self.volumes.retain(|_, t| t.meta.alive(now));
        self.ipblocks.retain(|_, t| t.meta.alive(now));
        self.groups.retain(|_, t| t.meta.alive(now));
        self.rules.retain(|_, t| t.meta.alive(now));
        let (volumes, groups) = (&self.volumes, &self.groups);
        for server in self.servers.values_mut() {
            server.volumes.retain(|a| volumes.contains_key(&a.volume));
            server.boot_volume = server
                .boot_volume
                .take()
                .filter(|id| volumes.contains_key(id));
            server.security_groups.retain(|id| groups.contains_key(id));
        }
        let servers = &self.servers;
        self.nics
            .retain(|_, nic| servers.contains_key(&nic.server_id));
        for nic in self.nics.values_mut() {
            nic.security_groups.retain(|id| groups.contains_key(id));
        }
        self.rules
            .retain(|_, rule| groups.contains_key(&rule.group));
    }

    /// Every live resource clients created, by collection, and their count.
    pub fn inventory(&self, now: i64) -> (Map<String, Value>, usize) {
        let ctx = Ctx {
            store: self,
            api: API_PREFIX,
            now,
        };
        let render = |list: Vec<&dyn Resource>| -> Vec<Value> {
            list.into_iter()
                .map(|r| render::resource(&ctx, r, 0))
                .collect()
        };
        let volumes = live(&self.volumes, now, |_| true)
            .into_iter()
            .map(|v| {
                let mut body = render::resource(&ctx, v, 0);
                body["writeOnly"] = v.write_only();
                body
            })
            .collect();
        let collections: [(&str, Vec<Value>); 7] = [
            (
                "lans",
                render(render::dyns(live(&self.lans, now, |_| true))),
            ),
            (
                "servers",
                render(render::dyns(live(&self.servers, now, |_| true))),
            ),
            ("nics", render(render::dyns(self.all_nics(now)))),
            ("volumes", volumes),
            ("ipblocks", render(render::dyns(self.ipblocks(now)))),
            (
                "securitygroups",
                render(render::dyns(live(&self.groups, now, |_| true))),
            ),
            (
                "rules",
                render(render::dyns(live(&self.rules, now, |_| true))),
            ),
        ];
        let total = collections.iter().map(|(_, items)| items.len()).sum();
        let out = collections
            .into_iter()
            .map(|(name, items)| (name.to_string(), Value::Array(items)))
            .collect();
        (out, total)
    }
}
