//! Neutron's resource tables, the attributes every resource shares, and lookups with
//! Neutron's visibility and ownership rules.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

use super::floating_ips::FloatingIp;
use super::networks::Network;
use super::ports::Port;
use super::routers::Router;
use super::security_group_rules::SecurityGroupRule;
use super::security_groups::SecurityGroup;
use super::subnets::Subnet;
use crate::clock;
use crate::openstack::errors::NeutronError;

/// A rendered resource body.
pub(crate) type Object = Map<String, Value>;

/// Every Neutron resource of one cloud, each table ordered by id.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Store {
    #[serde(default)]
    /// Networks by id.
    pub networks: BTreeMap<String, Network>,
    #[serde(default)]
    /// Subnets by id.
    pub subnets: BTreeMap<String, Subnet>,
    #[serde(default)]
    /// Routers by id.
    pub routers: BTreeMap<String, Router>,
    #[serde(default)]
    /// Ports by id.
    pub ports: BTreeMap<String, Port>,
    #[serde(default)]
    /// Security groups by id.
    pub security_groups: BTreeMap<String, SecurityGroup>,
    #[serde(default)]
    /// Security group rules by id.
    pub security_group_rules: BTreeMap<String, SecurityGroupRule>,
    #[serde(default)]
    /// Floating IPs by id.
    pub floatingips: BTreeMap<String, FloatingIp>,
}

/// The standard attributes every resource has (id, name, description, project, tags, timestamps, revision).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Meta {
    /// Resource id (a UUID).
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Owning project (empty for ports Neutron owns, such as router gateways).
    pub project_id: String,
    /// Tags.
    pub tags: BTreeSet<String>,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Last change (unix ms).
    pub updated_ms: i64,
    /// Until this instant the resource reports `BUILD` instead of its ready status.
    pub ready_ms: i64,
    /// Incremented on every change.
    pub revision_number: u64,
    /// Created by the emulator itself: not deletable by users, not part of the inventory.
    #[serde(default)]
    pub seeded: bool,
}

impl Meta {
    /// Attributes of a resource created now by `project_id`.
    pub fn new(project_id: &str, now: i64, provision_delay: Duration) -> Meta {
        Meta {
            id: uuid::Uuid::new_v4().to_string(),
            project_id: project_id.to_string(),
            created_ms: now,
            updated_ms: now,
            ready_ms: clock::after(now, provision_delay),
            revision_number: 1,
            ..Meta::default()
        }
    }

    /// Records a change: new `updated_at`, next revision.
    pub fn touch(&mut self, now: i64) {
        self.updated_ms = now;
        self.revision_number += 1;
    }

    /// `BUILD` while provisioning, `ready` afterwards.
    pub fn status(&self, now: i64, ready: &'static str) -> &'static str {
        if now < self.ready_ms {
            "BUILD"
        } else {
            ready
        }
    }

    /// A body: the standard attributes with the resource's own `fields` (a JSON object) added.
    pub fn render(&self, fields: Value) -> Object {
        let mut out = Object::new();
        out.insert("id".into(), json!(self.id));
        out.insert("name".into(), json!(self.name));
        out.insert("description".into(), json!(self.description));
        out.insert("project_id".into(), json!(self.project_id));
        out.insert("tenant_id".into(), json!(self.project_id));
        out.insert("tags".into(), json!(self.tags));
        out.insert(
            "created_at".into(),
            json!(clock::iso_seconds(self.created_ms)),
        );
        out.insert(
            "updated_at".into(),
            json!(clock::iso_seconds(self.updated_ms)),
        );
        out.insert("revision_number".into(), json!(self.revision_number));
        if let Value::Object(fields) = fields {
            out.extend(fields);
        }
        out
    }
}

/// What the generic handlers (show, list, tags, quotas) need to know about a resource type.
pub(crate) trait Resource: Default + Sized {
    /// Body key of one object, e.g. `network`.
    const SINGULAR: &'static str;
    /// Collection name, e.g. `networks`.
    const PLURAL: &'static str;
    /// URL segment of the collection (the collection name unless it differs, as in `security-groups`).
    const PATH: &'static str = Self::PLURAL;
    /// Capitalised name used in error types and messages, e.g. `Network`.
    const LABEL: &'static str;
    /// Per-project quota.
    const QUOTA: usize;

    /// The standard attributes.
    fn meta(&self) -> &Meta;
    /// The standard attributes, mutably.
    fn meta_mut(&mut self) -> &mut Meta;
    /// The table holding resources of this type.
    fn table(store: &Store) -> &BTreeMap<String, Self>;
    /// The table holding resources of this type, mutably.
    fn table_mut(store: &mut Store) -> &mut BTreeMap<String, Self>;
    /// The full body as Neutron returns it.
    fn render(&self, store: &Store, now: i64) -> Object;

    /// Whether `project` may see this resource (default: only its owner).
    fn visible_to(&self, _store: &Store, project: &str) -> bool {
        self.meta().project_id == project
    }

