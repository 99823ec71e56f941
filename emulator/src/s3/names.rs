//! The S3 bucket naming rules the emulated clouds share.

/// Whether `name` is a valid bucket name: 3–63 of `a-z 0-9 . -`, starting and ending with a
/// letter or digit, no `..`, `.-` or `-.`, not an IPv4 address, none of AWS's reserved prefixes
/// and suffixes.
pub(crate) fn is_valid_bucket_name(name: &str) -> bool {
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    (3..=63).contains(&name.len())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
        && alnum(name.chars().next())
        && alnum(name.chars().last())
        && !["..", ".-", "-."].iter().any(|bad| name.contains(bad))
        && name.parse::<std::net::Ipv4Addr>().is_err()
        && !name.starts_with("xn--")
        && !name.starts_with("sthree-")
        && !name.ends_with("-s3alias")
        && !name.ends_with("--ol-s3")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applies_the_rules() {
        for good in ["abc", "my-bucket.logs", "a1b", &"a".repeat(63)] {
            assert!(is_valid_bucket_name(good), "{good}");
        }
        for bad in [
            "ab",
            "Abc",
            "a_b",
            "-ab",
            "ab-",
            "a..b",
            "a.-b",
            "a-.b",
            "192.168.1.1",
            "xn--abc",
            "abc-s3alias",
            &"a".repeat(64),
        ] {
            assert!(!is_valid_bucket_name(bad), "{bad}");
        }
    }
}
