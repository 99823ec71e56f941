//! Nova's tables (servers, key pairs), server states over time and the compute quotas.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::flavors;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::Fault;

/// Servers per project.
pub(crate) const QUOTA_INSTANCES: usize = 10;
/// vCPUs per project.
pub(crate) const QUOTA_CORES: u64 = 40;
/// RAM per project, in MiB.
pub(crate) const QUOTA_RAM: u64 = 102_400;
/// Key pairs per user.
pub(crate) const QUOTA_KEY_PAIRS: usize = 20;

/// Every Nova resource of one cloud.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    /// Servers by id.
    #[serde(default)]
    pub servers: BTreeMap<String, Server>,
    /// Key pairs by name (there is one user).
    #[serde(default)]
    pub keypairs: BTreeMap<String, Keypair>,
}

/// An SSH public key registered with Nova.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Keypair {
    /// Numeric id (shown by `GET /os-keypairs/{name}`).
    pub id: u64,
    /// Name.
    pub name: String,
    /// The public key as given.
    pub public_key: String,
    /// MD5 fingerprint of the key, colon-separated hex.
    pub fingerprint: String,
    /// `ssh` or `x509`.
    pub key_type: String,
    /// Creation time (unix ms).
    pub created_ms: i64,
}

/// A port a server uses.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ServerPort {
    /// The Neutron port.
    pub port_id: String,
    /// Created by Nova for the server (deleted with it), rather than passed in by the client.
    pub created: bool,
}

/// A volume attached to a server (a block device mapping).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct AttachedVolume {
    /// The Cinder volume.
    pub volume_id: String,
    /// Device name, e.g. `/dev/vda` for the root volume.
    pub device: String,
    /// Whether the volume is deleted with the server.
    pub delete_on_termination: bool,
    /// Device tag (microversion 2.49+).
    pub tag: Option<String>,
    /// Id of the block device mapping.
    pub bdm_id: String,
    /// Whether this is the root disk.
    pub root: bool,
}

/// A state shown until a deadline (a task in progress), after which the settled status shows.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Task {
    /// Status shown meanwhile (`BUILD`, `RESIZE`, ...).
    pub status: String,
    /// `OS-EXT-STS:task_state` meanwhile (`spawning`, `powering-off`, ...).
    pub task_state: String,
    /// When the task ends (unix ms).
    pub until_ms: i64,
}

/// The fault of a server in `ERROR`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct ServerFault {
    /// HTTP-like code.
    pub code: u16,
    /// Message.
    pub message: String,
    /// When it happened (unix ms).
    pub created_ms: i64,
}

/// A server.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Server {
    /// Server id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// Name.
    pub name: String,
    /// Description (microversion 2.19+).
    pub description: Option<String>,
    /// Current flavor id.
    pub flavor_id: String,
    /// Flavor before a resize awaiting confirmation.
    pub old_flavor_id: Option<String>,
    /// Image booted from; `None` for boot from volume.
    pub image_id: Option<String>,
    /// Key pair name.
    pub key_name: Option<String>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Availability zone.
    pub availability_zone: String,
    /// Whether a config drive was asked for.
    pub config_drive: bool,
    /// Security group names asked for (shown when the server has no ports).
    pub security_groups: Vec<String>,
    /// Ports, in order.
    pub ports: Vec<ServerPort>,
    /// Attached volumes, in order.
    pub volumes: Vec<AttachedVolume>,
    /// Status once no task is pending (`ACTIVE`, `SHUTOFF`, `VERIFY_RESIZE`, `ERROR`).
    pub status: String,
    /// A task in progress.
    pub task: Option<Task>,
    /// Fault shown in `ERROR`.
    pub fault: Option<ServerFault>,
    /// `accessIPv4`.
    pub access_ipv4: String,
    /// `accessIPv6`.
    pub access_ipv6: String,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Last change (unix ms).
    pub updated_ms: i64,
    /// When the first build finished (unix ms).
    pub launched_ms: i64,
}

/// `(vm_state, power_state)` of a shown status.
pub(crate) fn vm_state(status: &str) -> (&'static str, u8) {
    match status {
        "BUILD" => ("building", 0),
        "SHUTOFF" => ("stopped", 4),
        "ERROR" => ("error", 0),
        "VERIFY_RESIZE" | "REVERT_RESIZE" => ("resized", 1),
        _ => ("active", 1),
    }
}

impl Server {
    /// A new server of `project` in `zone`, not yet built: no ports, volumes or metadata.
    pub fn new(project: &str, name: &str, flavor_id: &str, zone: &str, now: i64) -> Server {
        Server {
            id: uuid::Uuid::new_v4().to_string(),
            project_id: project.to_string(),
            name: name.to_string(),
            description: None,
            flavor_id: flavor_id.to_string(),
            old_flavor_id: None,
            image_id: None,
            key_name: None,
            metadata: BTreeMap::new(),
            tags: BTreeSet::new(),
            availability_zone: zone.to_string(),
            config_drive: false,
            security_groups: Vec::new(),
            ports: Vec::new(),
            volumes: Vec::new(),
            status: "ACTIVE".to_string(),
            task: None,
            fault: None,
            access_ipv4: String::new(),
            access_ipv6: String::new(),
            created_ms: now,
            updated_ms: now,
            launched_ms: now,
        }
    }

