//! The [`Compute`] trait for OTC: create and delete on ECS, everything else (reads, updates,
//! images, flavors, zones) through the OpenStack core.

use async_trait::async_trait;

use super::OtcBackend;
use crate::api::Compute;
use crate::error::Result;
use crate::model::{AvailabilityZone, Flavor, Image, Server, ServerSpec, ServerUpdate};
use crate::wait::Deadline;

#[async_trait]
impl Compute for OtcBackend {
    async fn check_scope(&self) -> Result<()> {
        self.core.check_scope().await
    }
    async fn create_server(&self, spec: &ServerSpec, deadline: Deadline) -> Result<Server> {
        self.ecs_create(spec, deadline).await
    }
    async fn get_server(&self, id: &str) -> Result<Server> {
        self.core.get_server(id).await
    }
    async fn update_server(
        &self,
        id: &str,
        update: &ServerUpdate,
        deadline: Deadline,
    ) -> Result<Server> {
        self.core.update_server(id, update, deadline).await
    }
    async fn delete_server(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.ecs_delete(id, deadline).await
    }
    async fn list_images(&self) -> Result<Vec<Image>> {
        self.core.list_images().await
    }
    async fn list_flavors(&self) -> Result<Vec<Flavor>> {
        self.core.list_flavors().await
    }
    async fn list_availability_zones(&self) -> Result<Vec<AvailabilityZone>> {
        self.core.list_availability_zones().await
    }
}
