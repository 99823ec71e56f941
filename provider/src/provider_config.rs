//! The provider block: its schema, and how it becomes an SDK `CloudConfig` (block values
//! first, then the environment variables each cloud's official tools read).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sovereign_sdk::cloud::{IonosConfig, S3Config, StackitConfig};
use sovereign_sdk::env::{process_env, Lookup};
use sovereign_sdk::openstack::OpenStackConfig;
use sovereign_sdk::{CloudConfig, CloudKind, Error, Secret};
use tf_provider::schema::{Block, NestedBlock, Schema};
use tf_provider::value::{self, Value};

use crate::convert::known;
use crate::schema::{attributes, optional_number, optional_string, sensitive};

/// `ionos { ... }`.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct IonosBlock {
    token: Value<String>,
    username: Value<String>,
    password: Value<String>,
    datacenter_id: Value<String>,
}

/// `stackit { ... }`.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct StackitBlock {
    project_id: Value<String>,
    service_account_token: Value<String>,
    service_account_key_path: Value<String>,
    private_key_path: Value<String>,
}

/// `openstack { ... }`.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct OpenStackBlock {
    auth_url: Value<String>,
    user_name: Value<String>,
    password: Value<String>,
    user_domain_name: Value<String>,
    project_name: Value<String>,
    project_domain_name: Value<String>,
    application_credential_id: Value<String>,
    application_credential_secret: Value<String>,
    cloud: Value<String>,
}

/// `otc { ... }`.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct OtcBlock {
    access_key: Value<String>,
    secret_key: Value<String>,
}

/// `s3 { ... }`.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct S3Block {
    access_key: Value<String>,
    secret_key: Value<String>,
    endpoint: Value<String>,
}

/// The whole provider block.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct ProviderConfig {
    /// Which cloud.
    pub cloud: Value<String>,
    /// The region.
    pub region: Value<String>,
    /// A base URL override.
    pub endpoint: Value<String>,
    /// Retries per request.
    pub max_retries: Value<i64>,
    #[serde(with = "value::serde_as_vec")]
    ionos: Value<IonosBlock>,
    #[serde(with = "value::serde_as_vec")]
    stackit: Value<StackitBlock>,
    #[serde(with = "value::serde_as_vec")]
    openstack: Value<OpenStackBlock>,
    #[serde(with = "value::serde_as_vec")]
    otc: Value<OtcBlock>,
    #[serde(with = "value::serde_as_vec")]
    s3: Value<S3Block>,
}

fn block(description: &str, attrs: HashMap<String, tf_provider::schema::Attribute>) -> NestedBlock {
    NestedBlock::Optional(Block {
        description: tf_provider::schema::Description::markdown(description),
        attributes: attrs,
        ..Default::default()
    })
}

