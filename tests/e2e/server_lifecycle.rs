//! `sovereign_server`, `sovereign_volume_attachment` and `sovereign_public_ip` through the full
//! cycle. The server's configuration-only inputs (`user_data`, `ssh_public_keys`, boot volume
//! settings) cannot be read back from the cloud, so `terraform import` leaves them empty.

use serde_json::Value;

use crate::harness::lifecycle::{
    actions, assert_nothing_left, attr, id_of, quick, soon, Lifecycle,
};
use crate::harness::profiles::{Profile, IONOS, OTC, PLUSSERVER, STACKIT};
use crate::harness::terraform::Terraform;
use crate::harness::workdir::Workdir;
use crate::with_both_terraforms;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGx1ZmVzdGl2YWwtZTJlLXRlc3Qta2V5LW9ubHktZm9y e2e@test";

/// What import cannot know about a server: the configuration-only inputs, and the image, which
/// Nova does not report for a server booted from a volume (the SDK leaves `image_id` empty).
const CONFIG_ONLY: &[&str] = &[
    "image",
    "user_data",
    "ssh_public_keys",
    "boot_volume_size_gb",
    "boot_volume_type",
];

/// A network (10.30.0.0/24 with internet access where the cloud's networks take both), two
/// security groups and the images, for the servers.
fn base(profile: &Profile) -> String {
    let Profile {
        ubuntu,
        debian_regex,
        ..
    } = profile;
    // IONOS assigns a LAN's block and has no internet access for it.
    let network = if profile.plain_networks {
        ""
    } else {
        "\n  cidr            = \"10.30.0.0/24\"\n  internet_access = true"
    };
    format!(
        r#"provider "sovereign" {{}}

resource "sovereign_network" "n" {{
  name            = "servers"{network}
}}

resource "sovereign_security_group" "a" {{
  name = "a"
}}

resource "sovereign_security_group" "b" {{
  name = "b"
}}

data "sovereign_image" "ubuntu" {{
  name = "{ubuntu}"
}}

data "sovereign_image" "debian" {{
  name_regex  = "{debian_regex}"
  most_recent = true
}}
"#
    )
}

/// A small server `name` on the base network.
fn small_server(profile: &Profile, name: &str) -> String {
    let flavor = profile.flavor_1_2;
    format!(
        r#"
resource "sovereign_server" "{name}" {{
  name       = "{name}"
  image      = data.sovereign_image.debian.id
  network_id = sovereign_network.n.id
  flavor     = "{flavor}"
}}
"#
    )
}

struct App<'a> {
    name: &'a str,
    cores: u32,
    memory_gb: u32,
    groups: &'a str,
    user_data: &'a str,
    label: &'a str,
}

fn server_config(profile: &Profile, app: &App) -> String {
    let base = base(profile);
    let flavor = profile.flavor_1_2;
    let App {
        name,
        cores,
        memory_gb,
        groups,
        user_data,
        label,
    } = app;
    format!(
        r#"{base}
resource "sovereign_server" "app" {{
  name               = "{name}"
  image              = data.sovereign_image.ubuntu.id
  network_id         = sovereign_network.n.id
  cores              = {cores}
  memory_gb          = {memory_gb}
  security_group_ids = [{groups}]
  ssh_public_keys    = ["{KEY}"]
  user_data          = "{user_data}"
  labels = {{
    env = "{label}"
  }}
  timeouts {{
    create = "5m"
  }}
}}

resource "sovereign_server" "sized" {{
  name                = "sized"
  image               = data.sovereign_image.debian.id
  network_id          = sovereign_network.n.id
  flavor              = "{flavor}"
  boot_volume_size_gb = 12
  security_group_ids  = []
}}
"#
    )
}

const FIRST: App = App {
    name: "app",
    cores: 1,
    memory_gb: 2,
    groups: "sovereign_security_group.a.id",
    user_data: "#cloud-config\\npackages: [nginx]\\n",
    label: "test",
};

