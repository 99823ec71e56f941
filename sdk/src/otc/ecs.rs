//! Server create and delete on OTC's native ECS API, the only one that sets the root volume's
//! type: one job makes the server, its NIC on the subnet and its root volume from the image.
//! The keypair made for `ssh_public_keys` is named in an ECS tag, so delete removes exactly
//! that one. Reads, renames, labels, security groups and resizes go through Nova and Neutron
//! in the OpenStack core, as OTC's own provider does.

use std::time::Duration;

use reqwest::Method;
use serde::Deserialize;
use serde_json::{json, Value};

use super::OtcBackend;
use crate::api::Compute;
use crate::error::{Error, ErrorKind, Result};
use crate::lost_create::{create_once_in, Created};
use crate::model::{Server, ServerSpec};
use crate::openstack::server::{server_listing, server_matches};
use crate::openstack::Service;
use crate::provisioning::{encoded_user_data, owned_name_within, validate};
use crate::wait::Deadline;

/// The root volume type when the caller names none: high I/O (OTC's own provider still
/// defaults to SATA, which OTC retired at the end of 2025).
const DEFAULT_ROOT_VOLUME_TYPE: &str = "SAS";
/// The ECS tag naming the keypair made for the server.
const KEYPAIR_TAG: &str = "sovereign-keypair";
/// OTC tag values hold at most 43 characters; this much of the server's name goes into a
/// keypair's name beside the prefix and a random suffix.
const KEYPAIR_NAME_BUDGET: usize = 16;

#[derive(Debug, Deserialize)]
struct Submitted {
    job_id: String,
    #[serde(default, rename = "serverIds")]
    server_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct EcsTag {
    key: String,
    #[serde(default)]
    value: String,
}

#[derive(Debug, Deserialize)]
struct EcsTags {
    #[serde(default)]
    tags: Vec<EcsTag>,
}

/// How long after accepting a create ECS's job may take to make the server visible: a create
/// whose answer was lost is sent again only when no server shows within this time.
const JOB_SETTLE: Duration = Duration::from_secs(30);

impl OtcBackend {
    async fn ecs_submit(&self, path: &str, body: &Value) -> Result<Submitted> {
        self.core
            .client()
            .call_json(Service::Ecs, Method::POST, path, Some(body))
            .await
    }

    /// The zone for a server: the caller's, else the first zone Nova lists (ECS needs one).
    async fn zone_for(&self, spec: &ServerSpec) -> Result<String> {
        if let Some(zone) = &spec.availability_zone {
            return Ok(zone.clone());
        }
        self.core
            .zones()
            .await?
            .into_iter()
            .map(|z| z.name)
            .next()
            .ok_or_else(|| Error::new(ErrorKind::Api, "OTC lists no availability zone"))
    }

    pub(super) async fn ecs_create(&self, spec: &ServerSpec, deadline: Deadline) -> Result<Server> {
        validate(spec)?;
        let image = self.core.resolve_image(&spec.image).await?;
        let flavor = self.core.resolve_flavor(&spec.size).await?;
        let root_gb = spec.boot_volume_gb(&image, flavor.disk)?;
        let vpc_id = self.vpc_of(&spec.network_id).await?;
        let zone = self.zone_for(spec).await?;
        let keypair = self
            .core
            .create_keypair(
                spec,
                owned_name_within("key", &spec.name, KEYPAIR_NAME_BUDGET),
            )
            .await?;
        let mut server = json!({
            "name": spec.name,
            "imageRef": image.id,
            "flavorRef": flavor.id,
            "vpcid": vpc_id,
            "nics": [{"subnet_id": spec.network_id}],
            "root_volume": {
                "volumetype": spec.boot_volume_type.as_deref().unwrap_or(DEFAULT_ROOT_VOLUME_TYPE),
                "size": root_gb,
            },
            "availability_zone": zone,
            "metadata": spec.labels,
        });
        if !spec.security_group_ids.is_empty() {
            server["security_groups"] = spec
                .security_group_ids
                .iter()
                .map(|id| json!({ "id": id }))
                .collect();
        }
        if let Some(name) = &keypair {
            server["key_name"] = json!(name);
            server["server_tags"] = json!([{"key": KEYPAIR_TAG, "value": name}]);
        }
        if let Some(data) = encoded_user_data(spec) {
            server["user_data"] = json!(data);
        }
        let body = json!({ "server": server });
        let listing = server_listing(&spec.name);
        let matches = server_matches(&spec.name, keypair.as_deref());
        let made = create_once_in(
            "",
            JOB_SETTLE,
            &format!("server {:?}", spec.name),
            || self.ecs_submit("/cloudservers", &body),
            |submitted| submitted.server_ids.first().cloned().unwrap_or_default(),
            || {
                self.core
                    .created_candidates(Service::Compute, &listing, "servers", false, &matches)
            },
        )
        .await;
        let submitted = match made {
            Ok(Created::Answered(submitted)) => submitted,
            // No job to follow: the server's own status tells when it is ready.
            Ok(Created::Adopted(id)) => {
                self.core
                    .wait_server(&id, "creating the server", &["ACTIVE"], deadline)
                    .await?;
                return self
                    .core
                    .get_server(&id)
                    .await
                    .map_err(|e| e.with_resource_id(&id));
            }
            Err(error) => return Err(self.forget_keypair(error, keypair.as_deref()).await),
        };
        let server_id = submitted.server_ids.first().cloned();
        let subject = server_id.as_deref().unwrap_or(&submitted.job_id);
        tracing::info!(job = %submitted.job_id, server = %subject, name = %spec.name, "ECS create submitted; waiting for the job");
        if let Err(error) = self
            .wait_job(&submitted.job_id, "creating the server", subject, deadline)
            .await
        {
            return Err(self
                .after_failed_create(error, &submitted.job_id, server_id, keypair.as_deref())
                .await);
        }
        let id = match server_id {
            Some(id) => id,
            None => self.job_server_id(&submitted.job_id).await?,
        };
        self.core
            .get_server(&id)
            .await
            .map_err(|e| e.with_resource_id(&id))
    }

