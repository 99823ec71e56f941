//! Credentials from the provider block, from clouds.yaml, and application credentials: each
//! works without any `OS_*` variable.

use sovereign_emulator::defaults;

use crate::harness::emulator::Cloud;
use crate::harness::terraform;
use crate::harness::workdir::Workdir;

const NETWORK: &str = "resource \"sovereign_network\" \"n\" {\n  name = \"from-block\"\n}\n";

fn without_os_vars(dir: &mut Workdir, cloud: &Cloud) {
    for (name, _) in &cloud.vars {
        dir.set_var(name, None);
    }
}

fn apply_and_destroy(dir: &Workdir, cloud: &Cloud) {
    dir.ok(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(cloud.objects("networks").len(), 1);
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_eq!(
        cloud.live_objects(),
        0,
        "left behind: {}",
        cloud.inventory()
    );
}

#[test]
fn endpoint_and_openstack_block() {
    let cloud = Cloud::plusserver();
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    without_os_vars(&mut dir, &cloud);
    dir.write_config(&format!(
        r#"provider "sovereign" {{
  cloud    = "plusserver"
  region   = "prod1"
  endpoint = "{}/plusserver"
  openstack {{
    user_name           = "{}"
    password            = "{}"
    user_domain_name    = "{}"
    project_name        = "{}"
    project_domain_name = "{}"
  }}
}}
{NETWORK}"#,
        cloud.url(),
        defaults::OS_USERNAME,
        defaults::OS_PASSWORD,
        defaults::OS_DOMAIN,
        defaults::OS_PROJECT_NAME,
        defaults::OS_DOMAIN,
    ));
    apply_and_destroy(&dir, &cloud);
}

#[test]
fn application_credentials_in_the_block() {
    let cloud = Cloud::plusserver();
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    without_os_vars(&mut dir, &cloud);
    dir.write_config(&format!(
        r#"provider "sovereign" {{
  cloud    = "plusserver"
  region   = "prod1"
  endpoint = "{}/plusserver"
  openstack {{
    application_credential_id     = "{}"
    application_credential_secret = "{}"
  }}
}}
{NETWORK}"#,
        cloud.url(),
        defaults::APP_CREDENTIAL_ID,
        defaults::APP_CREDENTIAL_SECRET,
    ));
    apply_and_destroy(&dir, &cloud);
}

#[test]
fn clouds_yaml_named_by_os_cloud() {
    let cloud = Cloud::plusserver();
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    without_os_vars(&mut dir, &cloud);
    let clouds = format!(
        "clouds:\n  pco-emulated:\n    region_name: prod1\n    auth:\n      auth_url: {}/plusserver/v3\n      username: {}\n      password: {}\n      user_domain_name: {}\n      project_name: {}\n      project_domain_name: {}\n",
        cloud.url(),
        defaults::OS_USERNAME,
        defaults::OS_PASSWORD,
        defaults::OS_DOMAIN,
        defaults::OS_PROJECT_NAME,
        defaults::OS_DOMAIN,
    );
    std::fs::write(dir.file("clouds.yaml"), clouds).expect("write clouds.yaml");
    dir.set_var("SOVEREIGN_CLOUD", Some("plusserver"));
    dir.set_var("OS_CLOUD", Some("pco-emulated"));
    dir.write_config(&format!("provider \"sovereign\" {{}}\n{NETWORK}"));
    apply_and_destroy(&dir, &cloud);
}
