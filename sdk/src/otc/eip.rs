//! `sovereign_public_ip` on OTC's EIP v1: an elastic IP (`5_bgp`) with its own bandwidth,
//! bound to the port of the server's primary interface. Labels are the EIP's tags.

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::OtcBackend;
use crate::error::Result;
use crate::lost_create::create_once;
use crate::model::{Labels, PublicIp, PublicIpSpec};
use crate::openstack::common::{
    ignore_not_found, wait_for_status, wait_until_gone, with_cleanup_note, Observed,
};
use crate::openstack::create::field_is;
use crate::openstack::Service;
use crate::provisioning::owned_name;
use crate::wait::Deadline;

/// The EIP type every region has (dynamic BGP).
const EIP_TYPE: &str = "5_bgp";
/// The bandwidth cap of an EIP's own bandwidth, Mbit/s. It is charged by traffic, so the cap
/// costs nothing by itself; the uniform model has no attribute for it.
const BANDWIDTH_MBIT: u32 = 100;
/// Statuses of an EIP that is ready: unbound and bound.
const READY: &[&str] = &["DOWN", "ACTIVE"];
/// Statuses of an EIP that failed.
const FAILED: &[&str] = &["ERROR", "BIND_ERROR"];

#[derive(Debug, Deserialize)]
struct Eip {
    id: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    public_ip_address: String,
    #[serde(default)]
    port_id: Option<String>,
}

impl OtcBackend {
    async fn eip(&self, id: &str) -> Result<Eip> {
        self.core
            .client()
            .call_key(
                Service::Vpc,
                Method::GET,
                &format!("/publicips/{id}"),
                None,
                "publicip",
            )
            .await
    }

    async fn wait_eip(
        &self,
        id: &str,
        what: &str,
        ready: &[&str],
        deadline: Deadline,
    ) -> Result<()> {
        wait_for_status(what, id, deadline, ready, FAILED, || async {
            let eip = self.eip(id).await?;
            Ok(Observed {
                status: eip.status,
                fault: None,
            })
        })
        .await
    }

    async fn put_port(&self, id: &str, port: Value) -> Result<()> {
        let body = match port {
            Value::Null => json!({"publicip": {}}),
            port => json!({"publicip": {"port_id": port}}),
        };
        self.core
            .client()
            .call_empty(
                Service::Vpc,
                Method::PUT,
                &format!("/publicips/{id}"),
                Some(&body),
            )
            .await
    }

    pub(super) async fn eip_create(
        &self,
        spec: &PublicIpSpec,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        super::tags::validate_tag_labels(&spec.labels)?;
        // The bandwidth's name is unique to this create: it finds an EIP whose answer was lost.
        let bandwidth = owned_name("bandwidth", "eip");
        let body = json!({
            "publicip": {"type": EIP_TYPE, "ip_version": 4},
            "bandwidth": {
                "name": bandwidth,
                "size": BANDWIDTH_MBIT,
                "share_type": "PER",
                "charge_mode": "traffic",
            },
        });
        let matches = |eip: &Value| field_is(eip, "bandwidth_name", &bandwidth);
        let id = create_once(
            "EIP",
            || {
                self.core.client().call_key::<Eip>(
                    Service::Vpc,
                    Method::POST,
                    "/publicips",
                    Some(&body),
                    "publicip",
                )
            },
            |eip| eip.id.clone(),
            || {
                self.core.created_candidates(
                    Service::Vpc,
                    "/publicips",
                    "publicips",
                    true,
                    &matches,
                )
            },
        )
        .await?
        .id(|eip| eip.id.clone());
        let finished = async {
            self.wait_eip(&id, "allocating the EIP", READY, deadline)
                .await?;
            if !spec.labels.is_empty() {
                self.set_tags("publicips", &id, &spec.labels).await?;
            }
            match &spec.server_id {
                Some(server) => self.eip_associate(&id, Some(server), deadline).await,
                None => self.eip_get(&id).await,
            }
        }
        .await;
        match finished {
            Ok(ip) => Ok(ip),
            Err(error) => {
                let cleanup =
                    ignore_not_found(self.eip_delete(&id, crate::wait::cleanup_deadline()).await);
                Err(with_cleanup_note(error, cleanup, "EIP", &id))
            }
        }
    }

    pub(super) async fn eip_get(&self, id: &str) -> Result<PublicIp> {
        let eip = self.eip(id).await?;
        let server_id = self.core.server_of_port(eip.port_id.as_deref()).await?;
        Ok(PublicIp {
            labels: self.tags("publicips", id).await?,
            id: eip.id,
            address: eip.public_ip_address,
            server_id,
        })
    }

    /// Binds the EIP to the server's primary port (unbinding it from another first), or
    /// unbinds it when `server_id` is `None`.
    pub(super) async fn eip_associate(
        &self,
        id: &str,
        server_id: Option<&str>,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        let current = self.eip(id).await?;
        let bound = current.port_id.filter(|p| !p.is_empty());
        let wanted = match server_id {
            Some(server) => Some(
                self.core
                    .primary_port_id(server)
                    .await
                    .map_err(|e| e.with_field("server_id"))?,
            ),
            None => None,
        };
        if bound != wanted {
            if bound.is_some() {
                self.put_port(id, Value::Null).await?;
                self.wait_eip(id, "unbinding the EIP", &["DOWN"], deadline)
                    .await?;
            }
            if let Some(port) = &wanted {
                self.put_port(id, json!(port)).await?;
                self.wait_eip(id, "binding the EIP", &["ACTIVE"], deadline)
                    .await?;
            }
        }
        self.eip_get(id).await
    }

    pub(super) async fn eip_set_labels(&self, id: &str, labels: &Labels) -> Result<PublicIp> {
        self.set_tags("publicips", id, labels).await?;
        self.eip_get(id).await
    }

    /// Unbinds the EIP if bound, releases it (its bandwidth goes with it) and waits until gone.
    pub(super) async fn eip_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        let eip = self.eip(id).await?;
        if eip.port_id.is_some_and(|p| !p.is_empty()) {
            self.put_port(id, Value::Null).await?;
            // OTC refuses to release an EIP while it is still unbinding.
            self.wait_eip(id, "unbinding the EIP", &["DOWN"], deadline)
                .await?;
        }
        self.core
            .client()
            .call_empty(
                Service::Vpc,
                Method::DELETE,
                &format!("/publicips/{id}"),
                None,
            )
            .await?;
        wait_until_gone("releasing the EIP", deadline, || self.eip(id)).await
    }
}
