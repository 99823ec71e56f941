//! Paths, tokens, signed assertions and status polling for the STACKIT tests.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use reqwest::Method;
use ring::rand::SystemRandom;
use ring::signature::{RsaKeyPair, RSA_PKCS1_SHA512};
use serde_json::{json, Value};
use sovereign_emulator::{defaults, Emulator, EmulatorConfig};

use crate::helpers::{Cloud, Reply};

/// The static token.
pub const TOKEN: &str = defaults::STACKIT_SERVICE_ACCOUNT_TOKEN;
/// Id of `Ubuntu 24.04`.
pub const UBUNTU: &str = "a1f5c3e7-2b4d-4f6a-8c0e-1d3f5a7b9c2e";
/// An SSH public key.
pub const SSH_KEY: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEmulatorTestKey test@emulator";

/// An emulator with `config`.
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

/// An emulator whose transitions take `ms` milliseconds.
pub fn start_slow(ms: u64) -> Cloud {
    start_with(EmulatorConfig {
        provision_delay: Duration::from_millis(ms),
        ..EmulatorConfig::default()
    })
}

/// `/stackit/iaas/v2/projects/{project}/regions/eu01{rest}`.
pub fn p(rest: &str) -> String {
    format!(
        "/stackit/iaas/v2/projects/{}/regions/eu01{rest}",
        defaults::STACKIT_PROJECT_ID
    )
}

/// Sends with `Authorization: Bearer {token}` (none if empty).
pub async fn call_as(
    cloud: &Cloud,
    token: &str,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Reply {
    let auth = format!("Bearer {token}");
    let headers: Vec<(&str, &str)> = if token.is_empty() {
        Vec::new()
    } else {
        vec![("authorization", auth.as_str())]
    };
    cloud.call(method, path, body, &headers).await
}

/// Sends with the static token.
pub async fn call(cloud: &Cloud, method: Method, path: &str, body: Option<Value>) -> Reply {
    call_as(cloud, TOKEN, method, path, body).await
}

/// GET with the static token.
pub async fn get(cloud: &Cloud, path: &str) -> Reply {
    call(cloud, Method::GET, path, None).await
}

/// POSTs, expects `status`, returns the body.
pub async fn post(cloud: &Cloud, path: &str, body: Value, status: u16) -> Value {
    let reply = call(cloud, Method::POST, path, Some(body)).await;
    assert_eq!(reply.status, status, "POST {path}: {}", reply.body);
    reply.body
}

/// The `id` of a body.
pub fn id(body: &Value) -> String {
    body["id"].as_str().expect("id").to_string()
}

/// Polls `path` until `/status` is `wanted` (five seconds at most); returns the body.
pub async fn wait_status(cloud: &Cloud, path: &str, wanted: &str) -> Value {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let reply = get(cloud, path).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        if reply.body["status"] == wanted {
            return reply.body;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never became {wanted}: {}",
            reply.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Polls `path` until it is 404 (five seconds at most).
pub async fn wait_gone(cloud: &Cloud, path: &str) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let reply = get(cloud, path).await;
        if reply.status == 404 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{path} never went: {}",
            reply.body
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// A network with `prefix`; returns its id.
pub async fn network(cloud: &Cloud, name: &str, prefix: &str) -> String {
    let body = json!({"name": name, "ipv4": {"prefix": prefix}});
    id(&post(cloud, &p("/networks"), body, 202).await)
}

/// A server on a new NIC of `network`, booting from a new Ubuntu volume; returns its body.
pub async fn server(cloud: &Cloud, name: &str, network: &str) -> Value {
    let body = json!({
        "name": name,
        "machineType": "c1.1",
        "networking": {"networkId": network},
        "bootVolume": {"source": {"type": "image", "id": UBUNTU}, "size": 10, "deleteOnTermination": true},
    });
    post(cloud, &p("/servers"), body, 201).await
}

/// Seconds since the epoch.
pub fn now_s() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// The claims a good assertion carries.
pub fn claims() -> Value {
    json!({
        "iss": defaults::STACKIT_SERVICE_ACCOUNT_EMAIL,
        "sub": defaults::STACKIT_SERVICE_ACCOUNT_ID,
        "aud": defaults::STACKIT_KEY_AUDIENCE,
        "jti": "0b6f2c3a-3f1e-4c1a-9f0e-2d4b6a8c0e1f",
        "iat": now_s(),
        "exp": now_s() + 600,
    })
}

/// An RS512 assertion with `header` and `claims`, signed by the seeded key.
pub fn assertion(header: Value, claims: Value) -> String {
    let body: String = defaults::STACKIT_PRIVATE_KEY_PEM
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let key = RsaKeyPair::from_pkcs8(&STANDARD.decode(body).unwrap()).unwrap();
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut signature = vec![0; key.public().modulus_len()];
    key.sign(
        &RSA_PKCS1_SHA512,
        &SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

/// The header of a good assertion.
pub fn header() -> Value {
    json!({"alg": "RS512", "typ": "JWT", "kid": defaults::STACKIT_KEY_ID})
}

/// POSTs a form to the token endpoint; returns status and body.
pub async fn token_request(cloud: &Cloud, form: &[(&str, &str)]) -> (u16, Value) {
    let response = cloud
        .http
        .post(cloud.url("/stackit/service-account/token"))
        .form(form)
        .send()
        .await
        .expect("token endpoint answers");
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The key-flow grant for `assertion`.
pub async fn grant(cloud: &Cloud, assertion: &str) -> (u16, Value) {
    token_request(
        cloud,
        &[
            ("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
            ("assertion", assertion),
        ],
    )
    .await
}
