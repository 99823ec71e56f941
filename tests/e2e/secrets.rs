//! Secrets never leak: with terraform's and the provider's logs at their most verbose
//! (`TF_LOG=trace`, `SOVEREIGN_LOG=trace`), no password, token, secret key or raw user data
//! appears in any output, log, plan or error message, and no credential in the state. The user
//! data is kept in the state (as written, a sensitive attribute: the plugin protocol this
//! provider speaks has no write-only attributes) and nowhere else.

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform;
use crate::harness::workdir::{Run, Workdir};

/// A marker only the user data carries.
const USER_DATA_MARKER: &str = "user-data-marker-3f9c1b7e";

fn config(profile: &Profile) -> String {
    let Profile {
        debian_regex,
        flavor_1_2,
        ..
    } = profile;
    format!(
        r##"provider "sovereign" {{}}

resource "sovereign_network" "n" {{
  name = "secrets"
}}

data "sovereign_image" "debian" {{
  name_regex  = "{debian_regex}"
  most_recent = true
}}

resource "sovereign_server" "s" {{
  name       = "secrets"
  image      = data.sovereign_image.debian.id
  network_id = sovereign_network.n.id
  flavor     = "{flavor_1_2}"
  user_data  = "#cloud-config\nruncmd: [echo {USER_DATA_MARKER}]\n"
}}

resource "sovereign_bucket" "b" {{
  name = "secrets-stay-secret"
}}
"##
    )
}

/// Every credential the run's environment holds.
fn seeded_secrets(dir_vars: &[(String, String)]) -> Vec<String> {
    dir_vars
        .iter()
        .filter(|(name, _)| {
            name.ends_with("PASSWORD") || name.contains("SECRET") || name.ends_with("_TOKEN")
        })
        .map(|(_, value)| value.clone())
        .filter(|value| value.len() >= 8)
        .collect()
}

fn assert_clean(what: &str, text: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a credential leaked into {what}"
        );
    }
    assert!(
        !text.contains(USER_DATA_MARKER),
        "the user data leaked into {what}"
    );
}

fn secrets_stay_secret(cloud: Cloud, mut dir: Workdir, vars: Vec<(String, String)>) {
    for (name, value) in &vars {
        dir.set_var(name, Some(value));
    }
    let secrets = seeded_secrets(&[cloud.vars.clone(), vars].concat());
    assert!(!secrets.is_empty(), "no credential to look for");
    let log = dir.file("terraform.log");
    let log_path = log.to_string_lossy().to_string();
    let verbose = [
        ("TF_LOG", "trace"),
        ("TF_LOG_PATH", log_path.as_str()),
        ("SOVEREIGN_LOG", "trace"),
    ];
    dir.write_config(&config(cloud.profile));
    let mut runs: Vec<(String, Run)> = Vec::new();
    for args in [
        &["apply", "-auto-approve", "-input=false", "-no-color"][..],
        &["plan", "-input=false", "-no-color"][..],
        &["show", "-no-color"][..],
    ] {
        let run = dir.run_with(args, &verbose);
        assert_eq!(run.code, 0, "{args:?}: {}", run.both());
        runs.push((args[0].to_string(), run));
    }
    assert_state_clean(&dir, &secrets);
    // A failing call too: the bucket's name taken by someone else is an error message.
    dir.write_config(&config(cloud.profile).replace("secrets-stay-secret", "taken-bucket"));
    let failed = dir.run_with(
        &["apply", "-auto-approve", "-input=false", "-no-color"],
        &verbose,
    );
    assert_ne!(failed.code, 0, "taking a foreign bucket's name must fail");
    runs.push(("failed apply".to_string(), failed));
    dir.write_config(&config(cloud.profile));
    let destroy = dir.run_with(
        &["destroy", "-auto-approve", "-input=false", "-no-color"],
        &verbose,
    );
    assert_eq!(destroy.code, 0, "{}", destroy.both());
    runs.push(("destroy".to_string(), destroy));

    for (what, run) in &runs {
        assert_clean(&format!("the output of {what}"), &run.both(), &secrets);
    }
    let log_text = std::fs::read_to_string(&log).expect("terraform wrote its log");
    assert!(
        log_text.contains("sovereign") && log_text.lines().count() > 100,
        "the trace log is missing or short"
    );
    assert_clean("the trace log", &log_text, &secrets);
    assert_nothing_left(&cloud);
}

/// The state holds no credential, and the user data only in `user_data`, marked sensitive.
fn assert_state_clean(dir: &Workdir, secrets: &[String]) {
    let text = dir.state_file();
    for secret in secrets {
        assert!(
            !text.contains(secret.as_str()),
            "a credential leaked into the state"
        );
    }
    let state: serde_json::Value = serde_json::from_str(&text).expect("state JSON");
    let server = state["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["type"] == "sovereign_server")
        .expect("the server is in the state");
    let instance = &server["instances"][0];
    assert!(
        instance["attributes"]["user_data"]
            .as_str()
            .is_some_and(|u| u.contains(USER_DATA_MARKER)),
        "the user data is kept as written"
    );
    assert!(
        instance["sensitive_attributes"]
            .to_string()
            .contains("user_data"),
        "user_data is marked sensitive in the state: {}",
        instance["sensitive_attributes"]
    );
    let elsewhere = text.matches(USER_DATA_MARKER).count();
    assert_eq!(elsewhere, 1, "the user data appears only once in the state");
}

#[test]
fn plusserver_secrets_stay_out_of_logs_plans_and_errors() {
    let cloud = quick(&PLUSSERVER);
    let dir = Workdir::new(&terraform::current(), &cloud);
    secrets_stay_secret(cloud, dir, Vec::new());
}

#[test]
fn otc_secrets_stay_out_of_logs_plans_and_errors() {
    let cloud = quick(&OTC);
    let dir = Workdir::new(&terraform::current(), &cloud);
    let keys = cloud.access_keys.clone();
    secrets_stay_secret(cloud, dir, keys);
}

#[test]
fn ionos_secrets_stay_out_of_logs_plans_and_errors() {
    let cloud = quick(&IONOS);
    let dir = Workdir::new(&terraform::current(), &cloud);
    secrets_stay_secret(cloud, dir, Vec::new());
}

#[test]
fn stackit_secrets_stay_out_of_logs_plans_and_errors() {
    let cloud = quick(&STACKIT);
    let dir = Workdir::new(&terraform::current(), &cloud);
    secrets_stay_secret(cloud, dir, Vec::new());
}
