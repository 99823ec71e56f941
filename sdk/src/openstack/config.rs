//! OpenStack credentials: from the caller, from `OS_*` variables, and from `clouds.yaml`
//! (`OS_CLOUD`) the way openstacksdk reads them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::env::{first, Lookup};
use crate::error::{Error, ErrorKind, Result};
use crate::secret::Secret;

/// Everything needed to authenticate against Keystone v3 and pick endpoints.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenStackConfig {
    /// Keystone's URL (with or without the `/v3` suffix).
    pub auth_url: Option<String>,
    /// The user's name (password auth).
    pub user_name: Option<String>,
    /// The user's id (password auth, instead of name + domain).
    pub user_id: Option<String>,
    /// The password.
    pub password: Option<Secret>,
    /// The user's domain name.
    pub user_domain_name: Option<String>,
    /// The user's domain id.
    pub user_domain_id: Option<String>,
    /// The project to scope the token to, by name.
    pub project_name: Option<String>,
    /// The project to scope the token to, by id.
    pub project_id: Option<String>,
    /// The project's domain name.
    pub project_domain_name: Option<String>,
    /// The project's domain id.
    pub project_domain_id: Option<String>,
    /// An application credential's id.
    pub application_credential_id: Option<String>,
    /// An application credential's secret.
    pub application_credential_secret: Option<Secret>,
    /// The region to pick endpoints in.
    pub region: Option<String>,
    /// The endpoint interface: public (default), internal or admin.
    pub interface: Option<String>,
    /// The `clouds.yaml` entry to read (`OS_CLOUD`).
    pub cloud: Option<String>,
    /// An access key for request signing, on clouds that take one (OTC).
    pub access_key: Option<String>,
    /// The secret key that goes with `access_key`.
    pub secret_key: Option<Secret>,
}

/// How the SDK proves who it is to Keystone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AuthMethod {
    /// User + password, scoped to a project.
    Password,
    /// An application credential (already scoped).
    ApplicationCredential,
    /// Every request signed with an access key / secret key pair (OTC's AK/SK), no token.
    AccessKey,
}

impl OpenStackConfig {
    /// Reads the `OS_*` variables openstacksdk reads, and the access key variables of OTC's
    /// tools (`OTC_ACCESS_KEY`, then `OS_ACCESS_KEY`/`OS_AK` as the official provider reads them).
    pub fn from_lookup(lookup: Lookup<'_>) -> Self {
        OpenStackConfig {
            auth_url: lookup("OS_AUTH_URL"),
            user_name: first(lookup, &["OS_USERNAME", "OS_USER_NAME"]),
            user_id: lookup("OS_USER_ID"),
            password: lookup("OS_PASSWORD").map(Secret::from),
            user_domain_name: first(lookup, &["OS_USER_DOMAIN_NAME", "OS_DOMAIN_NAME"]),
            user_domain_id: first(lookup, &["OS_USER_DOMAIN_ID", "OS_DOMAIN_ID"]),
            project_name: first(lookup, &["OS_PROJECT_NAME", "OS_TENANT_NAME"]),
            project_id: first(lookup, &["OS_PROJECT_ID", "OS_TENANT_ID"]),
            project_domain_name: first(lookup, &["OS_PROJECT_DOMAIN_NAME", "OS_DOMAIN_NAME"]),
            project_domain_id: first(lookup, &["OS_PROJECT_DOMAIN_ID", "OS_DOMAIN_ID"]),
            application_credential_id: lookup("OS_APPLICATION_CREDENTIAL_ID"),
            application_credential_secret: lookup("OS_APPLICATION_CREDENTIAL_SECRET")
                .map(Secret::from),
            region: lookup("OS_REGION_NAME"),
            interface: lookup("OS_INTERFACE"),
            cloud: lookup("OS_CLOUD"),
            access_key: first(
                lookup,
                &[
                    "OTC_ACCESS_KEY",
                    "OS_ACCESS_KEY",
                    "OS_ACCESS_KEY_ID",
                    "OS_AK",
                ],
            ),
            secret_key: first(
                lookup,
                &[
                    "OTC_SECRET_KEY",
                    "OS_SECRET_KEY",
                    "OS_ACCESS_KEY_SECRET",
                    "OS_SK",
                ],
            )
            .map(Secret::from),
        }
    }

