//! `DELETE /datacenters/{dc}/servers/{id}[?deleteVolumes=true]`: the server and its NICs go
//! when the request is done; its volumes are deleted with it when asked, else detached (they
//! stay, free to attach elsewhere).

use axum::extract::{Path, State};
use axum::response::Response;

use crate::app::App;
use crate::ionos::call::Call;
use crate::ionos::datacenters;
use crate::ionos::errors::IonosError;
use crate::ionos::ops;
use crate::ionos::paging::Query;

/// `DELETE /datacenters/{dc}/servers/{id}`.
pub(crate) async fn remove(
    State(app): State<App>,
    call: Call,
    query: Query,
    Path((dc, id)): Path<(String, String)>,
) -> Result<Response, IonosError> {
    datacenters::check(&dc)?;
    let delete_volumes = query.flag("deleteVolumes")?;
    ops::run(&app, &call, &[], |store, op| {
        let server = store.server(&dc, &id, op.now)?;
        op.target(server);
        let volumes: Vec<String> = match delete_volumes {
            true => store
                .attached_volumes(server, op.now)
                .iter()
                .map(|v| v.id.clone())
                .collect(),
            false => Vec::new(),
        };
        let nics: Vec<String> = store
            .nics_of(&id, op.now)
            .iter()
            .map(|n| n.id.clone())
            .collect();
        for volume in &volumes {
            op.target(store.volume(&dc, volume, op.now)?);
            store
                .volume_mut(&dc, volume, op.now)?
                .meta
                .remove(op.now, op.done);
        }
        for nic in &nics {
            op.target(store.nic(&dc, &id, nic, op.now)?);
            store
                .nic_mut(&dc, &id, nic, op.now)?
                .meta
                .remove(op.now, op.done);
        }
        store
            .server_mut(&dc, &id, op.now)?
            .meta
            .remove(op.now, op.done);
        Ok(None)
    })
}
