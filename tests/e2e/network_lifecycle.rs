//! `sovereign_network` through every step: plan, apply, empty re-plans, import into a fresh
//! directory, update in place, replace, drift, destroy, and an empty emulator at the end.

use serde_json::Value;
use sovereign_sdk::Deadline;

use crate::fidelity;
use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{actions, assert_import_matches, attr, quick, soon, Lifecycle};
use crate::harness::profiles::{InternetLink, Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

fn config(name: &str, cidr: &str, dns: &str, internet: bool, label: &str) -> String {
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_network" "main" {{
  name            = "{name}"
  cidr            = "{cidr}"
  dns_nameservers = [{dns}]
  internet_access = {internet}
  labels = {{
    env = "{label}"
  }}
  timeouts {{
    create = "5m"
  }}
}}

resource "sovereign_network" "plain" {{
  name = "{name}-plain"
}}

data "sovereign_cloud" "current" {{}}

output "capabilities" {{
  value = data.sovereign_cloud.current.capabilities
}}
"#
    )
}

/// How many networks the cloud shows as reaching the internet: routers made for them on
/// plusserver, VPCs with shared SNAT on OTC, routed networks on STACKIT.
fn internet_links(cloud: &Cloud) -> usize {
    let count = |kind: &str, field: &str| {
        cloud
            .objects(kind)
            .iter()
            .filter(|object| object[field] == true)
            .count()
    };
    match cloud.profile.internet {
        InternetLink::Objects(kind) => cloud.objects(kind).len(),
        InternetLink::SharedSnat => count("vpcs", "enable_shared_snat"),
        InternetLink::Routed => count("networks", "routed"),
        InternetLink::None => 0,
    }
}

fn lifecycle(tf: Terraform, profile: &'static Profile) {
    let cloud = quick(profile);
    let dir = Workdir::new(&tf, &cloud);
    let name = format!("e2e-{}", tf.label.replace('.', "-"));

    // Create.
    dir.write_config(&config(&name, "10.10.0.0/24", "\"1.1.1.1\"", true, "test"));
    let plan = dir.plan();
    assert_eq!(actions(&plan, "sovereign_network.main"), ["create"]);
    assert_eq!(actions(&plan, "sovereign_network.plain"), ["create"]);
    dir.apply_plan();
    let state = dir.state();
    let id = attr(&state, "sovereign_network.main", "id")
        .as_str()
        .unwrap()
        .to_string();
    assert!(!id.is_empty());
    assert_eq!(
        attr(&state, "sovereign_network.main", "cidr"),
        "10.10.0.0/24"
    );
    assert_eq!(
        attr(&state, "sovereign_network.main", "gateway_ip"),
        "10.10.0.1"
    );
    assert_eq!(
        attr(&state, "sovereign_network.main", "internet_access"),
        true
    );
    assert_eq!(
        attr(&state, "sovereign_network.plain", "internet_access"),
        false
    );
    assert_eq!(
        attr(&state, "sovereign_network.plain", "cidr"),
        "10.0.0.0/24"
    );
    assert_eq!(
        attr(&state, "sovereign_network.plain", "labels"),
        &Value::Null
    );
    // Without DNS servers: none, or the cloud's own where it hands them out (and then no diff).
    let plain_dns = attr(&state, "sovereign_network.plain", "dns_nameservers");
    if cloud.sdk().capabilities().network_default_dns {
        assert!(
            plain_dns
                .as_array()
                .is_some_and(|servers| !servers.is_empty()),
            "the cloud's DNS servers are reported: {plain_dns}"
        );
    } else {
        assert_eq!(plain_dns, &Value::Null);
    }
    assert_eq!(internet_links(&cloud), 1, "internet access for one network");
    dir.assert_empty_plan(false);
    dir.assert_empty_plan(true);
    if profile.name == PLUSSERVER.name {
        fidelity::assert_network(&cloud, &name, Some("10.10.0.0/24"));
    }

    // Import into a fresh directory, then compare.
    let imported = Workdir::new(&tf, &cloud);
    imported.write_config(&config(&name, "10.10.0.0/24", "\"1.1.1.1\"", true, "test"));
    let plain_id = attr(&state, "sovereign_network.plain", "id")
        .as_str()
        .unwrap()
        .to_string();
    imported.ok(&["import", "-no-color", "sovereign_network.main", &id]);
    imported.ok(&["import", "-no-color", "sovereign_network.plain", &plain_id]);
    let imported_state = imported.state();
    for address in ["sovereign_network.main", "sovereign_network.plain"] {
        assert_import_matches(&state[address], &imported_state[address], address, &[]);
    }
    let bogus = imported.run(&[
        "import",
        "-no-color",
        "sovereign_network.main",
        "no-such-network",
    ]);
    assert_ne!(bogus.code, 0, "importing a missing id must fail");

    // Update in place: name, DNS, labels, internet access off (where that changes in place).
    let internet = !profile.internet_in_place;
    dir.write_config(&config(
        &format!("{name}-2"),
        "10.10.0.0/24",
        "\"9.9.9.9\", \"1.0.0.1\"",
        internet,
        "prod",
    ));
    let plan = dir.plan();
    assert_eq!(actions(&plan, "sovereign_network.main"), ["update"]);
    dir.apply_plan();
    let state = dir.state();
    assert_eq!(attr(&state, "sovereign_network.main", "id"), id.as_str());
    assert_eq!(
        attr(&state, "sovereign_network.main", "name"),
        format!("{name}-2").as_str()
    );
    assert_eq!(
        attr(&state, "sovereign_network.main", "internet_access"),
        internet
    );
    assert_eq!(
        attr(&state, "sovereign_network.main", "labels")["env"],
        "prod"
    );
    assert_eq!(
        internet_links(&cloud),
        usize::from(internet),
        "internet access as configured"
    );
    dir.assert_empty_plan(false);
    dir.assert_empty_plan(true);

    // Replace: a new CIDR.
    dir.write_config(&config(
        &format!("{name}-2"),
        "10.11.0.0/24",
        "\"9.9.9.9\", \"1.0.0.1\"",
        internet,
        "prod",
    ));
    let plan = dir.plan();
    assert_eq!(
        actions(&plan, "sovereign_network.main"),
        ["delete", "create"]
    );
    dir.apply_plan();
    let state = dir.state();
    let new_id = attr(&state, "sovereign_network.main", "id")
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_id, id, "a replaced network has a new id");
    assert_eq!(
        attr(&state, "sovereign_network.main", "gateway_ip"),
        "10.11.0.1"
    );
    dir.assert_empty_plan(false);
    dir.assert_empty_plan(true);

    // Drift: delete it behind terraform's back; the next plan creates it again.
    let sdk = cloud.sdk();
    cloud
        .block_on(
            sdk.networking()
                .delete_network(&new_id, Deadline::after(std::time::Duration::from_secs(30))),
        )
        .expect("delete out of band");
    let plan = dir.plan();
    assert_eq!(actions(&plan, "sovereign_network.main"), ["create"]);
    dir.apply_plan();
    dir.assert_empty_plan(true);

    // Destroy: nothing is left.
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(
        cloud.live_objects(),
        0,
        "left behind: {}",
        cloud.inventory()
    );
    if profile.name == PLUSSERVER.name {
        fidelity::assert_no_network(&cloud, &format!("{name}-2"));
    }
    assert!(
        !dir.state_file()
            .contains(&cloud.var(cloud.profile.password_var)),
        "the password leaked into the state"
    );
}

