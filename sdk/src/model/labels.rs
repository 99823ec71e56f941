//! Labels: the cloud-neutral key/value tags every resource takes.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// Key/value labels, ordered so that equal label sets compare and print the same.
pub type Labels = BTreeMap<String, String>;

/// Checks labels against the rules every cloud accepts: keys of 1 to 63 characters from
/// letters, digits, `-`, `_`, `.` and `/`, values up to 255 characters, no `=` in keys.
pub fn validate_labels(labels: &Labels) -> Result<()> {
    for (key, value) in labels {
        let key_ok = !key.is_empty()
            && key.len() <= 63
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'));
        if !key_ok {
            return Err(Error::invalid_field(
                "labels",
                format!(
                    "label key {key:?} must be 1 to 63 characters of letters, digits, '-', '_', '.' or '/'"
                ),
            ));
        }
        if value.chars().count() > 255 {
            return Err(Error::invalid_field(
                "labels",
                format!("the value of label {key:?} is longer than 255 characters"),
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_and_bad_keys() {
        let mut labels = Labels::new();
        labels.insert("team".into(), "infra".into());
        labels.insert("app.kubernetes.io/name".into(), "web".into());
        assert!(validate_labels(&labels).is_ok());
        labels.insert("a=b".into(), "x".into());
        assert_eq!(
            validate_labels(&labels).unwrap_err().field(),
            Some("labels")
        );
    }
}
