//! Paths, credentials and request polling for the IONOS tests.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use reqwest::Method;
use serde_json::{json, Value};
use sovereign_emulator::{defaults, Emulator, EmulatorConfig};

use crate::helpers::{Cloud, Reply};

/// The seeded data center.
pub const DC: &str = defaults::IONOS_DATACENTER_ID;
/// Id of `ubuntu-24.04-server-cloudimg-amd64` in `de/fra`.
pub const UBUNTU_FRA: &str = "a49f3766-5a85-408a-9acd-a3b5b17e51e4";
/// Id of `ubuntu-24.04-server-cloudimg-amd64` in `de/txl`.
pub const UBUNTU_TXL: &str = "c1ea4ae5-e510-408f-8749-82c69c410af9";
/// An SSH public key for volumes from images.
pub const SSH_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatorTestKey test@emulator";

/// An emulator with `config` and a client without a Keystone token.
pub fn start_with(config: EmulatorConfig) -> Cloud {
    Cloud {
        emulator: Emulator::start(config).expect("emulator starts"),
        http: reqwest::Client::new(),
        token: String::new(),
    }
}

/// An emulator with default knobs.
pub fn start() -> Cloud {
    start_with(EmulatorConfig::default())
}

/// An emulator whose requests run for `ms` milliseconds.
pub fn start_slow(ms: u64) -> Cloud {
    start_with(EmulatorConfig {
        provision_delay: std::time::Duration::from_millis(ms),
        ..EmulatorConfig::default()
    })
}

/// `Authorization: Basic ...` for `user` and `password`.
pub fn basic(user: &str, password: &str) -> String {
    format!("Basic {}", STANDARD.encode(format!("{user}:{password}")))
}

/// `Authorization` of the default account.
pub fn account() -> String {
    basic(defaults::IONOS_USERNAME, defaults::IONOS_PASSWORD)
}

/// `/ionos/cloudapi/v6{rest}`.
pub fn api(rest: &str) -> String {
    format!("/ionos/cloudapi/v6{rest}")
}

/// `/ionos/cloudapi/v6/datacenters/{DC}{rest}`.
pub fn dc(rest: &str) -> String {
    api(&format!("/datacenters/{DC}{rest}"))
}

/// Sends with the account's Basic credentials.
pub async fn call(cloud: &Cloud, method: Method, path: &str, body: Option<Value>) -> Reply {
    let auth = account();
    cloud
        .call(method, path, body, &[("authorization", auth.as_str())])
        .await
}

/// GET with the account's credentials.
pub async fn get(cloud: &Cloud, path: &str) -> Reply {
    call(cloud, Method::GET, path, None).await
}

/// The request status behind a 202's `Location` once it is over (`DONE` or `FAILED`); panics
/// unless the reply is a 202 with a `Location`, or after five seconds.
pub async fn settle(cloud: &Cloud, reply: &Reply) -> Value {
    assert_eq!(reply.status, 202, "{}", reply.body);
    let location = reply.headers["location"].to_str().unwrap().to_string();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let status = get(cloud, &location).await;
        assert_eq!(status.status, 200, "{}", status.body);
        let state = status.body["metadata"]["status"].as_str().unwrap_or("");
        if state == "DONE" || state == "FAILED" {
            return status.body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{location} never ended"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// Like [`settle`], but the request must end `DONE`.
pub async fn done(cloud: &Cloud, reply: &Reply) {
    let status = settle(cloud, reply).await;
    assert_eq!(status["metadata"]["status"], "DONE", "{status}");
}

/// Sends a mutation, waits until it is done and returns the 202's body.
pub async fn mutate(cloud: &Cloud, method: Method, path: &str, body: Option<Value>) -> Value {
    let reply = call(cloud, method, path, body).await;
    done(cloud, &reply).await;
    reply.body
}

/// POSTs `body` to `path`, waits, returns the new resource's id.
pub async fn create(cloud: &Cloud, path: &str, body: Value) -> String {
    let created = mutate(cloud, Method::POST, path, Some(body)).await;
    created["id"].as_str().expect("created id").to_string()
}

/// DELETEs `path` and waits.
pub async fn delete(cloud: &Cloud, path: &str) {
    mutate(cloud, Method::DELETE, path, None).await;
}

/// A LAN (`public` or private with an automatic block); returns its id.
pub async fn lan(cloud: &Cloud, public: bool) -> String {
    create(
        cloud,
        &dc("/lans"),
        json!({"properties": {"name": "lan", "public": public}}),
    )
    .await
}

/// The properties of a boot volume from the Ubuntu alias.
pub fn boot_volume(size: u32) -> Value {
    json!({"properties": {
        "name": "boot", "size": size, "type": "SSD", "imageAlias": "ubuntu:latest",
        "sshKeys": [SSH_KEY], "userData": STANDARD.encode("#cloud-config\n"),
    }})
}

/// A server with a boot volume and one NIC on LAN `lan`; returns its id.
pub async fn server_on(cloud: &Cloud, name: &str, lan: &str) -> String {
    create(
        cloud,
        &dc("/servers"),
        json!({
            "properties": {"name": name, "cores": 1, "ram": 1024},
            "entities": {
                "volumes": {"items": [boot_volume(10)]},
                "nics": {"items": [{"properties": {"lan": lan.parse::<u32>().unwrap()}}]},
            },
        }),
    )
    .await
}

/// `messages[0].errorCode` of an error body, asserting the body's `httpStatus`.
pub fn error_code(reply: &Reply) -> &str {
    assert_eq!(reply.body["httpStatus"], reply.status, "{}", reply.body);
    reply.body["messages"][0]["errorCode"]
        .as_str()
        .unwrap_or("")
}

/// `messages[0].message` of an error body.
pub fn error_message(reply: &Reply) -> &str {
    reply.body["messages"][0]["message"].as_str().unwrap_or("")
}

/// Asserts an IONOS error reply with `status` and its code.
pub fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    assert_eq!(error_code(reply), code, "{}", reply.body);
}

/// The ids of a collection's items.
pub fn ids(collection: &Value) -> Vec<String> {
    collection["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter_map(|i| i["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// The admin inventory's `ionos` section.
pub async fn inventory(cloud: &Cloud) -> Value {
    cloud.admin(Method::GET, "inventory", None).await.body
}
