//! Ctrl-C during an apply whose servers are still provisioning: SIGINT to terraform's whole
//! process group (as a terminal sends it) makes the provider stop waiting at once; terraform
//! exits long before the servers would be ready, every server made is in the state (tainted,
//! as unfinished), and the next apply converges with nothing left over after the destroy.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sovereign_emulator::EmulatorConfig;

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::assert_nothing_left;
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform;
use crate::harness::workdir::{Run, Workdir};

/// How long servers provision: far longer than an interrupted apply may take to stop.
const PROVISIONING: Duration = Duration::from_secs(60);

fn config(profile: &Profile) -> String {
    let Profile {
        debian_regex,
        flavor_1_2,
        ..
    } = profile;
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_network" "n" {{
  name = "interrupted"
}}

data "sovereign_image" "debian" {{
  name_regex  = "{debian_regex}"
  most_recent = true
}}

resource "sovereign_server" "s" {{
  count      = 2
  name       = "interrupted-${{count.index}}"
  image      = data.sovereign_image.debian.id
  network_id = sovereign_network.n.id
  flavor     = "{flavor_1_2}"
}}
"#
    )
}

/// The server instances in the state file: (id, tainted).
fn servers_in_state(dir: &Workdir) -> Vec<(String, bool)> {
    let state: Value = serde_json::from_str(&dir.state_file()).expect("state JSON");
    state["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|r| r["type"] == "sovereign_server")
        .flat_map(|r| r["instances"].as_array().cloned().unwrap_or_default())
        .map(|i| {
            (
                i["attributes"]["id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
                i["status"] == "tainted",
            )
        })
        .collect()
}

fn interrupt_during_apply(profile: &'static Profile) {
    let cloud = Cloud::start(
        profile,
        EmulatorConfig {
            provision_delay: Duration::from_millis(100),
            ..EmulatorConfig::default()
        },
    );
    let dir = Workdir::new(&terraform::current(), &cloud);
    // The network first, quickly; then the servers under the long delay.
    let network_only = config(profile);
    let network_only = &network_only[..network_only.find("data ").expect("the image lookup")];
    dir.write_config(network_only);
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let millis = PROVISIONING.as_millis() as u64;
    assert!(cloud.set_faults(json!({ "provision_delay_ms": millis })));
    dir.write_config(&config(profile));
    let mut child =
        dir.spawn_in_own_group(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    let waiting_since = Instant::now();
    while cloud.objects("servers").len() < 2 {
        assert!(
            waiting_since.elapsed() < PROVISIONING + Duration::from_secs(60),
            "the servers were never created: {}",
            cloud.inventory()
        );
        assert!(
            child.try_wait().expect("wait").is_none(),
            "terraform ended before the servers were created"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    std::thread::sleep(Duration::from_secs(2));

    let group = format!("-{}", child.id());
    let sent = std::process::Command::new("kill")
        .args(["-INT", "--", &group])
        .status()
        .expect("kill");
    assert!(sent.success(), "SIGINT to the process group");
    let interrupted_at = Instant::now();
    let output = child.wait_with_output().expect("terraform exits");
    let took = interrupted_at.elapsed();
    let run = Run::from(output);
    assert!(
        took < Duration::from_secs(20),
        "terraform took {took:?} to stop after Ctrl-C:\n{}",
        run.both()
    );
    assert_ne!(run.code, 0, "an interrupted apply fails");

    // Every server the cloud holds is in the state, unfinished ones tainted.
    let in_state = servers_in_state(&dir);
    let in_cloud: Vec<String> = cloud
        .objects("servers")
        .iter()
        .filter_map(|s| s["id"].as_str().map(String::from))
        .collect();
    for id in &in_cloud {
        assert!(
            in_state.iter().any(|(state_id, _)| state_id == id),
            "server {id} is in the cloud but not in the state: {in_state:?}\n{}",
            run.both()
        );
    }
    assert!(
        in_state.iter().all(|(_, tainted)| *tainted),
        "unfinished servers are tainted: {in_state:?}"
    );
    eprintln!(
        "interrupt on {}: terraform stopped {took:?} after SIGINT; {} servers in the cloud, {} in the state",
        profile.name,
        in_cloud.len(),
        in_state.len()
    );

    // The next apply, with servers that provision quickly, converges; nothing is left after
    // the destroy.
    assert!(
        cloud.set_faults(json!({"provision_delay_ms": 100})),
        "the provision delay was changed"
    );
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(cloud.objects("servers").len(), 2, "{}", cloud.inventory());
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(&cloud);
}

#[test]
fn interrupted_apply_keeps_what_it_made_on_plusserver() {
    interrupt_during_apply(&PLUSSERVER);
}

#[test]
fn interrupted_apply_keeps_what_it_made_on_otc() {
    interrupt_during_apply(&OTC);
}

#[test]
fn interrupted_apply_keeps_what_it_made_on_ionos() {
    interrupt_during_apply(&IONOS);
}

#[test]
fn interrupted_apply_keeps_what_it_made_on_stackit() {
    interrupt_during_apply(&STACKIT);
}
