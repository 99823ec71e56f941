//! STACKIT's ways to log in through terraform — a service-account key file (from the
//! environment or the provider's `stackit` block; the provider signs an assertion and trades
//! it for tokens) or a token — and the errors for a wrong token, a missing project and missing
//! credentials.

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::STACKIT;
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Workdir;

const RESOURCES: &str = r#"
resource "sovereign_network" "n" {
  name = "keyed"
}

resource "sovereign_security_group" "g" {
  name = "keyed"
}
"#;

/// A work directory without the static token, and the path of the key file written into it.
fn keyed(tf: &Terraform, cloud: &Cloud) -> (Workdir, String) {
    let mut dir = Workdir::new(tf, cloud);
    dir.set_var("STACKIT_SERVICE_ACCOUNT_TOKEN", None);
    let key = dir.path().join("sa-key.json");
    std::fs::write(
        &key,
        sovereign_emulator::stackit_key_json(&cloud.var("STACKIT_TOKEN_BASEURL")),
    )
    .expect("write the key file");
    (dir, key.to_str().expect("a UTF-8 path").to_string())
}

fn apply_and_destroy(dir: &Workdir, cloud: &Cloud) {
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(cloud.objects("networks").len(), 1, "{}", cloud.inventory());
    dir.assert_empty_plan(true);
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(cloud);
    assert!(
        cloud.posts_to("/token") > 0,
        "the key flow asked for tokens"
    );
    assert!(
        !dir.state_file().contains("PRIVATE KEY"),
        "the key leaked into the state"
    );
}

#[test]
fn stackit_key_file_from_the_environment() {
    let cloud = quick(&STACKIT);
    let (mut dir, key) = keyed(&terraform::current(), &cloud);
    dir.set_var("STACKIT_SERVICE_ACCOUNT_KEY_PATH", Some(&key));
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    apply_and_destroy(&dir, &cloud);
}

#[test]
fn stackit_key_file_in_the_provider_block() {
    let cloud = quick(&STACKIT);
    let (dir, key) = keyed(&terraform::legacy(), &cloud);
    dir.write_config(&format!(
        "provider \"sovereign\" {{\n  stackit {{\n    service_account_key_path = \"{key}\"\n  }}\n}}\n{RESOURCES}"
    ));
    apply_and_destroy(&dir, &cloud);
}

#[test]
fn stackit_wrong_token_is_a_clear_error_without_the_token() {
    let cloud = quick(&STACKIT);
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("STACKIT_SERVICE_ACCOUNT_TOKEN", Some("wrong-token-123"));
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    let run = dir.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(run.code, 0);
    assert!(
        run.stderr.contains("rejected the credentials"),
        "{}",
        run.both()
    );
    assert!(
        !run.both().contains("wrong-token-123"),
        "the token was printed:\n{}",
        run.both()
    );
    assert_nothing_left(&cloud);
}

#[test]
fn stackit_missing_project_and_credentials_are_named_before_anything_is_sent() {
    let cloud = quick(&STACKIT);
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    dir.set_var("STACKIT_PROJECT_ID", None);
    dir.assert_plan_fails(&["project_id", "STACKIT_PROJECT_ID"]);
    dir.set_var("STACKIT_PROJECT_ID", Some(&cloud.var("STACKIT_PROJECT_ID")));
    dir.set_var("STACKIT_SERVICE_ACCOUNT_TOKEN", None);
    dir.assert_plan_fails(&[
        "STACKIT_SERVICE_ACCOUNT_KEY_PATH",
        "STACKIT_SERVICE_ACCOUNT_TOKEN",
    ]);
    assert_eq!(
        cloud.stats()["total"].as_u64().unwrap_or(0),
        0,
        "requests were sent: {}",
        cloud.stats()
    );
}
