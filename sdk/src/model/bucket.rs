//! Object storage buckets.

use serde::{Deserialize, Serialize};

use super::labels::Labels;
use crate::error::{Error, ErrorKind, Result};

/// What to create.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketSpec {
    /// The bucket's globally unique name.
    pub name: String,
    /// Whether object versioning is on.
    pub versioning: bool,
    /// Labels (tags).
    pub labels: Labels,
}

/// What to change in place; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BucketUpdate {
    /// Turn versioning on or off.
    pub versioning: Option<bool>,
    /// New labels (replacing all).
    pub labels: Option<Labels>,
}

/// A bucket as it exists.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bucket {
    /// The opaque, importable id (the name).
    pub id: String,
    /// The name.
    pub name: String,
    /// Whether object versioning is on.
    pub versioning: bool,
    /// The S3 endpoint that serves it.
    pub endpoint: String,
    /// The region it lives in.
    pub region: String,
    /// Labels.
    pub labels: Labels,
}

/// The S3 naming rules every cloud here shares: 3 to 63 characters of `a-z`, `0-9`, `.` and
/// `-`, starting and ending with a letter or digit, no `..` and no hyphen next to a period, not
/// an IPv4 address, none of the prefixes and suffixes S3 reserves. The error names `name`.
pub fn validate_bucket_name(name: &str) -> Result<()> {
    let problem = if !(3..=63).contains(&name.len()) {
        Some(format!("it has {} characters, not 3 to 63", name.len()))
    } else if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        Some("only lowercase letters, digits, `.` and `-` are allowed".to_string())
    } else if !name.starts_with(|c: char| c.is_ascii_alphanumeric())
        || !name.ends_with(|c: char| c.is_ascii_alphanumeric())
    {
        Some("it must start and end with a letter or digit".to_string())
    } else if name.contains("..") || name.contains(".-") || name.contains("-.") {
        Some("no `..`, and no hyphen next to a period".to_string())
    } else if name.parse::<std::net::Ipv4Addr>().is_ok() {
        Some("it must not look like an IPv4 address".to_string())
    } else if ["xn--", "sthree-"].iter().any(|p| name.starts_with(p))
        || ["-s3alias", "--ol-s3"].iter().any(|s| name.ends_with(s))
    {
        Some(
            "S3 reserves the prefixes `xn--`, `sthree-` and the suffixes `-s3alias`, `--ol-s3`"
                .to_string(),
        )
    } else {
        None
    };
    match problem {
        Some(why) => Err(Error::invalid_field(
            "name",
            format!("{name:?} is not a valid bucket name: {why}"),
        )),
        None => Ok(()),
    }
}

/// The error for a bucket that was not deleted because it still holds objects (nothing in it
/// was touched); `how_to_empty` says what the user can do. Names `force_destroy`.
pub fn bucket_not_empty(name: &str, how_to_empty: &str) -> Error {
    Error::new(
        ErrorKind::Conflict,
        format!(
            "bucket {name} still holds objects (or object versions) and was left as it is, with \
             everything in it; {how_to_empty}"
        ),
    )
    .with_field("force_destroy")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bucket_names_follow_the_s3_rules() {
        for good in ["abc", "my-bucket.logs", "a1b2c3", &"a".repeat(63)] {
            assert!(validate_bucket_name(good).is_ok(), "{good}");
        }
        for bad in [
            "ab",
            &"a".repeat(64),
            "My-Bucket",
            "-bucket",
            "bucket-",
            "a..b",
            "a.-b",
            "a-.b",
            "192.168.1.1",
            "xn--bucket",
            "bucket-s3alias",
            "under_score",
        ] {
            assert_eq!(
                validate_bucket_name(bad).unwrap_err().field(),
                Some("name"),
                "{bad}"
            );
        }
    }
}
