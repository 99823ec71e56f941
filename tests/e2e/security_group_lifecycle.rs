//! `sovereign_security_group` and `sovereign_security_group_rule` through the full cycle.

use serde_json::Value;

use crate::harness::lifecycle::{attr, soon, Lifecycle};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::Terraform;
use crate::with_both_terraforms;

/// Two groups; the first labelled `env = label` where the cloud's groups take labels.
fn group_config(profile: &Profile, name: &str, description: &str, label: &str) -> String {
    let labels = if profile.plain_networks {
        String::new()
    } else {
        format!("\n  labels = {{\n    env = \"{label}\"\n  }}")
    };
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_security_group" "web" {{
  name        = "{name}"
  description = "{description}"{labels}
  timeouts {{
    create = "2m"
  }}
}}

resource "sovereign_security_group" "plain" {{
  name = "{name}-plain"
}}
"#
    )
}

fn group_lifecycle(tf: Terraform, profile: &'static Profile) {
    Lifecycle {
        address: "sovereign_security_group.web",
        create: group_config(profile, "web", "web servers", "test"),
        created: Some(Box::new(move |state, cloud| {
            assert_eq!(
                attr(state, "sovereign_security_group.web", "description"),
                "web servers"
            );
            assert_eq!(
                attr(state, "sovereign_security_group.plain", "description"),
                &Value::Null
            );
            assert_eq!(
                attr(state, "sovereign_security_group.plain", "labels"),
                &Value::Null
            );
            // A new group allows all egress and no ingress, whatever the cloud's defaults.
            let rules = cloud.objects(profile.security_group_rules);
            assert!(!rules.is_empty(), "a new group allows egress");
            // Neutron's `direction`; an IONOS rule's `type` (its top-level `type` is the
            // object kind).
            let direction = |rule: &Value| {
                let field = rule["direction"].as_str();
                field
                    .or(rule["properties"]["type"].as_str())
                    .map(str::to_ascii_lowercase)
            };
            assert!(
                rules
                    .iter()
                    .all(|r| direction(r).as_deref() == Some("egress")),
                "a new group has ingress rules: {rules:?}"
            );
        })),
        update: Some((
            group_config(profile, "web-2", "web and api servers", "prod"),
            Some(Box::new(move |state, _| {
                let address = "sovereign_security_group.web";
                assert_eq!(attr(state, address, "name"), "web-2");
                assert_eq!(attr(state, address, "description"), "web and api servers");
                if !profile.plain_networks {
                    assert_eq!(attr(state, address, "labels")["env"], "prod");
                }
            })),
        )),
        replace: None,
        not_importable: &[],
        change_out_of_band: Some(Box::new(|cloud, sdk, id| {
            let rename = sovereign_sdk::SecurityGroupUpdate {
                name: Some("renamed-by-hand".into()),
                ..Default::default()
            };
            cloud
                .block_on(sdk.networking().update_security_group(id, &rename, soon()))
                .expect("rename the group out of band");
        })),
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.networking().delete_security_group(id, soon()))
                .expect("delete the group out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    security_group_lifecycle_with_current_terraform,
    security_group_lifecycle_with_terraform_1_0,
    |tf| group_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_security_group_lifecycle_with_current_terraform,
    otc_security_group_lifecycle_with_terraform_1_0,
    |tf| group_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    stackit_security_group_lifecycle_with_current_terraform,
    stackit_security_group_lifecycle_with_terraform_1_0,
    |tf| group_lifecycle(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_security_group_lifecycle_with_current_terraform,
    ionos_security_group_lifecycle_with_terraform_1_0,
    |tf| group_lifecycle(tf, &IONOS)
);

fn rule_config(ssh_port: u16) -> String {
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_security_group" "g" {{
  name = "rules"
}}

resource "sovereign_security_group_rule" "ssh" {{
  security_group_id = sovereign_security_group.g.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = {ssh_port}
  port_max          = {ssh_port}
  remote_cidr       = "0.0.0.0/0"
  description       = "ssh"
}}

resource "sovereign_security_group_rule" "ping6" {{
  security_group_id = sovereign_security_group.g.id
  direction         = "ingress"
  protocol          = "icmp"
  remote_cidr       = "::/0"
}}

resource "sovereign_security_group_rule" "web" {{
  security_group_id = sovereign_security_group.g.id
  direction         = "ingress"
  protocol          = "tcp"
  port_min          = 8000
  port_max          = 8099
}}
"#
    )
}

fn rule_lifecycle(tf: Terraform, profile: &'static Profile) {
    Lifecycle {
        address: "sovereign_security_group_rule.ssh",
        create: rule_config(22),
        created: Some(Box::new(|state, _| {
            assert_eq!(
                attr(state, "sovereign_security_group_rule.ssh", "ethertype"),
                "IPv4"
            );
            assert_eq!(
                attr(state, "sovereign_security_group_rule.ping6", "ethertype"),
                "IPv6"
            );
            assert_eq!(
                attr(state, "sovereign_security_group_rule.ping6", "port_min"),
                &Value::Null
            );
            assert_eq!(
                attr(state, "sovereign_security_group_rule.web", "remote_cidr"),
                &Value::Null
            );
            assert_eq!(
                attr(state, "sovereign_security_group_rule.web", "port_max"),
                8099
            );
        })),
        update: None,
        replace: Some(rule_config(2222)),
        not_importable: &[],
        change_out_of_band: None,
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.networking().delete_security_group_rule(id, soon()))
                .expect("delete the rule out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    security_group_rule_lifecycle_with_current_terraform,
    security_group_rule_lifecycle_with_terraform_1_0,
    |tf| rule_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_security_group_rule_lifecycle_with_current_terraform,
    otc_security_group_rule_lifecycle_with_terraform_1_0,
    |tf| rule_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    stackit_security_group_rule_lifecycle_with_current_terraform,
    stackit_security_group_rule_lifecycle_with_terraform_1_0,
    |tf| rule_lifecycle(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_security_group_rule_lifecycle_with_current_terraform,
    ionos_security_group_rule_lifecycle_with_terraform_1_0,
    |tf| rule_lifecycle(tf, &IONOS)
);
