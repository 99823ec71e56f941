//! `sovereign_security_group`: a set of firewall rules for servers. A new group allows all
//! egress and no ingress on every cloud; `sovereign_security_group_rule` adds to it.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::{
    Capabilities, Cloud, Deadline, SecurityGroup, SecurityGroupSpec, SecurityGroupUpdate,
};
use tf_provider::schema::Schema;
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{if_changed, known, labels, string_map, text, StringMap};
use crate::diagnostics::add_error;
use crate::managed::{DefaultTimeouts, ManagedResource};
use crate::schema::{id, optional_string, required_string, resource};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SecurityGroupState {
    id: Value<String>,
    name: Value<String>,
    description: Value<String>,
    labels: StringMap,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(SecurityGroupState);

impl SecurityGroupState {
    fn from_group(group: SecurityGroup, template: &SecurityGroupState) -> SecurityGroupState {
        SecurityGroupState {
            id: Value::Value(group.id),
            name: Value::Value(group.name),
            description: text(group.description, template.description.is_null()),
            labels: string_map(group.labels, template.labels.is_null()),
            timeouts: template.timeouts.clone(),
        }
    }
}

/// `sovereign_security_group`.
pub struct SecurityGroupResource;

#[async_trait]
impl ManagedResource for SecurityGroupResource {
    type State = SecurityGroupState;
    const NOUN: &'static str = "security group";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts::all(5);

    fn schema(&self) -> Schema {
        resource(
            "A security group: firewall rules for the servers that name it. A new group allows \
             all egress and no ingress on every cloud (the provider removes or adds the cloud's \
             own default rules to get there); add rules with `sovereign_security_group_rule`. \
             Neutron security group on plusserver and OTC, security group on STACKIT, network \
             security group on IONOS (which takes no labels: setting `labels` there is a \
             plan-time error).",
            [
                ("id", id("security group")),
                (
                    "name",
                    required_string("The group's name. Changes in place."),
                ),
                (
                    "description",
                    optional_string("A description. Changes in place."),
                ),
                ("labels", crate::schema::labels()),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.security_groups
    }

    fn check(&self, config: &SecurityGroupState, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
        checks::name(&config.name, diags);
        checks::labels(&config.labels, cloud, diags);
        // The cloud's own rules (IONOS: no labels on groups), once every value is known.
        let all_known = config.name.is_value() && !config.labels.is_unknown();
        if let (Some(cloud), true) = (cloud, all_known) {
            let spec = SecurityGroupSpec {
                name: known(&config.name).unwrap_or_default(),
                description: None,
                labels: labels(&config.labels),
            };
            if spec.validate().is_ok() {
                if let Err(error) = cloud.networking().check_security_group(&spec) {
                    add_error(
                        diags,
                        &format!("Invalid security group for {}", cloud.kind()),
                        &error,
                    );
                }
            }
        }
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &SecurityGroupState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<SecurityGroupState> {
        let spec = SecurityGroupSpec {
            name: known(&planned.name).unwrap_or_default(),
            description: known(&planned.description),
            labels: labels(&planned.labels),
        };
        let group = cloud
            .networking()
            .create_security_group(&spec, deadline)
            .await?;
        Ok(SecurityGroupState::from_group(group, planned))
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &SecurityGroupState,
    ) -> sovereign_sdk::Result<SecurityGroupState> {
        let group = cloud.networking().get_security_group(id).await?;
        Ok(SecurityGroupState::from_group(group, state))
    }

    async fn update(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &SecurityGroupState,
        planned: &SecurityGroupState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<SecurityGroupState> {
        let update = SecurityGroupUpdate {
            name: if_changed(&prior.name, &planned.name).and_then(|v| v.as_option()),
            description: if_changed(&prior.description, &planned.description)
                .map(|v| v.as_option().unwrap_or_default()),
            labels: if_changed(&prior.labels, &planned.labels).map(|v| labels(&v)),
        };
        let group = if update == SecurityGroupUpdate::default() {
            cloud.networking().get_security_group(id).await?
        } else {
            cloud
                .networking()
                .update_security_group(id, &update, deadline)
                .await?
        };
        Ok(SecurityGroupState::from_group(group, planned))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        _prior: &SecurityGroupState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud.networking().delete_security_group(id, deadline).await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "A network security group (NSG) of the data center, given two allow-all egress rules (IPv4, IPv6) at create.",
        cannot: "Labels: setting `labels` is a plan-time error.",
    },
    stackit: CloudNote {
        maps_to: "A security group, brought to exactly two allow-all egress rules (IPv4, IPv6) whatever STACKIT adds.",
        cannot: "Names and labels outside STACKIT's rules (checked at plan time).",
    },
    otc: CloudNote {
        maps_to: "A Neutron security group, normalised to all egress and no ingress.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Neutron security group, normalised to all egress and no ingress.",
        cannot: "",
    },
};
