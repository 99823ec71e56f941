//! Key pairs `/v2/keypairs[/{name}]` (no project, no region): create 201 (409 on a taken
//! name), update (labels) 200, delete 204. The `fingerprint` has the MD5 form but is the first
//! 16 bytes of the key's SHA-256 (the emulator has no MD5).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::errors::StackitError;
use super::input;
use super::labels::{self, Labels};
use super::life::Life;
use super::ops::{self, items, reply};
use super::store::{find, find_mut, live, Stored};
use crate::app::App;

/// An SSH key pair.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Keypair {
    /// Name (the id).
    pub name: String,
    /// The public key.
    pub public_key: String,
    /// Fingerprint (`aa:bb:...`, 16 bytes).
    pub fingerprint: String,
    /// Labels.
    pub labels: Labels,
    /// Life cycle.
    pub life: Life,
}

impl Stored for Keypair {
    const WHAT: &'static str = "keypair";

    fn life(&self) -> &Life {
        &self.life
    }
}

impl Keypair {
    /// The API body.
    pub fn render(&self) -> Value {
        json!({
            "name": self.name,
            "publicKey": self.public_key,
            "fingerprint": self.fingerprint,
            "labels": self.labels,
            "createdAt": self.life.created_at(),
            "updatedAt": self.life.updated_at(),
        })
    }
}

/// The fingerprint of an OpenSSH public key line.
fn fingerprint(public_key: &str) -> String {
    let blob = public_key
        .split_whitespace()
        .nth(1)
        .and_then(|b| STANDARD.decode(b).ok())
        .unwrap_or_default();
    Sha256::digest(&blob)[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// `GET /v2/keypairs`.
pub(crate) async fn list(State(app): State<App>, RawQuery(raw): RawQuery) -> Response {
    let query = input::query(raw.as_deref());
    ops::read(&app, |store, now| {
        items(
            live(&store.keypairs, now, |k| {
                labels::matches(&k.labels, query.get("label_selector"))
            })
            .into_iter()
            .map(Keypair::render)
            .collect(),
        )
    })
}

/// `POST /v2/keypairs` `{name, publicKey, labels}`: 201; 409 on a taken name.
pub(crate) async fn create(State(app): State<App>, body: Bytes) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    let public_key = input::string(&obj, "publicKey")?
        .filter(|k| input::is_public_key(k))
        .ok_or_else(|| StackitError::bad_request("publicKey is not a valid SSH public key"))?;
    let name = input::string(&obj, "name")?.unwrap_or_else(|| {
        format!(
            "keypair-{}",
            &uuid::Uuid::new_v4().simple().to_string()[..8]
        )
    });
    if name.is_empty() || !input::is_keypair_name(&name) {
        return Err(StackitError::bad_request(format!(
            "keypair name '{name}' is not valid"
        )));
    }
    let labels = labels::of(&obj)?;
    ops::write(&app, |store, op| {
        if find(&store.keypairs, &name, op.now).is_ok() {
            return Err(StackitError::conflict(format!(
                "keypair {name} already exists"
            )));
        }
        let keypair = Keypair {
            name: name.clone(),
            fingerprint: fingerprint(&public_key),
            public_key,
            labels,
            life: Life::new(store.next_seq(), op.now, op.now, ""),
        };
        let body = keypair.render();
        store.keypairs.insert(name, keypair);
        Ok(reply(StatusCode::CREATED, body))
    })
}

/// `GET /v2/keypairs/{name}`.
pub(crate) async fn show(
    State(app): State<App>,
    Path(name): Path<String>,
) -> Result<Response, StackitError> {
    ops::read(&app, |store, now| {
        Ok(reply(
            StatusCode::OK,
            find(&store.keypairs, &name, now)?.render(),
        ))
    })
}

/// `PATCH /v2/keypairs/{name}` `{labels}`: 200.
pub(crate) async fn update(
    State(app): State<App>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<Response, StackitError> {
    let obj = input::object(&body)?;
    ops::write(&app, |store, op| {
        let keypair = find_mut(&mut store.keypairs, &name, op.now)?;
        if let Some(labels) = labels::merged(&keypair.labels, &obj)? {
            keypair.labels = labels;
        }
        keypair.life.touch(op.now);
        Ok(reply(StatusCode::OK, keypair.render()))
    })
}

/// `DELETE /v2/keypairs/{name}`: 204.
pub(crate) async fn remove(
    State(app): State<App>,
    Path(name): Path<String>,
) -> Result<Response, StackitError> {
    ops::write(&app, |store, op| {
        find(&store.keypairs, &name, op.now)?;
        store.keypairs.remove(&name);
        Ok(ops::empty(StatusCode::NO_CONTENT))
    })
}