    /// `(status, task_state)` as a client sees them now.
    pub fn view(&self, now: i64) -> (&str, Option<&str>) {
        match &self.task {
            Some(task) if now < task.until_ms => (&task.status, Some(&task.task_state)),
            _ => (&self.status, None),
        }
    }

    /// Forgets a task whose time is up.
    pub fn settle(&mut self, now: i64) {
        if self.task.as_ref().is_some_and(|t| now >= t.until_ms) {
            self.task = None;
        }
    }

    /// Starts a task: `status`/`task_state` for `delay`, then `settled`.
    pub fn start_task(
        &mut self,
        status: &str,
        task_state: &str,
        settled: &str,
        now: i64,
        delay: Duration,
    ) {
        self.task = Some(Task {
            status: status.to_string(),
            task_state: task_state.to_string(),
            until_ms: clock::after(now, delay),
        });
        self.status = settled.to_string();
        self.updated_ms = now;
    }

    /// 409 unless the (settled) server is idle and in one of `statuses`; `action` names the
    /// refused operation in Nova's message.
    pub fn require(&self, action: &str, statuses: &[&str], now: i64) -> Result<(), Fault> {
        let (status, task_state) = self.view(now);
        if let Some(task_state) = task_state {
            return Err(Fault::conflict(format!(
                "Cannot '{action}' instance {} while it is in task_state {task_state}",
                self.id
            )));
        }
        if statuses.contains(&status) {
            Ok(())
        } else {
            Err(Fault::conflict(format!(
                "Cannot '{action}' instance {} while it is in vm_state {}",
                self.id,
                vm_state(status).0
            )))
        }
    }

    /// The next free `/dev/vdX` (the root disk is `vda`).
    pub fn next_device(&self) -> String {
        let used: BTreeSet<&str> = self.volumes.iter().map(|v| v.device.as_str()).collect();
        ('b'..='z')
            .map(|c| format!("/dev/vd{c}"))
            .find(|d| !used.contains(d.as_str()))
            .unwrap_or_else(|| "/dev/vdz".to_string())
    }
}

impl Store {
    /// A server of `project`, or 404.
    pub fn server(&self, id: &str, project: &str) -> Result<&Server, Fault> {
        self.servers
            .get(id)
            .filter(|s| s.project_id == project)
            .ok_or_else(|| Fault::not_found(format!("Instance {id} could not be found.")))
    }

    /// Like [`Store::server`], but mutable and with any finished task settled.
    pub fn server_mut(&mut self, id: &str, project: &str, now: i64) -> Result<&mut Server, Fault> {
        self.server(id, project)?;
        let server = self
            .servers
            .get_mut(id)
            .ok_or_else(|| Fault::not_found(format!("Instance {id} could not be found.")))?;
        server.settle(now);
        Ok(server)
    }

    /// (instances, cores, ram) used by `project` (with `cloud`'s flavors).
    pub fn usage(&self, cloud: Cloud, project: &str) -> (usize, u64, u64) {
        self.servers
            .values()
            .filter(|s| s.project_id == project)
            .fold((0, 0, 0), |(n, cores, ram), s| {
                let (vcpus, mem) = flavors::find(cloud, &s.flavor_id)
                    .map(|f| (f.vcpus, f.ram))
                    .unwrap_or((0, 0));
                (n + 1, cores + vcpus, ram + mem)
            })
    }

    /// 403 when `project` cannot have `instances` more servers with `cores` and `ram` more.
    pub fn check_quota(
        &self,
        cloud: Cloud,
        project: &str,
        instances: usize,
        cores: u64,
        ram: u64,
    ) -> Result<(), Fault> {
        let (used_instances, used_cores, used_ram) = self.usage(cloud, project);
        let over = |name: &str, requested: u64, used: u64, allowed: u64| {
            Fault::forbidden(format!(
                "Quota exceeded for {name}: Requested {requested}, but already used {used} of {allowed} {name}"
            ))
        };
        if used_instances + instances > QUOTA_INSTANCES {
            return Err(over(
                "instances",
                instances as u64,
                used_instances as u64,
                QUOTA_INSTANCES as u64,
            ));
        }
        if used_cores + cores > QUOTA_CORES {
            return Err(over("cores", cores, used_cores, QUOTA_CORES));
        }
        if used_ram + ram > QUOTA_RAM {
            return Err(over("ram", ram, used_ram, QUOTA_RAM));
        }
        Ok(())
    }
}
