//! The STACKIT backend against the emulator: both ways to log in (the static token, the key
//! flow with its renewals), the errors for a wrong token and an unknown project, and a server
//! with its NIC, key pair, volume and public IP made and removed with nothing left.

mod support;

use std::time::Duration;

use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::model::*;
use sovereign_sdk::{Cloud, CloudConfig, ErrorKind};
use support::deadline;

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKzE5mYw0XFO0N1sQ6bqJ4xRTa7m0e1zOf9Rr4xS2ZtQ test@example";

/// An emulator (tokens living `token_ttl`) and its `env stackit` variables.
fn emulator(token_ttl: Duration) -> (Emulator, Vec<(String, String)>) {
    let emulator = Emulator::start(EmulatorConfig {
        provision_delay: Duration::from_millis(100),
        token_ttl,
        ..EmulatorConfig::default()
    })
    .expect("emulator");
    let vars = sovereign_emulator::env_vars("stackit", &emulator.url()).expect("env");
    (emulator, vars)
}

/// An SDK cloud for `vars`, with `changes` applied (a `None` value removes the variable).
fn connect(vars: &[(String, String)], changes: &[(&str, Option<&str>)]) -> Cloud {
    let mut vars = vars.to_vec();
    for (name, value) in changes {
        vars.retain(|(k, _)| k != name);
        if let Some(value) = value {
            vars.push((name.to_string(), value.to_string()));
        }
    }
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let config = CloudConfig::from_lookup(&lookup).expect("config");
    Cloud::connect_with(config, &lookup).expect("connect")
}

/// The key file the emulator issued, written to a temporary file; its path.
fn key_file(vars: &[(String, String)]) -> tempfile_path::TempPath {
    let token_url = vars
        .iter()
        .find(|(k, _)| k == "STACKIT_TOKEN_BASEURL")
        .map(|(_, v)| v.clone())
        .expect("token URL");
    tempfile_path::TempPath::with(&sovereign_emulator::stackit_key_json(&token_url))
}

async fn token_requests(emulator: &Emulator) -> u64 {
    let stats: serde_json::Value = reqwest::get(format!("{}/_emulator/stats", emulator.url()))
        .await
        .expect("stats")
        .json()
        .await
        .expect("stats JSON");
    stats["by_route"]
        .as_object()
        .map(|routes| {
            routes
                .iter()
                .filter(|(route, _)| route.starts_with("POST ") && route.ends_with("/token"))
                .map(|(_, n)| n.as_u64().unwrap_or_default())
                .sum()
        })
        .unwrap_or_default()
}

async fn assert_nothing_left(emulator: &Emulator) {
    let inventory: serde_json::Value =
        reqwest::get(format!("{}/_emulator/inventory", emulator.url()))
            .await
            .expect("inventory")
            .json()
            .await
            .expect("inventory JSON");
    assert_eq!(
        inventory["total"].as_u64(),
        Some(0),
        "left behind: {inventory}"
    );
}

mod tempfile_path {
    //! A file in the temporary directory, removed when dropped.

    use std::path::PathBuf;

    /// The path of a temporary file holding some text.
    pub struct TempPath(PathBuf);

    impl TempPath {
        /// Writes `text` to a fresh temporary file.
        pub fn with(text: &str) -> TempPath {
            let path = std::env::temp_dir().join(format!(
                "sovereign-stackit-key-{}-{}.json",
                std::process::id(),
                rand_suffix()
            ));
            std::fs::write(&path, text).expect("write the key file");
            TempPath(path)
        }

        /// The path as text.
        pub fn as_str(&self) -> &str {
            self.0.to_str().expect("a UTF-8 path")
        }
    }

    impl Drop for TempPath {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    fn rand_suffix() -> u128 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default()
    }
}