    /// Fills every unset field from `base`.
    pub fn or(self, base: OpenStackConfig) -> Self {
        OpenStackConfig {
            auth_url: self.auth_url.or(base.auth_url),
            user_name: self.user_name.or(base.user_name),
            user_id: self.user_id.or(base.user_id),
            password: self.password.or(base.password),
            user_domain_name: self.user_domain_name.or(base.user_domain_name),
            user_domain_id: self.user_domain_id.or(base.user_domain_id),
            project_name: self.project_name.or(base.project_name),
            project_id: self.project_id.or(base.project_id),
            project_domain_name: self.project_domain_name.or(base.project_domain_name),
            project_domain_id: self.project_domain_id.or(base.project_domain_id),
            application_credential_id: self
                .application_credential_id
                .or(base.application_credential_id),
            application_credential_secret: self
                .application_credential_secret
                .or(base.application_credential_secret),
            region: self.region.or(base.region),
            interface: self.interface.or(base.interface),
            cloud: self.cloud.or(base.cloud),
            access_key: self.access_key.or(base.access_key),
            secret_key: self.secret_key.or(base.secret_key),
        }
    }

    /// When `cloud` names a `clouds.yaml` entry, fills unset fields from it (and `secure.yaml`).
    pub fn with_clouds_yaml(self, lookup: Lookup<'_>) -> Result<Self> {
        let Some(name) = self.cloud.clone() else {
            return Ok(self);
        };
        let entry = load_cloud_entry(&name, lookup)?;
        Ok(self.or(entry))
    }

    /// Which auth method the fields select; an `InvalidInput` error naming the missing field
    /// (`openstack.auth_url`, `openstack.password`, ...) when they select none. An access key
    /// pair wins over a password, as in OTC's official provider.
    pub fn auth_method(&self) -> Result<AuthMethod> {
        if self.auth_url.is_none() {
            return Err(missing("auth_url", "OS_AUTH_URL"));
        }
        match (&self.access_key, &self.secret_key) {
            (Some(_), Some(_)) => {
                if self.project_name.is_none() && self.project_id.is_none() {
                    return Err(missing("project_name", "OS_PROJECT_NAME"));
                }
                return Ok(AuthMethod::AccessKey);
            }
            (Some(_), None) => return Err(missing_key("secret_key", "OTC_SECRET_KEY")),
            (None, Some(_)) => return Err(missing_key("access_key", "OTC_ACCESS_KEY")),
            (None, None) => {}
        }
        if self.application_credential_id.is_some() {
            if self.application_credential_secret.is_none() {
                return Err(missing(
                    "application_credential_secret",
                    "OS_APPLICATION_CREDENTIAL_SECRET",
                ));
            }
            return Ok(AuthMethod::ApplicationCredential);
        }
        if self.user_name.is_none() && self.user_id.is_none() {
            return Err(missing("user_name", "OS_USERNAME"));
        }
        if self.password.is_none() {
            return Err(missing("password", "OS_PASSWORD"));
        }
        if self.project_name.is_none() && self.project_id.is_none() {
            return Err(missing("project_name", "OS_PROJECT_NAME"));
        }
        Ok(AuthMethod::Password)
    }
}

fn missing(field: &str, variable: &str) -> Error {
    Error::invalid_field(
        format!("openstack.{field}"),
        format!(
            "no OpenStack {field} is configured: set `{field}` in the provider's openstack block, \
             the {variable} environment variable, or a clouds.yaml entry named by OS_CLOUD"
        ),
    )
}

fn missing_key(field: &str, variable: &str) -> Error {
    Error::invalid_field(
        format!("otc.{field}"),
        format!(
            "an access key pair needs both halves: set `{field}` in the provider's otc block or \
             the {variable} environment variable"
        ),
    )
}

#[derive(Debug, Default, Deserialize)]
struct CloudsFile {
    #[serde(default)]
    clouds: std::collections::BTreeMap<String, CloudEntry>,
}

