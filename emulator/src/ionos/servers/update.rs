//! `PUT|PATCH /datacenters/{dc}/servers/{id}`: name, cores and RAM (a resize in place), CPU
//! family and the boot volume (one of its attached volumes); zone and type cannot change.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;

use super::spec;
use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::ops;
use crate::ionos::paging::Query;
use crate::ionos::render;

/// `PUT|PATCH /datacenters/{dc}/servers/{id}`.
pub(crate) async fn update(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let location = datacenters::check(&dc)?.location();
    let props = input::update(&call.method, &bytes)?;
    let name = input::string(&props, "name")?;
    let cores = input::integer(&props, "cores", i64::MIN..=i64::MAX)?;
    let ram = input::integer(&props, "ram", i64::MIN..=i64::MAX)?;
    let family_name = input::string(&props, "cpuFamily")?;
    let zone = spec::zone(&props)?;
    let kind = spec::kind(&props)?;
    let boot = spec::boot_volume(&props)?;
    ops::run(&app, &call, &bytes, |store, op| {
        let server = store.server(&dc, &id, op.now)?;
        let family = spec::family(
            location,
            Some(family_name.as_deref().unwrap_or(&server.cpu_family)),
        )?;
        let cores = cores.unwrap_or(server.cores);
        let ram = ram.unwrap_or(server.ram);
        spec::check_size(cores, ram, family)?;
        input::unchanged("availabilityZone", &server.zone, zone)?;
        input::unchanged("type", &server.kind, kind)?;
        if let Some(volume) = &boot {
            let attached = store
                .attached_volumes(server, op.now)
                .iter()
                .any(|v| &v.id == volume);
            if !attached {
                return Err(IonosError::invalid(format!(
                    "[(root).properties.bootVolume] volume {volume} is not attached to server {id}"
                )));
            }
        }
        let family = family.name.to_string();
        let server = store.server_mut(&dc, &id, op.now)?;
        if let Some(name) = name {
            server.name = name;
        }
        server.cores = cores;
        server.ram = ram;
        server.cpu_family = family;
        if boot.is_some() {
            server.boot_volume = boot;
        }
        server.meta.touch(op.now, op.done);
        let server = store.server(&dc, &id, op.now)?;
        op.target(server);
        Ok(Some(render::resource(&op.ctx(store), server, query.depth)))
    })
}