    /// Whether the admin inventory lists this resource (default: unless seeded).
    fn in_inventory(&self) -> bool {
        !self.meta().seeded
    }

    /// Message of the 404 for a missing `id` (default: "<Label> <id> could not be found.").
    fn missing_message(id: &str) -> String {
        format!("{} {id} could not be found.", Self::LABEL)
    }
}

/// The [`Resource`] accessors of a type whose standard attributes are its `meta` field and
/// whose table is the [`Store`] field `$table`.
macro_rules! resource_accessors {
    ($table:ident) => {
        fn meta(&self) -> &$crate::openstack::neutron::store::Meta {
            &self.meta
        }
        fn meta_mut(&mut self) -> &mut $crate::openstack::neutron::store::Meta {
            &mut self.meta
        }
        fn table(
            store: &$crate::openstack::neutron::store::Store,
        ) -> &std::collections::BTreeMap<String, Self> {
            &store.$table
        }
        fn table_mut(
            store: &mut $crate::openstack::neutron::store::Store,
        ) -> &mut std::collections::BTreeMap<String, Self> {
            &mut store.$table
        }
    };
}
pub(crate) use resource_accessors;

/// `404 <Label>NotFound` with the resource type's message.
pub(crate) fn not_found<R: Resource>(id: &str) -> NeutronError {
    NeutronError::new(
        StatusCode::NOT_FOUND,
        &format!("{}NotFound", R::LABEL),
        R::missing_message(id),
    )
}

impl Store {
    /// A resource `project` can see, or 404.
    pub fn get<R: Resource>(&self, id: &str, project: &str) -> Result<&R, NeutronError> {
        R::table(self)
            .get(id)
            .filter(|r| r.visible_to(self, project))
            .ok_or_else(|| not_found::<R>(id))
    }

    /// A resource `project` owns: 404 if it cannot see it, 403 (policy `rule`) if it only sees it.
    pub fn owned<R: Resource>(
        &self,
        id: &str,
        project: &str,
        rule: &str,
    ) -> Result<&R, NeutronError> {
        let resource = self.get::<R>(id, project)?;
        if resource.meta().project_id == project && !resource.meta().seeded {
            Ok(resource)
        } else {
            Err(NeutronError::policy(rule))
        }
    }

    /// Like [`Store::owned`], but mutable.
    pub fn owned_mut<R: Resource>(
        &mut self,
        id: &str,
        project: &str,
        rule: &str,
    ) -> Result<&mut R, NeutronError> {
        self.owned::<R>(id, project, rule)?;
        R::table_mut(self)
            .get_mut(id)
            .ok_or_else(|| not_found::<R>(id))
    }

    /// The body of one resource.
    pub fn render<R: Resource>(&self, id: &str, now: i64) -> Result<Object, NeutronError> {
        R::table(self)
            .get(id)
            .map(|r| r.render(self, now))
            .ok_or_else(|| not_found::<R>(id))
    }

    /// Bodies of every resource of type `R` that `project` can see, ordered by id.
    pub fn visible<R: Resource>(&self, project: &str, now: i64) -> Vec<Object> {
        R::table(self)
            .values()
            .filter(|r| r.visible_to(self, project))
            .map(|r| r.render(self, now))
            .collect()
    }

    /// Number of resources of type `R` owned by `project`.
    pub fn count_owned<R: Resource>(&self, project: &str) -> usize {
        R::table(self)
            .values()
            .filter(|r| r.meta().project_id == project)
            .count()
    }

    /// Drops every resource that was not seeded.
    pub fn reset(&mut self) {
        self.networks.retain(|_, r| r.meta.seeded);
        self.subnets.retain(|_, r| r.meta.seeded);
        self.routers.retain(|_, r| r.meta.seeded);
        self.ports.retain(|_, r| r.meta.seeded);
        self.security_groups.retain(|_, r| r.meta.seeded);
        self.security_group_rules.retain(|_, r| r.meta.seeded);
        self.floatingips.retain(|_, r| r.meta.seeded);
    }

    /// Bodies of every resource a client created, by collection, and their total count.
    pub fn inventory(&self, now: i64) -> (Object, usize) {
        let mut total = 0;
        let mut out = Object::new();
        let mut add = |plural: &str, bodies: Vec<Object>| {
            total += bodies.len();
            out.insert(plural.to_string(), json!(bodies));
        };
        add(Network::PLURAL, self.created::<Network>(now));
        add(Subnet::PLURAL, self.created::<Subnet>(now));
        add(Router::PLURAL, self.created::<Router>(now));
        add(Port::PLURAL, self.created::<Port>(now));
        add(SecurityGroup::PLURAL, self.created::<SecurityGroup>(now));
        add(
            SecurityGroupRule::PLURAL,
            self.created::<SecurityGroupRule>(now),
        );
        add(FloatingIp::PLURAL, self.created::<FloatingIp>(now));
        (out, total)
    }

    fn created<R: Resource>(&self, now: i64) -> Vec<Object> {
        R::table(self)
            .values()
            .filter(|r| r.in_inventory())
            .map(|r| r.render(self, now))
            .collect()
    }
}
