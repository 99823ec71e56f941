//! `sovereign_bucket`: an object storage bucket. Versioning and labels change in place; a
//! bucket that still holds objects is deleted only with `force_destroy`.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use sovereign_sdk::model::validate_bucket_name;
use sovereign_sdk::{
    validate_labels, Bucket, BucketSpec, BucketUpdate, Capabilities, Cloud, Deadline,
};
use tf_provider::schema::{AttributeConstraint, AttributeType, Schema};
use tf_provider::value::Value;
use tf_provider::Diagnostics;

use crate::checks;
use crate::cloud_notes::{CloudNote, CloudNotes};
use crate::convert::{changes, if_changed, known, labels, string_map, StringMap};
use crate::diagnostics::add_error;
use crate::managed::{replacing, DefaultTimeouts, ManagedResource, PlannedUpdate};
use crate::schema::{attribute, computed_string, id, required_string, resource};
use crate::timeouts::{self, TimeoutsBlock};

/// The resource's attributes, as in state and plan.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BucketState {
    id: Value<String>,
    name: Value<String>,
    versioning: Value<bool>,
    force_destroy: Value<bool>,
    labels: StringMap,
    endpoint: Value<String>,
    region: Value<String>,
    #[serde(with = "timeouts::as_block")]
    timeouts: TimeoutsBlock,
}

crate::identified!(BucketState);

impl BucketState {
    /// The state for `bucket`; `force_destroy` and `timeouts` are the provider's own and come
    /// from `template` (`false` after an import).
    fn from_bucket(bucket: Bucket, template: &BucketState) -> BucketState {
        BucketState {
            id: Value::Value(bucket.id),
            name: Value::Value(bucket.name),
            versioning: Value::Value(bucket.versioning),
            force_destroy: Value::Value(force_destroy(template)),
            labels: string_map(bucket.labels, template.labels.is_null()),
            endpoint: Value::Value(bucket.endpoint),
            region: Value::Value(bucket.region),
            timeouts: template.timeouts.clone(),
        }
    }

    /// Left-out booleans plan as `false`, so that removing one turns it off.
    fn with_defaults(mut self) -> BucketState {
        for flag in [&mut self.versioning, &mut self.force_destroy] {
            if flag.is_null() {
                *flag = Value::Value(false);
            }
        }
        self
    }
}

/// Whether the state asks to empty the bucket on delete.
fn force_destroy(state: &BucketState) -> bool {
    state
        .force_destroy
        .as_ref_option()
        .copied()
        .unwrap_or(false)
}

fn optional_computed_bool(description: &str) -> tf_provider::schema::Attribute {
    attribute(
        AttributeType::Bool,
        AttributeConstraint::OptionalComputed,
        description,
    )
}

/// `sovereign_bucket`.
pub struct BucketResource;

#[async_trait]
impl ManagedResource for BucketResource {
    type State = BucketState;
    const NOUN: &'static str = "bucket";
    const TIMEOUTS: DefaultTimeouts = DefaultTimeouts::all(10);

    fn schema(&self) -> Schema {
        resource(
            "An object storage bucket. S3 bucket on IONOS (contract-owned, region from \
             `s3.endpoint`, default `eu-central-3`), OBS bucket through its S3 API on OTC, RGW \
             bucket on plusserver (S3 keys from the provider's `s3` block or `AWS_*`), and a \
             bucket of the project's Object Storage on STACKIT (enabled for the project first; \
             never disabled). Bucket names are global per cloud: a name someone else holds \
             fails at apply. An existing bucket is never adopted by a create: import it.",
            [
                ("id", id("bucket")),
                (
                    "name",
                    required_string("The bucket's name: 3 to 63 lowercase letters, digits, `.` and `-`, starting and ending with a letter or digit, no `..`, no `-` next to `.`, not an IPv4 address (S3's rules, checked at plan time). Changing it replaces the bucket."),
                ),
                (
                    "versioning",
                    optional_computed_bool("Whether object versioning is on (default `false`; turning it off suspends it). Changes in place. Where the cloud cannot (`sovereign_cloud.capabilities.bucket_versioning`, STACKIT), `true` is a plan-time error."),
                ),
                (
                    "force_destroy",
                    optional_computed_bool("Whether destroying the bucket deletes the objects and object versions in it (default `false`: a bucket that is not empty is then kept, with an error, and nothing in it is lost). Kept in the state only: apply `true` before the destroy that should use it. On STACKIT, whose management API cannot empty a bucket, a bucket with objects is always kept: empty it with an S3 client first."),
                ),
                (
                    "labels",
                    attribute(
                        AttributeType::Map(Box::new(AttributeType::String)),
                        AttributeConstraint::Optional,
                        "Key/value labels, kept as the bucket's S3 tags. Keys: 1 to 63 letters, digits, `-`, `_`, `.`, `/`. Change in place. Where the cloud cannot (`sovereign_cloud.capabilities.bucket_labels`, STACKIT), labels are a plan-time error.",
                    ),
                ),
                (
                    "endpoint",
                    computed_string("The S3 endpoint the bucket is reached at, path-style (`<endpoint>/<name>`)."),
                ),
                ("region", computed_string("The bucket's S3 region.")),
            ],
        )
    }

