//! IONOS's ways to log in (a token, or a user name and password; from the environment or the
//! provider's `ionos` block) and the errors for a wrong password, a missing data center and a
//! data center that does not exist.

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::IONOS;
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Workdir;

const RESOURCES: &str = r#"
resource "sovereign_network" "n" {
  name = "auth"
}

resource "sovereign_security_group" "g" {
  name = "auth"
}
"#;

/// A work directory with no IONOS credentials or data center in the environment (the API URL
/// stays, so that the provider talks to the emulator).
fn bare(tf: &Terraform, cloud: &Cloud) -> Workdir {
    let mut dir = Workdir::new(tf, cloud);
    for name in [
        "IONOS_TOKEN",
        "IONOS_USERNAME",
        "IONOS_PASSWORD",
        "IONOS_DATACENTER_ID",
    ] {
        dir.set_var(name, None);
    }
    dir
}

fn apply_and_destroy(dir: &Workdir, cloud: &Cloud) {
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(cloud.objects("lans").len(), 1, "{}", cloud.inventory());
    dir.assert_empty_plan(true);
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(cloud);
}

#[test]
fn ionos_user_and_password_in_the_provider_block() {
    let cloud = quick(&IONOS);
    let dir = bare(&terraform::legacy(), &cloud);
    let (user, password, dc) = (
        cloud.var("IONOS_USERNAME"),
        cloud.var("IONOS_PASSWORD"),
        cloud.var("IONOS_DATACENTER_ID"),
    );
    dir.write_config(&format!(
        "provider \"sovereign\" {{\n  ionos {{\n    username      = \"{user}\"\n    password      = \"{password}\"\n    datacenter_id = \"{dc}\"\n  }}\n}}\n{RESOURCES}"
    ));
    apply_and_destroy(&dir, &cloud);
    assert!(
        !dir.state_file().contains(&password),
        "the password leaked into the state"
    );
}

#[test]
fn ionos_token_from_the_environment() {
    let cloud = quick(&IONOS);
    let mut dir = bare(&terraform::current(), &cloud);
    dir.set_var("IONOS_TOKEN", Some(&cloud.var("IONOS_TOKEN")));
    dir.set_var(
        "IONOS_DATACENTER_ID",
        Some(&cloud.var("IONOS_DATACENTER_ID")),
    );
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    apply_and_destroy(&dir, &cloud);
}

#[test]
fn ionos_wrong_password_is_a_clear_error_without_the_password() {
    let cloud = quick(&IONOS);
    let mut dir = bare(&terraform::current(), &cloud);
    dir.set_var("IONOS_USERNAME", Some(&cloud.var("IONOS_USERNAME")));
    dir.set_var("IONOS_PASSWORD", Some("wrong-password-123"));
    dir.set_var(
        "IONOS_DATACENTER_ID",
        Some(&cloud.var("IONOS_DATACENTER_ID")),
    );
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    let run = dir.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("rejected the credentials"),
        "{}",
        run.both()
    );
    assert!(
        !run.both().contains("wrong-password-123"),
        "the password was printed:\n{}",
        run.both()
    );
    assert_nothing_left(&cloud);
}

#[test]
fn ionos_missing_data_center_is_named_before_anything_is_sent() {
    let cloud = quick(&IONOS);
    let mut dir = bare(&terraform::current(), &cloud);
    dir.set_var("IONOS_TOKEN", Some(&cloud.var("IONOS_TOKEN")));
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    dir.assert_plan_fails(&["datacenter_id", "IONOS_DATACENTER_ID"]);
    assert_eq!(
        cloud.stats()["total"].as_u64().unwrap_or(0),
        0,
        "requests were sent: {}",
        cloud.stats()
    );
}

#[test]
fn ionos_unknown_data_center_is_named() {
    let cloud = quick(&IONOS);
    let mut dir = bare(&terraform::current(), &cloud);
    dir.set_var("IONOS_TOKEN", Some(&cloud.var("IONOS_TOKEN")));
    dir.set_var(
        "IONOS_DATACENTER_ID",
        Some("00000000-0000-4000-8000-000000000000"),
    );
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    let run = dir.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("00000000-0000-4000-8000-000000000000")
            && run.stderr.contains("datacenter_id"),
        "{}",
        run.both()
    );
    assert_nothing_left(&cloud);
}
