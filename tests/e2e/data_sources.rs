//! `sovereign_image`, `sovereign_flavor` and `sovereign_availability_zones` against the
//! emulator's catalogue, and the errors when a lookup is ambiguous or finds nothing.

use crate::harness::lifecycle::quick_cloud;
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

const LOOKUPS: &str = r#"provider "sovereign" {}

data "sovereign_image" "ubuntu" {
  name = "Ubuntu 24.04"
}

data "sovereign_image" "newest_ubuntu" {
  name_regex  = "^Ubuntu"
  most_recent = true
}

data "sovereign_flavor" "three_cores" {
  min_cores = 3
}

data "sovereign_flavor" "by_name" {
  name = "SCS-2V-8"
}

data "sovereign_availability_zones" "all" {}

output "ubuntu" {
  value = [data.sovereign_image.ubuntu.id, data.sovereign_image.ubuntu.min_disk_gb]
}

output "newest_ubuntu" {
  value = data.sovereign_image.newest_ubuntu.name
}

output "three_cores" {
  value = [data.sovereign_flavor.three_cores.name, data.sovereign_flavor.three_cores.cores, data.sovereign_flavor.three_cores.memory_gb]
}

output "by_name" {
  value = [data.sovereign_flavor.by_name.cores, data.sovereign_flavor.by_name.memory_gb]
}

output "zones" {
  value = data.sovereign_availability_zones.all.names
}
"#;

fn lookups(tf: Terraform) {
    let cloud = quick_cloud();
    let dir = Workdir::new(&tf, &cloud);
    dir.write_config(LOOKUPS);
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let shown = dir.ok(&["output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_str(&shown.stdout).expect("outputs JSON");
    let value = |name: &str| outputs[name]["value"].clone();
    assert_eq!(value("ubuntu")[0], "c7e1f3a5-9d2b-4c6e-8a1f-5b3d7e9c2a46");
    assert_eq!(value("ubuntu")[1], 8);
    assert_eq!(value("newest_ubuntu"), "Ubuntu 24.04");
    assert_eq!(value("three_cores"), serde_json::json!(["SCS-4V-8", 4, 8]));
    assert_eq!(value("by_name"), serde_json::json!([2, 8]));
    assert_eq!(value("zones"), serde_json::json!(["DE-WEST-1"]));

    // Several match without most_recent; nothing matches a name: errors on the argument.
    dir.write_config(
        "provider \"sovereign\" {}\n\ndata \"sovereign_image\" \"ubuntu\" {\n  name_regex = \"^Ubuntu\"\n}\n",
    );
    dir.assert_plan_fails(&[
        "Several images match",
        "most_recent = true",
        "name_regex = \"^Ubuntu\"",
    ]);
    dir.write_config(
        "provider \"sovereign\" {}\n\ndata \"sovereign_flavor\" \"f\" {\n  name = \"SCS-2V-5\"\n}\n",
    );
    dir.assert_plan_fails(&["No such flavor", "Did you mean", "name = \"SCS-2V-5\""]);
    assert!(
        cloud.writes().is_empty(),
        "lookups changed something: {:?}",
        cloud.writes()
    );
}

with_both_terraforms!(
    data_sources_with_current_terraform,
    data_sources_with_terraform_1_0,
    lookups
);
