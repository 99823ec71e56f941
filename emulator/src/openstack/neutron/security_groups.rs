//! `/v2.0/security-groups`, including the `default` group Neutron gives every project on first use.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::security_group_rules::SecurityGroupRule;
use super::store::{resource_accessors, Meta, Object, Resource, Store};
use super::{body, listing, quotas, reply, v2};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;
use crate::openstack::BaseUrl;

/// Name of the group every project has.
pub(crate) const DEFAULT_NAME: &str = "default";

const CREATE: &[&str] = &[
    "description",
    "name",
    "project_id",
    "stateful",
    "tags",
    "tenant_id",
];
const UPDATE: &[&str] = &["description", "name", "stateful"];

/// A security group.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct SecurityGroup {
    /// Standard attributes.
    pub meta: Meta,
    /// Whether connection tracking is used.
    pub stateful: bool,
    /// The project's `default` group, created by Neutron itself.
    pub is_default: bool,
}

impl Resource for SecurityGroup {
    const SINGULAR: &'static str = "security_group";
    const PLURAL: &'static str = "security_groups";
    const PATH: &'static str = "security-groups";
    const LABEL: &'static str = "SecurityGroup";
    const QUOTA: usize = 10;

    resource_accessors!(security_groups);

    fn render(&self, store: &Store, now: i64) -> Object {
        let rules: Vec<Object> = store
            .security_group_rules
            .values()
            .filter(|r| r.security_group_id == self.meta.id)
            .map(|r| r.render(store, now))
            .collect();
        self.meta.render(json!({
            "stateful": self.stateful,
            "shared": false,
            "security_group_rules": rules,
        }))
    }

    fn in_inventory(&self) -> bool {
        !self.meta.seeded && !self.is_default
    }

    fn missing_message(id: &str) -> String {
        format!("Security group {id} does not exist")
    }
}

impl Store {
    /// The id of `project`'s `default` group, creating it (with Neutron's four default rules) if needed.
    pub fn ensure_default_security_group(&mut self, project: &str, now: i64) -> String {
        if let Some(id) = self.default_security_group(project) {
            return id;
        }
        let mut meta = Meta::new(project, now, std::time::Duration::ZERO);
        meta.name = DEFAULT_NAME.to_string();
        meta.description = "Default security group".to_string();
        let id = meta.id.clone();
        self.security_groups.insert(
            id.clone(),
            SecurityGroup {
                meta,
                stateful: true,
                is_default: true,
            },
        );
        for ethertype in ["IPv4", "IPv6"] {
            let mut ingress =
                SecurityGroupRule::automatic(project, &id, "ingress", ethertype, now, true);
            ingress.remote_group_id = Some(id.clone());
            self.insert_rule(ingress);
            self.insert_rule(SecurityGroupRule::automatic(
                project, &id, "egress", ethertype, now, true,
            ));
        }
        id
    }

    /// The id of `project`'s `default` group, if it exists yet.
    pub fn default_security_group(&self, project: &str) -> Option<String> {
        self.security_groups
            .values()
            .find(|g| g.is_default && g.meta.project_id == project)
            .map(|g| g.meta.id.clone())
    }

    /// The id of `project`'s group with this id or (unique) name; 409 `NoUniqueMatch` when
    /// several groups have the name.
    pub fn resolve_security_group(
        &self,
        project: &str,
        name_or_id: &str,
    ) -> Result<Option<String>, NeutronError> {
        let owned = || {
            self.security_groups
                .values()
                .filter(move |g| g.meta.project_id == project)
        };
        if let Some(group) = owned().find(|g| g.meta.id == name_or_id) {
            return Ok(Some(group.meta.id.clone()));
        }
        let named: Vec<&SecurityGroup> = owned().filter(|g| g.meta.name == name_or_id).collect();
        match named.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.meta.id.clone())),
            _ => Err(NeutronError::conflict(
                "NoUniqueMatch",
                format!("Multiple security_group matches found for name '{name_or_id}', use an ID to be more specific."),
            )),
        }
    }

    /// Stores a rule under its id.
    pub fn insert_rule(&mut self, rule: SecurityGroupRule) {
        self.security_group_rules.insert(rule.meta.id.clone(), rule);
    }
}

/// Adds the security group routes to `cloud`'s Neutron.
pub(super) fn routes(router: axum::Router<App>, cloud: Cloud) -> axum::Router<App> {
    router
        .route(&v2(cloud, "security-groups"), get(list).post(create))
        .route(
            &v2(cloud, "security-groups/{id}"),
            get(listing::show::<SecurityGroup>)
                .put(update)
                .delete(remove),
        )
}

