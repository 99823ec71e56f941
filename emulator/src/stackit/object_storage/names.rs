//! Bucket names as the management API checks them: the path parameter's length first (3 to 63,
//! FastAPI's 422), then, on create, DNS conformity (lowercase letters, digits, `-` and `.`,
//! starting and ending with a letter or digit, no `..`; a 422 `ErrorMessage`).

use axum::http::StatusCode;

use super::errors::ApiError;

/// The shortest and longest bucket names.
const LENGTH: (usize, usize) = (3, 63);

/// Refuses a `bucketName` path parameter outside 3 to 63 characters, as FastAPI does.
pub(crate) fn check_length(name: &str) -> Result<(), ApiError> {
    let count = name.chars().count();
    let (kind, msg) = if count < LENGTH.0 {
        (
            "string_too_short",
            format!("String should have at least {} characters", LENGTH.0),
        )
    } else if count > LENGTH.1 {
        (
            "string_too_long",
            format!("String should have at most {} characters", LENGTH.1),
        )
    } else {
        return Ok(());
    };
    Err(ApiError::Invalid {
        loc: ["path", "bucketName"],
        kind,
        msg,
        input: name.to_string(),
    })
}

/// Refuses a name that is not DNS-conform.
pub(crate) fn check_dns(name: &str) -> Result<(), ApiError> {
    let allowed = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
    let edges = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if allowed && edges && !name.contains("..") {
        return Ok(());
    }
    Err(ApiError::detail(
        StatusCode::UNPROCESSABLE_ENTITY,
        "bucket.name.invalid",
        format!(
            "Bucket name {name:?} is not DNS-conform: use lowercase letters, digits, '-' and \
             '.', starting and ending with a letter or digit"
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_checked_like_stackit() {
        assert!(check_length("abc").is_ok());
        assert!(check_length("ab").is_err());
        assert!(check_length(&"a".repeat(64)).is_err());
        assert!(check_dns("my-bucket.logs").is_ok());
        for bad in ["My-Bucket", "under_score", "-edge", "edge.", "a..b"] {
            assert!(check_dns(bad).is_err(), "{bad}");
        }
    }
}
