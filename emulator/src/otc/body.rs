//! Reading the JSON bodies of OTC's native APIs: the shared helpers plus OTC's naming rule.

pub(crate) use crate::body::*;

/// Whether `name` is at most 64 letters, digits, `-`, `_` and `.` (OTC's rule for VPC,
/// subnet and bandwidth names; `allow_empty` for those that may be blank).
pub(crate) fn valid_name(name: &str, allow_empty: bool) -> bool {
    let length = name.chars().count();
    (allow_empty || length > 0)
        && length <= 64
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}