fn server_lifecycle(tf: Terraform, profile: &'static Profile) {
    let second = App {
        name: "app-2",
        cores: 2,
        memory_gb: 4,
        groups: "sovereign_security_group.a.id, sovereign_security_group.b.id",
        label: "prod",
        ..FIRST
    };
    let third = App {
        user_data: "#cloud-config\\npackages: [caddy]\\n",
        ..second
    };
    Lifecycle {
        address: "sovereign_server.app",
        create: server_config(profile, &FIRST),
        created: Some(Box::new(move |state, cloud| {
            let app = "sovereign_server.app";
            assert_eq!(
                attr(state, app, "flavor"),
                profile.flavor_1_2,
                "the smallest fit"
            );
            assert_eq!(attr(state, app, "status"), "ACTIVE");
            let cidr = attr(state, "sovereign_network.n", "cidr").as_str().unwrap();
            let prefix = &cidr[..cidr.rfind('.').unwrap() + 1];
            assert!(
                attr(state, app, "private_ip")
                    .as_str()
                    .is_some_and(|ip| ip.starts_with(prefix)),
                "the private IP is in {cidr}"
            );
            assert_eq!(
                attr(state, app, "security_group_ids"),
                &Value::Array(vec![attr(state, "sovereign_security_group.a", "id").clone()])
            );
            assert_eq!(attr(state, app, "availability_zone"), profile.zones[0]);
            let sized = "sovereign_server.sized";
            assert_eq!(attr(state, sized, "cores"), 1);
            assert_eq!(attr(state, sized, "memory_gb"), 2);
            assert_eq!(
                attr(state, sized, "security_group_ids"),
                &Value::Array(Vec::new()),
                "`[]` means no group, not the cloud's default"
            );
            if let Some(keypairs) = profile.keypairs {
                assert_eq!(
                    cloud.objects(keypairs).len(),
                    1,
                    "one keypair, owned by the server with a key"
                );
            } else {
                // IONOS takes the keys and the user data on the boot volume; the server
                // without keys gets a password instead, so its image is never open.
                let volumes = cloud.objects("volumes");
                let boot = |name: &str| {
                    volumes
                        .iter()
                        .find(|v| v["name"] == format!("{name}-boot").as_str())
                        .unwrap_or_else(|| panic!("no boot volume for {name}: {volumes:?}"))
                        .clone()
                };
                let app = boot("app");
                assert_eq!(app["writeOnly"]["sshKeys"][0], KEY);
                assert!(app["writeOnly"]["userData"].is_string());
                assert_eq!(boot("sized")["writeOnly"]["imagePasswordSet"], true);
                assert_eq!(boot("sized")["size"].as_f64(), Some(12.0));
            }
        })),
        update: Some((
            server_config(profile, &second),
            Some(Box::new(move |state, _| {
                let app = "sovereign_server.app";
                assert_eq!(attr(state, app, "name"), "app-2");
                assert_eq!(
                    attr(state, app, "flavor"),
                    profile.flavor_2_4,
                    "resized in place"
                );
                assert_eq!(attr(state, app, "cores"), 2);
                assert_eq!(attr(state, app, "labels")["env"], "prod");
                assert_eq!(
                    attr(state, app, "security_group_ids")
                        .as_array()
                        .map(Vec::len),
                    Some(2)
                );
            })),
        )),
        replace: Some(server_config(profile, &third)),
        not_importable: CONFIG_ONLY,
        change_out_of_band: Some(Box::new(|cloud, sdk, id| {
            let rename = sovereign_sdk::ServerUpdate {
                name: Some("renamed-by-hand".into()),
                ..Default::default()
            };
            cloud
                .block_on(sdk.compute().update_server(id, &rename, soon()))
                .expect("rename the server out of band");
        })),
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.compute().delete_server(id, soon()))
                .expect("delete the server out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    server_lifecycle_with_current_terraform,
    server_lifecycle_with_terraform_1_0,
    |tf| server_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_server_lifecycle_with_current_terraform,
    otc_server_lifecycle_with_terraform_1_0,
    |tf| server_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    stackit_server_lifecycle_with_current_terraform,
    stackit_server_lifecycle_with_terraform_1_0,
    |tf| server_lifecycle(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_server_lifecycle_with_current_terraform,
    ionos_server_lifecycle_with_terraform_1_0,
    |tf| server_lifecycle(tf, &IONOS)
);

fn attachment_config(profile: &Profile, volume: &str) -> String {
    format!(
        r#"{}{}
resource "sovereign_volume" "one" {{
  name    = "one"
  size_gb = 1
}}

resource "sovereign_volume" "two" {{
  name    = "two"
  size_gb = 1
}}

resource "sovereign_volume_attachment" "data" {{
  server_id = sovereign_server.host.id
  volume_id = sovereign_volume.{volume}.id
}}
"#,
        base(profile),
        small_server(profile, "host")
    )
}

fn attachment_lifecycle(tf: Terraform, profile: &'static Profile) {
    Lifecycle {
        address: "sovereign_volume_attachment.data",
        create: attachment_config(profile, "one"),
        created: Some(Box::new(move |state, _| {
            let attachment = "sovereign_volume_attachment.data";
            let expected = format!(
                "{}/{}",
                id_of(state, "sovereign_server.host"),
                id_of(state, "sovereign_volume.one")
            );
            assert_eq!(attr(state, attachment, "id"), expected.as_str());
            if profile.attachment_device {
                assert!(
                    attr(state, attachment, "device").is_string(),
                    "a device path"
                );
            } else {
                assert_eq!(attr(state, attachment, "device"), &Value::Null);
            }
        })),
        update: None,
        replace: Some(attachment_config(profile, "two")),
        not_importable: CONFIG_ONLY,
        change_out_of_band: None,
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.block_storage().detach_volume(id, soon()))
                .expect("detach the volume out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    volume_attachment_lifecycle_with_current_terraform,
    volume_attachment_lifecycle_with_terraform_1_0,
    |tf| attachment_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_volume_attachment_lifecycle_with_current_terraform,
    otc_volume_attachment_lifecycle_with_terraform_1_0,
    |tf| attachment_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    stackit_volume_attachment_lifecycle_with_current_terraform,
    stackit_volume_attachment_lifecycle_with_terraform_1_0,
    |tf| attachment_lifecycle(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_volume_attachment_lifecycle_with_current_terraform,
    ionos_volume_attachment_lifecycle_with_terraform_1_0,
    |tf| attachment_lifecycle(tf, &IONOS)
);

fn public_ip_config(profile: &Profile, target: &str, label: &str) -> String {
    format!(
        r#"{}{}{}
resource "sovereign_public_ip" "ip" {{
  server_id = sovereign_server.{target}.id
  labels = {{
    env = "{label}"
  }}
}}

resource "sovereign_public_ip" "spare" {{}}
"#,
        base(profile),
        small_server(profile, "first"),
        small_server(profile, "second")
    )
}

fn public_ip_lifecycle(tf: Terraform, profile: &'static Profile) {
    Lifecycle {
        address: "sovereign_public_ip.ip",
        create: public_ip_config(profile, "first", "test"),
        created: Some(Box::new(move |state, _| {
            let ip = "sovereign_public_ip.ip";
            assert!(attr(state, ip, "address")
                .as_str()
                .is_some_and(|a| a.starts_with(profile.public_ip_prefix)));
            assert_eq!(
                attr(state, ip, "server_id"),
                id_of(state, "sovereign_server.first").as_str()
            );
            assert_eq!(
                attr(state, "sovereign_public_ip.spare", "server_id"),
                &Value::Null
            );
        })),
        update: Some((
            public_ip_config(profile, "second", "prod"),
            Some(Box::new(|state, _| {
                assert_eq!(
                    attr(state, "sovereign_public_ip.ip", "server_id"),
                    id_of(state, "sovereign_server.second").as_str(),
                    "re-associated in place"
                );
                assert_eq!(
                    attr(state, "sovereign_public_ip.ip", "labels")["env"],
                    "prod",
                    "relabelled in place"
                );
            })),
        )),
        // Nothing forces a new public IP: its address survives every change.
        replace: None,
        not_importable: CONFIG_ONLY,
        change_out_of_band: Some(Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.networking().associate_public_ip(id, None, soon()))
                .expect("dissociate the public IP out of band");
        })),
        delete_out_of_band: Box::new(|cloud, sdk, id| {
            cloud
                .block_on(sdk.networking().delete_public_ip(id, soon()))
                .expect("release the public IP out of band");
        }),
    }
    .run(tf, profile);
}

with_both_terraforms!(
    public_ip_lifecycle_with_current_terraform,
    public_ip_lifecycle_with_terraform_1_0,
    |tf| public_ip_lifecycle(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_public_ip_lifecycle_with_current_terraform,
    otc_public_ip_lifecycle_with_terraform_1_0,
    |tf| public_ip_lifecycle(tf, &OTC)
);

with_both_terraforms!(
    stackit_public_ip_lifecycle_with_current_terraform,
    stackit_public_ip_lifecycle_with_terraform_1_0,
    |tf| public_ip_lifecycle(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_public_ip_lifecycle_with_current_terraform,
    ionos_public_ip_lifecycle_with_terraform_1_0,
    |tf| public_ip_lifecycle(tf, &IONOS)
);

/// A server that goes to ERROR while being created is not lost: terraform records it (tainted),
/// the next plan replaces it, and destroy removes it with its port, keypair and boot volume.
fn failed_create(tf: Terraform, profile: &'static Profile) {
    let cloud = quick(profile);
    let dir = Workdir::new(&tf, &cloud);
    let base = base(profile);
    let flavor = profile.flavor_1_2;
    dir.write_config(&format!(
        r#"{base}
resource "sovereign_server" "broken" {{
  name            = "app-fail-build"
  image           = data.sovereign_image.ubuntu.id
  network_id      = sovereign_network.n.id
  flavor          = "{flavor}"
  ssh_public_keys = ["{KEY}"]
}}
"#
    ));
    let run = dir.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
    assert_ne!(run.code, 0, "the create should fail:\n{}", run.both());
    // Nova's server and STACKIT's go to ERROR, OTC's ECS job to FAIL, IONOS's request to
    // FAILED; each with the cloud's reason (terraform wraps the lines).
    let said = run
        .stderr
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    assert!(
        said.contains("cannot create the server")
            && (said.contains("error") || said.contains("fail"))
            && (said.contains("no valid host") || said.contains("capacity")),
        "{}",
        run.both()
    );
    let state = dir.state();
    let id = id_of(&state, "sovereign_server.broken");
    assert_eq!(attr(&state, "sovereign_server.broken", "status"), "ERROR");
    assert!(
        cloud
            .objects("servers")
            .iter()
            .any(|s| s["id"] == id.as_str()),
        "the state holds the server that exists"
    );
    let plan = dir.plan();
    assert_eq!(
        actions(&plan, "sovereign_server.broken"),
        ["delete", "create"],
        "a tainted server is replaced"
    );
    dir.ok(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
    assert_nothing_left(&cloud);
}

with_both_terraforms!(
    failed_server_create_is_kept_tainted_with_current_terraform,
    failed_server_create_is_kept_tainted_with_terraform_1_0,
    |tf| failed_create(tf, &PLUSSERVER)
);

with_both_terraforms!(
    otc_failed_server_create_is_kept_tainted_with_current_terraform,
    otc_failed_server_create_is_kept_tainted_with_terraform_1_0,
    |tf| failed_create(tf, &OTC)
);

with_both_terraforms!(
    stackit_failed_server_create_is_kept_tainted_with_current_terraform,
    stackit_failed_server_create_is_kept_tainted_with_terraform_1_0,
    |tf| failed_create(tf, &STACKIT)
);

with_both_terraforms!(
    ionos_failed_server_create_is_kept_tainted_with_current_terraform,
    ionos_failed_server_create_is_kept_tainted_with_terraform_1_0,
    |tf| failed_create(tf, &IONOS)
);
