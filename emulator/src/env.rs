//! Environment variables that point a cloud's standard tooling at the emulator.

use crate::defaults;
use crate::ionos;
use crate::s3::S3Cloud;
use crate::stackit;

/// Clouds the emulator knows about, in the order they are listed in messages.
const KNOWN_CLOUDS: [&str; 4] = ["plusserver", "ionos", "stackit", "otc"];

/// The `export` lines for a cloud (what `sovereign-emulator env CLOUD --endpoint URL`
/// prints), as (name, value) pairs.
///
/// `endpoint` is the emulator's base URL, e.g. `http://127.0.0.1:8787`.
pub fn env_vars(cloud: &str, endpoint: &str) -> Result<Vec<(String, String)>, String> {
    let endpoint = endpoint.trim_end_matches('/');
    match cloud {
        "plusserver" => Ok(with_s3(
            pairs(plusserver(endpoint)),
            S3Cloud::Plusserver,
            endpoint,
        )),
        "otc" => Ok(with_s3(pairs(otc(endpoint)), S3Cloud::Otc, endpoint)),
        "ionos" => Ok(with_s3(pairs(ionos(endpoint)), S3Cloud::Ionos, endpoint)),
        "stackit" => Ok(pairs(stackit(endpoint))),
        _ => Err(format!(
            "unknown cloud '{cloud}'; known clouds: {}",
            KNOWN_CLOUDS.join(", ")
        )),
    }
}

/// Appends the `AWS_*` variables of the cloud's S3 endpoint.
fn with_s3(
    mut vars: Vec<(String, String)>,
    cloud: S3Cloud,
    endpoint: &str,
) -> Vec<(String, String)> {
    vars.extend(pairs(cloud.env_vars(endpoint)));
    vars
}

fn pairs<const N: usize>(vars: [(&str, String); N]) -> Vec<(String, String)> {
    vars.into_iter()
        .map(|(name, value)| (name.to_string(), value))
        .collect()
}

fn plusserver(endpoint: &str) -> [(&'static str, String); 10] {
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
}

fn otc(endpoint: &str) -> [(&'static str, String); 12] {
    [
        ("OS_AUTH_URL", format!("{endpoint}/otc/v3")),
        ("OS_USERNAME", defaults::OTC_USERNAME.to_string()),
        ("OS_PASSWORD", defaults::OTC_PASSWORD.to_string()),
        ("OS_PROJECT_NAME", defaults::OTC_PROJECT_NAME.to_string()),
        ("OS_USER_DOMAIN_NAME", defaults::OTC_DOMAIN_NAME.to_string()),
        (
            "OS_PROJECT_DOMAIN_NAME",
            defaults::OTC_DOMAIN_NAME.to_string(),
        ),
        ("OS_REGION_NAME", defaults::OTC_REGION.to_string()),
        ("OS_INTERFACE", "public".to_string()),
        ("OS_IDENTITY_API_VERSION", "3".to_string()),
        ("OS_ACCESS_KEY", defaults::OTC_ACCESS_KEY.to_string()),
        ("OS_SECRET_KEY", defaults::OTC_SECRET_KEY.to_string()),
        ("SOVEREIGN_CLOUD", "otc".to_string()),
    ]
}

/// What the `ionoscloud` SDKs (and the project's SDK) read: the Cloud API URL, the account and the
/// seeded data center.
fn ionos(endpoint: &str) -> [(&'static str, String); 8] {
    [
        ("IONOS_API_URL", format!("{endpoint}{}", ionos::API_PREFIX)),
        ("IONOS_USERNAME", defaults::IONOS_USERNAME.to_string()),
        ("IONOS_PASSWORD", defaults::IONOS_PASSWORD.to_string()),
        ("IONOS_TOKEN", defaults::IONOS_TOKEN.to_string()),
        (
            "IONOS_DATACENTER_ID",
            defaults::IONOS_DATACENTER_ID.to_string(),
        ),
        ("IONOS_LOCATION", defaults::IONOS_LOCATION.to_string()),
        ("SOVEREIGN_CLOUD", "ionos".to_string()),
        ("SOVEREIGN_REGION", defaults::IONOS_LOCATION.to_string()),
    ]
}

/// What the STACKIT SDKs (and the project's SDK) read: the static service-account token, the
/// token endpoint, the seeded project and region, the IaaS and object storage endpoints.
fn stackit(endpoint: &str) -> [(&'static str, String); 8] {
    [
        (
            "STACKIT_SERVICE_ACCOUNT_TOKEN",
            defaults::STACKIT_SERVICE_ACCOUNT_TOKEN.to_string(),
        ),
        (
            "STACKIT_TOKEN_BASEURL",
            format!("{endpoint}{}", stackit::TOKEN_PATH),
        ),
        (
            "STACKIT_PROJECT_ID",
            defaults::STACKIT_PROJECT_ID.to_string(),
        ),
        ("STACKIT_REGION", defaults::STACKIT_REGION.to_string()),
        (
            "STACKIT_IAAS_CUSTOM_ENDPOINT",
            format!("{endpoint}{}", stackit::IAAS_PREFIX),
        ),
        (
            "STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT",
            format!("{endpoint}{}", stackit::OBJECT_STORAGE_PREFIX),
        ),
        ("SOVEREIGN_CLOUD", "stackit".to_string()),
        ("SOVEREIGN_REGION", defaults::STACKIT_REGION.to_string()),
    ]
}

/// A `clouds.yaml` with one entry per emulated OpenStack cloud (`plusserver`, `otc`), made
/// from the same values `env` prints: what `sovereign-emulator clouds-yaml` prints, for
/// configurations that use both clouds at once (one set of `OS_*` variables cannot serve two).
pub fn clouds_yaml(endpoint: &str) -> String {
    let endpoint = endpoint.trim_end_matches('/');
    let mut out = String::from("clouds:\n");
    let entries = [
        ("plusserver", pairs(plusserver(endpoint))),
        ("otc", pairs(otc(endpoint))),
    ];
    for (name, vars) in entries {
        let value = |var: &str| {
            vars.iter()
                .find(|(k, _)| k == var)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        };
        out.push_str(&format!(
            "  {name}:\n    region_name: \"{}\"\n    auth:\n",
            value("OS_REGION_NAME")
        ));
        for (key, var) in [
            ("auth_url", "OS_AUTH_URL"),
            ("username", "OS_USERNAME"),
            ("password", "OS_PASSWORD"),
            ("project_name", "OS_PROJECT_NAME"),
            ("user_domain_name", "OS_USER_DOMAIN_NAME"),
            ("project_domain_name", "OS_PROJECT_DOMAIN_NAME"),
        ] {
            out.push_str(&format!("      {key}: \"{}\"\n", value(var)));
        }
    }
    out
}
