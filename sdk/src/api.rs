//! The trait set: primitive operations per service. Every method has a default that answers
//! `Unsupported`, so a backend implements what its cloud can do and nothing panics on the rest.
//! Methods that change something take the caller's [`Deadline`] for whatever they wait on.

use async_trait::async_trait;

use crate::error::{Error, Result};
use crate::model::*;
use crate::wait::Deadline;

/// Networks, security groups and public IPs.
#[async_trait]
pub trait Networking: Send + Sync {
    /// Checks a network spec against this cloud's rules without sending anything (for plans);
    /// the error names the field at fault.
    fn check_network(&self, spec: &NetworkSpec) -> Result<()> {
        spec.validate()
    }
    /// Checks a security group spec against this cloud's rules without sending anything.
    fn check_security_group(&self, spec: &SecurityGroupSpec) -> Result<()> {
        spec.validate()
    }
    /// Creates a network (and whatever the cloud needs beside it: subnet, router).
    async fn create_network(&self, spec: &NetworkSpec, deadline: Deadline) -> Result<Network> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating networks"))
    }
    /// Reads a network; `NotFound` when it is gone.
    async fn get_network(&self, id: &str) -> Result<Network> {
        let _ = id;
        Err(Error::unsupported("reading networks"))
    }
    /// Changes a network in place.
    async fn update_network(
        &self,
        id: &str,
        update: &NetworkUpdate,
        deadline: Deadline,
    ) -> Result<Network> {
        let _ = (id, update, deadline);
        Err(Error::unsupported("updating networks"))
    }
    /// Deletes a network and everything created with it; `NotFound` when already gone.
    async fn delete_network(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("deleting networks"))
    }
    /// Lists the scope's networks (not the cloud's shared external ones).
    async fn list_networks(&self) -> Result<Vec<Network>> {
        Err(Error::unsupported("listing networks"))
    }

    /// Creates a security group that allows all egress and no ingress.
    async fn create_security_group(
        &self,
        spec: &SecurityGroupSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating security groups"))
    }
    /// Reads a security group.
    async fn get_security_group(&self, id: &str) -> Result<SecurityGroup> {
        let _ = id;
        Err(Error::unsupported("reading security groups"))
    }
    /// Changes a security group in place.
    async fn update_security_group(
        &self,
        id: &str,
        update: &SecurityGroupUpdate,
        deadline: Deadline,
    ) -> Result<SecurityGroup> {
        let _ = (id, update, deadline);
        Err(Error::unsupported("updating security groups"))
    }
    /// Deletes a security group.
    async fn delete_security_group(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("deleting security groups"))
    }
    /// Adds a rule to a security group.
    async fn create_security_group_rule(
        &self,
        spec: &SecurityGroupRuleSpec,
        deadline: Deadline,
    ) -> Result<SecurityGroupRule> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating security group rules"))
    }
    /// Reads a rule.
    async fn get_security_group_rule(&self, id: &str) -> Result<SecurityGroupRule> {
        let _ = id;
        Err(Error::unsupported("reading security group rules"))
    }
    /// Deletes a rule.
    async fn delete_security_group_rule(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("deleting security group rules"))
    }

    /// Allocates a public IP, associated with a server when the spec names one.
    async fn create_public_ip(&self, spec: &PublicIpSpec, deadline: Deadline) -> Result<PublicIp> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating public IPs"))
    }
    /// Reads a public IP.
    async fn get_public_ip(&self, id: &str) -> Result<PublicIp> {
        let _ = id;
        Err(Error::unsupported("reading public IPs"))
    }
    /// Associates a public IP with a server, or dissociates it (`None`).
    async fn associate_public_ip(
        &self,
        id: &str,
        server_id: Option<&str>,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        let _ = (id, server_id, deadline);
        Err(Error::unsupported("associating public IPs"))
    }
    /// Replaces a public IP's labels.
    async fn set_public_ip_labels(
        &self,
        id: &str,
        labels: &Labels,
        deadline: Deadline,
    ) -> Result<PublicIp> {
        let _ = (id, labels, deadline);
        Err(Error::unsupported("relabelling public IPs"))
    }
    /// Releases a public IP.
    async fn delete_public_ip(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("deleting public IPs"))
    }
}