#[tokio::test]
async fn the_key_flow_signs_in_and_renews_its_token() {
    // Tokens live 2 s: the SDK renews after half of that.
    let (emulator, vars) = emulator(Duration::from_secs(2));
    let key = key_file(&vars);
    let cloud = connect(
        &vars,
        &[
            ("STACKIT_SERVICE_ACCOUNT_TOKEN", None),
            ("STACKIT_SERVICE_ACCOUNT_KEY_PATH", Some(key.as_str())),
        ],
    );
    let networking = cloud.networking();
    let net = networking
        .create_network(
            &NetworkSpec {
                name: "keyed".into(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("network with the key flow");
    assert_eq!(
        token_requests(&emulator).await,
        1,
        "one token for a burst of calls"
    );
    tokio::time::sleep(Duration::from_millis(1500)).await;
    networking
        .get_network(&net.id)
        .await
        .expect("read after renewal");
    assert_eq!(
        token_requests(&emulator).await,
        2,
        "renewed before it expired"
    );
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("delete");
    assert_nothing_left(&emulator).await;
}

#[tokio::test]
async fn wrong_credentials_and_projects_are_named() {
    let (_emulator, vars) = emulator(Duration::from_secs(3600));
    let wrong = connect(
        &vars,
        &[("STACKIT_SERVICE_ACCOUNT_TOKEN", Some("not-a-token"))],
    );
    let error = wrong.networking().list_networks().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized, "{error}");
    assert!(
        error.message().contains("rejected the credentials"),
        "{error}"
    );
    assert!(!error.to_string().contains("not-a-token"));

    let elsewhere = connect(
        &vars,
        &[(
            "STACKIT_PROJECT_ID",
            Some("00000000-0000-4000-8000-000000000000"),
        )],
    );
    let error = elsewhere.networking().get_network("x").await.unwrap_err();
    assert!(
        !error.is_not_found(),
        "a missing project is not a missing object: {error}"
    );
    assert_eq!(error.field(), Some("stackit.project_id"), "{error}");
}

#[tokio::test]
async fn a_server_and_what_it_owns_go_with_it() {
    let (emulator, vars) = emulator(Duration::from_secs(3600));
    let cloud = connect(&vars, &[]);
    let networking = cloud.networking();
    let net = networking
        .create_network(
            &NetworkSpec {
                name: "app".into(),
                cidr: Some("10.42.0.0/24".into()),
                internet_access: true,
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("network");
    assert_eq!(net.gateway_ip.as_deref(), Some("10.42.0.1"));
    let group = networking
        .create_security_group(
            &SecurityGroupSpec {
                name: "web".into(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("group");
    let server = cloud
        .compute()
        .create_server(
            &ServerSpec {
                name: "web-1".into(),
                image: "Ubuntu 24.04".into(),
                network_id: net.id.clone(),
                size: ServerSize::Resources {
                    cores: 2,
                    memory_gb: 4,
                },
                availability_zone: None,
                security_group_ids: vec![group.id.clone()],
                ssh_public_keys: vec![KEY.into()],
                user_data: Some("#cloud-config\n".into()),
                boot_volume_size_gb: None,
                boot_volume_type: None,
                labels: Labels::from([("role".into(), "web".into())]),
            },
            deadline(),
        )
        .await
        .expect("server");
    assert_eq!(server.status, "ACTIVE");
    assert_eq!(server.flavor.as_deref(), Some("c1.1"), "the smallest fit");
    assert_eq!((server.cores, server.memory_gb), (2, 4));
    assert_eq!(server.security_group_ids, vec![group.id.clone()]);
    assert!(server
        .private_ip
        .unwrap_or_default()
        .starts_with("10.42.0."));

    let storage = cloud.block_storage();
    let volume = storage
        .create_volume(
            &VolumeSpec {
                name: "data".into(),
                size_gb: 2,
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("volume");
    let attached = storage
        .attach_volume(
            &VolumeAttachmentSpec {
                server_id: server.id.clone(),
                volume_id: volume.id.clone(),
            },
            deadline(),
        )
        .await
        .expect("attach");
    assert_eq!(
        storage.get_volume(&volume.id).await.unwrap().status,
        "in-use"
    );
    let ip = networking
        .create_public_ip(
            &PublicIpSpec {
                server_id: Some(server.id.clone()),
                labels: Labels::new(),
            },
            deadline(),
        )
        .await
        .expect("public IP");
    assert_eq!(ip.server_id.as_deref(), Some(server.id.as_str()));

    // The server goes with its NIC and key pair, while the IP, the volume and the group stay.
    cloud
        .compute()
        .delete_server(&server.id, deadline())
        .await
        .expect("delete server");
    assert!(storage
        .get_volume_attachment(&attached.id)
        .await
        .unwrap_err()
        .is_not_found());
    assert_eq!(
        networking.get_public_ip(&ip.id).await.unwrap().server_id,
        None
    );
    networking
        .delete_public_ip(&ip.id, deadline())
        .await
        .expect("release");
    storage
        .delete_volume(&volume.id, deadline())
        .await
        .expect("volume");
    networking
        .delete_security_group(&group.id, deadline())
        .await
        .expect("group");
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("network");
    assert_nothing_left(&emulator).await;
}
