//! Mistakes in servers, volumes and rules are caught at plan time, on the attribute's line,
//! before anything is sent that changes the cloud.

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

const NETWORK: &str = r#"provider "sovereign" {}

resource "sovereign_network" "n" {
  name = "n"
}
"#;

/// The plan and apply fail with `expected` in the diagnostics (on a line of `main.tf`), and
/// the cloud saw no write.
pub(crate) fn refused(
    tf: Terraform,
    profile: &'static Profile,
    config: &str,
    expected: &[&str],
) -> (Cloud, String) {
    let cloud = quick(profile);
    let dir = Workdir::new(&tf, &cloud);
    dir.write_config(config);
    let stderr = dir.assert_plan_fails(expected);
    assert!(
        stderr.contains("on main.tf line"),
        "no source location:\n{stderr}"
    );
    assert_nothing_left(&cloud);
    assert!(
        cloud.writes().is_empty(),
        "requests that change things were sent: {:?}",
        cloud.writes()
    );
    (cloud, stderr)
}

fn flavor_with_cores(tf: Terraform, profile: &'static Profile) {
    let Profile {
        ubuntu, flavor_2_4, ..
    } = profile;
    refused(
        tf,
        profile,
        &format!(
            r#"{NETWORK}
resource "sovereign_server" "s" {{
  name       = "s"
  image      = "{ubuntu}"
  network_id = sovereign_network.n.id
  flavor     = "{flavor_2_4}"
  cores      = 2
  memory_gb  = 4
}}
"#
        ),
        &[
            "flavor and cores/memory_gb exclude each other",
            &format!("flavor     = \"{flavor_2_4}\""),
        ],
    );
}

