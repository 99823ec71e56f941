//! Network security groups `/datacenters/{dc}/securitygroups[/{id}]` with their rules
//! (`.../rules[/{ruleId}]`, firewall-rule properties), attached to servers and NICs with
//! `PUT .../servers/{sid}/securitygroups` and `PUT .../nics/{nicId}/securitygroups`
//! (`{"ids": [...]}`). A new group has no rules: the emulator treats a group without rules as
//! allowing nothing, in either direction (it does not filter traffic itself).

mod attach;
mod groups;
mod rule_spec;
pub(crate) mod rules;

pub(crate) use attach::{nic_groups, server_groups, set_nic_groups, set_server_groups};
pub(crate) use groups::{create, list, remove, show, update};
pub(crate) use rule_spec::RuleProps;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::meta::Meta;
use super::render::{dyns, Ctx, Entity, Resource};
use super::store::Stored;

/// A security group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SecurityGroup {
    /// Data center id.
    pub dc: String,
    /// Group id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Life cycle.
    pub meta: Meta,
}

/// A rule of a security group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Rule {
    /// Data center id.
    pub dc: String,
    /// The group it belongs to.
    pub group: String,
    /// Rule id.
    pub id: String,
    /// What it allows.
    pub props: RuleProps,
    /// Life cycle.
    pub meta: Meta,
}

impl Stored for SecurityGroup {
    const WHAT: &'static str = "security group";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Stored for Rule {
    const WHAT: &'static str = "security group rule";

    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Resource for SecurityGroup {
    fn kind(&self) -> &'static str {
        "security-group"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!("/datacenters/{}/securitygroups/{}", self.dc, self.id)
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        json!({"name": self.name, "description": self.description})
    }

    fn entities<'a>(&self, ctx: &Ctx<'a>) -> Vec<Entity<'a>> {
        vec![Entity {
            name: "rules",
            path: format!("{}/rules", self.path()),
            items: dyns(ctx.store.rules_of(&self.id, ctx.now)),
        }]
    }
}

impl Resource for Rule {
    fn kind(&self) -> &'static str {
        "firewall-rule"
    }

    fn id(&self) -> &str {
        &self.id
    }

    fn path(&self) -> String {
        format!(
            "/datacenters/{}/securitygroups/{}/rules/{}",
            self.dc, self.group, self.id
        )
    }

    fn metadata(&self, now: i64) -> Value {
        self.meta.render(now)
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        self.props.render()
    }
}
