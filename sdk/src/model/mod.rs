//! The uniform model: what a Rust program (and the Terraform provider) sees of every cloud.
//! A `XSpec` is what to create, an `XUpdate` what to change in place, `X` what exists.

mod bucket;
mod capabilities;
mod catalog;
mod labels;
mod network;
mod public_ip;
mod security_group;
mod server;
mod volume;

pub use bucket::{Bucket, BucketSpec, BucketUpdate};
pub use capabilities::Capabilities;
pub use catalog::{AvailabilityZone, Flavor, Image};
pub use labels::{validate_labels, Labels};
pub use network::{validate_cidr, validate_name, Network, NetworkSpec, NetworkUpdate};
pub use public_ip::{PublicIp, PublicIpSpec};
pub use security_group::{
    Direction, EtherType, Protocol, SecurityGroup, SecurityGroupRule, SecurityGroupRuleSpec,
    SecurityGroupSpec, SecurityGroupUpdate,
};
pub use server::{Server, ServerSize, ServerSpec, ServerUpdate};
pub use volume::{Volume, VolumeAttachment, VolumeAttachmentSpec, VolumeSpec, VolumeUpdate};
