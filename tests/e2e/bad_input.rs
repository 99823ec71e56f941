//! A table of invalid configurations, run on every cloud: each is refused at plan time with a
//! diagnostic on the offending attribute's line (Terraform shows the line only when the
//! diagnostic names the attribute), the provider never panics, and the cloud sees no write.

use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform;
use crate::plan_time_resources::refused;

/// One invalid configuration: a resource body and the attribute line the diagnostic shows.
struct Case {
    what: &'static str,
    provider: String,
    resource: &'static str,
    body: String,
    line: String,
}

fn case(what: &'static str, resource: &'static str, body: &str, line: &str) -> Case {
    Case {
        what,
        provider: String::new(),
        resource,
        body: body.to_string(),
        line: line.to_string(),
    }
}

/// The cases for `profile` (those about what every cloud refuses, plus the network range on
/// clouds that take one).
fn cases(profile: &Profile) -> Vec<Case> {
    let debian = format!(
        "  name       = \"s\"\n  network_id = \"n\"\n  image      = \"{}\"\n",
        profile.ubuntu
    );
    let rule = "  security_group_id = \"g\"\n  direction         = \"ingress\"\n";
    let mut cases = vec![
        case("zero volume size", "sovereign_volume", "  name    = \"v\"\n  size_gb = 0\n", "size_gb = 0"),
        case("negative volume size", "sovereign_volume", "  name    = \"v\"\n  size_gb = -5\n", "size_gb = -5"),
        case("empty volume name", "sovereign_volume", "  name    = \"\"\n  size_gb = 1\n", "name    = \"\""),
        case("bad label key", "sovereign_volume", "  name    = \"v\"\n  size_gb = 1\n  labels = {\n    \"bad key!\" = \"x\"\n  }\n", "labels = {"),
        case("unknown image", "sovereign_server", &format!("  name       = \"s\"\n  network_id = \"n\"\n  image      = \"Ubunt 24.04\"\n  flavor     = \"{}\"\n", profile.flavor_1_2), "image      = \"Ubunt 24.04\""),
        case("flavor with cores", "sovereign_server", &format!("{debian}  flavor     = \"{}\"\n  cores      = 2\n", profile.flavor_1_2), &format!("flavor     = \"{}\"", profile.flavor_1_2)),
        case("zero cores", "sovereign_server", &format!("{debian}  cores      = 0\n  memory_gb  = 2\n"), "cores      = 0"),
        case("negative memory", "sovereign_server", &format!("{debian}  cores      = 1\n  memory_gb  = -1\n"), "memory_gb  = -1"),
        case("unknown flavor", "sovereign_server", &format!("{debian}  flavor     = \"no-such-flavor\"\n"), "flavor     = \"no-such-flavor\""),
        case("oversized user data", "sovereign_server", &format!("{debian}  flavor     = \"{}\"\n  user_data  = \"{}\"\n", profile.flavor_1_2, "x".repeat(70_000)), "user_data  = \""),
        case("port_min above port_max", "sovereign_security_group_rule", &format!("{rule}  protocol          = \"tcp\"\n  port_min          = 443\n  port_max          = 80\n"), "port_min          = 443"),
        case("port out of range", "sovereign_security_group_rule", &format!("{rule}  protocol          = \"tcp\"\n  port_min          = 70000\n  port_max          = 70000\n"), "port_min          = 70000"),
        case("unknown protocol", "sovereign_security_group_rule", &format!("{rule}  protocol          = \"tcpx\"\n"), "protocol          = \"tcpx\""),
        case("unknown direction", "sovereign_security_group_rule", "  security_group_id = \"g\"\n  direction         = \"sideways\"\n  protocol          = \"tcp\"\n", "direction         = \"sideways\""),
        case("bad remote CIDR", "sovereign_security_group_rule", &format!("{rule}  protocol          = \"tcp\"\n  remote_cidr       = \"300.1.1.0/24\"\n"), "remote_cidr       = \"300.1.1.0/24\""),
        case("uppercase bucket name", "sovereign_bucket", "  name = \"Logs_2026\"\n", "name = \"Logs_2026\""),
        case("bucket name as an IP address", "sovereign_bucket", "  name = \"10.1.2.3\"\n", "name = \"10.1.2.3\""),
        case("bad timeout", "sovereign_volume", "  name    = \"v\"\n  size_gb = 1\n  timeouts {\n    create = \"ten minutes\"\n  }\n", "create = \"ten minutes\""),
    ];
    let mut unknown_region = case(
        "unknown region",
        "sovereign_volume",
        "  name    = \"v\"\n  size_gb = 1\n",
        "region = \"mars-1\"",
    );
    unknown_region.provider = "  region = \"mars-1\"\n".to_string();
    cases.push(unknown_region);
    if profile.bucket_options {
        cases.push(case(
            "a network name with a newline",
            "sovereign_network",
            "  name = \"a\\nb\"\n",
            "name = \"a\\nb\"",
        ));
    } else {
        cases.push(case(
            "bucket versioning STACKIT cannot honour",
            "sovereign_bucket",
            "  name       = \"logs\"\n  versioning = true\n",
            "versioning = true",
        ));
    }
    if profile.plain_networks {
        cases.push(case(
            "a LAN block IONOS assigns itself",
            "sovereign_network",
            "  name = \"n\"\n  cidr = \"10.1.2.0/24\"\n",
            "cidr = \"10.1.2.0/24\"",
        ));
    } else {
        cases.push(case(
            "CIDR prefix too long",
            "sovereign_network",
            "  name = \"n\"\n  cidr = \"10.0.0.0/33\"\n",
            "cidr = \"10.0.0.0/33\"",
        ));
        cases.push(case(
            "CIDR that is no address",
            "sovereign_network",
            "  name = \"n\"\n  cidr = \"banana\"\n",
            "cidr = \"banana\"",
        ));
    }
    cases
}

fn bad_input_is_refused_at_plan_time(profile: &'static Profile) {
    let cases = cases(profile);
    assert!(cases.len() >= 20, "the table shrank");
    let mut failures = Vec::new();
    for case in cases {
        let config = format!(
            "provider \"sovereign\" {{\n{}}}\n\nresource \"{}\" \"x\" {{\n{}}}\n",
            case.provider, case.resource, case.body
        );
        let checked = std::panic::catch_unwind(|| {
            let (_, stderr) = refused(
                terraform::current(),
                profile,
                &config,
                &[case.line.as_str()],
            );
            for crash in [
                "panicked",
                "plugin crashed",
                "failed to respond",
                "did not respond",
            ] {
                assert!(!stderr.contains(crash), "the provider crashed:\n{stderr}");
            }
        });
        if checked.is_err() {
            failures.push(case.what);
        }
    }
    assert!(
        failures.is_empty(),
        "on {}, not refused on the attribute's line: {failures:?}",
        profile.name
    );
}

#[test]
fn bad_input_is_refused_at_plan_time_on_plusserver() {
    bad_input_is_refused_at_plan_time(&PLUSSERVER);
}

#[test]
fn bad_input_is_refused_at_plan_time_on_otc() {
    bad_input_is_refused_at_plan_time(&OTC);
}

#[test]
fn bad_input_is_refused_at_plan_time_on_ionos() {
    bad_input_is_refused_at_plan_time(&IONOS);
}

#[test]
fn bad_input_is_refused_at_plan_time_on_stackit() {
    bad_input_is_refused_at_plan_time(&STACKIT);
}
