//! The emulator stopped and started again with `--state FILE` keeps every object: after each
//! restart the inventory is as it was, a plan (with refresh) is empty, and the next apply and
//! the destroy go on from there with nothing left.

use std::time::Duration;

use sovereign_emulator::EmulatorConfig;

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::assert_nothing_left;
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Workdir;

/// Network, security group with a rule, volume and bucket; with `servers`, also a server with
/// the volume attached and a public IP.
fn config(profile: &Profile, servers: bool) -> String {
    let network = if profile.plain_networks {
        ""
    } else {
        "\n  cidr            = \"10.77.0.0/24\"\n  internet_access = true"
    };
    let mut text = format!(
        r#"provider "sovereign" {{}}

resource "sovereign_network" "n" {{
  name = "kept"{network}
}}

resource "sovereign_security_group" "g" {{
  name = "kept"
}}

resource "sovereign_security_group_rule" "ssh" {{
  security_group_id = sovereign_security_group.g.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 22
  port_max          = 22
  remote_cidr       = "0.0.0.0/0"
}}

resource "sovereign_volume" "v" {{
  name    = "kept"
  size_gb = 2
}}

resource "sovereign_bucket" "b" {{
  name = "kept-after-restart"
}}
"#
    );
    if servers {
        let Profile {
            debian_regex,
            flavor_1_2,
            ..
        } = profile;
        text.push_str(&format!(
            r#"
data "sovereign_image" "debian" {{
  name_regex  = "{debian_regex}"
  most_recent = true
}}

resource "sovereign_server" "s" {{
  name               = "kept"
  image              = data.sovereign_image.debian.id
  network_id         = sovereign_network.n.id
  flavor             = "{flavor_1_2}"
  security_group_ids = [sovereign_security_group.g.id]
}}

resource "sovereign_volume_attachment" "a" {{
  server_id = sovereign_server.s.id
  volume_id = sovereign_volume.v.id
}}

resource "sovereign_public_ip" "ip" {{
  server_id = sovereign_server.s.id
}}
"#
        ));
    }
    text
}

/// Restarts the emulator and checks it came back with exactly what it held.
fn restart(cloud: Cloud) -> Cloud {
    let before = cloud.inventory();
    let cloud = cloud.restart();
    assert_eq!(
        cloud.inventory(),
        before,
        "the restart lost or added objects"
    );
    cloud
}

fn restart_keeps_everything(tf: Terraform, profile: &'static Profile) {
    let kept = tempfile::tempdir().expect("temp dir");
    let cloud = Cloud::start(
        profile,
        EmulatorConfig {
            provision_delay: Duration::from_millis(100),
            state_file: Some(kept.path().join("emulator-state.json")),
            ..EmulatorConfig::default()
        },
    );
    let dir = Workdir::new(&tf, &cloud);
    let apply = ["apply", "-auto-approve", "-input=false", "-no-color"];

    dir.write_config(&config(profile, false));
    dir.ok(&apply);
    let cloud = restart(cloud);
    dir.assert_empty_plan(true);

    dir.write_config(&config(profile, true));
    dir.ok(&apply);
    let cloud = restart(cloud);
    dir.assert_empty_plan(true);
    dir.assert_empty_plan(false);

    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert!(dir.state().is_empty(), "the state still holds resources");
    let cloud = restart(cloud);
    assert_nothing_left(&cloud);
}

#[test]
fn plusserver_emulator_restart_keeps_every_object() {
    restart_keeps_everything(terraform::current(), &PLUSSERVER);
}

#[test]
fn otc_emulator_restart_keeps_every_object() {
    restart_keeps_everything(terraform::current(), &OTC);
}

#[test]
fn ionos_emulator_restart_keeps_every_object() {
    restart_keeps_everything(terraform::current(), &IONOS);
}

#[test]
fn stackit_emulator_restart_keeps_every_object() {
    restart_keeps_everything(terraform::current(), &STACKIT);
}
