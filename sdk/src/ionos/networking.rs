//! The [`Networking`] trait for IONOS: LANs, NSGs and IP blocks.

use async_trait::async_trait;

use super::IonosBackend;
use crate::api::Networking;
use crate::error::Result;
use crate::model::*;
use crate::wait::Deadline;

#[async_trait]
impl Networking for IonosBackend {
    fn check_network(&self, spec: &NetworkSpec) -> Result<()> {
        super::lan::check_network(spec)
    }
    fn check_security_group(&self, spec: &SecurityGroupSpec) -> Result<()> {
        super::nsg::check_group(spec)
    }
    async fn create_network(&self, spec: &NetworkSpec, deadline: Deadline) -> Result<Network> {
        self.lan_create(spec, deadline).await
    }
    async fn get_network(&self, id: &str) -> Result<Network> {
        self.lan_get(id).await
    }
    async fn update_network(
        &self,
        id: &str,
        update: &NetworkUpdate,
        deadline: Deadline,
    ) -> Result<Network> {
        self.lan_update(id, update, deadline).await
    }
    async fn delete_network(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.lan_delete(id, deadline).await
    }
    async fn list_networks(&self) -> Result<Vec<Network>> {
        self.lan_list().await
    }

    async fn create_security_group(
        &self,
        spec: &SecurityGroupSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.nsg_create(spec, deadline).await
    }
    async fn get_security_group(&self, id: &str) -> Result<SecurityGroup> {
        self.nsg_get(id).await
    }
    async fn update_security_group(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.nsg_update(id, update, deadline).await
    }
    async fn delete_security_group(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.nsg_delete(id, deadline).await
    }
    async fn create_security_group_rule(
        &self,
        spec: &SecurityGroupRuleSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroupRule> {
        self.rule_create(spec, deadline).await
    }
    async fn get_security_group_rule(&self, id: &str) -> Result<SecurityGroupRule> {
        self.rule_get(id).await
    }
    async fn delete_security_group_rule(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.rule_delete(id, deadline).await
    }

    async fn create_public_ip(&self, spec: &PublicIpSpec, deadline: Deadline) -> Result<PublicIp> {
        self.ip_create(spec, deadline).await
    }
    async fn get_public_ip(&self, id: &str) -> Result<PublicIp> {
        self.ip_get(id).await
    }
    async fn associate_public_ip(
        &self,
        id: &str,
        server_id: Option<&str>,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        self.ip_associate(id, server_id, deadline).await
    }
    async fn set_public_ip_labels(
        &self,
        id: &str,
        labels: &Labels,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        self.ip_set_labels(id, labels, deadline).await
    }
    async fn delete_public_ip(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.ip_delete(id, deadline).await
    }
}