#[derive(Debug, Default, Deserialize)]
struct CloudEntry {
    #[serde(default)]
    auth: AuthEntry,
    region_name: Option<String>,
    interface: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
struct AuthEntry {
    auth_url: Option<String>,
    username: Option<String>,
    user_id: Option<String>,
    password: Option<String>,
    user_domain_name: Option<String>,
    user_domain_id: Option<String>,
    project_name: Option<String>,
    project_id: Option<String>,
    project_domain_name: Option<String>,
    project_domain_id: Option<String>,
    domain_name: Option<String>,
    application_credential_id: Option<String>,
    application_credential_secret: Option<String>,
    #[serde(alias = "ak")]
    access_key: Option<String>,
    #[serde(alias = "sk")]
    secret_key: Option<String>,
}

impl From<CloudEntry> for OpenStackConfig {
    fn from(entry: CloudEntry) -> Self {
        let auth = entry.auth;
        OpenStackConfig {
            auth_url: auth.auth_url,
            user_name: auth.username,
            user_id: auth.user_id,
            password: auth.password.map(Secret::from),
            user_domain_name: auth.user_domain_name.or(auth.domain_name.clone()),
            user_domain_id: auth.user_domain_id,
            project_name: auth.project_name,
            project_id: auth.project_id,
            project_domain_name: auth.project_domain_name.or(auth.domain_name),
            project_domain_id: auth.project_domain_id,
            application_credential_id: auth.application_credential_id,
            application_credential_secret: auth.application_credential_secret.map(Secret::from),
            region: entry.region_name,
            interface: entry.interface,
            cloud: None,
            access_key: auth.access_key,
            secret_key: auth.secret_key.map(Secret::from),
        }
    }
}

/// The folders openstacksdk searches, in its order.
fn search_dirs(lookup: Lookup<'_>) -> Vec<PathBuf> {
    let mut dirs = vec![PathBuf::from(".")];
    if let Some(home) = lookup("HOME") {
        dirs.push(Path::new(&home).join(".config/openstack"));
    }
    dirs.push(PathBuf::from("/etc/openstack"));
    dirs
}

fn find_file(lookup: Lookup<'_>, override_var: &str, file_name: &str) -> Option<PathBuf> {
    if let Some(path) = lookup(override_var) {
        return Some(PathBuf::from(path));
    }
    search_dirs(lookup)
        .into_iter()
        .map(|dir| dir.join(file_name))
        .find(|path| path.is_file())
}

fn read_clouds_file(path: &Path) -> Result<CloudsFile> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Error::new(
            ErrorKind::InvalidInput,
            format!("reading {}: {e}", path.display()),
        )
    })?;
    serde_yaml::from_str(&text).map_err(|e| {
        // serde_yaml's message may quote the offending value, which can be a secret.
        let place = e
            .location()
            .map(|l| format!(" at line {}, column {}", l.line(), l.column()))
            .unwrap_or_default();
        Error::new(
            ErrorKind::InvalidInput,
            format!(
                "{} is not a valid clouds.yaml{place}: expected text values under clouds.<name>.auth",
                path.display()
            ),
        )
    })
}