    /// The error of a create job that did not succeed, naming the server it made (from the
    /// answer or the job), never the job. When the job failed, ECS may already have rolled the
    /// server back, so the keypair made for it goes now; when the wait was cut off, the server
    /// may still be building and needs the keypair, which its tag ties to it until delete.
    async fn after_failed_create(
        &self,
        error: Error,
        job_id: &str,
        server_id: Option<String>,
        keypair: Option<&str>,
    ) -> Error {
        let job = self.job_outcome(job_id).await;
        let server_id = server_id.or_else(|| job.as_ref().and_then(|(_, id)| id.clone()));
        let error = match server_id {
            Some(id) => error.with_resource_id(id),
            None => error.without_resource_id(),
        };
        match job {
            Some((failed, _)) if failed => self.forget_keypair(error, keypair).await,
            _ => error,
        }
    }

    /// Removes the keypair of a server that never came to be; a failure to do so is added to
    /// `error`, never hidden.
    async fn forget_keypair(&self, error: Error, keypair: Option<&str>) -> Error {
        let Some(name) = keypair else {
            return error;
        };
        match self.core.delete_keypair(name).await {
            Ok(()) => error,
            Err(cleanup) => error.context(format!(
                "and removing the keypair {name} made for it failed too ({cleanup})"
            )),
        }
    }

    /// The keypair named in the server's ECS tags; `NotFound` when the server is gone.
    async fn owned_keypair(&self, id: &str) -> Result<Option<String>> {
        let tags: EcsTags = self
            .core
            .client()
            .call_json(
                Service::Ecs,
                Method::GET,
                &format!("/cloudservers/{id}/tags"),
                None,
            )
            .await?;
        Ok(tags
            .tags
            .into_iter()
            .find(|t| t.key == KEYPAIR_TAG)
            .map(|t| t.value))
    }

    /// Deletes the server with one ECS job (its root volume and NIC go with it; attached data
    /// volumes stay), after removing the keypair made for it, which a running server no longer
    /// needs; so a cut-off delete never leaves that keypair behind.
    pub(super) async fn ecs_delete(&self, id: &str, deadline: Deadline) -> Result<()> {
        if let Some(name) = self.owned_keypair(id).await? {
            self.core.delete_keypair(&name).await?;
        }
        let volumes = self.core.volumes_deleted_with_server(id).await?;
        let body = json!({
            "servers": [{"id": id}],
            "delete_publicip": false,
            "delete_volume": false,
        });
        // Deleting a server that is already going is harmless: the request may go twice.
        let answer = self
            .core
            .client()
            .call_repeatable(
                Service::Ecs,
                Method::POST,
                "/cloudservers/delete",
                Some(&body),
            )
            .await?;
        let resent = answer.attempts > 1;
        let submitted: Submitted = answer.json()?;
        let job = self
            .wait_job(&submitted.job_id, "deleting the server", id, deadline)
            .await;
        match job {
            // A resent delete's job fails when the first one, whose answer was lost, is
            // already removing the server: whether the server goes is what counts.
            Err(error) if !resent => Err(error),
            _ => self.core.wait_server_gone(id, &volumes, deadline).await,
        }
    }
}
