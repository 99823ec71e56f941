//! Chaos apply: 42 resources (networks, security groups and rules, volumes, servers,
//! attachments, public IPs, buckets) applied while a fifth of the cloud's API requests meet a
//! fault (429, 500, 502, 503, a connection dropped before the request is processed or after it
//! was processed, a slow answer). Applying again until it succeeds converges; the plans are
//! then empty, every object is in the cloud exactly once (a create whose answer was lost is
//! found and adopted, never made twice), and a destroy under the same faults leaves nothing
//! behind.

use std::time::Duration;

use sovereign_emulator::{EmulatorConfig, FaultKind};

use crate::harness::emulator::Cloud;
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform;
use crate::harness::workdir::Workdir;

/// Share of cloud API requests that meet a fault.
const FAULT_RATE: f64 = 0.2;
/// Applies (and destroys) allowed before the test gives up. One is the rule since creates
/// whose outcome is open are found and adopted or sent again (`sdk/src/lost_create.rs`); a
/// create can still fail when five sends in a row meet faults, and another apply finishes it.
const ATTEMPTS: usize = 20;

fn config(profile: &Profile) -> String {
    let Profile {
        debian_regex,
        flavor_1_2,
        ..
    } = profile;
    let network = if profile.plain_networks {
        String::new()
    } else {
        "\n  cidr            = \"10.8${count.index}.0.0/24\"\n  internet_access = true".to_string()
    };
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_network" "n" {{
  count = 2
  name  = "chaos-n${{count.index}}"{network}
}}

resource "sovereign_security_group" "g" {{
  count = 4
  name  = "chaos-g${{count.index}}"
}}

locals {{
  rules = {{ for pair in setproduct(range(4), [22, 80, 443, 8080]) : "${{pair[0]}}-${{pair[1]}}" => pair }}
}}

resource "sovereign_security_group_rule" "r" {{
  for_each          = local.rules
  security_group_id = sovereign_security_group.g[each.value[0]].id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = each.value[1]
  port_max          = each.value[1]
  remote_cidr       = "0.0.0.0/0"
}}

resource "sovereign_volume" "v" {{
  count   = 6
  name    = "chaos-v${{count.index}}"
  size_gb = 1
}}

data "sovereign_image" "debian" {{
  name_regex  = "{debian_regex}"
  most_recent = true
}}

resource "sovereign_server" "s" {{
  count              = 4
  name               = "chaos-s${{count.index}}"
  image              = data.sovereign_image.debian.id
  network_id         = sovereign_network.n[count.index % 2].id
  flavor             = "{flavor_1_2}"
  security_group_ids = [sovereign_security_group.g[count.index].id]
}}

resource "sovereign_volume_attachment" "a" {{
  count     = 4
  server_id = sovereign_server.s[count.index].id
  volume_id = sovereign_volume.v[count.index].id
}}

resource "sovereign_public_ip" "ip" {{
  count     = 2
  server_id = sovereign_server.s[count.index].id
}}

resource "sovereign_bucket" "b" {{
  count = 4
  name  = "chaos-bucket-${{count.index}}"
}}
"#
    )
}

/// Runs `args` until it succeeds; how many runs it took.
fn until_it_succeeds(dir: &Workdir, args: &[&str]) -> usize {
    for attempt in 1..=ATTEMPTS {
        let run = dir.run(args);
        if run.code == 0 {
            return attempt;
        }
        eprintln!("{} attempt {attempt} failed:\n{}", args[0], run.stderr);
    }
    panic!("terraform {} did not succeed in {ATTEMPTS} runs", args[0]);
}

/// Each name of `kind` in the cloud, and how often it is there.
fn names_in_cloud(cloud: &Cloud, kind: &str) -> Vec<String> {
    let mut names: Vec<String> = cloud
        .objects(kind)
        .iter()
        .filter_map(|o| o["name"].as_str())
        .filter(|n| n.starts_with("chaos-"))
        .map(String::from)
        .collect();
    names.sort();
    names
}

fn chaos(profile: &'static Profile, seed: u64) {
    let cloud = Cloud::start(
        profile,
        EmulatorConfig {
            provision_delay: Duration::from_millis(100),
            fault_rate: FAULT_RATE,
            fault_kinds: FaultKind::ALL.to_vec(),
            seed,
            ..EmulatorConfig::default()
        },
    );
    let dir = Workdir::new(&terraform::current(), &cloud);
    dir.write_config(&config(profile));
    let applies = until_it_succeeds(
        &dir,
        &["apply", "-auto-approve", "-input=false", "-no-color"],
    );
    // Empty plans, under the same faults.
    dir.assert_empty_plan(false);
    dir.assert_empty_plan(true);
    let state = dir.state();
    let managed = state.keys().filter(|a| !a.starts_with("data.")).count();
    assert_eq!(managed, 42, "resources in the state: {:?}", state.keys());

    let expect = |prefix: &str, n: usize| -> Vec<String> {
        let mut names: Vec<String> = (0..n).map(|i| format!("{prefix}{i}")).collect();
        names.sort();
        names
    };
    assert_eq!(names_in_cloud(&cloud, "servers"), expect("chaos-s", 4));
    let volumes: Vec<String> = names_in_cloud(&cloud, "volumes")
        .into_iter()
        .filter(|n| n.starts_with("chaos-v"))
        .collect();
    assert_eq!(volumes, expect("chaos-v", 6), "each volume exactly once");
    assert_eq!(
        names_in_cloud(&cloud, "buckets"),
        expect("chaos-bucket-", 4)
    );
    // Nothing missing: every object the state names is in the cloud (an attachment's id is
    // its server's and volume's ids).
    let inventory = cloud.inventory()[profile.name].to_string();
    for (address, values) in state.iter().filter(|(a, _)| !a.starts_with("data.")) {
        let id = values["id"].as_str().unwrap_or_default();
        for part in id.split('/') {
            assert!(
                !part.is_empty() && inventory.contains(&format!("\"{part}\"")),
                "{address} ({id}) is in the state but not in the cloud"
            );
        }
    }
    let groups = names_in_cloud(&cloud, "security_groups");
    if !groups.is_empty() {
        assert_eq!(groups, expect("chaos-g", 4), "each group exactly once");
    }

    let destroys = until_it_succeeds(
        &dir,
        &["destroy", "-auto-approve", "-input=false", "-no-color"],
    );
    assert!(dir.state().is_empty(), "the state still holds resources");
    let stats = cloud.stats();
    eprintln!(
        "chaos on {}: 42 resources, fault rate {FAULT_RATE}, {} requests, faults {} ({}), applies {applies}, destroys {destroys}",
        profile.name, stats["total"], stats["faults_injected"], stats["faults_by_kind"]
    );
    assert!(
        stats["faults_injected"].as_u64().unwrap_or(0) > 0,
        "no fault was injected"
    );
    // Nothing left: no orphan of a failed create, no duplicate of a retried one.
    assert_eq!(
        cloud.live_objects(),
        0,
        "left behind: {}",
        cloud.inventory()
    );
}

#[test]
fn chaos_apply_converges_on_plusserver() {
    chaos(&PLUSSERVER, 11);
}

#[test]
fn chaos_apply_converges_on_otc() {
    chaos(&OTC, 12);
}

#[test]
fn chaos_apply_converges_on_ionos() {
    chaos(&IONOS, 13);
}

#[test]
fn chaos_apply_converges_on_stackit() {
    chaos(&STACKIT, 14);
}