    fn supported(&self, capabilities: &Capabilities) -> bool {
        capabilities.buckets
    }

    fn check(&self, config: &BucketState, cloud: Option<&Cloud>, diags: &mut Diagnostics) {
        if let Some(Err(error)) = config.name.as_ref_option().map(|n| validate_bucket_name(n)) {
            add_error(diags, "Invalid bucket name", &error);
        }
        let wanted_labels = labels(&config.labels);
        if let Err(error) = validate_labels(&wanted_labels) {
            add_error(diags, "Invalid labels", &error);
        }
        let Some(cloud) = cloud else { return };
        let capabilities = cloud.capabilities();
        if config.versioning.as_ref_option() == Some(&true) && !capabilities.bucket_versioning {
            checks::unsupported(diags, "versioning", cloud, "bucket versioning");
        }
        if !wanted_labels.is_empty() && !capabilities.bucket_labels {
            checks::unsupported(diags, "labels", cloud, "labels on buckets");
        }
        if let Err(error) = cloud.object_storage().check_access() {
            diags.root_error("Buckets cannot be reached", error.to_string());
        }
    }

    async fn plan_create(
        &self,
        _cloud: Option<&Cloud>,
        _config: &BucketState,
        proposed: BucketState,
        _diags: &mut Diagnostics,
    ) -> BucketState {
        let mut planned = proposed.with_defaults();
        planned.endpoint = Value::Unknown;
        planned.region = Value::Unknown;
        planned
    }

    async fn plan_update(
        &self,
        _cloud: Option<&Cloud>,
        prior: &BucketState,
        _config: &BucketState,
        proposed: BucketState,
        _diags: &mut Diagnostics,
    ) -> PlannedUpdate<BucketState> {
        let mut planned = proposed.with_defaults();
        let replace = replacing([("name", changes(&prior.name, &planned.name))]);
        if !replace.is_empty() {
            planned.endpoint = Value::Unknown;
            planned.region = Value::Unknown;
        }
        (planned, replace)
    }

    async fn create(
        &self,
        cloud: &Cloud,
        planned: &BucketState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<BucketState> {
        let spec = BucketSpec {
            name: known(&planned.name).unwrap_or_default(),
            versioning: planned.versioning.as_ref_option().copied().unwrap_or(false),
            labels: labels(&planned.labels),
        };
        let bucket = cloud
            .object_storage()
            .create_bucket(&spec, deadline)
            .await?;
        Ok(BucketState::from_bucket(bucket, planned))
    }

    async fn read(
        &self,
        cloud: &Cloud,
        id: &str,
        state: &BucketState,
    ) -> sovereign_sdk::Result<BucketState> {
        let bucket = cloud.object_storage().get_bucket(id).await?;
        Ok(BucketState::from_bucket(bucket, state))
    }

    async fn update(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &BucketState,
        planned: &BucketState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<BucketState> {
        let update = BucketUpdate {
            versioning: if_changed(&prior.versioning, &planned.versioning)
                .and_then(Value::as_option),
            labels: if_changed(&prior.labels, &planned.labels).map(|v| labels(&v)),
        };
        let storage = cloud.object_storage();
        let bucket = if update == BucketUpdate::default() {
            storage.get_bucket(id).await?
        } else {
            storage.update_bucket(id, &update, deadline).await?
        };
        Ok(BucketState::from_bucket(bucket, planned))
    }

    async fn delete(
        &self,
        cloud: &Cloud,
        id: &str,
        prior: &BucketState,
        deadline: Deadline,
    ) -> sovereign_sdk::Result<()> {
        cloud
            .object_storage()
            .delete_bucket(id, force_destroy(prior), deadline)
            .await
    }
}

/// What this is on each cloud, and what each cloud cannot do with it (rendered into the docs).
pub const CLOUD_NOTES: CloudNotes = CloudNotes {
    ionos: CloudNote {
        maps_to: "A contract-owned S3 bucket (region from `s3.endpoint`, default `eu-central-3`); labels are S3 tags.",
        cannot: "",
    },
    stackit: CloudNote {
        maps_to: "A bucket of the project's Object Storage, through its management API (Object Storage is enabled for the project on first use, never disabled).",
        cannot: "Versioning or labels (plan-time errors); emptying a bucket: one that holds objects is kept, even with `force_destroy`, and the destroy fails saying so.",
    },
    otc: CloudNote {
        maps_to: "An OBS bucket through its S3 API, signed with the `s3` keys, else the account's AK/SK; labels are S3 tags.",
        cannot: "",
    },
    plusserver: CloudNote {
        maps_to: "A Ceph RGW bucket over S3 (SigV4, path-style) with EC2 credentials (`openstack ec2 credentials create`) as the `s3` keys or `AWS_*`; labels are S3 tags.",
        cannot: "",
    },
};
