//! EIP bandwidths: `GET|PUT /v1/{project_id}/bandwidths/{id}`. Each EIP gets its own
//! (`share_type` `PER`), created and deleted with it.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::VpcError;
use super::store::Store;
use super::{body, check_project};
use crate::app::App;
use crate::openstack::identity::Caller;
use crate::openstack::world::World;

/// Code of an invalid bandwidth request.
const INVALID: &str = "VPC.0401";
/// Code of a bandwidth that does not exist.
const MISSING: &str = "VPC.0402";
/// Largest bandwidth, in Mbit/s.
const MAX_SIZE: i64 = 1000;
/// Charge modes a bandwidth may have.
const CHARGE_MODES: [&str; 2] = ["traffic", "bandwidth"];

/// A bandwidth.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Bandwidth {
    /// Bandwidth id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// Name.
    pub name: String,
    /// Size in Mbit/s.
    pub size: i64,
    /// `PER` (dedicated to one EIP).
    pub share_type: String,
    /// `traffic` or `bandwidth`.
    pub charge_mode: String,
}

impl Bandwidth {
    /// The body the bandwidth API returns, listing the EIPs using it.
    pub fn render(&self, store: &Store, world: &World) -> Value {
        let publicips: Vec<Value> = store
            .publicips
            .values()
            .filter(|ip| ip.bandwidth_id == self.id)
            .map(|ip| {
                let address = world
                    .network
                    .floatingips
                    .get(&ip.id)
                    .and_then(|f| f.floating_ip_address)
                    .map(|a| a.to_string());
                json!({
                    "publicip_id": ip.id,
                    "publicip_address": address,
                    "ip_version": 4,
                    "publicip_type": ip.ip_type,
                })
            })
            .collect();
        json!({
            "id": self.id,
            "name": self.name,
            "size": self.size,
            "share_type": self.share_type,
            "charge_mode": self.charge_mode,
            "bandwidth_type": "bgp",
            "publicip_info": publicips,
            "tenant_id": self.project_id,
            "billing_info": "",
            "enterprise_project_id": "0",
            "status": "NORMAL",
        })
    }
}

/// 404 `VPC.0402` for `id`.
pub(crate) fn missing(id: &str) -> VpcError {
    VpcError::not_found(MISSING, format!("Bandwidth {id} does not exist."))
}

/// 400 `VPC.0401`.
pub(crate) fn invalid(message: impl Into<String>) -> VpcError {
    VpcError::bad_request(INVALID, message)
}

/// A name of 1..=64 letters, digits, `-_.`, if the request has one (`required` when it must).
fn parse_name(obj: &body::Object, required: bool) -> Result<Option<String>, VpcError> {
    let name = if required {
        Some(body::required(obj, "name", 64).map_err(invalid)?)
    } else {
        body::string(obj, "name", 64).map_err(invalid)?
    };
    match name {
        Some(name) if !body::valid_name(&name, false) => {
            Err(invalid(format!("bandwidth name {name} is invalid.")))
        }
        other => Ok(other),
    }
}

/// A size of 1..=1000 Mbit/s, if the request has one (`required` when it must).
fn parse_size(obj: &body::Object, required: bool) -> Result<Option<i64>, VpcError> {
    match body::integer(obj, "size").map_err(invalid)? {
        Some(size) if (1..=MAX_SIZE).contains(&size) => Ok(Some(size)),
        Some(size) => Err(invalid(format!(
            "bandwidth size {size} is not between 1 and {MAX_SIZE}."
        ))),
        None if required => Err(invalid("bandwidth size is required.")),
        None => Ok(None),
    }
}

/// The `bandwidth` of an EIP create request: name and size required, `share_type` `PER`.
pub(crate) fn parse_new(obj: &body::Object, project: &str) -> Result<Bandwidth, VpcError> {
    let name = parse_name(obj, true)?.unwrap_or_default();
    let size = parse_size(obj, true)?.unwrap_or(1);
    match body::string(obj, "share_type", 16)
        .map_err(invalid)?
        .as_deref()
    {
        Some("PER") => {}
        Some("WHOLE") => {
            return Err(invalid(
                "shared bandwidths (share_type WHOLE) are not supported by the emulator.",
            ))
        }
        _ => return Err(invalid("share_type must be PER.")),
    }
    let charge_mode = match body::string(obj, "charge_mode", 16).map_err(invalid)? {
        Some(mode) if CHARGE_MODES.contains(&mode.as_str()) => mode,
        Some(mode) => return Err(invalid(format!("charge_mode {mode} is invalid."))),
        None => "traffic".to_string(),
    };
    Ok(Bandwidth {
        id: uuid::Uuid::new_v4().to_string(),
        project_id: project.to_string(),
        name,
        size,
        share_type: "PER".to_string(),
        charge_mode,
    })
}

/// `GET /v1/{project_id}/bandwidths/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let bandwidth = app.read(|state| {
        let store = &state.otc_native;
        store
            .bandwidth(&id, &project)
            .map(|b| b.render(store, &state.otc))
    })?;
    Ok(Json(json!({ "bandwidth": bandwidth })))
}

/// `PUT /v1/{project_id}/bandwidths/{id}` `{"bandwidth":{"name","size"}}`.
pub(crate) async fn update(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "bandwidth").map_err(invalid)?;
    let name = parse_name(&obj, false)?;
    let size = parse_size(&obj, false)?;
    let bandwidth = app.write(|state| {
        let bandwidth = state.otc_native.bandwidth_mut(&id, &project)?;
        if let Some(name) = name {
            bandwidth.name = name;
        }
        if let Some(size) = size {
            bandwidth.size = size;
        }
        let store = &state.otc_native;
        store
            .bandwidth(&id, &project)
            .map(|b| b.render(store, &state.otc))
    })?;
    Ok(Json(json!({ "bandwidth": bandwidth })))
}
