//! Paths, fixtures and AK/SK signing for the OTC tests.

use hmac::{Hmac, Mac};
use reqwest::Method;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sovereign_emulator::defaults;

use crate::helpers::{id, Cloud, Reply};

/// The OTC project id.
pub const PID: &str = defaults::OTC_PROJECT_ID;

/// `/otc/vpc/v1/{pid}/{rest}`.
pub fn vpc(rest: &str) -> String {
    format!("/otc/vpc/v1/{PID}/{rest}")
}

/// `/otc/vpc/v2.0/{pid}/{rest}` (tags).
pub fn vpc2(rest: &str) -> String {
    format!("/otc/vpc/v2.0/{PID}/{rest}")
}

/// `/otc/ecs/v1/{pid}/{rest}`.
pub fn ecs(rest: &str) -> String {
    format!("/otc/ecs/v1/{PID}/{rest}")
}

/// `/otc/network/v2.0/{rest}` (Neutron).
pub fn neutron(rest: &str) -> String {
    format!("/otc/network/v2.0/{rest}")
}

/// Sends with the client's token.
pub async fn call(cloud: &Cloud, method: Method, path: &str, body: Option<Value>) -> Reply {
    cloud.send(method, path, body, None).await
}

/// Creates a VPC and a subnet in it; returns (vpc id, subnet id). Panics unless both answer 200.
pub async fn vpc_with_subnet(
    cloud: &Cloud,
    cidr: &str,
    subnet: &str,
    gateway: &str,
) -> (String, String) {
    let created = call(
        cloud,
        Method::POST,
        &vpc("vpcs"),
        Some(json!({"vpc": {"name": "net", "cidr": cidr}})),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let vpc_id = id(&created.body["vpc"]);
    let created = call(
        cloud,
        Method::POST,
        &vpc("subnets"),
        Some(json!({"subnet": {"name": "sub", "cidr": subnet, "gateway_ip": gateway, "vpc_id": vpc_id}})),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    (vpc_id, id(&created.body["subnet"]))
}

/// Polls job `job_id` until it is `SUCCESS` or `FAIL`; panics after five seconds.
pub async fn wait_job(cloud: &Cloud, job_id: &str) -> Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let reply = call(cloud, Method::GET, &ecs(&format!("jobs/{job_id}")), None).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        if matches!(reply.body["status"].as_str(), Some("SUCCESS" | "FAIL")) {
            return reply.body;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "job never ended: {}",
            reply.body
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}

/// `YYYYMMDDTHHMMSSZ` of `secs` after the epoch.
pub fn stamp(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rest = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}{m:02}{d:02}T{:02}{:02}{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// Now as a `X-Sdk-Date`.
pub fn now_stamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    stamp(i64::try_from(secs).unwrap())
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// Sends a request signed like the Go SDK signs (derived key, `host;x-sdk-date` signed) with
/// `secret` at `date`. `query` must already be sorted and encoded.
pub async fn signed(
    cloud: &Cloud,
    method: Method,
    path: &str,
    query: &str,
    body: Option<Value>,
    secret: &str,
    date: &str,
) -> Reply {
    let host = cloud.emulator.addr().to_string();
    let payload = body.as_ref().map(|b| b.to_string()).unwrap_or_default();
    let canonical = format!(
        "{method}\n{path}/\n{query}\nhost:{host}\nx-sdk-date:{date}\n\nhost;x-sdk-date\n{}",
        hex::encode(Sha256::digest(payload.as_bytes()))
    );
    let scope = format!("{}///sdk_request", &date[..8]);
    let to_sign = format!(
        "SDK-HMAC-SHA256\n{date}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let mut key = hmac(format!("SDK{secret}").as_bytes(), &date[..8]);
    for part in ["", "", "sdk_request"] {
        key = hmac(&key, part);
    }
    let authorization = format!(
        "SDK-HMAC-SHA256 Credential={}/{scope}, SignedHeaders=host;x-sdk-date, Signature={}",
        defaults::OTC_ACCESS_KEY,
        hex::encode(hmac(&key, &to_sign))
    );
    let url = if query.is_empty() {
        cloud.url(path)
    } else {
        cloud.url(&format!("{path}?{query}"))
    };
    let mut request = cloud
        .http
        .request(method, url)
        .header("Host", host)
        .header("X-Sdk-Date", date)
        .header("Authorization", authorization)
        .header("X-Project-Id", PID);
    if body.is_some() {
        request = request
            .header("Content-Type", "application/json")
            .body(payload);
    }
    let response = request.send().await.expect("request is answered");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let text = response.text().await.expect("body");
    Reply {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    }
}
