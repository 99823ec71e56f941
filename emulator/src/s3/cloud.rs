//! The clouds that serve S3, their path prefixes, regions and keys.

use serde::{Deserialize, Serialize};

use crate::defaults;

/// A cloud with an S3 endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum S3Cloud {
    /// IONOS Object Storage, under `/ionos/s3`.
    Ionos,
    /// Open Telekom Cloud OBS (its S3 API), under `/otc/obs`.
    Otc,
    /// plusserver's Ceph RGW, under `/plusserver/s3`.
    Plusserver,
}

impl S3Cloud {
    /// Every S3 cloud.
    pub const ALL: [S3Cloud; 3] = [S3Cloud::Ionos, S3Cloud::Otc, S3Cloud::Plusserver];

    /// The cloud's name, as in the inventory.
    pub fn name(self) -> &'static str {
        match self {
            S3Cloud::Ionos => "ionos",
            S3Cloud::Otc => "otc",
            S3Cloud::Plusserver => "plusserver",
        }
    }

    /// The path prefix of the S3 endpoint (no trailing slash).
    pub fn prefix(self) -> &'static str {
        match self {
            S3Cloud::Ionos => "/ionos/s3",
            S3Cloud::Otc => "/otc/obs",
            S3Cloud::Plusserver => "/plusserver/s3",
        }
    }

    /// The region clients sign for; every region is accepted where this is `None`.
    pub fn required_region(self) -> Option<&'static str> {
        match self {
            S3Cloud::Ionos => Some(defaults::IONOS_S3_REGION),
            S3Cloud::Otc => Some(defaults::OTC_REGION),
            S3Cloud::Plusserver => None,
        }
    }

    /// The region the cloud reports (`x-amz-bucket-region`, `LocationConstraint`).
    pub fn region(self) -> &'static str {
        self.required_region()
            .unwrap_or(defaults::PLUSSERVER_S3_REGION)
    }

    /// The cloud's S3 key pair: (access key, secret key).
    pub fn key_pair(self) -> (&'static str, &'static str) {
        match self {
            S3Cloud::Ionos => (defaults::IONOS_S3_ACCESS_KEY, defaults::IONOS_S3_SECRET_KEY),
            S3Cloud::Otc => (defaults::OTC_ACCESS_KEY, defaults::OTC_SECRET_KEY),
            S3Cloud::Plusserver => (
                defaults::PLUSSERVER_EC2_ACCESS_KEY,
                defaults::PLUSSERVER_EC2_SECRET_KEY,
            ),
        }
    }

    /// The secret key of an access key this cloud knows.
    pub fn secret_of(self, access_key: &str) -> Option<&'static str> {
        let (key, secret) = self.key_pair();
        (access_key == key).then_some(secret)
    }

    /// What boto3 and the aws CLI read to reach this endpoint of the emulator at `endpoint`.
    pub fn env_vars(self, endpoint: &str) -> [(&'static str, String); 4] {
        let (access_key, secret_key) = self.key_pair();
        [
            ("AWS_ACCESS_KEY_ID", access_key.to_string()),
            ("AWS_SECRET_ACCESS_KEY", secret_key.to_string()),
            (
                "AWS_ENDPOINT_URL_S3",
                format!("{endpoint}{}", self.prefix()),
            ),
            ("AWS_REGION", self.region().to_string()),
        ]
    }

    /// Whether creating a bucket one already owns succeeds (OBS answers 200) rather than 409.
    pub fn recreate_own_bucket_succeeds(self) -> bool {
        self == S3Cloud::Otc
    }

    /// The S3 cloud a path belongs to, by its prefix.
    pub fn of_path(path: &str) -> Option<S3Cloud> {
        S3Cloud::ALL.into_iter().find(|c| {
            path.strip_prefix(c.prefix())
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
    }
}