fn load_cloud_entry(name: &str, lookup: Lookup<'_>) -> Result<OpenStackConfig> {
    let Some(path) = find_file(lookup, "OS_CLIENT_CONFIG_FILE", "clouds.yaml") else {
        return Err(Error::invalid_field(
            "openstack.cloud",
            format!("cloud {name:?} was asked for, but no clouds.yaml was found (looked in ./, ~/.config/openstack/, /etc/openstack/ and OS_CLIENT_CONFIG_FILE)"),
        ));
    };
    let mut file = read_clouds_file(&path)?;
    let Some(entry) = file.clouds.remove(name) else {
        let known: Vec<_> = file.clouds.keys().cloned().collect();
        return Err(Error::invalid_field(
            "openstack.cloud",
            format!(
                "{} has no cloud named {name:?} (it has: {})",
                path.display(),
                known.join(", ")
            ),
        ));
    };
    let config = OpenStackConfig::from(entry);
    let secure = find_file(lookup, "OS_CLIENT_SECURE_FILE", "secure.yaml")
        .map(|p| read_clouds_file(&p))
        .transpose()?
        .and_then(|mut f| f.clouds.remove(name))
        .map(OpenStackConfig::from)
        .unwrap_or_default();
    Ok(config.or(secure))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn lookup_from(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |k| map.get(k).cloned()
    }

    #[test]
    fn reads_os_variables() {
        let lookup = lookup_from(&[
            ("OS_AUTH_URL", "http://k/v3"),
            ("OS_USERNAME", "alice"),
            ("OS_PASSWORD", "pw"),
            ("OS_PROJECT_NAME", "p"),
            ("OS_USER_DOMAIN_NAME", "Default"),
            ("OS_REGION_NAME", "prod1"),
        ]);
        let config = OpenStackConfig::from_lookup(&lookup);
        assert_eq!(config.user_name.as_deref(), Some("alice"));
        assert_eq!(config.region.as_deref(), Some("prod1"));
        assert_eq!(config.auth_method().unwrap(), AuthMethod::Password);
        assert!(!format!("{config:?}").contains("pw\""));
    }

    #[test]
    fn missing_password_names_the_field() {
        let lookup = lookup_from(&[("OS_AUTH_URL", "http://k/v3"), ("OS_USERNAME", "alice")]);
        let err = OpenStackConfig::from_lookup(&lookup)
            .auth_method()
            .unwrap_err();
        assert_eq!(err.field(), Some("openstack.password"));
        assert!(err.message().contains("OS_PASSWORD"));
    }

    #[test]
    fn an_access_key_pair_wins_and_needs_both_halves() {
        let both = lookup_from(&[
            ("OS_AUTH_URL", "http://k/v3"),
            ("OTC_ACCESS_KEY", "AK1"),
            ("OS_SECRET_KEY", "SK1"),
            ("OS_USERNAME", "alice"),
            ("OS_PASSWORD", "pw"),
            ("OS_PROJECT_NAME", "eu-de"),
        ]);
        let config = OpenStackConfig::from_lookup(&both);
        assert_eq!(config.auth_method().unwrap(), AuthMethod::AccessKey);
        assert!(!format!("{config:?}").contains("SK1"));
        let half = lookup_from(&[("OS_AUTH_URL", "http://k/v3"), ("OS_AK", "AK1")]);
        let err = OpenStackConfig::from_lookup(&half)
            .auth_method()
            .unwrap_err();
        assert_eq!(err.field(), Some("otc.secret_key"));
    }

    #[test]
    fn clouds_yaml_takes_otc_access_keys() {
        let dir = std::env::temp_dir().join(format!("sov-clouds-ak-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let clouds = dir.join("clouds.yaml");
        std::fs::write(
            &clouds,
            "clouds:\n  otc:\n    region_name: eu-de\n    auth:\n      auth_url: https://iam.eu-de.otc.t-systems.com/v3\n      project_name: eu-de\n      ak: AK9\n      sk: SK9\n",
        )
        .unwrap();
        let lookup = lookup_from(&[
            ("OS_CLOUD", "otc"),
            ("OS_CLIENT_CONFIG_FILE", clouds.to_str().unwrap()),
        ]);
        let config = OpenStackConfig::from_lookup(&lookup)
            .with_clouds_yaml(&lookup)
            .unwrap();
        assert_eq!(config.access_key.as_deref(), Some("AK9"));
        assert_eq!(config.auth_method().unwrap(), AuthMethod::AccessKey);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn application_credentials_need_no_user() {
        let lookup = lookup_from(&[
            ("OS_AUTH_URL", "http://k/v3"),
            ("OS_APPLICATION_CREDENTIAL_ID", "id"),
            ("OS_APPLICATION_CREDENTIAL_SECRET", "s"),
        ]);
        let config = OpenStackConfig::from_lookup(&lookup);
        assert_eq!(
            config.auth_method().unwrap(),
            AuthMethod::ApplicationCredential
        );
    }

    #[test]
    fn clouds_yaml_and_secure_yaml_fill_gaps() {
        let dir = std::env::temp_dir().join(format!("sov-clouds-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let clouds = dir.join("clouds.yaml");
        let secure = dir.join("secure.yaml");
        std::fs::write(
            &clouds,
            "clouds:\n  pco:\n    region_name: prod2\n    auth:\n      auth_url: https://k:5000\n      username: bob\n      project_name: proj\n      user_domain_name: d500924\n",
        )
        .unwrap();
        std::fs::write(
            &secure,
            "clouds:\n  pco:\n    auth:\n      password: s3cret\n",
        )
        .unwrap();
        let lookup = lookup_from(&[
            ("OS_CLOUD", "pco"),
            ("OS_CLIENT_CONFIG_FILE", clouds.to_str().unwrap()),
            ("OS_CLIENT_SECURE_FILE", secure.to_str().unwrap()),
            ("OS_USERNAME", "override"),
        ]);
        let config = OpenStackConfig::from_lookup(&lookup)
            .with_clouds_yaml(&lookup)
            .unwrap();
        assert_eq!(config.user_name.as_deref(), Some("override"));
        assert_eq!(config.region.as_deref(), Some("prod2"));
        assert_eq!(config.password.as_ref().map(|p| p.expose()), Some("s3cret"));
        assert_eq!(config.user_domain_name.as_deref(), Some("d500924"));

        let unknown = lookup_from(&[
            ("OS_CLOUD", "nope"),
            ("OS_CLIENT_CONFIG_FILE", clouds.to_str().unwrap()),
        ]);
        let err = OpenStackConfig::from_lookup(&unknown)
            .with_clouds_yaml(&unknown)
            .unwrap_err();
        assert_eq!(err.field(), Some("openstack.cloud"));
        assert!(err.message().contains("pco"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }
}
