//! Small builders for schemas, so each resource file reads as a list of its attributes.

use std::collections::HashMap;

use tf_provider::schema::{
    Attribute, AttributeConstraint, AttributeType, Block, Description, Schema,
};

/// An attribute of `attr_type` with a constraint and a Markdown description.
pub fn attribute(
    attr_type: AttributeType,
    constraint: AttributeConstraint,
    description: &str,
) -> Attribute {
    Attribute {
        attr_type,
        description: Description::markdown(description),
        constraint,
        sensitive: false,
        deprecated: false,
    }
}

/// The same attribute, marked sensitive (masked in plans and output).
pub fn sensitive(mut attribute: Attribute) -> Attribute {
    attribute.sensitive = true;
    attribute
}

/// A required string.
pub fn required_string(description: &str) -> Attribute {
    attribute(
        AttributeType::String,
        AttributeConstraint::Required,
        description,
    )
}

/// An optional string.
pub fn optional_string(description: &str) -> Attribute {
    attribute(
        AttributeType::String,
        AttributeConstraint::Optional,
        description,
    )
}

/// A computed string.
pub fn computed_string(description: &str) -> Attribute {
    attribute(
        AttributeType::String,
        AttributeConstraint::Computed,
        description,
    )
}

/// An optional number.
pub fn optional_number(description: &str) -> Attribute {
    attribute(
        AttributeType::Number,
        AttributeConstraint::Optional,
        description,
    )
}

/// The optional `labels` map every resource takes.
pub fn labels() -> Attribute {
    attribute(
        AttributeType::Map(Box::new(AttributeType::String)),
        AttributeConstraint::Optional,
        "Key/value labels (tags on the cloud). Keys: 1 to 63 letters, digits, `-`, `_`, `.`, `/`.",
    )
}

/// The computed `id` every resource has.
pub fn id(what: &str) -> Attribute {
    computed_string(&format!(
        "The {what}'s id; `terraform import` takes exactly this value."
    ))
}

/// Builds an attribute map from `(name, attribute)` pairs.
pub fn attributes<const N: usize>(pairs: [(&str, Attribute); N]) -> HashMap<String, Attribute> {
    pairs
        .into_iter()
        .map(|(name, attr)| (name.to_string(), attr))
        .collect()
}

/// An optional string the cloud fills in when it is left out.
pub fn optional_computed_string(description: &str) -> Attribute {
    attribute(
        AttributeType::String,
        AttributeConstraint::OptionalComputed,
        description,
    )
}

/// A required number.
pub fn required_number(description: &str) -> Attribute {
    attribute(
        AttributeType::Number,
        AttributeConstraint::Required,
        description,
    )
}

/// A computed number.
pub fn computed_number(description: &str) -> Attribute {
    attribute(
        AttributeType::Number,
        AttributeConstraint::Computed,
        description,
    )
}

/// A resource's schema: its description, its attributes and the `timeouts` block.
pub fn resource<const N: usize>(description: &str, pairs: [(&str, Attribute); N]) -> Schema {
    Schema {
        version: 1,
        block: Block {
            description: Description::markdown(description),
            attributes: attributes(pairs),
            blocks: [("timeouts".to_string(), crate::timeouts::schema())]
                .into_iter()
                .collect(),
            ..Default::default()
        },
    }
}

/// A data source's schema: its description and attributes.
pub fn data_source<const N: usize>(description: &str, pairs: [(&str, Attribute); N]) -> Schema {
    Schema {
        version: 1,
        block: Block {
            description: Description::markdown(description),
            attributes: attributes(pairs),
            ..Default::default()
        },
    }
}