/// The provider block's schema.
pub fn schema() -> Schema {
    let ionos = block(
        "IONOS Cloud credentials and scope. Falls back to `IONOS_TOKEN`, `IONOS_USERNAME`, `IONOS_PASSWORD`, `IONOS_DATACENTER_ID`.",
        attributes([
            ("token", sensitive(optional_string("A bearer token."))),
            ("username", optional_string("A user name for Basic auth.")),
            ("password", sensitive(optional_string("The password for Basic auth."))),
            ("datacenter_id", optional_string("The virtual data center resources live in.")),
        ]),
    );
    let stackit = block(
        "STACKIT credentials and scope. Falls back to `STACKIT_PROJECT_ID`, `STACKIT_SERVICE_ACCOUNT_KEY_PATH`, `STACKIT_PRIVATE_KEY_PATH`, `STACKIT_SERVICE_ACCOUNT_TOKEN` (and `STACKIT_TOKEN_BASEURL`, `STACKIT_IAAS_CUSTOM_ENDPOINT` for other endpoints). A key file wins over a token, as in STACKIT's own tools: the provider signs an RS512 assertion with it and exchanges it for short-lived access tokens, renewed before they expire.",
        attributes([
            ("project_id", optional_string("The project resources live in.")),
            ("service_account_token", sensitive(optional_string("A service-account access token."))),
            ("service_account_key_path", optional_string("The path of a service-account key file (JSON, as STACKIT issues it).")),
            ("private_key_path", optional_string("The path of the key's private key (PEM), when the key file holds none.")),
        ]),
    );
    let openstack = block(
        "OpenStack credentials for `otc` and `plusserver`. Falls back to the `OS_*` variables and to `clouds.yaml` (`OS_CLOUD`), as openstacksdk reads them.",
        attributes([
            ("auth_url", optional_string("Keystone's URL (`OS_AUTH_URL`).")),
            ("user_name", optional_string("The user (`OS_USERNAME`).")),
            ("password", sensitive(optional_string("The password (`OS_PASSWORD`)."))),
            ("user_domain_name", optional_string("The user's domain (`OS_USER_DOMAIN_NAME`).")),
            ("project_name", optional_string("The project (`OS_PROJECT_NAME`).")),
            ("project_domain_name", optional_string("The project's domain (`OS_PROJECT_DOMAIN_NAME`).")),
            ("application_credential_id", optional_string("An application credential's id (`OS_APPLICATION_CREDENTIAL_ID`).")),
            ("application_credential_secret", sensitive(optional_string("An application credential's secret (`OS_APPLICATION_CREDENTIAL_SECRET`)."))),
            ("cloud", optional_string("The `clouds.yaml` entry to use (`OS_CLOUD`).")),
        ]),
    );
    let otc = block(
        "Open Telekom Cloud's AK/SK request signing, used instead of the `openstack` block's password when both keys are set (as OTC's own provider does). Falls back to `OTC_ACCESS_KEY`/`OTC_SECRET_KEY`, then `OS_ACCESS_KEY`/`OS_SECRET_KEY` and `clouds.yaml` `ak`/`sk`. The project still comes from `openstack.project_name` (default: the region's project, e.g. `eu-de`).",
        attributes([
            ("access_key", optional_string("The access key (AK).")),
            ("secret_key", sensitive(optional_string("The secret key (SK)."))),
        ]),
    );
    let s3 = block(
        "S3 keys and endpoint for `sovereign_bucket` on `ionos`, `otc` and `plusserver` (STACKIT's buckets use the service account). Falls back to `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_ENDPOINT_URL_S3` (else `AWS_ENDPOINT_URL`). IONOS: the Object Storage keys made in the DCD. OTC: without keys here, the account's AK/SK (`otc` block or its variables) sign OBS requests. plusserver: EC2 credentials (`openstack ec2 credentials create`). Without any keys, a bucket is a plan-time error.",
        attributes([
            ("access_key", optional_string("The access key.")),
            ("secret_key", sensitive(optional_string("The secret key."))),
            ("endpoint", optional_string("The S3 endpoint URL, path-style. Defaults: IONOS `https://s3.eu-central-3.ionoscloud.com` (the region is read from an `s3.<region>.ionoscloud.com` endpoint), OTC `https://obs.<region>.otc.t-systems.com`, plusserver `https://<region>.api.pco.get-cloud.io:8080`.")),
        ]),
    );
    Schema {
        version: 1,
        block: Block {
            description: tf_provider::schema::Description::markdown(
                "One provider for IONOS Cloud, STACKIT, Open Telekom Cloud and plusserver. Switch clouds by changing `cloud` (and credentials); the resources stay the same.",
            ),
            attributes: attributes([
                ("cloud", optional_string("`ionos`, `stackit`, `otc` or `plusserver` (`SOVEREIGN_CLOUD`).")),
                ("region", optional_string("The region: IONOS `de/fra`, `de/txl`, ... (`IONOS_LOCATION`; left out, the data center's location); STACKIT `eu01`; OTC `eu-de`, `eu-nl`, `eu-ch2`; plusserver `prod1` to `prod4` (`SOVEREIGN_REGION`, or the cloud's own variable such as `OS_REGION_NAME`).")),
                ("endpoint", optional_string("A base URL override for the cloud's API, such as the emulator's `http://127.0.0.1:8787/plusserver` or `http://127.0.0.1:8787/otc` (`SOVEREIGN_ENDPOINT`); for OpenStack clouds it is the Keystone/IAM URL.")),
                ("max_retries", optional_number("Retries per request on 429, 5xx and connection failures (default 8); `Retry-After` is honoured.")),
            ]),
            blocks: [
                ("ionos".to_string(), ionos),
                ("stackit".to_string(), stackit),
                ("openstack".to_string(), openstack),
                ("otc".to_string(), otc),
                ("s3".to_string(), s3),
            ]
            .into_iter()
            .collect(),
            ..Default::default()
        },
    }
}

fn secret(value: &Value<String>) -> Option<Secret> {
    known(value).map(Secret::from)
}

