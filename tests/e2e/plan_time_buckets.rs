//! Bucket mistakes are caught at plan time: names S3 refuses, options the cloud lacks, and
//! missing S3 keys, before anything is sent.

use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::{Profile, IONOS, PLUSSERVER, STACKIT};
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Workdir;
use crate::plan_time_resources::refused;
use crate::with_both_terraforms;

fn bucket(name: &str, extra: &str) -> String {
    format!(
        "provider \"sovereign\" {{}}\n\nresource \"sovereign_bucket\" \"b\" {{\n  name = \"{name}\"\n{extra}}}\n"
    )
}

fn bad_names(tf: Terraform, profile: &'static Profile) {
    for (name, why) in [
        ("Logs_2026", "only lowercase letters"),
        ("ab", "not 3 to 63"),
        ("my..logs", "no `..`"),
        ("192.168.5.4", "IPv4 address"),
    ] {
        refused(
            tf.clone(),
            profile,
            &bucket(name, ""),
            &["Invalid bucket name", why, &format!("name = \"{name}\"")],
        );
    }
}

with_both_terraforms!(
    bucket_names_s3_refuses_are_plan_time_errors_with_current_terraform,
    bucket_names_s3_refuses_are_plan_time_errors_with_terraform_1_0,
    |tf| bad_names(tf, &PLUSSERVER)
);

#[test]
fn ionos_bucket_names_s3_refuses_are_plan_time_errors() {
    bad_names(terraform::current(), &IONOS);
}

/// STACKIT's management API has neither versioning nor tags: said on the attribute's line.
#[test]
fn stackit_bucket_versioning_and_labels_are_plan_time_errors() {
    let tf = terraform::current();
    refused(
        tf.clone(),
        &STACKIT,
        &bucket("logs", "  versioning = true\n"),
        &[
            "versioning is not supported on stackit",
            "versioning = true",
        ],
    );
    refused(
        tf,
        &STACKIT,
        &bucket("logs", "  labels = {\n    env = \"test\"\n  }\n"),
        &["labels is not supported on stackit", "labels = {"],
    );
}

/// Without S3 keys the plan says where they go, and nothing is sent.
#[test]
fn buckets_without_s3_keys_fail_at_plan_time() {
    let cloud = quick(&PLUSSERVER);
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("AWS_ACCESS_KEY_ID", None);
    dir.set_var("AWS_SECRET_ACCESS_KEY", None);
    dir.write_config(&bucket("logs", ""));
    dir.assert_plan_fails(&[
        "Buckets cannot be reached",
        "AWS_ACCESS_KEY_ID",
        "openstack ec2 credentials create",
    ]);
    assert_nothing_left(&cloud);
    assert!(cloud.writes().is_empty(), "{:?}", cloud.writes());
}
