//! VPC v1 `/v1/{project_id}/vpcs`: create (`CREATING`, then `OK`), list, show, update and
//! delete (409 while subnets remain).

use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::Json;
use ipnet::IpNet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use super::errors::VpcError;
use super::tags::Tags;
use super::{body, check_project, paging};
use crate::app::App;
use crate::clock;
use crate::openstack::identity::Caller;

/// Code of an invalid VPC request.
const INVALID: &str = "VPC.0101";
/// Code of a VPC that does not exist.
const MISSING: &str = "VPC.0003";
/// Code of a VPC that cannot be deleted because subnets remain (chosen by the emulator).
const HAS_SUBNETS: &str = "VPC.0103";
/// The CIDR a VPC gets when none is asked for.
const DEFAULT_CIDR: &str = "192.168.0.0/16";
/// The private ranges a VPC's CIDR must lie in.
const PRIVATE: [&str; 3] = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];
/// Smallest VPC (longest prefix).
const MAX_PREFIX: u8 = 28;

/// A VPC.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub(crate) struct Vpc {
    /// VPC id.
    pub id: String,
    /// Owning project.
    pub project_id: String,
    /// Name.
    pub name: String,
    /// Description.
    pub description: String,
    /// Address range its subnets come from.
    pub cidr: IpNet,
    /// What OTC calls shared SNAT (the SDK's "internet access"); stored and shown only.
    pub enable_shared_snat: bool,
    /// Creation time (unix ms).
    pub created_ms: i64,
    /// Until this instant the VPC is `CREATING`.
    pub ready_ms: i64,
    /// Tags.
    #[serde(default)]
    pub tags: Tags,
}

impl Vpc {
    /// The body VPC v1 returns.
    pub fn render(&self, now: i64) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "description": self.description,
            "cidr": self.cidr.to_string(),
            "status": if now < self.ready_ms { "CREATING" } else { "OK" },
            "routes": [],
            "enable_shared_snat": self.enable_shared_snat,
            "tenant_id": self.project_id,
            "created_at": clock::iso_seconds(self.created_ms),
        })
    }
}

/// 404 `VPC.0003` for `id`.
pub(crate) fn missing(id: &str) -> VpcError {
    VpcError::not_found(MISSING, format!("VPC {id} does not exist."))
}

/// 400 `VPC.0101`.
fn invalid(message: impl Into<String>) -> VpcError {
    VpcError::bad_request(INVALID, message)
}

/// Parses a VPC CIDR: IPv4, host bits clear, inside a private range, /8 to /28.
fn parse_cidr(text: &str) -> Result<IpNet, VpcError> {
    let net: IpNet = text
        .parse()
        .map_err(|_| invalid(format!("cidr {text} is not a valid CIDR.")))?;
    let inside = PRIVATE
        .iter()
        .filter_map(|r| r.parse::<IpNet>().ok())
        .any(|range| range.contains(&net) && net.prefix_len() >= range.prefix_len());
    if net.trunc() != net || !inside || net.prefix_len() > MAX_PREFIX {
        return Err(invalid(format!(
            "cidr {text} is invalid: use 10.0.0.0/8-28, 172.16.0.0/12-28 or 192.168.0.0/16-28."
        )));
    }
    Ok(net)
}

/// Name (0..=64 of letters, digits, `-_.`) and description (0..=255, no `<>`) of a request.
fn describe(obj: &body::Object) -> Result<(Option<String>, Option<String>), VpcError> {
    let name = body::string(obj, "name", 64).map_err(invalid)?;
    if let Some(name) = name.as_deref().filter(|n| !body::valid_name(n, true)) {
        return Err(invalid(format!("name {name} is invalid.")));
    }
    let description = body::string(obj, "description", 255).map_err(invalid)?;
    if description
        .as_deref()
        .is_some_and(|d| d.contains(['<', '>']))
    {
        return Err(invalid("description must not contain '<' or '>'."));
    }
    Ok((name, description))
}

