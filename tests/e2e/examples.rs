//! `examples/plusserver/`, `examples/otc/`, `examples/ionos/` and `examples/stackit/` as a user
//! runs them: apply, nothing more to do, destroy, nothing left (no keypair, port, router, VPC,
//! NIC, public LAN or public IP made on the side). On OTC openstacksdk with otcextensions, on
//! IONOS the `ionoscloud` SDK, on STACKIT `stackit-iaas`, sees what terraform made, and sees it
//! gone; boto3 sees the versioned bucket of the S3 clouds, and sees it gone.

use crate::fidelity;
use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, attr, quick};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::repo_root;
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

/// What openstacksdk + otcextensions must see of the OTC example (names from main.tf).
const OTC_OBJECTS: &str = r#"{"vpcs": ["app"], "subnets": ["app"], "servers": ["web", "db"], "volumes": ["db-data"], "eips": 1}"#;

/// What the `stackit-iaas` SDK must see of the STACKIT example (names from main.tf).
const STACKIT_OBJECTS: &str = r#"{"networks": ["app"], "servers": ["web", "db"], "volumes": ["db-data"], "public_ips": 1, "keypairs": 2, "attached": {"db": ["db-data"]}, "public": ["web"]}"#;

/// What the `ionoscloud` SDK must see of the IONOS example (names from main.tf; each server's
/// boot volume is named after it).
const IONOS_OBJECTS: &str = r#"{"lans": ["app"], "servers": ["web", "db"], "volumes": ["db-data", "web-boot", "db-boot"], "ipblocks": 1, "attached": {"db": ["db-boot", "db-data"]}, "public": ["web"]}"#;

/// What boto3 must see of the bucket in the examples of the S3 clouds.
const S3_BUCKETS: &str = r#"{"versioned": ["example-app-db-dumps"], "labels": {"example-app-db-dumps": {"app": "shop"}}}"#;

fn run_example(tf: Terraform, profile: &'static Profile) {
    let cloud = quick(profile);
    let mut dir = Workdir::new(&tf, &cloud);
    dir.copy_example(&repo_root().join("examples").join(profile.name));
    let key =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGV4YW1wbGUta2V5LWZvci10aGUtcGx1c3NlcnZlci14 example";
    dir.set_var("TF_VAR_ssh_public_key", Some(key));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);

    let state = dir.state();
    assert!(attr(&state, "sovereign_public_ip.web", "address")
        .as_str()
        .is_some_and(|a| a.starts_with(profile.public_ip_prefix)));
    assert_eq!(
        attr(&state, "sovereign_public_ip.web", "server_id"),
        attr(&state, "sovereign_server.web", "id")
    );
    assert_eq!(
        attr(&state, "sovereign_server.web", "flavor"),
        profile.flavor_2_4
    );
    assert_eq!(cloud.objects("servers").len(), 2);
    if let Some(keypairs) = profile.keypairs {
        assert_eq!(cloud.objects(keypairs).len(), 2, "one keypair per server");
    }
    assert_eq!(cloud.objects(profile.public_ips).len(), 1);
    if profile.name == IONOS.name {
        fidelity::assert_ionos(&cloud, "present", IONOS_OBJECTS);
    } else if profile.name == STACKIT.name {
        fidelity::assert_stackit(&cloud, "present", STACKIT_OBJECTS);
    } else {
        let volumes = cloud.objects("volumes");
        assert!(
            volumes
                .iter()
                .any(|v| v["name"] == "db-data" && v["status"] == "in-use"),
            "the data volume is attached: {volumes:?}"
        );
    }
    if profile.bucket_options {
        fidelity::assert_s3_buckets(&cloud, "present", S3_BUCKETS);
    }
    if profile.name == OTC.name {
        assert_otc_root_volumes(&cloud);
        fidelity::assert_otc(&cloud, "present", OTC_OBJECTS);
    }

    dir.assert_empty_plan(false);
    dir.assert_empty_plan(true);

    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    for kind in [
        "servers",
        "keypairs",
        "ports",
        "nics",
        "lans",
        "networks",
        profile.public_ips,
        "volumes",
    ] {
        assert!(
            cloud.objects(kind).is_empty(),
            "{kind} left behind: {:?}",
            cloud.objects(kind)
        );
    }
    assert_nothing_left(&cloud);
    if profile.bucket_options {
        fidelity::assert_s3_buckets(&cloud, "absent", S3_BUCKETS);
    }
    if profile.name == OTC.name {
        fidelity::assert_otc(&cloud, "absent", OTC_OBJECTS);
    }
    if profile.name == IONOS.name {
        fidelity::assert_ionos(&cloud, "absent", IONOS_OBJECTS);
    }
    if profile.name == STACKIT.name {
        fidelity::assert_stackit(&cloud, "absent", STACKIT_OBJECTS);
    }
}

/// ECS made each server's root volume, of the type asked for (SSD for db, the default else).
fn assert_otc_root_volumes(cloud: &Cloud) {
    let volumes = cloud.objects("volumes");
    let roots: Vec<_> = volumes
        .iter()
        .filter(|v| v["bootable"] == "true")
        .map(|v| v["volume_type"].as_str().unwrap_or_default().to_string())
        .collect();
    let mut sorted = roots.clone();
    sorted.sort();
    assert_eq!(sorted, ["SAS", "SSD"], "root volumes: {volumes:?}");
}

with_both_terraforms!(
    plusserver_example_with_current_terraform,
    plusserver_example_with_terraform_1_0,
    |tf| run_example(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_example_with_current_terraform,
    otc_example_with_terraform_1_0,
    |tf| run_example(tf, &OTC)
);

with_both_terraforms!(
    ionos_example_with_current_terraform,
    ionos_example_with_terraform_1_0,
    |tf| run_example(tf, &IONOS)
);

with_both_terraforms!(
    stackit_example_with_current_terraform,
    stackit_example_with_terraform_1_0,
    |tf| run_example(tf, &STACKIT)
);
