//! Security groups `P/security-groups[/{id}]`: synchronous (create 201, update 200, delete 204).
//! A new group gets two egress rules, IPv4 and IPv6, any protocol, anywhere. Deleting a group a
//! NIC uses is 409; its rules go with it.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::StackitError;
use super::input;
use super::labels::{self, Labels};
use super::life::Life;
use super::ops::{self, items, reply};
use super::rules::Rule;
use super::store::{find, find_mut, live, Store, Stored};
use crate::app::App;

/// A security group.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct SecurityGroup {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: Option<String>,
    /// Stateful or not.
    pub stateful: bool,
    /// Labels.
    pub labels: Labels,
    /// Life cycle.
    pub life: Life,
}

impl Stored for SecurityGroup {
    const WHAT: &'static str = "security group";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl SecurityGroup {
    /// Its rules, oldest first.
    pub fn rules<'a>(&self, store: &'a Store) -> Vec<&'a Rule> {
        let mut out: Vec<&Rule> = store
            .rules
            .values()
            .filter(|r| r.group == self.id)
            .collect();
        out.sort_by_key(|r| r.life.seq);
        out
    }

    /// The API body with its rules.
    pub fn render(&self, store: &Store) -> Value {
        let mut out = json!({
            "id": self.id,
            "name": self.name,
            "stateful": self.stateful,
            "labels": self.labels,
            "rules": self.rules(store).into_iter().map(Rule::render).collect::<Vec<_>>(),
            "createdAt": self.life.created_at(),
            "updatedAt": self.life.updated_at(),
        });
        if let Some(description) = &self.description {
            out["description"] = Value::from(description.clone());
        }
        out
    }
}

/// `GET P/security-groups`.
pub(crate) async fn list(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.groups, now, |g| {
                labels::matches(&g.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(|g| g.render(store))
            .collect(),
        )
    })
}

/// `POST P/security-groups`: 201 with the two default egress rules.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::required_name(&obj, "name")?;
    let description = input::string(&obj, "description")?;
    let stateful = input::boolean(&obj, "stateful")?.unwrap_or(true);
    let labels = labels::of(&obj)?;
    ops::write(&app, |store, op| {
        let group = SecurityGroup {
            id: uuid::Uuid::new_v4().to_string(),
            name,
            description,
            stateful,
            labels,
            life: Life::new(store.next_seq(), op.now, op.now, ""),
        };
        let id = group.id.clone();
        store.groups.insert(id.clone(), group);
        for ethertype in ["IPv4", "IPv6"] {
            let rule = Rule::default_egress(store, op, &id, ethertype);
            store.rules.insert(rule.id.clone(), rule);
        }
        let body = find(&store.groups, &id, op.now)?.render(store);
        Ok(reply(StatusCode::CREATED, body))
    })
}

/// `GET P/security-groups/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            find(&store.groups, &id, now)?.render(store),
        ))
    })
}

/// `PATCH P/security-groups/{id}`: name, description, labels; 200.
pub(crate) async fn update(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let name = input::generic_name(&obj, "name")?;
    let description = input::string(&obj, "description")?;
    ops::write(&app, |store, op| {
        let group = find_mut(&mut store.groups, &id, op.now)?;
        if let Some(labels) = labels::merged(&group.labels, &obj)? {
            group.labels = labels;
        }
        if let Some(name) = name {
            group.name = name;
        }
        if description.is_some() {
            group.description = description;
        }
        group.life.touch(op.now);
        let body = find(&store.groups, &id, op.now)?.render(store);
        Ok(reply(StatusCode::OK, body))
    })
}

/// `DELETE P/security-groups/{id}`: 204; 409 while a NIC uses it.
pub(crate) async fn remove(
    State(app): State<App>,
    Path((_, _, id)): Path<(String, String, String)>,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        find(&store.groups, &id, op.now)?;
        if let Some(nic) = live(&store.nics, op.now, |n| n.security_groups.contains(&id)).first() {
            return Err(StackitError::conflict(format!(
                "security group {id} is in use by nic {}",
                nic.id
            )));
        }
        store.groups.remove(&id);
        store.purge(op.now);
        Ok(ops::empty(StatusCode::NO_CONTENT))
    })
}
