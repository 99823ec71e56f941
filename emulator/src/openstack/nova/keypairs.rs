//! `/os-keypairs`: SSH public keys (checked for shape, fingerprinted like Nova).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::Engine;
use serde_json::{json, Value};

use super::store::{Keypair, QUOTA_KEY_PAIRS};
use super::{link, md5, NovaCaller};
use crate::app::App;
use crate::clock;
use crate::openstack::errors::Fault;
use crate::openstack::pagination;
use crate::openstack::request;
use crate::openstack::BaseUrl;

const CREATE: &[&str] = &["name", "public_key", "type", "user_id"];
/// Key types Nova accepts in an OpenSSH public key.
const KEY_TYPES: [&str; 7] = [
    "ssh-rsa",
    "ssh-dss",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
];

fn invalid(reason: &str) -> Fault {
    Fault::bad_request(format!("Keypair data is invalid: {reason}"))
}

/// The MD5 fingerprint of an OpenSSH public key line, or 400 if it is not one.
pub(crate) fn fingerprint(public_key: &str) -> Result<String, Fault> {
    let mut words = public_key.split_whitespace();
    let (Some(kind), Some(encoded)) = (words.next(), words.next()) else {
        return Err(invalid("failed to generate fingerprint"));
    };
    let blob = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|_| invalid("failed to generate fingerprint"))?;
    let declared = blob
        .get(..4)
        .and_then(|len| usize::try_from(u32::from_be_bytes([len[0], len[1], len[2], len[3]])).ok())
        .and_then(|len| blob.get(4..4 + len));
    if !KEY_TYPES.contains(&kind) || declared != Some(kind.as_bytes()) {
        return Err(invalid("failed to generate fingerprint"));
    }
    Ok(md5::digest(&blob)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":"))
}

fn check_name(name: &str, caller: &NovaCaller) -> Result<(), Fault> {
    let extra: &[char] = if caller.version.at_least(2, 92) {
        &['@', '.']
    } else {
        &[]
    };
    let safe = name.chars().all(|c| {
        c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' ' || extra.contains(&c)
    });
    if name.trim().is_empty() || name.chars().count() > 255 {
        Err(invalid(
            "Keypair name must be string and between 1 and 255 characters long",
        ))
    } else if !safe {
        Err(invalid("Keypair name contains unsafe characters"))
    } else {
        Ok(())
    }
}

fn body(keypair: &Keypair, caller: &NovaCaller, full: bool) -> Value {
    let mut out = json!({
        "name": keypair.name,
        "public_key": keypair.public_key,
        "fingerprint": keypair.fingerprint,
    });
    if full {
        out["user_id"] = json!(caller.cloud.profile().user_id);
    }
    if caller.version.at_least(2, 2) {
        out["type"] = json!(keypair.key_type);
    }
    out
}

/// `POST /os-keypairs` with a public key (the emulator does not generate key pairs).
pub(crate) async fn create(
    State(app): State<App>,
    caller: NovaCaller,
    bytes: Bytes,
) -> Result<Response, Fault> {
    let obj = request::parse(&bytes, "keypair")?;
    request::check_attributes(&obj, CREATE)?;
    let name = request::required_string(&obj, "name")?;
    check_name(&name, &caller)?;
    let key_type = match request::string(&obj, "type", 255)? {
        None => "ssh".to_string(),
        Some(t) if caller.version.at_least(2, 2) && (t == "ssh" || t == "x509") => t,
        Some(t) => {
            return Err(request::invalid(
                "type",
                &json!(t),
                "is not one of ['ssh', 'x509']",
            ))
        }
    };
    if obj.contains_key("user_id") {
        return Err(Fault::forbidden(
            "Policy doesn't allow os_compute_api:os-keypairs:create to be performed.",
        ));
    }
    let public_key = request::string(&obj, "public_key", 65_535)?.ok_or_else(|| {
        Fault::bad_request(
            "Invalid input for field/attribute public_key. Value: None. 'public_key' is a required property (the emulator does not generate key pairs)",
        )
    })?;
    let fingerprint = fingerprint(&public_key)?;
    let keypair = app.write(|state| {
        let store = &mut state[caller.cloud].compute;
        if store.keypairs.contains_key(&name) {
            return Err(Fault::conflict(format!(
                "Key pair '{name}' already exists."
            )));
        }
        if store.keypairs.len() >= QUOTA_KEY_PAIRS {
            return Err(Fault::forbidden("Quota exceeded, too many key pairs."));
        }
        let keypair = Keypair {
            id: store.keypairs.values().map(|k| k.id).max().unwrap_or(0) + 1,
            name: name.clone(),
            public_key: public_key.trim().to_string(),
            fingerprint,
            key_type,
            created_ms: clock::now_ms(),
        };
        store.keypairs.insert(name.clone(), keypair.clone());
        Ok(keypair)
    })?;
    let status = if caller.version.at_least(2, 2) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((
        status,
        Json(json!({"keypair": body(&keypair, &caller, true)})),
    )
        .into_response())
}

