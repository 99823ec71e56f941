//! `POST /datacenters/{dc}/servers`: the server with the volumes and NICs of its `entities`,
//! all made by the one request. The first volume from an image becomes the boot volume. A
//! server whose name contains `fail-build` gets neither: its request fails and the server
//! stays `FAILED`.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::response::Response;

use super::spec::{self, NewServer};
use super::{Attachment, Server};
use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::input;
use crate::ionos::locations::Location;
use crate::ionos::nics;
use crate::ionos::ops;
use crate::ionos::ops::Op;
use crate::ionos::paging::Query;
use crate::ionos::render;
use crate::ionos::store::Store;
use crate::ionos::volumes;

/// The name fragment that makes a server's build fail.
const FAIL_BUILD: &str = "fail-build";
/// Depth the answer is rendered at, at least: the new volumes and NICs show with their ids.
const ANSWER_DEPTH: u8 = 2;

/// Builds the server and its entities inside `op`; returns the server's id.
fn build(
    store: &mut Store,
    op: &mut Op,
    dc: &str,
    location: &Location,
    new: NewServer,
    new_volumes: Vec<volumes::Spec>,
    new_nics: &[input::Object],
) -> Result<String, IonosError> {
    let fails = new.name.contains(FAIL_BUILD);
    let mut meta = op.meta(store);
    meta.failed = fails;
    let server = Server {
        dc: dc.to_string(),
        id: uuid::Uuid::new_v4().to_string(),
        name: new.name,
        cores: new.cores,
        ram: new.ram,
        zone: new.zone,
        cpu_family: new.cpu_family,
        kind: "ENTERPRISE".to_string(),
        boot_volume: None,
        volumes: Vec::new(),
        security_groups: Vec::new(),
        running_from: op.done,
        meta,
    };
    op.target(&server);
    let id = server.id.clone();
    store.servers.insert(id.clone(), server);
    if fails {
        op.fail(format!(
            "Failed to provision server {id}: no capacity for the server in {} ({FAIL_BUILD})",
            location.id
        ));
        return Ok(id);
    }
    let mut attachments = Vec::new();
    let mut boot = None;
    for (index, spec) in new_volumes.into_iter().enumerate() {
        let bootable = spec.bootable();
        let volume = volumes::insert(store, op, dc, spec);
        if bootable && boot.is_none() {
            boot = Some(volume.clone());
        }
        attachments.push(Attachment {
            volume,
            device: u32::try_from(index + 1).unwrap_or(u32::MAX),
        });
    }
    for props in new_nics {
        nics::insert(store, op, dc, &id, props, location.id)?;
    }
    let server = store.server_mut(dc, &id, op.now)?;
    server.volumes = attachments;
    server.boot_volume = boot;
    Ok(id)
}

/// `POST /datacenters/{dc}/servers`: everything is checked before anything is made.
pub(crate) async fn create(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path(dc): Path<String>,
    bytes: Bytes,
) -> Result<Response, IonosError> {
    let location = datacenters::check(&dc)?.location();
    let obj = input::object(&bytes)?;
    let new = spec::parse_new(&input::properties(&obj)?, location)?;
    let new_volumes = input::entity_items(&obj, "volumes")?
        .into_iter()
        .map(|item| volumes::parse_new(&input::properties(item)?, location))
        .collect::<Result<Vec<_>, IonosError>>()?;
    let new_nics = input::entity_items(&obj, "nics")?
        .into_iter()
        .map(input::properties)
        .collect::<Result<Vec<_>, IonosError>>()?;
    ops::run(&app, &call, &bytes, |store, op| {
        let id = build(store, op, &dc, location, new, new_volumes, &new_nics)?;
        let server = store.server(&dc, &id, op.now)?;
        let depth = query.depth.max(ANSWER_DEPTH);
        Ok(Some(render::resource(&op.ctx(store), server, depth)))
    })
}
