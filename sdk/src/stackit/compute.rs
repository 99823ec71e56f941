//! The [`Compute`] trait for STACKIT: servers, the project's images, machine types and the
//! region's availability zones.

use async_trait::async_trait;

use super::names::{check_labels, check_name, check_server_name};
use super::StackitBackend;
use crate::api::Compute;
use crate::error::Result;
use crate::model::{
    AvailabilityZone, Flavor, Image, Labels, ObjectKind, Server, ServerSpec, ServerUpdate,
};
use crate::wait::Deadline;

#[async_trait]
impl Compute for StackitBackend {
    fn check_name_and_labels(
        &self,
        kind: ObjectKind,
        name: Option<&str>,
        labels: &Labels,
    ) -> Result<()> {
        match (kind, name) {
            (ObjectKind::Server, Some(name)) => check_server_name(name)?,
            (ObjectKind::Volume, Some(name)) => check_name(name)?,
            _ => {}
        }
        check_labels(labels)
    }
    async fn create_server(&self, spec: &ServerSpec, deadline: Deadline) -> Result<Server> {
        self.server_create(spec, deadline).await
    }
    async fn get_server(&self, id: &str) -> Result<Server> {
        self.server_get(id).await
    }
    async fn update_server(
        &self,
        id: &str,
        update: &ServerUpdate,
        deadline: Deadline,
    ) -> Result<Server> {
        self.server_update(id, update, deadline).await
    }
    async fn delete_server(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.server_delete(id, deadline).await
    }
    async fn list_images(&self) -> Result<Vec<Image>> {
        self.images().await
    }
    async fn list_flavors(&self) -> Result<Vec<Flavor>> {
        Ok(self
            .machine_types()
            .await?
            .iter()
            .map(Flavor::from)
            .collect())
    }
    async fn list_availability_zones(&self) -> Result<Vec<AvailabilityZone>> {
        self.zones().await
    }
}
