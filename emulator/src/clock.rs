//! Wall-clock time as unix milliseconds and its ISO 8601 renderings.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since the unix epoch.
pub(crate) fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// The instant `delay` after `now` (the latest representable one if that is too far).
pub(crate) fn after(now: i64, delay: Duration) -> i64 {
    now.saturating_add(i64::try_from(delay.as_millis()).unwrap_or(i64::MAX))
}

/// `2024-05-01T12:00:00Z`, the form Neutron uses for timestamps.
pub(crate) fn iso_seconds(ms: i64) -> String {
    let (date, secs) = split(ms);
    format!("{date}T{}Z", hms(secs))
}

/// `2024-05-01T12:00:00.000000Z`, the form Keystone uses for token times.
pub(crate) fn iso_micros(ms: i64) -> String {
    let (date, secs) = split(ms);
    format!("{date}T{}.{:06}Z", hms(secs), ms.rem_euclid(1000) * 1000)
}

/// `2024-05-01T12:00:00.000000`, the form Cinder uses (no zone designator).
pub(crate) fn iso_micros_naive(ms: i64) -> String {
    let (date, secs) = split(ms);
    format!("{date}T{}.{:06}", hms(secs), ms.rem_euclid(1000) * 1000)
}

/// `2024-05-01 12:00:00`, the form OTC's VPC API uses (`create_time`).
pub(crate) fn plain_seconds(ms: i64) -> String {
    let (date, secs) = split(ms);
    format!("{date} {}", hms(secs))
}

/// `2024-05-01T12:00:00.000Z`, the form OTC's ECS jobs use.
pub(crate) fn iso_millis(ms: i64) -> String {
    let (date, secs) = split(ms);
    format!("{date}T{}.{:03}Z", hms(secs), ms.rem_euclid(1000))
}

/// `Wed, 01 May 2024 12:00:00 GMT`, the HTTP date form (`Last-Modified`).
pub(crate) fn http_date(ms: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    let weekday = WEEKDAYS[usize::try_from((days + 4).rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(m - 1).unwrap_or(0)];
    format!(
        "{weekday}, {d:02} {month} {y:04} {} GMT",
        hms(secs.rem_euclid(86_400))
    )
}

/// Parses the compact UTC form `20240501T120000Z` (as in `X-Sdk-Date`) into unix milliseconds.
pub(crate) fn parse_compact(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 16 || bytes[8] != b'T' || bytes[15] != b'Z' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (y, m, d) = (number(0..4)?, number(4..6)?, number(6..8)?);
    let (hh, mm, ss) = (number(9..11)?, number(11..13)?, number(13..15)?);
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let days = days_from_civil(y, m, d);
    Some((days * 86_400 + hh * 3600 + mm * 60 + ss) * 1000)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the inverse of [`civil_from_days`]).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn split(ms: i64) -> (String, i64) {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (format!("{y:04}-{m:02}-{d:02}"), secs.rem_euclid(86_400))
}

fn hms(secs_of_day: i64) -> String {
    format!(
        "{:02}:{:02}:{:02}",
        secs_of_day / 3600,
        secs_of_day % 3600 / 60,
        secs_of_day % 60
    )
}

/// Proleptic Gregorian date of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(iso_seconds(0), "1970-01-01T00:00:00Z");
        assert_eq!(iso_seconds(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso_micros(1_714_564_800_123), "2024-05-01T12:00:00.123000Z");
        assert_eq!(plain_seconds(1_714_564_800_123), "2024-05-01 12:00:00");
        assert_eq!(iso_millis(1_714_564_800_123), "2024-05-01T12:00:00.123Z");
        assert_eq!(
            http_date(1_714_564_800_123),
            "Wed, 01 May 2024 12:00:00 GMT"
        );
    }

    #[test]
    fn parses_compact_instants() {
        assert_eq!(parse_compact("20240501T120000Z"), Some(1_714_564_800_000));
        assert_eq!(parse_compact("19700101T000000Z"), Some(0));
        assert_eq!(parse_compact("20000229T000000Z"), Some(951_782_400_000));
        assert_eq!(parse_compact("2024-05-01T12:00:00Z"), None);
        assert_eq!(parse_compact("20241301T000000Z"), None);
        assert_eq!(parse_compact("2024050xT000000Z"), None);
    }
}
