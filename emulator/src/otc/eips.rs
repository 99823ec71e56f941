//! EIP v1 `/v1/{project_id}/publicips`: assign (`PENDING_CREATE`, then `DOWN`), list, show,
//! bind/unbind (`ACTIVE`/`DOWN`) and release.
//!
//! An EIP is a Neutron floating IP on `admin_external_net` in the OTC world (same id), so it
//! also shows at `/otc/network/v2.0/floatingips`; bindings need no router.

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::bandwidths;
use super::errors::VpcError;
use super::store::Store;
use super::tags::Tags;
use super::{body, check_project, paging};
use crate::app::App;
use crate::clock;
use crate::cloud::Cloud;
use crate::openstack::errors::NeutronError;
use crate::openstack::identity::Caller;
use crate::openstack::neutron;
use crate::openstack::world::World;

/// Code of an invalid EIP request.
const INVALID: &str = "VPC.0301";
/// Code of an EIP that does not exist.
const MISSING: &str = "VPC.0302";
/// Code of an allocation or binding Neutron refused (the status is Neutron's).
const REFUSED: &str = "VPC.0303";
/// EIP types of `eu-de`.
const TYPES: [&str; 2] = ["5_bgp", "5_mailbgp"];

/// The EIP side of a public IP; address and binding live on the Neutron floating IP.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct PublicIp {
    /// EIP id, which is the Neutron floating IP's id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// `5_bgp` or `5_mailbgp`.
    pub ip_type: String,
    /// Its bandwidth.
    pub bandwidth_id: String,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Until this instant the EIP is `PENDING_CREATE`.
    pub ready_ms: i64,
    /// Tags.
    #[serde(default)]
    pub tags: Tags,
}

impl PublicIp {
    /// The body EIP v1 returns (`None` if the floating IP is gone).
    pub fn render(&self, store: &Store, world: &World, now: i64) -> Option<Value> {
        let fip = world.network.floatingips.get(&self.id)?;
        let bandwidth = store.bandwidths.get(&self.bandwidth_id);
        let status = if now < self.ready_ms {
            "PENDING_CREATE"
        } else if fip.port_id.is_some() {
            "ACTIVE"
        } else {
            "DOWN"
        };
        let mut body = json!({
            "id": self.id,
            "status": status,
            "type": self.ip_type,
            "public_ip_address": fip.floating_ip_address.map(|a| a.to_string()),
            "ip_version": 4,
            "tenant_id": self.project_id,
            "create_time": clock::plain_seconds(self.created_ms),
            "bandwidth_id": self.bandwidth_id,
            "bandwidth_name": bandwidth.map(|b| b.name.clone()),
            "bandwidth_size": bandwidth.map(|b| b.size).unwrap_or(0),
            "bandwidth_share_type": bandwidth.map(|b| b.share_type.clone()),
            "enterprise_project_id": "0",
        });
        if let (Some(port), Some(address)) = (&fip.port_id, fip.fixed_ip_address) {
            body["port_id"] = json!(port);
            body["private_ip_address"] = json!(address.to_string());
        }
        Some(body)
    }
}

/// 404 `VPC.0302` for `id`.
pub(crate) fn missing(id: &str) -> VpcError {
    VpcError::not_found(MISSING, format!("Publicip {id} does not exist."))
}

/// 400 `VPC.0301`.
fn invalid(message: impl Into<String>) -> VpcError {
    VpcError::bad_request(INVALID, message)
}

/// A Neutron refusal as `VPC.0303` with Neutron's status.
fn refused(error: NeutronError) -> VpcError {
    VpcError::new(error.status(), REFUSED, error.message())
}