/// `GET /os-keypairs` (`limit`/`marker` by name from 2.35).
pub(crate) async fn list(
    State(app): State<App>,
    caller: NovaCaller,
    BaseUrl(base): BaseUrl,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, Fault> {
    let query = pagination::parse_query(raw.as_deref())?;
    let items: Vec<Value> = app.read(|state| {
        state[caller.cloud]
            .compute
            .keypairs
            .values()
            .map(|k| {
                let mut entry = body(k, &caller, false);
                entry["id"] = json!(k.name);
                entry
            })
            .collect()
    });
    let query = if caller.version.at_least(2, 35) {
        query
    } else {
        Vec::new()
    };
    let mut page = pagination::page(
        items,
        &query,
        "keypairs",
        &link(caller.cloud, &base, "v2.1/os-keypairs"),
    )?;
    if let Some(list) = page.get_mut("keypairs").and_then(Value::as_array_mut) {
        for entry in list.iter_mut() {
            if let Value::Object(obj) = entry {
                obj.remove("id");
            }
            *entry = json!({"keypair": entry.take()});
        }
    }
    Ok(Json(page))
}

fn not_found(caller: &NovaCaller, name: &str) -> Fault {
    Fault::not_found(format!(
        "Keypair {name} not found for user {}",
        caller.cloud.profile().user_id
    ))
}

/// `GET /os-keypairs/{name}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: NovaCaller,
    Path(name): Path<String>,
) -> Result<Json<Value>, Fault> {
    let keypair = app
        .read(|state| state[caller.cloud].compute.keypairs.get(&name).cloned())
        .ok_or_else(|| not_found(&caller, &name))?;
    let mut out = body(&keypair, &caller, true);
    out["id"] = json!(keypair.id);
    out["created_at"] = json!(clock::iso_micros_naive(keypair.created_ms));
    out["deleted"] = json!(false);
    out["deleted_at"] = Value::Null;
    out["updated_at"] = Value::Null;
    Ok(Json(json!({"keypair": out})))
}

/// `DELETE /os-keypairs/{name}`: 202 before 2.2, 204 since.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: NovaCaller,
    Path(name): Path<String>,
) -> Result<StatusCode, Fault> {
    app.write(|state| {
        state[caller.cloud]
            .compute
            .keypairs
            .remove(&name)
            .map(|_| ())
            .ok_or_else(|| not_found(&caller, &name))
    })?;
    Ok(if caller.version.at_least(2, 2) {
        StatusCode::NO_CONTENT
    } else {
        StatusCode::ACCEPTED
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_openssh_keys() {
        let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq5bJ9p7fW7v0k5bJ3vX0x6kP2oQ1r8sT4uV9wY3zA1 test@host";
        let fp = fingerprint(key).unwrap();
        assert_eq!(fp.len(), 47);
        assert_eq!(fp.matches(':').count(), 15);
        assert!(fingerprint("ssh-rsa not-base64!").is_err());
        assert!(fingerprint(
            "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIGq5bJ9p7fW7v0k5bJ3vX0x6kP2oQ1r8sT4uV9wY3zA1"
        )
        .is_err());
        assert!(fingerprint("hello").is_err());
    }
}
