//! The uniform model: what a Rust program (and the Terraform provider) sees of every cloud.
//! A `XSpec` is what to create, an `XUpdate` what to change in place, `X` what exists.

mod bucket;
mod capabilities;
mod catalog;
mod labels;
mod network;
mod object_kind;
mod public_ip;
mod security_group;
mod server;
mod volume;

pub use bucket::{bucket_not_empty, validate_bucket_name, Bucket, BucketSpec, BucketUpdate};
pub use capabilities::Capabilities;
pub use catalog::{AvailabilityZone, Flavor, Image};
pub use labels::{validate_labels, Labels};
pub use network::{validate_cidr, validate_name, Network, NetworkSpec, NetworkUpdate};
pub use object_kind::ObjectKind;
pub use public_ip::{PublicIp, PublicIpSpec};
pub use security_group::{
    Direction, EtherType, Protocol, SecurityGroup, SecurityGroupRule, SecurityGroupRuleSpec,
    SecurityGroupSpec, SecurityGroupUpdate,
};
pub use server::{Server, ServerSize, ServerSpec, ServerUpdate};
pub use volume::{Volume, VolumeAttachment, VolumeAttachmentSpec, VolumeSpec, VolumeUpdate};

/// Splits an id of the form `<a>/<b>` (a rule under its group, an attachment of a volume to a
/// server); `form` names the parts in the error.
pub(crate) fn split_compound_id<'a>(
    id: &'a str,
    form: &str,
) -> crate::error::Result<(&'a str, &'a str)> {
    id.split_once('/')
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| {
            crate::error::Error::invalid_field(
                "id",
                format!("{id:?} is not an id of the form {form}"),
            )
        })
}

/// Splits a rule id `<group>/<rule>`.
pub(crate) fn split_rule_id(id: &str) -> crate::error::Result<(&str, &str)> {
    split_compound_id(id, "<security group id>/<rule id>")
}

/// Splits an attachment id `<server>/<volume>`.
pub(crate) fn split_attachment_id(id: &str) -> crate::error::Result<(&str, &str)> {
    split_compound_id(id, "<server id>/<volume id>")
}