/// Creates the caller's `default` group if this is the project's first use of security groups.
pub(crate) fn ensure_default(app: &App, caller: &Caller) {
    let (cloud, project) = (caller.cloud, caller.project_id.as_str());
    if app.read(|state| {
        state[cloud]
            .network
            .default_security_group(project)
            .is_none()
    }) {
        app.mutate(|state| {
            state[cloud]
                .network
                .ensure_default_security_group(project, clock::now_ms())
        });
    }
}

async fn list(
    State(app): State<App>,
    caller: Caller,
    base: BaseUrl,
    raw: RawQuery,
) -> Result<Json<Value>, NeutronError> {
    ensure_default(&app, &caller);
    listing::list::<SecurityGroup>(State(app), caller, base, raw).await
}

fn default_exists() -> NeutronError {
    NeutronError::conflict(
        "SecurityGroupDefaultAlreadyExists",
        "Default security group already exists.",
    )
}

async fn create(
    State(app): State<App>,
    caller: Caller,
    bytes: Bytes,
) -> Result<(StatusCode, Json<Value>), NeutronError> {
    let obj = body::create_request(&bytes, "security_group", CREATE, &caller.project_id)?;
    let now = clock::now_ms();
    let mut group = SecurityGroup {
        meta: Meta::new(&caller.project_id, now, std::time::Duration::ZERO),
        stateful: body::boolean(&obj, "stateful")?.unwrap_or(true),
        is_default: false,
    };
    body::describe(&obj, &mut group.meta)?;
    if group.meta.name == DEFAULT_NAME {
        return Err(default_exists());
    }
    ensure_default(&app, &caller);
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        quotas::check::<SecurityGroup>(store, &caller.project_id)?;
        quotas::check_many::<SecurityGroupRule>(store, &caller.project_id, 2)?;
        let id = group.meta.id.clone();
        store.security_groups.insert(id.clone(), group);
        for ethertype in ["IPv4", "IPv6"] {
            store.insert_rule(SecurityGroupRule::automatic(
                &caller.project_id,
                &id,
                "egress",
                ethertype,
                now,
                false,
            ));
        }
        Ok((
            StatusCode::CREATED,
            reply::object::<SecurityGroup>(store, &id, now)?,
        ))
    })
}

async fn update(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, NeutronError> {
    let obj = body::update_request(&bytes, "security_group", UPDATE, CREATE)?;
    let renaming = body::Renaming::parse(&obj)?;
    let stateful = body::boolean(&obj, "stateful")?;
    let now = clock::now_ms();
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let current =
            store.owned::<SecurityGroup>(&id, &caller.project_id, "update_security_group")?;
        if let Some(name) = &renaming.name {
            if current.is_default && name != DEFAULT_NAME {
                return Err(NeutronError::conflict(
                    "SecurityGroupCannotUpdateDefault",
                    "Updating default security group not allowed.",
                ));
            }
            if !current.is_default && name == DEFAULT_NAME {
                return Err(default_exists());
            }
        }
        if stateful.is_some_and(|s| s != current.stateful) && in_use(store, &id) {
            return Err(NeutronError::conflict(
                "SecurityGroupInUse",
                format!("Security Group {id} in use."),
            ));
        }
        let group =
            store.owned_mut::<SecurityGroup>(&id, &caller.project_id, "update_security_group")?;
        renaming.apply(&mut group.meta);
        body::set(&mut group.stateful, stateful);
        reply::updated::<SecurityGroup>(store, &id, now)
    })
}

fn in_use(store: &Store, id: &str) -> bool {
    store
        .ports
        .values()
        .any(|p| p.security_groups.iter().any(|g| g == id))
}

/// Deletes a group with its rules and the rules of other groups that name it as remote group.
async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<StatusCode, NeutronError> {
    app.write(|state| {
        let store = &mut state[caller.cloud].network;
        let group =
            store.owned::<SecurityGroup>(&id, &caller.project_id, "delete_security_group")?;
        if group.is_default {
            return Err(NeutronError::conflict(
                "SecurityGroupCannotRemoveDefault",
                "Insufficient rights for removing default security group.",
            ));
        }
        if in_use(store, &id) {
            return Err(NeutronError::conflict(
                "SecurityGroupInUse",
                format!("Security Group {id} in use."),
            ));
        }
        store.security_group_rules.retain(|_, r| {
            r.security_group_id != id && r.remote_group_id.as_deref() != Some(id.as_str())
        });
        store.security_groups.remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })
}
