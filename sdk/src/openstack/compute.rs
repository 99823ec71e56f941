//! The [`Compute`] trait for OpenStack: servers (server.rs) and what they are built from
//! (images.rs).

use async_trait::async_trait;

use super::OpenStackBackend;
use crate::api::Compute;
use crate::error::Result;
use crate::model::{AvailabilityZone, Flavor, Image, Server, ServerSpec, ServerUpdate};
use crate::wait::Deadline;

#[async_trait]
impl Compute for OpenStackBackend {
    async fn check_scope(&self) -> Result<()> {
        self.client.check_service(super::Service::Compute).await
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
            .nova_flavors()
            .await?
            .iter()
            .map(Flavor::from)
            .collect())
    }
    async fn list_availability_zones(&self) -> Result<Vec<AvailabilityZone>> {
        self.zones().await
    }
}