/// `POST /v1/{project_id}/vpcs`: 200 with the VPC in `CREATING`.
pub(crate) async fn create(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "vpc").map_err(invalid)?;
    let (name, description) = describe(&obj)?;
    let cidr = match body::string(&obj, "cidr", 64).map_err(invalid)? {
        Some(text) => parse_cidr(&text)?,
        None => parse_cidr(DEFAULT_CIDR)?,
    };
    let now = clock::now_ms();
    let vpc = Vpc {
        id: uuid::Uuid::new_v4().to_string(),
        project_id: project,
        name: name.unwrap_or_default(),
        description: description.unwrap_or_default(),
        cidr,
        enable_shared_snat: body::boolean(&obj, "enable_shared_snat")
            .map_err(invalid)?
            .unwrap_or(false),
        created_ms: now,
        ready_ms: clock::after(now, app.faults().provision_delay()),
        tags: Tags::new(),
    };
    let rendered = vpc.render(now);
    app.mutate(|state| state.otc_native.vpcs.insert(vpc.id.clone(), vpc));
    Ok(Json(json!({ "vpc": rendered })))
}

/// `GET /v1/{project_id}/vpcs?marker=&limit=`.
pub(crate) async fn list(
    State(app): State<App>,
    caller: Caller,
    Path(project): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let query = paging::Query::parse(raw.as_deref())?;
    let now = clock::now_ms();
    let vpcs = app.read(|state| {
        query.page(
            state
                .otc_native
                .vpcs
                .values()
                .filter(|v| v.project_id == project)
                .map(|v| (v.id.clone(), v.render(now))),
        )
    });
    Ok(Json(json!({ "vpcs": vpcs })))
}

/// `GET /v1/{project_id}/vpcs/{id}`.
pub(crate) async fn show(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let now = clock::now_ms();
    let vpc = app.read(|state| state.otc_native.vpc(&id, &project).map(|v| v.render(now)))?;
    Ok(Json(json!({ "vpc": vpc })))
}

/// The CIDRs of the subnets of VPC `id`.
fn subnet_cidrs(state: &crate::state::State, id: &str) -> Vec<IpNet> {
    state
        .otc_native
        .subnets
        .values()
        .filter(|s| s.vpc_id == id)
        .filter_map(|s| state.otc.network.subnets.get(&s.neutron_subnet_id))
        .map(|s| s.cidr)
        .collect()
}

/// `PUT /v1/{project_id}/vpcs/{id}`: name, description, cidr (must hold every subnet) and
/// `enable_shared_snat`.
pub(crate) async fn update(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Json<Value>, VpcError> {
    check_project(&caller, &project)?;
    let obj = body::parse(&bytes, "vpc").map_err(invalid)?;
    let (name, description) = describe(&obj)?;
    let cidr = match body::string(&obj, "cidr", 64).map_err(invalid)? {
        Some(text) => Some(parse_cidr(&text)?),
        None => None,
    };
    let snat = body::boolean(&obj, "enable_shared_snat").map_err(invalid)?;
    let now = clock::now_ms();
    let vpc = app.write(|state| {
        state.otc_native.vpc(&id, &project)?;
        if let Some(cidr) = cidr {
            if let Some(outside) = subnet_cidrs(state, &id)
                .into_iter()
                .find(|s| !cidr.contains(s))
            {
                return Err(invalid(format!(
                    "cidr {cidr} does not contain the subnet {outside}."
                )));
            }
        }
        let vpc = state.otc_native.vpc_mut(&id, &project)?;
        if let Some(name) = name {
            vpc.name = name;
        }
        if let Some(description) = description {
            vpc.description = description;
        }
        if let Some(cidr) = cidr {
            vpc.cidr = cidr;
        }
        if let Some(snat) = snat {
            vpc.enable_shared_snat = snat;
        }
        Ok(vpc.render(now))
    })?;
    Ok(Json(json!({ "vpc": vpc })))
}

/// `DELETE /v1/{project_id}/vpcs/{id}`: 204; 409 while the VPC has subnets.
pub(crate) async fn remove(
    State(app): State<App>,
    caller: Caller,
    Path((project, id)): Path<(String, String)>,
) -> Result<StatusCode, VpcError> {
    check_project(&caller, &project)?;
    app.write(|state| {
        state.otc_native.vpc(&id, &project)?;
        if state.otc_native.subnets.values().any(|s| s.vpc_id == id) {
            return Err(VpcError::conflict(
                HAS_SUBNETS,
                format!("VPC {id} still has subnets; delete them first."),
            ));
        }
        state.otc_native.vpcs.remove(&id);
        Ok(StatusCode::NO_CONTENT)
    })
}
