//! Servers another API (OTC's ECS) asks Nova to build: booted from a new root volume, with
//! new ports on given networks. They are built exactly like `POST /servers` builds them.

use std::collections::{BTreeMap, BTreeSet};
use std::net::IpAddr;
use std::time::Duration;

use super::create::{self, Device, Networks, Nic, Plan, Source};
use super::flavors::Flavor;
use super::store::Server;
use crate::cloud::Cloud;
use crate::openstack::errors::Fault;
use crate::openstack::glance::images::Image;
use crate::openstack::world::World;

/// A volume-backed server to build.
pub(crate) struct VolumeBoot {
    /// Owning project.
    pub project_id: String,
    /// Server name.
    pub name: String,
    /// The flavor.
    pub flavor: &'static Flavor,
    /// The image of the root volume.
    pub image: &'static Image,
    /// Root volume size and type (deleted with the server).
    pub root: (u64, String),
    /// Further blank volumes: size and type (kept when the server goes).
    pub data: Vec<(u64, String)>,
    /// Networks to put a new port on, each with a specific address if asked for.
    pub networks: Vec<(String, Option<IpAddr>)>,
    /// Key pair name.
    pub key_name: Option<String>,
    /// Security group names or ids (none means the project's `default`).
    pub security_groups: Vec<String>,
    /// Metadata.
    pub metadata: BTreeMap<String, String>,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Availability zone.
    pub availability_zone: String,
}

/// Builds the server in `cloud`'s `world` (inside a transaction): ports, volumes, `BUILD`.
pub(crate) fn boot_from_volume(
    world: &mut World,
    cloud: Cloud,
    request: VolumeBoot,
    now: i64,
    delay: Duration,
) -> Result<Server, Fault> {
    let mut server = Server::new(
        &request.project_id,
        &request.name,
        request.flavor.id,
        &request.availability_zone,
        now,
    );
    server.metadata = request.metadata;
    server.tags = request.tags;
    server.security_groups = if request.security_groups.is_empty() {
        vec!["default".to_string()]
    } else {
        request.security_groups
    };
    let (root_size, root_type) = request.root;
    let mut devices = vec![Device {
        source: Source::Image(request.image),
        size: Some(root_size),
        volume_type: Some(root_type),
        delete_on_termination: true,
        root: true,
        tag: None,
    }];
    devices.extend(request.data.into_iter().map(|(size, volume_type)| Device {
        source: Source::Blank,
        size: Some(size),
        volume_type: Some(volume_type),
        delete_on_termination: false,
        root: false,
        tag: None,
    }));
    let networks = request
        .networks
        .into_iter()
        .map(|(id, fixed_ip)| Nic::Network { id, fixed_ip })
        .collect();
    let plan = Plan {
        flavor: request.flavor,
        devices,
        networks: Networks::List(networks),
        key_name: request.key_name,
        security_groups: server.security_groups.clone(),
        server,
    };
    create::build(world, cloud, plan, now, delay)
}
