//! SDK errors as Terraform diagnostics, on the attribute they are about.

use sovereign_sdk::{Error, ErrorKind};
use tf_provider::{AttributePath, Diagnostics};

/// The attribute path for an SDK field name: `cidr`, or a block field `openstack.password`
/// (blocks are lists of one in the protocol, hence the index).
pub fn path_for_field(field: &str) -> AttributePath {
    match field.split_once('.') {
        Some((block, attribute)) => AttributePath::new(block.to_string())
            .index(0)
            .attribute(attribute.to_string()),
        None => AttributePath::new(field.to_string()),
    }
}

/// Adds an error diagnostic for `error`, summarised as `summary`, on the field it names.
pub fn add_error(diags: &mut Diagnostics, summary: &str, error: &Error) {
    let path = error
        .field()
        .map(path_for_field)
        .unwrap_or_else(AttributePath::root);
    let mut detail = error.to_string();
    if let Some(hint) = hint(error.kind()) {
        detail.push_str("\n\n");
        detail.push_str(hint);
    }
    diags.error(summary.to_string(), detail, path);
}

fn hint(kind: ErrorKind) -> Option<&'static str> {
    match kind {
        ErrorKind::Unauthorized => {
            Some("Check the credentials in the provider block or the environment.")
        }
        ErrorKind::QuotaExceeded => {
            Some("Ask the cloud operator for more quota or remove unused resources.")
        }
        ErrorKind::RateLimited => {
            Some("The cloud kept asking to slow down; raise `max_retries` or try again later.")
        }
        ErrorKind::Timeout => Some(
            "Raise the matching value in the resource's `timeouts` block if the cloud is slow.",
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_fields_get_an_index() {
        assert_eq!(
            path_for_field("cidr").to_string(),
            AttributePath::new("cidr").to_string()
        );
        assert_eq!(
            path_for_field("openstack.password").to_string(),
            AttributePath::new("openstack")
                .index(0)
                .attribute("password")
                .to_string()
        );
    }
}
