//! The [`Networking`] trait for STACKIT: networks, security groups and rules, public IPs.

use async_trait::async_trait;

use super::StackitBackend;
use crate::api::Networking;
use crate::error::Result;
use crate::model::*;
use crate::wait::Deadline;

#[async_trait]
impl Networking for StackitBackend {
    fn check_network(&self, spec: &NetworkSpec) -> Result<()> {
        super::network::check_network(spec)
    }
    fn check_security_group(&self, spec: &SecurityGroupSpec) -> Result<()> {
        super::security_group::check_group(spec)
    }
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
        self.group_create(spec).await
    }
    async fn get_security_group(&self, id: &str) -> Result<SecurityGroup> {
        self.group_get(id).await
    }
    async fn update_security_group(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
        _deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.group_update(id, update).await
    }
    async fn delete_security_group(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.group_delete(id, deadline).await
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
        self.ip_create(spec).await
    }
    async fn get_public_ip(&self, id: &str) -> Result<PublicIp> {
        self.ip_get(id).await
    }
    async fn associate_public_ip(
        &self,
        id: &str,
        server_id: Option<&str>,
        _deadline: Deadline,
    ) -> Result<PublicIp> {
        self.ip_associate(id, server_id).await
    }
    async fn set_public_ip_labels(
        &self,
        id: &str,
        labels: &Labels,
        _deadline: Deadline,
    ) -> Result<PublicIp> {
        self.ip_set_labels(id, labels).await
    }
    async fn delete_public_ip(&self, id: &str, _deadline: Deadline) -> Result<()> {
        self.ip_delete(id).await
    }
}
