//! `sovereign_network`: a private network with one IPv4 range, optionally with internet access.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::{Cloud, Network, NetworkSpec, NetworkUpdate, NetworkingExt};
use tf_provider::schema::{AttributeConstraint, AttributeType, Block, Description, Schema};
use tf_provider::value::{Value, ValueEmpty};
use tf_provider::{AttributePath, Diagnostics, Resource};

use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{
    known, labels, optional, settled, string_list, string_map, strings, StringList, StringMap,
};
use crate::diagnostics::add_error;
use crate::schema::{attribute, attributes, computed_string, id, required_string};
use crate::shared::SharedCloud;
use crate::timeouts::{self, Operation, TimeoutsBlock};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10 * 60);

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NetworkState {
    id: Value<String>,
    name: Value<String>,
    cidr: Value<String>,
    dns_nameservers: StringList,
    internet_access: Value<bool>,
    labels: StringMap,
    gateway_ip: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

impl NetworkState {
    /// The spec these values ask for (unknown values left out).
    fn spec(&self) -> NetworkSpec {
        NetworkSpec {
            name: known(&self.name).unwrap_or_default(),
            cidr: known(&self.cidr),
            dns_nameservers: strings(&self.dns_nameservers),
            internet_access: self
                .internet_access
                .as_ref_option()
                .copied()
                .unwrap_or(false),
            labels: labels(&self.labels),
        }
    }

    /// The state for what exists, shaped like `template` (null stays null where it was).
    fn from_network(network: Network, template: &NetworkState) -> NetworkState {
        NetworkState {
            id: Value::Value(network.id),
            name: Value::Value(network.name),
            cidr: optional(network.cidr),
            dns_nameservers: string_list(
                network.dns_nameservers,
                template.dns_nameservers.is_null(),
            ),
            internet_access: Value::Value(network.internet_access),
            labels: string_map(network.labels, template.labels.is_null()),
            gateway_ip: optional(network.gateway_ip),
            timeouts: template.timeouts.clone(),
        }
    }
}

/// `sovereign_network`.
pub struct NetworkResource {
    cloud: SharedCloud,
}

impl NetworkResource {
    /// The resource over the shared cloud slot.
    pub fn new(cloud: SharedCloud) -> Self {
        NetworkResource { cloud }
    }

    fn internet_access_in_place(&self) -> bool {
        self.cloud
            .peek()
            .map(|c| c.capabilities().network_internet_access_in_place)
            .unwrap_or(true)
    }

    /// Whether the cloud gives a network without DNS servers its own.
    fn default_dns(&self) -> bool {
        self.cloud
            .peek()
            .is_some_and(|c| c.capabilities().network_default_dns)
    }
}

/// The schema, also the source of the docs.
pub fn schema() -> Schema {
    Schema {
        version: 1,
        block: Block {
            description: Description::markdown(
                "A private network with one IPv4 range. On OpenStack clouds a network and a subnet \
                 (plus a router to the external network when `internet_access` is on); a private \
                 LAN on IONOS; a network with an `ipv4` prefix on STACKIT; on OTC a VPC with one \
                 subnet (private ranges only; `internet_access` is the VPC's shared SNAT; the id \
                 is the subnet's). An IONOS LAN's range is IONOS's, and a LAN takes no DNS \
                 servers, labels or internet access (that needs a NAT gateway; give servers a \
                 `sovereign_public_ip` instead): setting `cidr`, `dns_nameservers`, `labels` or \
                 `internet_access = true` there is a plan-time error.",
            ),
            attributes: attributes([
                ("id", id("network")),
                ("name", required_string("The network's name. Changes in place.")),
                (
                    "cidr",
                    attribute(
                        AttributeType::String,
                        AttributeConstraint::OptionalComputed,
                        "The IPv4 range, such as `10.0.0.0/24` (a network address, prefix /8 to /29). When left out the cloud or the provider picks one (`10.0.0.0/24` on OpenStack). IONOS always assigns a LAN's range itself: there `cidr` is only read, and setting it is a plan-time error. Changing it replaces the network.",
                    ),
                ),
                (
                    "dns_nameservers",
                    attribute(
                        AttributeType::List(Box::new(AttributeType::String)),
                        AttributeConstraint::OptionalComputed,
                        "DNS servers handed out to hosts on the network. Changes in place. Left out, none on OpenStack clouds; on clouds that hand out their own (`sovereign_cloud.capabilities.network_default_dns`, STACKIT: the area's) those are reported here and left alone.",
                    ),
                ),
                (
                    "internet_access",
                    attribute(
                        AttributeType::Bool,
                        AttributeConstraint::OptionalComputed,
                        "Whether hosts reach the internet through a router/NAT (default `false`). Changes in place where the cloud can (see `sovereign_cloud.capabilities.network_internet_access_in_place`), else replaces the network.",
                    ),
                ),
                ("labels", crate::schema::labels()),
                ("gateway_ip", computed_string("The gateway address of the range.")),
            ]),
            blocks: [("timeouts".to_string(), timeouts::schema())]
                .into_iter()
                .collect(),
            ..Default::default()
        },
    }
}

fn validate_known(state: &NetworkState, diags: &mut Diagnostics) {
    let mut spec = state.spec();
    if state.name.is_unknown() {
        spec.name = "known-later".into();
    }
    if let Err(error) = spec.validate() {
        add_error(diags, "Invalid network configuration", &error);
    }
    timeouts::validate(&state.timeouts, diags);
}

/// The cloud's own rules (OTC: private ranges only, shorter tags), once the generic ones pass
/// and every value they look at is known.
fn check_for_cloud(state: &NetworkState, cloud: &Cloud, diags: &mut Diagnostics) {
    let known = !state.name.is_unknown() && !state.cidr.is_unknown() && !state.labels.is_unknown();
    let spec = state.spec();
    if known && spec.validate().is_ok() {
        if let Err(error) = cloud.networking().check_network(&spec) {
            add_error(
                diags,
                &format!("Invalid network configuration for {}", cloud.kind()),
                &error,
            );
        }
    }
}

#[async_trait]
impl Resource for NetworkResource {
    type State<'a> = NetworkState;
    type PrivateState<'a> = ValueEmpty;
    type ProviderMetaState<'a> = ValueEmpty;

    fn schema(&self, _diags: &mut Diagnostics) -> Option<Schema> {
        Some(schema())
    }

    async fn validate<'a>(&self, diags: &mut Diagnostics, config: NetworkState) -> Option<()> {
        validate_known(&config, diags);
        Some(())
    }

    async fn read<'a>(
        &self,
        diags: &mut Diagnostics,
        state: NetworkState,
        private_state: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(NetworkState, ValueEmpty)> {
        let cloud = self.cloud.get(diags)?;
        let id = known(&state.id)?;
        match cloud.networking().find_network(&id).await {
            Ok(Some(network)) => Some((NetworkState::from_network(network, &state), private_state)),
            Ok(None) => {
                tracing::info!(id, "network is gone; removing it from the state");
                None
            }
            Err(error) => {
                add_error(diags, "Cannot read the network", &error);
                Some((state, private_state))
            }
        }
    }

    async fn plan_create<'a>(
        &self,
        diags: &mut Diagnostics,
        proposed: NetworkState,
        config: NetworkState,
        _meta: ValueEmpty,
    ) -> Option<(NetworkState, ValueEmpty)> {
        validate_known(&config, diags);
        if let Some(cloud) = self.cloud.peek() {
            check_for_cloud(&config, &cloud, diags);
        }
        let mut planned = proposed;
        planned.id = Value::Unknown;
        planned.gateway_ip = Value::Unknown;
        if config.cidr.is_null() {
            planned.cidr = Value::Unknown;
        }
        if config.internet_access.is_null() {
            planned.internet_access = Value::Value(false);
        }
        if config.dns_nameservers.is_null() && self.default_dns() {
            planned.dns_nameservers = Value::Unknown;
        }
        Some((planned, Value::Null))
    }

    async fn plan_update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: NetworkState,
        proposed: NetworkState,
        config: NetworkState,
        prior_private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(NetworkState, ValueEmpty, Vec<AttributePath>)> {
        validate_known(&config, diags);
        if let Some(cloud) = self.cloud.peek() {
            check_for_cloud(&config, &cloud, diags);
        }
        let mut planned = proposed;
        let mut replace = Vec::new();
        if config.cidr.is_null() {
            planned.cidr = prior.cidr.clone();
        }
        if planned.cidr.is_unknown() || planned.cidr != prior.cidr {
            replace.push(AttributePath::new("cidr"));
        }
        if config.internet_access.is_null() {
            planned.internet_access = Value::Value(false);
        }
        if config.dns_nameservers.is_null() && self.default_dns() {
            planned.dns_nameservers = prior.dns_nameservers.clone();
        }
        let access_changes = planned.internet_access.is_unknown()
            || planned.internet_access != prior.internet_access;
        if access_changes && !self.internet_access_in_place() {
            replace.push(AttributePath::new("internet_access"));
        }
        planned.id = prior.id.clone();
        planned.gateway_ip = if replace.is_empty() {
            prior.gateway_ip.clone()
        } else {
            Value::Unknown
        };
        Some((planned, prior_private, replace))
    }

    async fn plan_destroy<'a>(
        &self,
        _diags: &mut Diagnostics,
        _prior: NetworkState,
        prior_private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<ValueEmpty> {
        Some(prior_private)
    }

    async fn create<'a>(
        &self,
        diags: &mut Diagnostics,
        planned: NetworkState,
        _config: NetworkState,
        planned_private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(NetworkState, ValueEmpty)> {
        let cloud = self.cloud.get(diags)?;
        let deadline = timeouts::deadline(&planned.timeouts, Operation::Create, DEFAULT_TIMEOUT);
        let spec = planned.spec();
        // Not cut off from outside: the SDK honours the deadline between steps and removes
        // what it made, where cancelling mid-request would leak a network unknown to the state.
        let created = cloud.networking().create_network(&spec, deadline).await;
        match created {
            Ok(network) => {
                tracing::info!(id = %network.id, name = %network.name, "network created");
                Some((
                    NetworkState::from_network(network, &planned),
                    planned_private,
                ))
            }
            Err(error) => {
                add_error(diags, "Cannot create the network", &error);
                // What the failed create left behind goes into the state (tainted), never
                // out of Terraform's sight.
                let id = error.resource_id()?.to_string();
                let state = match cloud.networking().get_network(&id).await {
                    Ok(network) => NetworkState::from_network(network, &planned),
                    Err(_) => NetworkState {
                        id: Value::Value(id),
                        cidr: settled(planned.cidr.clone()),
                        gateway_ip: settled(planned.gateway_ip.clone()),
                        ..planned
                    },
                };
                Some((state, planned_private))
            }
        }
    }

    async fn update<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: NetworkState,
        planned: NetworkState,
        _config: NetworkState,
        planned_private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<(NetworkState, ValueEmpty)> {
        let cloud = self.cloud.get(diags)?;
        let id = known(&prior.id)?;
        let changed = |a: bool| if a { Some(()) } else { None };
        let update = NetworkUpdate {
            name: changed(planned.name != prior.name).and_then(|_| known(&planned.name)),
            dns_nameservers: changed(planned.dns_nameservers != prior.dns_nameservers)
                .map(|_| strings(&planned.dns_nameservers)),
            internet_access: changed(planned.internet_access != prior.internet_access)
                .and_then(|_| planned.internet_access.as_ref_option().copied()),
            labels: changed(planned.labels != prior.labels).map(|_| labels(&planned.labels)),
        };
        let deadline = timeouts::deadline(&planned.timeouts, Operation::Update, DEFAULT_TIMEOUT);
        let updated = timeouts::within(
            deadline,
            "updating the network",
            cloud.networking().update_network(&id, &update, deadline),
        )
        .await;
        match updated {
            Ok(network) => Some((
                NetworkState::from_network(network, &planned),
                planned_private,
            )),
            Err(error) => {
                add_error(diags, "Cannot update the network", &error);
                None
            }
        }
    }

    async fn destroy<'a>(
        &self,
        diags: &mut Diagnostics,
        prior: NetworkState,
        _planned_private: ValueEmpty,
        _meta: ValueEmpty,
    ) -> Option<()> {
        let cloud = self.cloud.get(diags)?;
        let id = known(&prior.id)?;
        let deadline = timeouts::deadline(&prior.timeouts, Operation::Delete, DEFAULT_TIMEOUT);
        let deleted = timeouts::within(
            deadline,
            "deleting the network",
            cloud.networking().ensure_network_deleted(&id, deadline),
        )
        .await;
        match deleted {
            Ok(()) => Some(()),
            Err(error) => {
                add_error(diags, "Cannot delete the network", &error);
                None
            }
        }
    }

    async fn import<'a>(
        &self,
        diags: &mut Diagnostics,
        id: String,
    ) -> Option<(NetworkState, ValueEmpty)> {
        let cloud = self.cloud.get(diags)?;
        match cloud.networking().get_network(&id).await {
            Ok(network) => {
                let template = NetworkState {
                    dns_nameservers: Value::Null,
                    labels: Value::Null,
                    timeouts: Value::Null,
                    ..NetworkState::default()
                };
                Some((NetworkState::from_network(network, &template), Value::Null))
            }
            Err(error) => {
                add_error(diags, "Cannot import the network", &error);
                None
            }
        }
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "A private LAN of the data center (its id is the LAN's number); `cidr` reports the block IONOS assigns.",
        cannot: "Choose the range (`cidr`), DNS servers, labels or `internet_access` (that needs a NAT gateway, which is not mapped; give servers a `sovereign_public_ip`): each is a plan-time error.",
    },
    stackit: CloudNote {
        maps_to: "An IaaS v2 network with an IPv4 prefix; `internet_access` is the network's `routed` flag; without `dns_nameservers`, the area's DNS servers (reported).",
        cannot: "Change `internet_access` in place: `routed` is fixed at create, so a change replaces the network. STACKIT's name and label rules are checked at plan time.",
    },
    otc: CloudNote {
        maps_to: "A VPC (VPC v1) with one subnet filling it; the id is the subnet's. `internet_access` is the VPC's shared SNAT; labels are the VPC's tags.",
        cannot: "Public ranges: `cidr` must be a private range.",
    },
    plusserver: CloudNote {
        maps_to: "A Neutron network with one IPv4 subnet, and a router to the external network `ext01` while `internet_access` is on; labels are Neutron tags `key=value`.",
        cannot: "",
    },
};