#[test]
fn network_lifecycle_with_current_terraform() {
    lifecycle(terraform::current(), &PLUSSERVER);
}

#[test]
fn network_lifecycle_with_terraform_1_0() {
    lifecycle(terraform::legacy(), &PLUSSERVER);
}

#[test]
fn otc_network_lifecycle_with_current_terraform() {
    lifecycle(terraform::current(), &OTC);
}

#[test]
fn otc_network_lifecycle_with_terraform_1_0() {
    lifecycle(terraform::legacy(), &OTC);
}

with_both_terraforms!(
    stackit_network_lifecycle_with_current_terraform,
    stackit_network_lifecycle_with_terraform_1_0,
    |tf| lifecycle(tf, &STACKIT)
);

/// An IONOS LAN: a name and nothing else (a block, DNS servers, labels or internet access
/// are plan-time errors there; IONOS assigns the block).
fn lan_config(name: &str) -> String {
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_network" "main" {{
  name = "{name}"
  timeouts {{
    create = "5m"
  }}
}}

resource "sovereign_network" "plain" {{
  name = "{name}-plain"
}}
"#
    )
}

fn lan_lifecycle(tf: Terraform) {
    Lifecycle {
        address: "sovereign_network.main",
        create: lan_config("lan"),
        created: Some(Box::new(|state, cloud| {
            let main = "sovereign_network.main";
            assert_eq!(attr(state, main, "internet_access"), false);
            assert_eq!(
                attr(state, main, "gateway_ip"),
                &Value::Null,
                "a LAN has none"
            );
            let lans = cloud.objects("lans");
            assert_eq!(lans.len(), 2, "two private LANs: {lans:?}");
            for address in [main, "sovereign_network.plain"] {
                let cidr = attr(state, address, "cidr");
                assert!(
                    lans.iter()
                        .any(|lan| lan["ipv4CidrBlock"] == *cidr && lan["public"] == false),
                    "{address}: the block IONOS assigned, {cidr}, is in the state: {lans:?}"
                );
            }
        })),
        update: Some((
            lan_config("lan-2"),
            Some(Box::new(|state, _| {
                assert_eq!(attr(state, "sovereign_network.main", "name"), "lan-2");
            })),
        )),
        // Nothing a LAN takes forces a new one.
        replace: None,
        not_importable: &[],
        change_out_of_band: Some(Box::new(|cloud, sdk, id| {
            let rename = sovereign_sdk::NetworkUpdate {
                name: Some("renamed-by-hand".into()),
                ..Default::default()
            };
            cloud
                .block_on(sdk.networking().update_network(id, &rename, soon()))
                .expect("rename the LAN out of band");
        })),
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.networking().delete_network(id, soon()))
                .expect("delete the LAN out of band");
        }),
    }
    .run(tf, &IONOS);
}

with_both_terraforms!(
    ionos_network_lifecycle_with_current_terraform,
    ionos_network_lifecycle_with_terraform_1_0,
    lan_lifecycle
);
