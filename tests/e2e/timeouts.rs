//! `timeouts` hold: a create that cannot finish in time fails with a clear message, and
//! what it had made is removed rather than left running outside the state.

use std::time::Duration;

use sovereign_emulator::EmulatorConfig;

use crate::harness::emulator::Cloud;
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform;
use crate::harness::workdir::Workdir;

#[test]
fn create_timeout_fails_cleanly_and_leaks_nothing() {
    create_timeout(&PLUSSERVER);
}

#[test]
fn otc_create_timeout_fails_cleanly_and_leaks_nothing() {
    create_timeout(&OTC);
}

#[test]
fn ionos_create_timeout_fails_cleanly_and_leaks_nothing() {
    create_timeout(&IONOS);
}

#[test]
fn stackit_create_timeout_fails_cleanly_and_leaks_nothing() {
    create_timeout(&STACKIT);
}

/// Every request takes 1.2 s, the create may take 1 s: it fails, and the VPC, network or LAN
/// it made first is removed.
fn create_timeout(profile: &'static Profile) {
    let cloud = Cloud::start(
        profile,
        EmulatorConfig {
            latency: Duration::from_millis(1200),
            ..EmulatorConfig::default()
        },
    );
    let dir = Workdir::new(&terraform::current(), &cloud);
    let internet_access = !profile.plain_networks;
    dir.write_config(&format!(
        "provider \"sovereign\" {{}}\nresource \"sovereign_network\" \"n\" {{\n  name            = \"slow\"\n  internet_access = {internet_access}\n  timeouts {{\n    create = \"1s\"\n  }}\n}}\n",
    ));
    let run = dir.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(run.code, 0, "the create should time out:\n{}", run.both());
    assert!(
        run.stderr.contains("did not finish before the deadline"),
        "{}",
        run.both()
    );
    assert!(
        run.stderr.contains("timeouts"),
        "no hint about the timeouts block:\n{}",
        run.both()
    );
    assert_eq!(
        cloud.live_objects(),
        0,
        "left behind: {}",
        cloud.inventory()
    );
    assert!(dir.state().is_empty(), "nothing should be in the state");
}
