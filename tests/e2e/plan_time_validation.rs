//! Bad input is caught at plan time, with the attribute it is about, and nothing is created.

use crate::harness::emulator::Cloud;
use crate::harness::terraform::{self, Terraform};
use crate::harness::workdir::Workdir;

fn network_config(provider: &str, cidr: &str) -> String {
    format!(
        "provider \"sovereign\" {{\n{provider}\n}}\n\nresource \"sovereign_network\" \"n\" {{\n  name = \"n\"\n  cidr = \"{cidr}\"\n}}\n"
    )
}

fn bad_cidr(tf: Terraform) {
    let cloud = Cloud::plusserver();
    let dir = Workdir::new(&tf, &cloud);
    dir.write_config(&network_config("", "10.0.0.0/33"));
    let stderr = dir.assert_plan_fails(&["Invalid network configuration", "10.0.0.0/33", "cidr"]);
    // Terraform points at the attribute's line in main.tf.
    assert!(
        stderr.contains("on main.tf line"),
        "no source location:\n{stderr}"
    );
    assert!(
        stderr.contains("cidr = \"10.0.0.0/33\""),
        "not on the cidr line:\n{stderr}"
    );
    assert_eq!(
        cloud.live_objects(),
        0,
        "something was created: {}",
        cloud.inventory()
    );
    let stats = cloud.stats().to_string();
    assert!(
        !stats.contains("POST /plusserver/network"),
        "a create request was sent: {stats}"
    );
}

#[test]
fn bad_cidr_is_a_plan_time_error_with_current_terraform() {
    bad_cidr(terraform::current());
}

#[test]
fn bad_cidr_is_a_plan_time_error_with_terraform_1_0() {
    bad_cidr(terraform::legacy());
}

#[test]
fn host_bits_in_cidr_suggest_the_network_address() {
    let cloud = Cloud::plusserver();
    let dir = Workdir::new(&terraform::current(), &cloud);
    dir.write_config(&network_config("", "10.0.0.5/24"));
    dir.assert_plan_fails(&["did you mean \"10.0.0.0/24\"?"]);
}

#[test]
fn unknown_cloud_names_the_cloud_attribute() {
    let cloud = Cloud::plusserver();
    let dir = Workdir::new(&terraform::current(), &cloud);
    dir.write_config(&network_config("  cloud = \"aws\"", "10.0.0.0/24"));
    let stderr =
        dir.assert_plan_fails(&["unknown cloud \"aws\"", "use one of ionos, stackit, otc"]);
    assert!(
        stderr.contains("cloud = \"aws\""),
        "not on the cloud line:\n{stderr}"
    );
}

#[test]
fn missing_credentials_are_reported_before_anything_is_sent() {
    let cloud = Cloud::plusserver();
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("OS_PASSWORD", None);
    dir.write_config(&network_config("", "10.0.0.0/24"));
    dir.assert_plan_fails(&["Cannot configure the sovereign provider", "OS_PASSWORD"]);
    assert_eq!(
        cloud.stats()["total"].as_u64().unwrap_or(0),
        0,
        "requests were sent: {}",
        cloud.stats()
    );
}

#[test]
fn wrong_password_is_a_clear_error_without_the_password() {
    let cloud = Cloud::plusserver();
    let mut dir = Workdir::new(&terraform::current(), &cloud);
    dir.set_var("OS_PASSWORD", Some("wrong-password-123"));
    dir.write_config(&network_config("", "10.0.0.0/24"));
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
}

#[test]
fn bad_timeout_names_the_timeouts_attribute() {
    let cloud = Cloud::plusserver();
    let dir = Workdir::new(&terraform::current(), &cloud);
    dir.write_config(
        "provider \"sovereign\" {}\nresource \"sovereign_network\" \"n\" {\n  name = \"n\"\n  timeouts {\n    create = \"ten minutes\"\n  }\n}\n",
    );
    dir.assert_plan_fails(&["Invalid timeout", "create = \"ten minutes\""]);
}