/// Servers and what they are built from.
#[async_trait]
pub trait Compute: Send + Sync {
    /// On clouds that size servers exactly (IONOS), checks a size without sending anything;
    /// `None` where sizes are flavors to look up in [`Compute::list_flavors`].
    fn check_exact_size(&self, size: &ServerSize) -> Option<Result<()>> {
        let _ = size;
        None
    }
    /// Creates a server and waits until it runs.
    async fn create_server(&self, spec: &ServerSpec, deadline: Deadline) -> Result<Server> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating servers"))
    }
    /// Reads a server.
    async fn get_server(&self, id: &str) -> Result<Server> {
        let _ = id;
        Err(Error::unsupported("reading servers"))
    }
    /// Changes a server in place (rename, resize, security groups, labels).
    async fn update_server(
        &self,
        id: &str,
        update: &ServerUpdate,
        deadline: Deadline,
    ) -> Result<Server> {
        let _ = (id, update, deadline);
        Err(Error::unsupported("updating servers"))
    }
    /// Deletes a server and what it owns (keypair, port, boot volume) and waits until it is gone.
    async fn delete_server(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("deleting servers"))
    }
    /// Lists the images the scope may boot.
    async fn list_images(&self) -> Result<Vec<Image>> {
        Err(Error::unsupported("listing images"))
    }
    /// Lists flavors or machine types.
    async fn list_flavors(&self) -> Result<Vec<Flavor>> {
        Err(Error::unsupported("listing flavors"))
    }
    /// Lists availability zones.
    async fn list_availability_zones(&self) -> Result<Vec<AvailabilityZone>> {
        Err(Error::unsupported("listing availability zones"))
    }
    /// The cloud's own rules for the name and labels of an object of `kind` (a public IP has
    /// no name), beyond the uniform ones; checked at plan time. `Ok` where there are none.
    fn check_name_and_labels(
        &self,
        kind: ObjectKind,
        name: Option<&str>,
        labels: &Labels,
    ) -> Result<()> {
        let _ = (kind, name, labels);
        Ok(())
    }
    /// The region the scope lives in, for backends that read it from the cloud when none is
    /// configured (IONOS: the data center's location); `None` where the configuration decides.
    async fn scope_region(&self) -> Result<Option<String>> {
        Ok(None)
    }
    /// Checks that the configured scope exists, so that a wrong region fails when the provider
    /// is configured (at plan time) rather than at the first change: on OpenStack clouds,
    /// signs in and looks the compute service up in the region. `Ok` where nothing is to check.
    async fn check_scope(&self) -> Result<()> {
        Ok(())
    }
}

/// Volumes and attachments.
#[async_trait]
pub trait BlockStorage: Send + Sync {
    /// Creates a volume and waits until it is available.
    async fn create_volume(&self, spec: &VolumeSpec, deadline: Deadline) -> Result<Volume> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating volumes"))
    }
    /// Reads a volume.
    async fn get_volume(&self, id: &str) -> Result<Volume> {
        let _ = id;
        Err(Error::unsupported("reading volumes"))
    }
    /// Changes a volume in place (rename, grow, labels).
    async fn update_volume(
        &self,
        id: &str,
        update: &VolumeUpdate,
        deadline: Deadline,
    ) -> Result<Volume> {
        let _ = (id, update, deadline);
        Err(Error::unsupported("updating volumes"))
    }
    /// Deletes a volume.
    async fn delete_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("deleting volumes"))
    }
    /// Attaches a volume to a server and waits until it is in use.
    async fn attach_volume(
        &self,
        spec: &VolumeAttachmentSpec,
        deadline: Deadline,
    ) -> Result<VolumeAttachment> {
        let _ = (spec, deadline);
        Err(Error::unsupported("attaching volumes"))
    }
    /// Reads an attachment.
    async fn get_volume_attachment(&self, id: &str) -> Result<VolumeAttachment> {
        let _ = id;
        Err(Error::unsupported("reading volume attachments"))
    }
    /// Detaches a volume and waits until it is available.
    async fn detach_volume(&self, id: &str, deadline: Deadline) -> Result<()> {
        let _ = (id, deadline);
        Err(Error::unsupported("detaching volumes"))
    }
}

/// Buckets.
#[async_trait]
pub trait ObjectStorage: Send + Sync {
    /// Checks, without a request, that buckets can be reached (credentials are configured),
    /// so that a missing key shows at plan time.
    fn check_access(&self) -> Result<()> {
        Ok(())
    }
    /// Creates a bucket.
    async fn create_bucket(&self, spec: &BucketSpec, deadline: Deadline) -> Result<Bucket> {
        let _ = (spec, deadline);
        Err(Error::unsupported("creating buckets"))
    }
    /// Reads a bucket.
    async fn get_bucket(&self, name: &str) -> Result<Bucket> {
        let _ = name;
        Err(Error::unsupported("reading buckets"))
    }
    /// Changes a bucket in place.
    async fn update_bucket(
        &self,
        name: &str,
        update: &BucketUpdate,
        deadline: Deadline,
    ) -> Result<Bucket> {
        let _ = (name, update, deadline);
        Err(Error::unsupported("updating buckets"))
    }
    /// Deletes a bucket; with `force`, empties it first (objects and versions).
    async fn delete_bucket(&self, name: &str, force: bool, deadline: Deadline) -> Result<()> {
        let _ = (name, force, deadline);
        Err(Error::unsupported("deleting buckets"))
    }
}

/// Conveniences over [`Networking`], for every implementation.
#[async_trait]
pub trait NetworkingExt: Networking {
    /// Reads a network, `None` when it does not exist.
    async fn find_network(&self, id: &str) -> Result<Option<Network>> {
        match self.get_network(id).await {
            Ok(network) => Ok(Some(network)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }
    /// Deletes a network, treating "already gone" as success.
    async fn ensure_network_deleted(&self, id: &str, deadline: Deadline) -> Result<()> {
        match self.delete_network(id, deadline).await {
            Err(e) if e.is_not_found() => Ok(()),
            other => other,
        }
    }
}

impl<T: Networking + ?Sized> NetworkingExt for T {}
