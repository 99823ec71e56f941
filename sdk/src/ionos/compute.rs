//! The [`Compute`] trait for IONOS: servers, the location's images, the flavor alias table
//! and the server zones.

use async_trait::async_trait;

use super::IonosBackend;
use crate::api::Compute;
use crate::error::Result;
use crate::model::{AvailabilityZone, Flavor, Image, Server, ServerSize, ServerSpec, ServerUpdate};
use crate::wait::Deadline;

#[async_trait]
impl Compute for IonosBackend {
    fn check_exact_size(&self, size: &ServerSize) -> Option<Result<()>> {
        Some(super::flavors::resolve(size).map(|_| ()))
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
        Ok(super::flavors::listed())
    }
    async fn scope_region(&self) -> Result<Option<String>> {
        self.location().await.map(Some)
    }
    async fn list_availability_zones(&self) -> Result<Vec<AvailabilityZone>> {
        Ok(super::ZONES
            .iter()
            .map(|name| AvailabilityZone {
                name: name.to_string(),
            })
            .collect())
    }
}
