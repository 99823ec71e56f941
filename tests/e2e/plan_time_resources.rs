//! Mistakes in servers, volumes and rules are caught at plan time, on the attribute's line,
//! before anything is sent that changes the cloud.

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick_cloud};
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

const NETWORK: &str = r#"provider "sovereign" {}

resource "sovereign_network" "n" {
  name = "n"
}
"#;

/// The plan and apply fail with `expected` in the diagnostics, and the cloud saw no write.
fn refused(tf: Terraform, config: &str, expected: &[&str]) -> (Cloud, String) {
    let cloud = quick_cloud();
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

fn flavor_with_cores(tf: Terraform) {
    refused(
        tf,
        &format!(
            r#"{NETWORK}
resource "sovereign_server" "s" {{
  name       = "s"
  image      = "Ubuntu 24.04"
  network_id = sovereign_network.n.id
  flavor     = "SCS-2V-4"
  cores      = 2
  memory_gb  = 4
}}
"#
        ),
        &[
            "flavor and cores/memory_gb exclude each other",
            "flavor     = \"SCS-2V-4\"",
        ],
    );
}

with_both_terraforms!(
    server_flavor_with_cores_is_a_plan_time_error_with_current_terraform,
    server_flavor_with_cores_is_a_plan_time_error_with_terraform_1_0,
    flavor_with_cores
);

fn unknown_image(tf: Terraform) {
    refused(
        tf,
        &format!(
            r#"{NETWORK}
resource "sovereign_server" "s" {{
  name       = "s"
  image      = "Ubuntu 24.4"
  network_id = sovereign_network.n.id
  cores      = 1
  memory_gb  = 2
}}
"#
        ),
        &[
            "No such image",
            "image      = \"Ubuntu 24.4\"",
            "Did you mean \"Ubuntu 24.04\"",
        ],
    );
}

with_both_terraforms!(
    unknown_image_is_a_plan_time_error_with_current_terraform,
    unknown_image_is_a_plan_time_error_with_terraform_1_0,
    unknown_image
);

fn bad_port_range(tf: Terraform) {
    refused(
        tf,
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
    bad_port_range
);

fn volume_config(size_gb: u32) -> String {
    format!(
        "provider \"sovereign\" {{}}\n\nresource \"sovereign_volume\" \"v\" {{\n  name    = \"v\"\n  size_gb = {size_gb}\n}}\n"
    )
}

fn volume_shrink(tf: Terraform) {
    let cloud = quick_cloud();
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
        volumes.len() == 1 && volumes[0]["size"] == 2,
        "the volume is untouched: {volumes:?}"
    );
    dir.write_config(&volume_config(2));
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(&cloud);
}

with_both_terraforms!(
    volume_shrink_is_a_plan_time_error_with_current_terraform,
    volume_shrink_is_a_plan_time_error_with_terraform_1_0,
    volume_shrink
);
