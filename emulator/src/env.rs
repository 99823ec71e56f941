//! Environment variables that point a cloud's standard tooling at the emulator.

use crate::defaults;

/// Clouds the emulator knows about, in the order they are listed in messages.
const KNOWN_CLOUDS: [&str; 4] = ["plusserver", "ionos", "stackit", "otc"];

/// The `export` lines for a cloud (what `sovereign-emulator env CLOUD --endpoint URL`
/// prints), as (name, value) pairs.
///
/// `endpoint` is the emulator's base URL, e.g. `http://127.0.0.1:8787`.
pub fn env_vars(cloud: &str, endpoint: &str) -> Result<Vec<(String, String)>, String> {
    let endpoint = endpoint.trim_end_matches('/');
    match cloud {
        "plusserver" => Ok(plusserver(endpoint)),
        "ionos" | "stackit" | "otc" => Err(format!(
            "cloud '{cloud}' is not emulated yet (emulated clouds: plusserver)"
        )),
        _ => Err(format!(
            "unknown cloud '{cloud}'; known clouds: {} (emulated: plusserver)",
            KNOWN_CLOUDS.join(", ")
        )),
    }
}

fn plusserver(endpoint: &str) -> Vec<(String, String)> {
    [
        ("OS_AUTH_URL", format!("{endpoint}/plusserver/v3")),
        ("OS_USERNAME", defaults::OS_USERNAME.to_string()),
        ("OS_PASSWORD", defaults::OS_PASSWORD.to_string()),
        ("OS_PROJECT_NAME", defaults::OS_PROJECT_NAME.to_string()),
        ("OS_USER_DOMAIN_NAME", defaults::OS_DOMAIN.to_string()),
        ("OS_PROJECT_DOMAIN_NAME", defaults::OS_DOMAIN.to_string()),
        ("OS_REGION_NAME", defaults::REGION.to_string()),
        ("OS_INTERFACE", "public".to_string()),
        ("OS_IDENTITY_API_VERSION", "3".to_string()),
        ("SOVEREIGN_CLOUD", "plusserver".to_string()),
    ]
    .into_iter()
    .map(|(name, value)| (name.to_string(), value))
    .collect()
}
