//! The [`Networking`] trait for OTC: networks on VPC v1, public IPs on EIP v1, security groups
//! and rules on Neutron through the OpenStack core.

use async_trait::async_trait;

use super::OtcBackend;
use crate::api::Networking;
use crate::error::Result;
use crate::model::*;
use crate::wait::Deadline;

#[async_trait]
impl Networking for OtcBackend {
    fn check_network(&self, spec: &NetworkSpec) -> Result<()> {
        super::vpc::check_network(spec).map(|_| ())
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
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.core.create_security_group(spec, deadline).await
    }
    async fn get_security_group(&self, id: &str) -> Result<SecurityGroup> {
        self.core.get_security_group(id).await
    }
    async fn update_security_group(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        self.core.update_security_group(id, update, deadline).await
    }
    async fn delete_security_group(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.core.delete_security_group(id, deadline).await
    }
    async fn create_security_group_rule(
        &self,
        spec: &SecurityGroupRuleSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroupRule> {
        self.core.create_security_group_rule(spec, deadline).await
    }
    async fn get_security_group_rule(&self, id: &str) -> Result<SecurityGroupRule> {
        self.core.get_security_group_rule(id).await
    }
    async fn delete_security_group_rule(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.core.delete_security_group_rule(id, deadline).await
    }

    async fn create_public_ip(&self, spec: &PublicIpSpec, deadline: Deadline) -> Result<PublicIp> {
        self.eip_create(spec, deadline).await
    }
    async fn get_public_ip(&self, id: &str) -> Result<PublicIp> {
        self.eip_get(id).await
    }
    async fn associate_public_ip(
        &self,
        id: &str,
        server_id: Option<&str>,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        self.eip_associate(id, server_id, deadline).await
    }
    async fn set_public_ip_labels(
        &self,
        id: &str,
        labels: &Labels,
        _deadline: Deadline,
    ) -> Result<PublicIp> {
        self.eip_set_labels(id, labels).await
    }
    async fn delete_public_ip(&self, id: &str, deadline: Deadline) -> Result<()> {
        self.eip_delete(id, deadline).await
    }
}
