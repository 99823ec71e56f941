//! The one seeded data center (`GET /datacenters`, `GET /datacenters/{dc}`): every resource
//! but IP blocks lives in it. Data centers cannot be created or deleted.

use axum::extract::{Path, State};
use axum::Json;
use serde_json::{json, Value};

use super::call::Call;
use super::errors::IonosError;
use super::locations::{self, Location};
use super::meta;
use super::paging::Query;
use super::render::{self, dyns, Ctx, Entity, Resource};
use crate::app::App;
use crate::defaults;

/// The seeded data center.
pub(crate) struct Datacenter;

/// The seeded data center, the only one there is.
pub(crate) static SEEDED: Datacenter = Datacenter;

impl Datacenter {
    /// Its location.
    pub fn location(&self) -> &'static Location {
        locations::find(defaults::IONOS_LOCATION).unwrap_or(&locations::LOCATIONS[0])
    }
}

/// The data center `id`, or 404.
pub(crate) fn check(id: &str) -> Result<&'static Datacenter, IonosError> {
    if id == defaults::IONOS_DATACENTER_ID {
        Ok(&SEEDED)
    } else {
        Err(IonosError::not_found("datacenter", id))
    }
}

impl Resource for Datacenter {
    fn kind(&self) -> &'static str {
        "datacenter"
    }

    fn id(&self) -> &str {
        defaults::IONOS_DATACENTER_ID
    }

    fn path(&self) -> String {
        format!("/datacenters/{}", defaults::IONOS_DATACENTER_ID)
    }

    fn metadata(&self, _now: i64) -> Value {
        meta::seeded()
    }

    fn properties(&self, _ctx: &Ctx) -> Value {
        let location = self.location();
        json!({
            "name": defaults::IONOS_DATACENTER_NAME,
            "description": "Seeded by the sovereign emulator",
            "location": location.id,
            "version": 1,
            "features": location.features(),
            "secAuthProtection": false,
            "cpuArchitecture": location.cpu_architecture(),
            "ipv6CidrBlock": null,
            "defaultSecurityGroupId": null,
        })
    }

    fn entities<'a>(&self, ctx: &Ctx<'a>) -> Vec<Entity<'a>> {
        let dc = defaults::IONOS_DATACENTER_ID;
        let store = ctx.store;
        let now = ctx.now;
        vec![
            Entity {
                name: "servers",
                path: format!("{}/servers", self.path()),
                items: dyns(store.servers(dc, now)),
            },
            Entity {
                name: "volumes",
                path: format!("{}/volumes", self.path()),
                items: dyns(store.volumes(dc, now)),
            },
            Entity {
                name: "lans",
                path: format!("{}/lans", self.path()),
                items: dyns(store.lans(dc, now)),
            },
            Entity {
                name: "securitygroups",
                path: format!("{}/securitygroups", self.path()),
                items: dyns(store.groups(dc, now)),
            },
        ]
    }
}

/// `GET /datacenters`.
pub(crate) async fn list(State(app): State<App>, call: Call, query: Query) -> Json<Value> {
    Json(call.read(&app, |ctx| {
        query.list(ctx, "/datacenters", vec![&SEEDED as &dyn Resource])
    }))
}

/// `GET /datacenters/{dc}`.
pub(crate) async fn show(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(id): Path<String>,
) -> Result<Json<Value>, IonosError> {
    let dc = check(&id)?;
    Ok(Json(
        call.read(&app, |ctx| render::resource(ctx, dc, query.depth)),
    ))
}
