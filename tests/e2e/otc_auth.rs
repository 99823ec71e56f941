//! OTC's ways to log in: AK/SK request signing (from `OTC_ACCESS_KEY`/`OTC_SECRET_KEY` or the
//! provider's `otc` block) with no token at all, and the errors for a wrong secret key and a
//! password without the account's domain.

use crate::harness::emulator::Cloud;
use crate::harness::lifecycle::{assert_nothing_left, quick};
use crate::harness::profiles::OTC;
use crate::harness::terraform;
use crate::harness::workdir::Workdir;

const RESOURCES: &str = r#"
resource "sovereign_network" "n" {
  name = "signed"
}

resource "sovereign_security_group" "g" {
  name = "signed"
}
"#;

fn apply_and_destroy(dir: &Workdir, cloud: &Cloud) {
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(cloud.objects("vpcs").len(), 1, "{}", cloud.inventory());
    dir.assert_empty_plan(true);
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(cloud);
    assert_eq!(cloud.posts_to("/auth/tokens"), 0, "AK/SK needs no token");
}

#[test]
fn otc_access_keys_from_the_environment_sign_every_request() {
    let cloud = quick(&OTC);
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("OS_PASSWORD", None);
    dir.set_var("OTC_ACCESS_KEY", Some(&cloud.var("OS_ACCESS_KEY")));
    dir.set_var("OTC_SECRET_KEY", Some(&cloud.var("OS_SECRET_KEY")));
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    apply_and_destroy(&dir, &cloud);
}

#[test]
fn otc_access_keys_in_the_provider_block() {
    let cloud = quick(&OTC);
    let mut dir = Workdir::new(&terraform::legacy(), &cloud);
    for (name, _) in &cloud.vars {
        dir.set_var(name, None);
    }
    dir.write_config(&format!(
        r#"provider "sovereign" {{
  cloud    = "otc"
  region   = "eu-de"
  endpoint = "{}/otc"
  otc {{
    access_key = "{}"
    secret_key = "{}"
  }}
}}
{RESOURCES}"#,
        cloud.url(),
        cloud.var("OS_ACCESS_KEY"),
        cloud.var("OS_SECRET_KEY"),
    ));
    apply_and_destroy(&dir, &cloud);
    assert!(
        !dir.state_file().contains(&cloud.var("OS_SECRET_KEY")),
        "the secret key leaked into the state"
    );
}

#[test]
fn otc_wrong_secret_key_is_a_clear_error_without_the_key() {
    let cloud = quick(&OTC);
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("OS_PASSWORD", None);
    dir.set_var("OTC_ACCESS_KEY", Some(&cloud.var("OS_ACCESS_KEY")));
    dir.set_var("OTC_SECRET_KEY", Some("not-the-secret-key-42"));
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    let run = dir.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(run.code, 0, "{}", run.both());
    // Terraform wraps long lines.
    let said = run.stderr.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        said.contains("rejected the signed request of access key")
            && said.contains(&cloud.var("OS_ACCESS_KEY")),
        "{}",
        run.both()
    );
    assert!(
        !run.both().contains("not-the-secret-key-42"),
        "the secret key is shown:\n{}",
        run.both()
    );
    assert!(cloud.writes().is_empty(), "{:?}", cloud.writes());
    assert_nothing_left(&cloud);
}

#[test]
fn otc_password_without_a_domain_names_the_attribute() {
    let cloud = quick(&OTC);
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("OS_USER_DOMAIN_NAME", None);
    dir.set_var("OS_PROJECT_DOMAIN_NAME", None);
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{RESOURCES}"));
    dir.assert_plan_fails(&["user_domain_name", "OS_USER_DOMAIN_NAME"]);
}