/// `POST /v1/{project_id}/publicips` with sibling `publicip` and `bandwidth` objects: 200.
pub(crate) async fn create(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse_any(&bytes).map_err(invalid)?;
    let publicip = body::object(&obj, "publicip")
        .map_err(invalid)?
        .ok_or_else(|| invalid("'publicip' is required"))?;
    let bandwidth = body::object(&obj, "bandwidth")
        .map_err(bandwidths::invalid)?
        .ok_or_else(|| bandwidths::invalid("'bandwidth' is required"))?;
    let ip_type = body::required(publicip, "type", 32).map_err(invalid)?;
    if !TYPES.contains(&ip_type.as_str()) {
        return Err(invalid(format!(
            "publicip type {ip_type} is not supported."
        )));
    }
    if body::integer(publicip, "ip_version")
        .map_err(invalid)?
        .is_some_and(|v| v != 4)
    {
        return Err(invalid("only ip_version 4 is supported."));
    }
    let bandwidth = bandwidths::parse_new(bandwidth, &project)?;
    let now = clock::now_ms();
    let ip = PublicIp {
        id: uuid::Uuid::new_v4().to_string(),
        project_id: project.clone(),
        ip_type,
        bandwidth_id: bandwidth.id.clone(),
        created_ms: now,
        ready_ms: clock::after(now, app.faults().provision_delay()),
        tags: Tags::new(),
    };
    let external = Cloud::Otc.profile().external_network.id;
    let body = app.write(|state| {
        neutron::allocate_external(&mut state.otc.network, &project, &ip.id, external, now)
            .map_err(refused)?;
        let store = &mut state.otc_native;
        store.bandwidths.insert(bandwidth.id.clone(), bandwidth);
        store.publicips.insert(ip.id.clone(), ip.clone());
        ip.render(store, &state.otc, now)
            .ok_or_else(|| missing(&ip.id))
    })?;
    Ok(Json(json!({ "publicip": body })))
}

/// `GET /v1/{project_id}/publicips?marker=&limit=`.
pub(crate) async fn list(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let query = paging::Query::parse(raw.as_deref())?;
    let now = clock::now_ms();
    let ips = app.read(|state| {
        let store = &state.otc_native;
        query.page(
            store
                .publicips
                .values()
                .filter(|ip| ip.project_id == project)
                .filter_map(|ip| Some((ip.id.clone(), ip.render(store, &state.otc, now)?))),
        )
    });
    Ok(Json(json!({ "publicips": ips })))
}

/// The body of EIP `id` of `project`.
fn shown(
    state: &crate::state::State,
    project: &str,
    id: &str,
    now: i64,
) -> Result<Value, VpcError> {
    let store = &state.otc_native;
    store
        .publicip(id, project)?
        .render(store, &state.otc, now)
        .ok_or_else(|| missing(id))
}

/// `GET /v1/{project_id}/publicips/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let now = clock::now_ms();
    let body = app.read(|state| shown(state, &project, &id, now))?;
    Ok(Json(json!({ "publicip": body })))
}

/// `PUT /v1/{project_id}/publicips/{id}`: `{"publicip":{"port_id":"..."}}` binds,
/// `{"publicip":{}}` or a `null` port unbinds.
pub(crate) async fn update(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "publicip").map_err(invalid)?;
    let port = body::string(&obj, "port_id", 64)
        .map_err(invalid)?
        .filter(|p| !p.is_empty());
    let now = clock::now_ms();
    let body = app.write(|state| {
        state.otc_native.publicip(&id, &project)?;
        if !state.otc.network.floatingips.contains_key(&id) {
            return Err(missing(&id));
        }
        neutron::bind_directly(&mut state.otc.network, &project, &id, port.as_deref(), now)
            .map_err(refused)?;
        shown(state, &project, &id, now)
    })?;
    Ok(Json(json!({ "publicip": body })))
}

/// Releases EIP `id`: its floating IP and its bandwidth go too.
pub(crate) fn release(state: &mut crate::state::State, id: &str) {
    if let Some(ip) = state.otc_native.publicips.remove(id) {
        state.otc_native.bandwidths.remove(&ip.bandwidth_id);
    }
    state.otc.network.floatingips.remove(id);
}

/// `DELETE /v1/{project_id}/publicips/{id}`: 204.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<StatusCode, VpcError> {
    check_project(&caller, &project)?;
    app.write(|state| {
        state.otc_native.publicip(&id, &project)?;
        release(state, &id);
        Ok(StatusCode::NO_CONTENT)
    })
}