impl ProviderConfig {
    /// Whether any value is still unknown (the block refers to something not yet created).
    pub fn has_unknown(&self) -> bool {
        let top = [&self.cloud, &self.region, &self.endpoint];
        // A field left unknown inside a block would otherwise fall back to the environment,
        // which may name another project.
        let ionos = self
            .ionos
            .as_ref_option()
            .map(|b| vec![&b.token, &b.username, &b.password, &b.datacenter_id]);
        let stackit = self.stackit.as_ref_option().map(|b| {
            vec![
                &b.project_id,
                &b.service_account_token,
                &b.service_account_key_path,
            ]
        });
        let openstack = self.openstack.as_ref_option().map(|b| {
            vec![
                &b.auth_url,
                &b.user_name,
                &b.password,
                &b.user_domain_name,
                &b.project_name,
                &b.project_domain_name,
                &b.application_credential_id,
                &b.application_credential_secret,
                &b.cloud,
            ]
        });
        let otc = self
            .otc
            .as_ref_option()
            .map(|b| vec![&b.access_key, &b.secret_key]);
        let s3 = self
            .s3
            .as_ref_option()
            .map(|b| vec![&b.access_key, &b.secret_key, &b.endpoint]);
        let in_blocks = [ionos, stackit, openstack, otc, s3]
            .into_iter()
            .flatten()
            .flatten()
            .any(|v| v.is_unknown());
        top.iter().any(|v| v.is_unknown())
            || self.max_retries.is_unknown()
            || self.ionos.is_unknown()
            || self.stackit.is_unknown()
            || self.openstack.is_unknown()
            || self.otc.is_unknown()
            || self.s3.is_unknown()
            || in_blocks
    }

    /// The SDK configuration: the block's values, then `lookup` for what the block leaves out.
    pub fn to_cloud_config(&self, lookup: Lookup<'_>) -> Result<CloudConfig, Error> {
        let kind: CloudKind =
            match known(&self.cloud).or_else(|| lookup("SOVEREIGN_CLOUD")) {
                Some(name) => name.parse()?,
                None => return Err(Error::invalid_field(
                    "cloud",
                    "no cloud is configured: set `cloud` in the provider block or SOVEREIGN_CLOUD \
                     (ionos, stackit, otc or plusserver)",
                )),
            };
        let mut config = CloudConfig::new(kind);
        config.region = known(&self.region).or_else(|| lookup("SOVEREIGN_REGION"));
        config.endpoint = known(&self.endpoint).or_else(|| lookup("SOVEREIGN_ENDPOINT"));
        if let Some(retries) = self.max_retries.as_ref_option() {
            config.retry.max_retries = u32::try_from(*retries).map_err(|_| {
                Error::invalid_field("max_retries", "max_retries must be between 0 and 50")
            })?;
        }
        if let Some(b) = self.openstack.as_ref_option() {
            config.openstack = OpenStackConfig {
                auth_url: known(&b.auth_url),
                user_name: known(&b.user_name),
                password: secret(&b.password),
                user_domain_name: known(&b.user_domain_name),
                project_name: known(&b.project_name),
                project_domain_name: known(&b.project_domain_name),
                application_credential_id: known(&b.application_credential_id),
                application_credential_secret: secret(&b.application_credential_secret),
                cloud: known(&b.cloud),
                ..OpenStackConfig::default()
            };
        }
        if let Some(b) = self.otc.as_ref_option() {
            config.openstack.access_key = known(&b.access_key);
            config.openstack.secret_key = secret(&b.secret_key);
        }
        if let Some(b) = self.ionos.as_ref_option() {
            config.ionos = IonosConfig {
                token: secret(&b.token),
                username: known(&b.username),
                password: secret(&b.password),
                datacenter_id: known(&b.datacenter_id),
                api_url: None,
            };
        }
        if let Some(b) = self.stackit.as_ref_option() {
            config.stackit = StackitConfig {
                project_id: known(&b.project_id),
                service_account_token: secret(&b.service_account_token),
                service_account_key_path: known(&b.service_account_key_path),
                private_key_path: known(&b.private_key_path),
                ..StackitConfig::default()
            };
        }
        if let Some(b) = self.s3.as_ref_option() {
            config.s3 = S3Config {
                access_key: known(&b.access_key),
                secret_key: secret(&b.secret_key),
                endpoint: known(&b.endpoint),
            };
        }
        config.fill_from(lookup);
        Ok(config)
    }

    /// Checks what can be checked without the environment: the cloud's name and `max_retries`.
    pub fn check_static(&self) -> Vec<Error> {
        let mut problems = Vec::new();
        if let Some(name) = known(&self.cloud) {
            if let Err(e) = name.parse::<CloudKind>() {
                problems.push(e);
            }
        }
        if let Some(retries) = self.max_retries.as_ref_option() {
            if !(0..=50).contains(retries) {
                problems.push(Error::invalid_field(
                    "max_retries",
                    format!("max_retries must be between 0 and 50, not {retries}"),
                ));
            }
        }
        problems
    }
}

/// The process environment, for `to_cloud_config`.
pub fn environment() -> Lookup<'static> {
    &process_env
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_field_inside_a_block_counts() {
        let mut config = ProviderConfig {
            cloud: Value::Value("plusserver".into()),
            openstack: Value::Value(OpenStackBlock::default()),
            ..ProviderConfig::default()
        };
        assert!(!config.has_unknown());
        if let Value::Value(block) = &mut config.openstack {
            block.application_credential_secret = Value::Unknown;
        }
        assert!(config.has_unknown());
    }
}
