//! `sovereign_volume` through the full cycle: grows in place, a new type replaces it.

use serde_json::Value;

use crate::harness::lifecycle::{attr, soon, Lifecycle};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::Terraform;
use crate::with_both_terraforms;

fn config(
    profile: &Profile,
    name: &str,
    size_gb: u32,
    volume_type: Option<&str>,
    label: &str,
) -> String {
    let (fast, _) = profile.volume_types;
    let zone = profile.zones[0];
    let volume_type = volume_type
        .map(|t| format!("  type    = \"{t}\"\n"))
        .unwrap_or_default();
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_volume" "data" {{
  name    = "{name}"
  size_gb = {size_gb}
{volume_type}  labels = {{
    env = "{label}"
  }}
}}

resource "sovereign_volume" "fast" {{
  name              = "fast"
  size_gb           = 1
  type              = "{fast}"
  availability_zone = "{zone}"
}}
"#
    )
}

fn volume_lifecycle(tf: Terraform, profile: &'static Profile) {
    let (fast, slow) = profile.volume_types;
    Lifecycle {
        address: "sovereign_volume.data",
        create: config(profile, "data", 1, None, "test"),
        created: Some(Box::new(move |state, _| {
            let data = "sovereign_volume.data";
            assert_eq!(attr(state, data, "size_gb"), 1);
            assert_eq!(attr(state, data, "status"), "available");
            assert!(
                attr(state, data, "type").is_string(),
                "the default type is reported"
            );
            assert!(attr(state, data, "availability_zone").is_string());
            assert_eq!(attr(state, "sovereign_volume.fast", "type"), fast);
            assert_eq!(attr(state, "sovereign_volume.fast", "labels"), &Value::Null);
        })),
        update: Some((
            config(profile, "data-2", 3, None, "prod"),
            Some(Box::new(|state, cloud| {
                let data = "sovereign_volume.data";
                assert_eq!(attr(state, data, "size_gb"), 3);
                assert_eq!(attr(state, data, "name"), "data-2");
                let volumes = cloud.objects("volumes");
                assert!(
                    volumes
                        .iter()
                        .any(|v| v["name"] == "data-2" && v["size"].as_f64() == Some(3.0)),
                    "the volume grew in the cloud: {volumes:?}"
                );
            })),
        )),
        replace: Some(config(profile, "data-2", 3, Some(slow), "prod")),
        not_importable: &[],
        change_out_of_band: Some(Box::new(|cloud, sdk, id| {
            let relabel = sovereign_sdk::VolumeUpdate {
                labels: Some([("env".to_string(), "by-hand".to_string())].into()),
                ..Default::default()
            };
            cloud
                .block_on(sdk.block_storage().update_volume(id, &relabel, soon()))
                .expect("relabel the volume out of band");
        })),
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.block_storage().delete_volume(id, soon()))
                .expect("delete the volume out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    volume_lifecycle_with_current_terraform,
    volume_lifecycle_with_terraform_1_0,
    |tf| volume_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_volume_lifecycle_with_current_terraform,
    otc_volume_lifecycle_with_terraform_1_0,
    |tf| volume_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    stackit_volume_lifecycle_with_current_terraform,
    stackit_volume_lifecycle_with_terraform_1_0,
    |tf| volume_lifecycle(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_volume_lifecycle_with_current_terraform,
    ionos_volume_lifecycle_with_terraform_1_0,
    |tf| volume_lifecycle(tf, &IONOS)
);
