//! `sovereign_public_ip`: a public IPv4 address, optionally on a server's primary interface.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::model::ObjectKind;
use sovereign_sdk::{Capabilities, Cloud, Deadline, PublicIp, PublicIpSpec};
use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{changes, known, labels, optional, string_map, StringMap};
use crate::managed::{DefaultTimeouts, ManagedResource, PlannedUpdate};
use crate::schema::{computed_string, id, optional_string, resource};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PublicIpState {
    id: Value<String>,
    server_id: Value<String>,
    labels: StringMap,
    address: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(PublicIpState);

impl PublicIpState {
    fn from_ip(ip: PublicIp, template: &PublicIpState) -> PublicIpState {
        PublicIpState {
            id: Value::Value(ip.id),
            server_id: optional(ip.server_id),
            labels: string_map(ip.labels, template.labels.is_null()),
            address: Value::Value(ip.address),
            timeouts: template.timeouts.clone(),
        }
    }
}

/// `sovereign_public_ip`.
pub struct PublicIpResource;

#[async_trait]
impl ManagedResource for PublicIpResource {
    type State = PublicIpState;
    const NOUN: &'static str = "public IP";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts::all(5);

    fn schema(&self) -> Schema {
        resource(
            "A public IPv4 address, optionally associated with a server's primary interface. \
             Floating IP from the external network on plusserver; on OTC an EIP (`5_bgp`) \
             with its own bandwidth of 100 Mbit/s, charged by traffic; public IP on STACKIT, an \
             IP block of one address on IONOS (associated through a second NIC of the server, \
             in a public LAN `sovereign-public` that the provider makes and removes with its \
             last NIC).",
            [
                ("id", id("public IP")),
                (
                    "server_id",
                    optional_string("The server whose primary interface gets the address. Changes in place (the address moves); left out, the address is allocated but not associated."),
                ),
                ("labels", crate::schema::labels()),
                ("address", computed_string("The IPv4 address.")),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.public_ips
    }

    fn check(&self, config: &PublicIpState, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
        checks::labels(&config.labels, cloud, diags);
        checks::cloud_rules(cloud, ObjectKind::PublicIp, None, &config.labels, diags);
    }

    async fn plan_create(
        &self,
        _cloud: Option<&Cloud>,
        _config: &PublicIpState,
        mut proposed: PublicIpState,
        _diags: &mut Diagnostics,
    ) -> PublicIpState {
        proposed.address = Value::Unknown;
        proposed
    }

    async fn plan_update(
        &self,
        _cloud: Option<&Cloud>,
        _prior: &PublicIpState,
        _config: &PublicIpState,
        proposed: PublicIpState,
        _diags: &mut Diagnostics,
    ) -> PlannedUpdate<PublicIpState> {
        // Nothing replaces a public IP: its address must survive every change.
        (proposed, Vec::new())
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &PublicIpState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<PublicIpState> {
        let spec = PublicIpSpec {
            server_id: known(&planned.server_id),
            labels: labels(&planned.labels),
        };
        let ip = cloud.networking().create_public_ip(&spec, deadline).await?;
        Ok(PublicIpState::from_ip(ip, planned))
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &PublicIpState,
    ) -> sovereign_sdk::Result<PublicIpState> {
        let ip = cloud.networking().get_public_ip(id).await?;
        Ok(PublicIpState::from_ip(ip, state))
    }

    async fn update(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &PublicIpState,
        planned: &PublicIpState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<PublicIpState> {
        if changes(&prior.labels, &planned.labels) {
            cloud
                .networking()
                .set_public_ip_labels(id, &labels(&planned.labels), deadline)
                .await?;
        }
        if !changes(&prior.server_id, &planned.server_id) {
            return self.read(cloud, id, planned).await;
        }
        let server_id = known(&planned.server_id);
        let ip = cloud
            .networking()
            .associate_public_ip(id, server_id.as_deref(), deadline)
            .await?;
        Ok(PublicIpState::from_ip(ip, planned))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        _prior: &PublicIpState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud.networking().delete_public_ip(id, deadline).await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "An IP block of one address in the data center's location. Associating it adds a NIC to the server in a public LAN `sovereign-public` that the provider makes with the first such NIC and removes with the last.",
        cannot: "",
    },
    stackit: CloudNote {
        maps_to: "A public IP, associated by setting it on the server's primary NIC.",
        cannot: "Labels outside STACKIT's rules (checked at plan time).",
    },
    otc: CloudNote {
        maps_to: "An elastic IP (EIP v1, `5_bgp`) with its own bandwidth (100 Mbit/s, charged by traffic), bound to the port of the server's primary interface; labels are the EIP's tags.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Neutron floating IP from the external network `ext01`, associated with the port of the server's primary interface.",
        cannot: "",
    },
};
