//! `sovereign_image`, `sovereign_flavor`, `sovereign_availability_zones` and `sovereign_cloud`
//! against the emulator's catalogue, and the errors when a lookup is ambiguous or finds nothing.

use crate::harness::lifecycle::quick;
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

fn lookups_config(profile: &Profile) -> String {
    let Profile {
        ubuntu,
        ubuntu_regex,
        flavor_2_8,
        ..
    } = profile;
    format!(
        r#"provider "sovereign" {{}}

data "sovereign_image" "ubuntu" {{
  name = "{ubuntu}"
}}

data "sovereign_image" "newest_ubuntu" {{
  name_regex  = "{ubuntu_regex}"
  most_recent = true
}}

data "sovereign_flavor" "three_cores" {{
  min_cores = 3
}}

data "sovereign_flavor" "by_name" {{
  name = "{flavor_2_8}"
}}

data "sovereign_availability_zones" "all" {{}}

data "sovereign_cloud" "current" {{}}

output "ubuntu" {{
  value = [data.sovereign_image.ubuntu.id, data.sovereign_image.ubuntu.min_disk_gb]
}}

output "newest_ubuntu" {{
  value = data.sovereign_image.newest_ubuntu.name
}}

output "three_cores" {{
  value = [data.sovereign_flavor.three_cores.name, data.sovereign_flavor.three_cores.cores, data.sovereign_flavor.three_cores.memory_gb]
}}

output "by_name" {{
  value = [data.sovereign_flavor.by_name.cores, data.sovereign_flavor.by_name.memory_gb]
}}

output "zones" {{
  value = data.sovereign_availability_zones.all.names
}}

output "cloud" {{
  value = [data.sovereign_cloud.current.cloud, data.sovereign_cloud.current.region]
}}
"#
    )
}

fn lookups(tf: Terraform, profile: &'static Profile) {
    let cloud = quick(profile);
    let mut dir = Workdir::new(&tf, &cloud);
    if profile.name == IONOS.name {
        // No region configured: the data center's location is the region.
        dir.set_var("SOVEREIGN_REGION", None);
        dir.set_var("IONOS_LOCATION", None);
    }
    dir.write_config(&lookups_config(profile));
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let shown = dir.ok(&["output", "-json"]);
    let outputs: serde_json::Value = serde_json::from_str(&shown.stdout).expect("outputs JSON");
    let value = |name: &str| outputs[name]["value"].clone();
    assert_eq!(value("ubuntu")[0], profile.ubuntu_id);
    assert_eq!(value("ubuntu")[1], profile.ubuntu_min_disk_gb);
    assert_eq!(value("newest_ubuntu"), profile.ubuntu);
    let (name, cores, memory) = profile.three_cores;
    assert_eq!(
        value("three_cores"),
        serde_json::json!([name, cores, memory])
    );
    assert_eq!(value("by_name"), serde_json::json!([2, 8]));
    assert_eq!(value("zones"), serde_json::json!(profile.zones));
    assert_eq!(
        value("cloud"),
        serde_json::json!([profile.name, profile.region])
    );

    // Several match without most_recent; nothing matches a name: errors on the argument.
    let regex = profile.ubuntu_regex;
    dir.write_config(&format!(
        "provider \"sovereign\" {{}}\n\ndata \"sovereign_image\" \"ubuntu\" {{\n  name_regex = \"{regex}\"\n}}\n",
    ));
    dir.assert_plan_fails(&[
        "Several images match",
        "most_recent = true",
        &format!("name_regex = \"{regex}\""),
    ]);
    let typo = profile.flavor_typo;
    dir.write_config(&format!(
        "provider \"sovereign\" {{}}\n\ndata \"sovereign_flavor\" \"f\" {{\n  name = \"{typo}\"\n}}\n",
    ));
    dir.assert_plan_fails(&[
        "No such flavor",
        "Did you mean",
        &format!("name = \"{typo}\""),
    ]);
    assert!(
        cloud.writes().is_empty(),
        "lookups changed something: {:?}",
        cloud.writes()
    );
}

with_both_terraforms!(
    data_sources_with_current_terraform,
    data_sources_with_terraform_1_0,
    |tf| lookups(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_data_sources_with_current_terraform,
    otc_data_sources_with_terraform_1_0,
    |tf| lookups(tf, &OTC)
);

with_both_terraforms!(
    stackit_data_sources_with_current_terraform,
    stackit_data_sources_with_terraform_1_0,
    |tf| lookups(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_data_sources_with_current_terraform,
    ionos_data_sources_with_terraform_1_0,
    |tf| lookups(tf, &IONOS)
);
