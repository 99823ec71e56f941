//! `/v2.0/networks`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::{body, listing, quotas, reply};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;

const CREATE: &[&str] = &[
    "admin_state_up",
    "availability_zone_hints",
    "description",
    "dns_domain",
    "ha",
    "is_default",
    "mtu",
    "name",
    "port_security_enabled",
    "project_id",
    "provider:network_type",
    "provider:physical_network",
    "provider:segmentation_id",
    "qinq",
    "qos_policy_id",
    "router:external",
    "segments",
    "shared",
    "tags",
    "tenant_id",
    "vlan_transparent",
];
const UPDATE: &[&str] = &[
    "admin_state_up",
    "description",
    "dns_domain",
    "is_default",
    "mtu",
    "name",
    "port_security_enabled",
    "provider:network_type",
    "provider:physical_network",
    "provider:segmentation_id",
    "qos_policy_id",
    "router:external",
    "segments",
    "shared",
];
/// Attributes only an administrator may set, with their defaults.
const ADMIN_ONLY: &[(&str, Option<bool>)] = &[
    ("shared", Some(false)),
    ("router:external", Some(false)),
    ("is_default", Some(false)),
    ("ha", None),
    ("provider:network_type", None),
    ("provider:physical_network", None),
    ("provider:segmentation_id", None),
    ("segments", None),
];
const MAX_MTU: i64 = 1500;
const MIN_MTU: i64 = 68;

/// A network.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Network {
    /// Standard attributes.
    pub meta: Meta,
    /// Administrative state.
    pub admin_state_up: bool,
    /// Shared with every project.
    pub shared: bool,
    /// An external network (`router:external`) routers can use as gateway.
    pub external: bool,
    /// Maximum transmission unit.
    pub mtu: i64,
    /// Default port security of new ports.
    pub port_security_enabled: bool,
    /// Requested availability zones.
    pub availability_zone_hints: Vec<String>,
}

impl Resource for Network {
    const SINGULAR: &'static str = "network";
    const PLURAL: &'static str = "networks";
    const LABEL: &'static str = "Network";
    const QUOTA: usize = 100;

    resource_accessors!(networks);

    fn render(&self, store: &Store, now: i64) -> Object {
        let subnets: Vec<&str> = store
            .subnets
            .values()
            .filter(|s| s.network_id == self.meta.id)
            .map(|s| s.meta.id.as_str())
            .collect();
        let fields = json!({
            "status": self.meta.status(now, "ACTIVE"),
            "admin_state_up": self.admin_state_up,
            "shared": self.shared,
            "router:external": self.external,
            "mtu": self.mtu,
            "port_security_enabled": self.port_security_enabled,
            "subnets": subnets,
            "availability_zone_hints": self.availability_zone_hints,
            "availability_zones": ["nova"],
            "ipv4_address_scope": null,
            "ipv6_address_scope": null,
            "l2_adjacency": true,
            "is_default": false,
            "qos_policy_id": null,
        });
        self.meta.render(fields)
    }

    fn visible_to(&self, _store: &Store, project: &str) -> bool {
        self.meta.project_id == project || self.shared || self.external
    }
}

/// Adds the network routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    listing::routes::<Network>(router, cloud, post(create), put(update).delete(remove))
}

fn mtu(obj: &Object) -> Result<Option<i64>, NeutronError> {
    match body::integer(obj, "mtu")? {
        Some(m) if m > MAX_MTU => Err(NeutronError::invalid_input(format!(
            "Requested MTU is too big, maximum is {MAX_MTU}"
        ))),
        Some(m) if m < MIN_MTU => Err(body::invalid(
            "mtu",
            format!("'{m}' is too small - must be at least '{MIN_MTU}'"),
        )),
        other => Ok(other),
    }
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "network", CREATE, &caller.project_id)?;
    body::admin_only(&obj, ADMIN_ONLY, "create_network", false)?;
    let now = clock::now_ms();
    let mut network = Network {
        meta: Meta::new(&caller.project_id, now, app.faults().provision_delay()),
        admin_state_up: body::boolean(&obj, "admin_state_up")?.unwrap_or(true),
        shared: false,
        external: false,
        mtu: mtu(&obj)?.unwrap_or(MAX_MTU),
        port_security_enabled: body::boolean(&obj, "port_security_enabled")?.unwrap_or(true),
        availability_zone_hints: body::string_list(&obj, "availability_zone_hints")?
            .unwrap_or_default(),
    };
    body::describe(&obj, &mut network.meta)?;
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        quotas::check::<Network>(store, &caller.project_id)?;
        Ok(reply::created(store, network, now))
    })
}

async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let obj = body::update_request(&bytes, "network", UPDATE, CREATE)?;
    body::admin_only(&obj, ADMIN_ONLY, "update_network", true)?;
    let renaming = body::Renaming::parse(&obj)?;
    let admin_state_up = body::boolean(&obj, "admin_state_up")?;
    let mtu = mtu(&obj)?;
    let port_security = body::boolean(&obj, "port_security_enabled")?;
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let network = store.owned_mut::<Network>(&id, &caller.project_id, "update_network")?;
        renaming.apply(&mut network.meta);
        body::set(&mut network.admin_state_up, admin_state_up);
        body::set(&mut network.mtu, mtu);
        body::set(&mut network.port_security_enabled, port_security);
        reply::updated::<Network>(store, &id, now)
    })
}

/// Deletes a network with its subnets; 409 `NetworkInUse` while ports other than DHCP remain.
async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        store.owned::<Network>(&id, &caller.project_id, "delete_network")?;
        store.remove_network(&id)?;
        Ok(StatusCode::NO_CONTENT)
    })
}

impl Store {
    /// Deletes network `id` with its subnets and DHCP ports; 409 `NetworkInUse` while other
    /// ports remain.
    pub fn remove_network(&mut self, id: &str) -> Result<(), NeutronError> {
        let in_use = self
            .ports
            .values()
            .any(|p| p.network_id == id && !p.is_dhcp());
        if in_use {
            return Err(NeutronError::conflict(
                "NetworkInUse",
                format!("Unable to complete operation on network {id}. There are one or more ports still in use on the network."),
            ));
        }
        self.ports.retain(|_, p| p.network_id != id);
        self.subnets.retain(|_, s| s.network_id != id);
        self.networks.remove(id);
        Ok(())
    }
}
