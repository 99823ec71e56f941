//! The [`Networking`] trait for OpenStack: networks, security groups and public IPs, each in
//! its own module.

use async_trait::async_trait;

use super::OpenStackBackend;
use crate::api::Networking;
use crate::error::Result;
use crate::model::*;
use crate::wait::Deadline;

#[async_trait]
impl Networking for OpenStackBackend {
    async fn create_network(&self, spec: &NetworkSpec, deadline: Deadline) -> Result<Network> {
        self.network_create(spec, deadline).await
    }
    async fn get_network(&self, id: &str) -> Result<Network> {
        self.network_get(id).await
    }
    async fn update_network(
        &self,
        id: &str,
        update: &NetworkUpdate,
        deadline: Deadline,
    ) -> Result<Network> {
        self.network_update(id, update, deadline).await
    }
    async fn delete_network(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.network_delete(id, deadline).await
    }
    async fn list_networks(&self) -> Result<Vec<Network>> {
        self.network_list().await
    }

    async fn create_security_group(
        &self,
        spec: &SecurityGroupSpec,
        _deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.sg_create(spec).await
    }
    async fn get_security_group(&self, id: &str) -> Result<SecurityGroup> {
        self.sg_get(id).await
    }
    async fn update_security_group(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
        _deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.sg_update(id, update).await
    }
    async fn delete_security_group(&self, id: &str, _deadline: Deadline) -> Result<()> {
        self.sg_delete(id).await
    }
    async fn create_security_group_rule(
        &self,
        spec: &SecurityGroupRuleSpec,
        _deadline: Deadline,
    ) -> Result<SecurityGroupRule> {
        self.rule_create(spec).await
    }
    async fn get_security_group_rule(&self, id: &str) -> Result<SecurityGroupRule> {
        self.rule_get(id).await
    }
    async fn delete_security_group_rule(&self, id: &str, _deadline: Deadline) -> Result<()> {
        self.rule_delete(id).await
    }

    async fn create_public_ip(&self, spec: &PublicIpSpec, _deadline: Deadline) -> Result<PublicIp> {
        self.fip_create(spec).await
    }
    async fn get_public_ip(&self, id: &str) -> Result<PublicIp> {
        self.fip_get(id).await
    }
    async fn associate_public_ip(
        &self,
        id: &str,
        server_id: Option<&str>,
        _deadline: Deadline,
    ) -> Result<PublicIp> {
        self.fip_associate(id, server_id).await
    }
    async fn set_public_ip_labels(
        &self,
        id: &str,
        labels: &Labels,
        _deadline: Deadline,
    ) -> Result<PublicIp> {
        self.fip_set_labels(id, labels).await
    }
    async fn delete_public_ip(&self, id: &str, _deadline: Deadline) -> Result<()> {
        self.fip_delete(id).await
    }
}