with_both_terraforms!(
    server_flavor_with_cores_is_a_plan_time_error_with_current_terraform,
    server_flavor_with_cores_is_a_plan_time_error_with_terraform_1_0,
    |tf| flavor_with_cores(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_server_flavor_with_cores_is_a_plan_time_error_with_current_terraform,
    otc_server_flavor_with_cores_is_a_plan_time_error_with_terraform_1_0,
    |tf| flavor_with_cores(tf, &OTC)
);

with_both_terraforms!(
    stackit_server_flavor_with_cores_is_a_plan_time_error_with_current_terraform,
    stackit_server_flavor_with_cores_is_a_plan_time_error_with_terraform_1_0,
    |tf| flavor_with_cores(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_server_flavor_with_cores_is_a_plan_time_error_with_current_terraform,
    ionos_server_flavor_with_cores_is_a_plan_time_error_with_terraform_1_0,
    |tf| flavor_with_cores(tf, &IONOS)
);

fn unknown_image(tf: Terraform, profile: &'static Profile) {
    let ubuntu = profile.ubuntu;
    let typo = ubuntu.replace("24.04", "24.4");
    refused(
        tf,
        profile,
        &format!(
            r#"{NETWORK}
resource "sovereign_server" "s" {{
  name       = "s"
  image      = "{typo}"
  network_id = sovereign_network.n.id
  cores      = 1
  memory_gb  = 2
}}
"#
        ),
        &[
            "No such image",
            &format!("image      = \"{typo}\""),
            &format!("Did you mean \"{ubuntu}\""),
        ],
    );
}

with_both_terraforms!(
    unknown_image_is_a_plan_time_error_with_current_terraform,
    unknown_image_is_a_plan_time_error_with_terraform_1_0,
    |tf| unknown_image(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_unknown_image_is_a_plan_time_error_with_current_terraform,
    otc_unknown_image_is_a_plan_time_error_with_terraform_1_0,
    |tf| unknown_image(tf, &OTC)
);

with_both_terraforms!(
    stackit_unknown_image_is_a_plan_time_error_with_current_terraform,
    stackit_unknown_image_is_a_plan_time_error_with_terraform_1_0,
    |tf| unknown_image(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_unknown_image_is_a_plan_time_error_with_current_terraform,
    ionos_unknown_image_is_a_plan_time_error_with_terraform_1_0,
    |tf| unknown_image(tf, &IONOS)
);

fn bad_port_range(tf: Terraform, profile: &'static Profile) {
    refused(
        tf,
        profile,
        r#"provider "sovereign" {}

resource "sovereign_security_group" "g" {
  name = "g"
}

resource "sovereign_security_group_rule" "r" {
  security_group_id = sovereign_security_group.g.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 8443
  port_max          = 443
}
"#,
        &[
            "port_min is above port_max",
            "8443-443",
            "port_min          = 8443",
        ],
    );
}

with_both_terraforms!(
    bad_rule_port_range_is_a_plan_time_error_with_current_terraform,
    bad_rule_port_range_is_a_plan_time_error_with_terraform_1_0,
    |tf| bad_port_range(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_bad_rule_port_range_is_a_plan_time_error_with_current_terraform,
    otc_bad_rule_port_range_is_a_plan_time_error_with_terraform_1_0,
    |tf| bad_port_range(tf, &OTC)
);

with_both_terraforms!(
    stackit_bad_rule_port_range_is_a_plan_time_error_with_current_terraform,
    stackit_bad_rule_port_range_is_a_plan_time_error_with_terraform_1_0,
    |tf| bad_port_range(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_bad_rule_port_range_is_a_plan_time_error_with_current_terraform,
    ionos_bad_rule_port_range_is_a_plan_time_error_with_terraform_1_0,
    |tf| bad_port_range(tf, &IONOS)
);

fn volume_config(size_gb: u32) -> String {
    format!(
        "provider \"sovereign\" {{}}\n\nresource \"sovereign_volume\" \"v\" {{\n  name    = \"v\"\n  size_gb = {size_gb}\n}}\n"
    )
}

fn volume_shrink(tf: Terraform, profile: &'static Profile) {
    let cloud = quick(profile);
    let dir = Workdir::new(&tf, &cloud);
    dir.write_config(&volume_config(2));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let writes = cloud.writes();
    dir.write_config(&volume_config(1));
    let stderr = dir.assert_plan_fails(&["A volume cannot shrink", "size_gb = 1"]);
    assert!(
        stderr
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .contains("from 2 GB down to 1 GB"),
        "the diagnostic names both sizes:\n{stderr}"
    );
    assert_eq!(cloud.writes(), writes, "the refused plan changed something");
    let volumes = cloud.objects("volumes");
    assert!(
        volumes.len() == 1 && volumes[0]["size"].as_f64() == Some(2.0),
        "the volume is untouched: {volumes:?}"
    );
    dir.write_config(&volume_config(2));
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(&cloud);
}

with_both_terraforms!(
    volume_shrink_is_a_plan_time_error_with_current_terraform,
    volume_shrink_is_a_plan_time_error_with_terraform_1_0,
    |tf| volume_shrink(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_volume_shrink_is_a_plan_time_error_with_current_terraform,
    otc_volume_shrink_is_a_plan_time_error_with_terraform_1_0,
    |tf| volume_shrink(tf, &OTC)
);

with_both_terraforms!(
    stackit_volume_shrink_is_a_plan_time_error_with_current_terraform,
    stackit_volume_shrink_is_a_plan_time_error_with_terraform_1_0,
    |tf| volume_shrink(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_volume_shrink_is_a_plan_time_error_with_current_terraform,
    ionos_volume_shrink_is_a_plan_time_error_with_terraform_1_0,
    |tf| volume_shrink(tf, &IONOS)
);

/// OTC's VPCs take only private ranges: said at plan time, on the `cidr` line.
fn otc_public_cidr(tf: Terraform) {
    refused(
        tf,
        &OTC,
        r#"provider "sovereign" {}

resource "sovereign_network" "n" {
  name = "n"
  cidr = "8.8.8.0/24"
}
"#,
        &[
            "Invalid network configuration for otc",
            "private ranges",
            "cidr = \"8.8.8.0/24\"",
        ],
    );
}

with_both_terraforms!(
    otc_public_network_range_is_a_plan_time_error_with_current_terraform,
    otc_public_network_range_is_a_plan_time_error_with_terraform_1_0,
    otc_public_cidr
);

/// IONOS's security groups and LANs take no labels, a LAN no internet access and no chosen
/// block: said at plan time, on the attribute's line.
fn ionos_refusals(tf: Terraform) {
    refused(
        tf.clone(),
        &IONOS,
        r#"provider "sovereign" {}

resource "sovereign_network" "n" {
  name = "n"
  cidr = "10.1.2.0/24"
}
"#,
        &[
            "Invalid network configuration for ionos",
            "IONOS assigns each LAN's IPv4 block",
            "cidr = \"10.1.2.0/24\"",
        ],
    );
    refused(
        tf.clone(),
        &IONOS,
        r#"provider "sovereign" {}

resource "sovereign_security_group" "g" {
  name = "g"
  labels = {
    env = "test"
  }
}
"#,
        &[
            "Invalid security group for ionos",
            "take no labels",
            "labels = {",
        ],
    );
    refused(
        tf,
        &IONOS,
        r#"provider "sovereign" {}

resource "sovereign_network" "n" {
  name            = "n"
  internet_access = true
}
"#,
        &[
            "Invalid network configuration for ionos",
            "NAT gateway",
            "internet_access = true",
        ],
    );
}

with_both_terraforms!(
    ionos_unmappable_attributes_are_plan_time_errors_with_current_terraform,
    ionos_unmappable_attributes_are_plan_time_errors_with_terraform_1_0,
    ionos_refusals
);

/// IONOS sizes servers exactly: a size it cannot make and a flavor name that is no size are
/// said at plan time, on the attribute's line.
fn ionos_sizes(tf: Terraform) {
    let ubuntu = IONOS.ubuntu;
    let server = |size: &str| {
        format!(
            r#"{NETWORK}
resource "sovereign_server" "s" {{
  name       = "s"
  image      = "{ubuntu}"
  network_id = sovereign_network.n.id
{size}
}}
"#
        )
    };
    refused(
        tf.clone(),
        &IONOS,
        &server("  cores      = 128\n  memory_gb  = 4"),
        &["1 to 62 cores", "cores      = 128"],
    );
    refused(
        tf,
        &IONOS,
        &server("  flavor     = \"s3.large.2\""),
        &["IONOS has no flavors", "flavor     = \"s3.large.2\""],
    );
}

with_both_terraforms!(
    ionos_impossible_sizes_are_plan_time_errors_with_current_terraform,
    ionos_impossible_sizes_are_plan_time_errors_with_terraform_1_0,
    ionos_sizes
);

/// STACKIT's names and labels are stricter than the uniform ones: a server name that is no
/// host name and a reserved label key are said at plan time, on the attribute's line.
fn stackit_naming(tf: Terraform) {
    let ubuntu = STACKIT.ubuntu;
    refused(
        tf.clone(),
        &STACKIT,
        &format!(
            r#"{NETWORK}
resource "sovereign_server" "s" {{
  name       = "web_1"
  image      = "{ubuntu}"
  network_id = sovereign_network.n.id
  flavor     = "c1.1"
}}
"#
        ),
        &[
            "Invalid for stackit",
            "host names",
            "name       = \"web_1\"",
        ],
    );
    refused(
        tf,
        &STACKIT,
        r#"provider "sovereign" {}

resource "sovereign_volume" "v" {
  name    = "v"
  size_gb = 1
  labels = {
    stackit-owner = "me"
  }
}
"#,
        &[
            "Invalid for stackit",
            "not a STACKIT label key",
            "labels = {",
        ],
    );
}

with_both_terraforms!(
    stackit_naming_rules_are_plan_time_errors_with_current_terraform,
    stackit_naming_rules_are_plan_time_errors_with_terraform_1_0,
    stackit_naming
);
