//! `sovereign_bucket` through the full cycle on every cloud (versioning and labels in place
//! where the cloud has them, a new name replaces it), and a bucket with objects in it that a
//! destroy without `force_destroy` keeps, whole.

use serde_json::Value;

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, attr, quick, soon, Lifecycle};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

const BUCKET: &str = "sovereign_bucket.logs";

/// A bucket named `name`; `env` sets versioning on and a label where the cloud takes them.
fn config(profile: &Profile, name: &str, env: &str, force_destroy: bool) -> String {
    let options = if profile.bucket_options {
        format!(
            "  versioning = {}\n  labels = {{\n    env = \"{env}\"\n  }}\n",
            env == "test"
        )
    } else {
        String::new()
    };
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_bucket" "logs" {{
  name          = "{name}"
  force_destroy = {force_destroy}
{options}}}
"#
    )
}

/// The emulator's record of bucket `name`.
fn bucket_in_cloud(cloud: &Cloud, name: &str) -> Option<Value> {
    cloud
        .objects("buckets")
        .into_iter()
        .find(|b| b["name"] == name)
}

fn bucket_lifecycle(tf: Terraform, profile: &'static Profile) {
    let options = profile.bucket_options;
    Lifecycle {
        address: BUCKET,
        create: config(profile, "sovereign-e2e-logs", "test", false),
        created: Some(Box::new(move |state, cloud| {
            assert_eq!(attr(state, BUCKET, "id"), "sovereign-e2e-logs");
            assert_eq!(attr(state, BUCKET, "versioning"), options);
            assert_eq!(attr(state, BUCKET, "force_destroy"), false);
            assert!(
                attr(state, BUCKET, "endpoint")
                    .as_str()
                    .is_some_and(|e| e.starts_with("http")),
                "the endpoint is reported"
            );
            assert!(attr(state, BUCKET, "region")
                .as_str()
                .is_some_and(|r| !r.is_empty()));
            assert!(
                bucket_in_cloud(cloud, "sovereign-e2e-logs").is_some(),
                "the bucket is in the cloud: {}",
                cloud.inventory()
            );
        })),
        update: Some((
            config(profile, "sovereign-e2e-logs", "prod", true),
            Some(Box::new(move |state, cloud| {
                assert_eq!(attr(state, BUCKET, "force_destroy"), true);
                if options {
                    assert_eq!(attr(state, BUCKET, "versioning"), false);
                    let bucket = bucket_in_cloud(cloud, "sovereign-e2e-logs").expect("bucket");
                    assert_eq!(bucket["versioning"], "Suspended", "{bucket}");
                    assert_eq!(bucket["tags"]["env"], "prod", "{bucket}");
                }
            })),
        )),
        replace: Some(config(profile, "sovereign-e2e-logs-2", "prod", true)),
        not_importable: &[],
        change_out_of_band: options.then(|| -> crate::harness::lifecycle::OutOfBand {
            Box::new(|cloud, sdk, id| {
                let relabel = sovereign_sdk::BucketUpdate {
                    labels: Some([("env".to_string(), "by-hand".to_string())].into()),
                    ..Default::default()
                };
                cloud
                    .block_on(sdk.object_storage().update_bucket(id, &relabel, soon()))
                    .expect("relabel the bucket out of band");
            })
        }),
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.object_storage().delete_bucket(id, true, soon()))
                .expect("delete the bucket out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    bucket_lifecycle_with_current_terraform,
    bucket_lifecycle_with_terraform_1_0,
    |tf| bucket_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_bucket_lifecycle_with_current_terraform,
    otc_bucket_lifecycle_with_terraform_1_0,
    |tf| bucket_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    ionos_bucket_lifecycle_with_current_terraform,
    ionos_bucket_lifecycle_with_terraform_1_0,
    |tf| bucket_lifecycle(tf, &IONOS)
);

/// A destroy without `force_destroy` keeps a bucket that holds objects, with its objects and
/// in the state; once `force_destroy = true` is applied, the destroy empties and deletes it.
fn bucket_with_objects_is_kept_without_force_destroy(tf: Terraform, profile: &'static Profile) {
    let cloud = quick(profile);
    let dir = Workdir::new(&tf, &cloud);
    dir.write_config(&config(profile, "kept-logs", "test", false));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    cloud.put_object("kept-logs", "2026/11/report.csv");
    cloud.put_object("kept-logs", "2026/11/report.csv");

    let refused = dir.run(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(refused.code, 0, "the destroy must fail: {}", refused.both());
    let output = refused.both();
    assert!(output.contains("still holds objects"), "{output}");
    assert!(output.contains("force_destroy = true"), "{output}");
    assert!(
        dir.state().contains_key(BUCKET),
        "the bucket stays in the state"
    );
    let bucket = bucket_in_cloud(&cloud, "kept-logs").expect("the bucket is still there");
    assert_eq!(bucket["objects"], 1, "nothing in it was deleted: {bucket}");
    dir.assert_empty_plan(true);

    dir.write_config(&config(profile, "kept-logs", "test", true));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert!(dir.state().is_empty(), "the state still holds the bucket");
    assert_nothing_left(&cloud);
}

with_both_terraforms!(
    bucket_with_objects_is_kept_with_current_terraform,
    bucket_with_objects_is_kept_with_terraform_1_0,
    |tf| bucket_with_objects_is_kept_without_force_destroy(tf, &PLUSSERVER)
);

#[test]
fn otc_bucket_with_objects_is_kept_without_force_destroy() {
    bucket_with_objects_is_kept_without_force_destroy(crate::harness::terraform::current(), &OTC);
}

#[test]
fn ionos_bucket_with_objects_is_kept_without_force_destroy() {
    bucket_with_objects_is_kept_without_force_destroy(crate::harness::terraform::current(), &IONOS);
}

#[test]
fn stackit_bucket_lifecycle_with_current_terraform() {
    bucket_lifecycle(crate::harness::terraform::current(), &STACKIT);
}

/// STACKIT's management API cannot empty a bucket: a destroy keeps a bucket with objects, with
/// or without `force_destroy`, and says to empty it through S3; nothing in it is lost.
#[test]
fn stackit_bucket_with_objects_is_kept_whatever_force_destroy_says() {
    let cloud = quick(&STACKIT);
    let dir = Workdir::new(&crate::harness::terraform::current(), &cloud);
    dir.write_config(&config(&STACKIT, "kept-logs", "test", false));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    cloud.add_stackit_object("kept-logs");
    for force_destroy in [false, true] {
        dir.write_config(&config(&STACKIT, "kept-logs", "test", force_destroy));
        dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
        let refused = dir.run(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
        assert_ne!(refused.code, 0, "the destroy must fail: {}", refused.both());
        let output = refused
            .both()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(output.contains("still holds objects"), "{output}");
        assert!(
            output.contains("empty it with an S3 client first"),
            "{output}"
        );
        assert!(
            dir.state().contains_key(BUCKET),
            "the bucket stays in the state"
        );
        let bucket = bucket_in_cloud(&cloud, "kept-logs").expect("the bucket is still there");
        assert_eq!(bucket["objects"], 1, "nothing in it was deleted: {bucket}");
    }
}
