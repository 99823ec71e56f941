//! IONOS credentials: Basic, the fixed Bearer token, generated tokens; refusals in the IONOS
//! error shape; rate limit headers on every answer, `Retry-After` on injected 429s.

use reqwest::Method;
use serde_json::Value;
use sovereign_emulator::{defaults, EmulatorConfig, FaultKind};

use crate::helpers::{Cloud, Reply};
use crate::ionos_helpers::{account, api, assert_error, basic, start, start_with};

/// GET `/datacenters` with `authorization` (none if empty) and extra headers.
async fn datacenters(cloud: &Cloud, authorization: &str, extra: &[(&str, &str)]) -> Reply {
    let mut headers = extra.to_vec();
    if !authorization.is_empty() {
        headers.push(("authorization", authorization));
    }
    cloud
        .call(Method::GET, &api("/datacenters"), None, &headers)
        .await
}

/// Asserts a 401 in the IONOS shape.
fn refused(reply: &Reply) {
    assert_error(reply, 401, "315");
    assert_eq!(reply.body["messages"][0]["message"], "Unauthorized");
}

#[tokio::test]
async fn basic_and_the_fixed_token_are_accepted() {
    let cloud = start();
    let ok = datacenters(&cloud, &account(), &[]).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
    let bearer = format!("Bearer {}", defaults::IONOS_TOKEN);
    assert_eq!(datacenters(&cloud, &bearer, &[]).await.status, 200);
    let contract = [("x-contract-number", defaults::IONOS_CONTRACT_NUMBER)];
    assert_eq!(datacenters(&cloud, &bearer, &contract).await.status, 200);
}

#[tokio::test]
async fn generated_tokens_are_bearer_tokens() {
    let cloud = start();
    let generated = cloud
        .call(
            Method::GET,
            "/ionos/auth/v1/tokens/generate",
            None,
            &[("authorization", account().as_str())],
        )
        .await;
    assert_eq!(generated.status, 200, "{}", generated.body);
    let token = generated.body["token"].as_str().unwrap().to_string();
    assert_eq!(token.split('.').count(), 3, "JWT-looking: {token}");
    let bearer = format!("Bearer {token}");
    assert_eq!(datacenters(&cloud, &bearer, &[]).await.status, 200);
    let again = cloud
        .call(
            Method::GET,
            "/ionos/auth/v1/tokens/generate",
            None,
            &[("authorization", bearer.as_str())],
        )
        .await;
    assert_eq!(again.status, 200, "a Bearer token may generate tokens too");
    assert_ne!(again.body["token"], Value::from(token));
}

#[tokio::test]
async fn tokens_expire_with_the_token_ttl() {
    let cloud = start_with(EmulatorConfig {
        token_ttl: std::time::Duration::from_millis(100),
        ..EmulatorConfig::default()
    });
    let generated = cloud
        .call(
            Method::GET,
            "/ionos/auth/v1/tokens/generate",
            None,
            &[("authorization", account().as_str())],
        )
        .await;
    let bearer = format!("Bearer {}", generated.body["token"].as_str().unwrap());
    tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    refused(&datacenters(&cloud, &bearer, &[]).await);
}

#[tokio::test]
async fn wrong_or_missing_credentials_are_refused() {
    let cloud = start();
    refused(&datacenters(&cloud, "", &[]).await);
    refused(&datacenters(&cloud, &basic(defaults::IONOS_USERNAME, "wrong"), &[]).await);
    refused(
        &datacenters(
            &cloud,
            &basic("someone@example.com", defaults::IONOS_PASSWORD),
            &[],
        )
        .await,
    );
    refused(&datacenters(&cloud, "Bearer not-a-token", &[]).await);
    refused(&datacenters(&cloud, "Digest abc", &[]).await);
    let contract = [("x-contract-number", "1")];
    refused(&datacenters(&cloud, &account(), &contract).await);
    let no_auth = cloud
        .call(Method::GET, "/ionos/auth/v1/tokens/generate", None, &[])
        .await;
    refused(&no_auth);
}

#[tokio::test]
async fn tokens_of_other_clouds_are_refused() {
    let plusserver = Cloud::start().await;
    let keystone = format!("Bearer {}", plusserver.token);
    refused(&datacenters(&plusserver, &keystone, &[]).await);
    let with_header = [("x-auth-token", plusserver.token.as_str())];
    refused(&datacenters(&plusserver, "", &with_header).await);
    let otc = Cloud::start_otc().await;
    refused(&datacenters(&otc, &format!("Bearer {}", otc.token), &[]).await);
}

#[tokio::test]
async fn every_answer_carries_rate_limit_headers() {
    let cloud = start();
    let ok = datacenters(&cloud, &account(), &[]).await;
    let refused = datacenters(&cloud, "", &[]).await;
    let later = datacenters(&cloud, &account(), &[]).await;
    for reply in [&ok, &refused, &later] {
        for name in [
            "x-ratelimit-limit",
            "x-ratelimit-remaining",
            "x-ratelimit-burst",
        ] {
            assert!(reply.headers.contains_key(name), "{name} missing");
        }
    }
    let remaining = |r: &Reply| -> u64 {
        r.headers["x-ratelimit-remaining"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(remaining(&later) < remaining(&ok));
}

#[tokio::test]
async fn injected_faults_come_in_the_ionos_shape() {
    let cloud = start_with(EmulatorConfig {
        fault_rate: 1.0,
        fault_kinds: vec![
            FaultKind::TooManyRequests,
            FaultKind::InternalError,
            FaultKind::Unavailable,
        ],
        seed: 7,
        ..EmulatorConfig::default()
    });
    let mut saw_429 = false;
    for _ in 0..30 {
        let reply = datacenters(&cloud, &account(), &[]).await;
        assert!([429, 500, 503].contains(&reply.status), "{}", reply.status);
        assert_eq!(reply.body["httpStatus"], reply.status);
        assert!(reply.headers.contains_key("x-ratelimit-limit"));
        if reply.status == 429 {
            saw_429 = true;
            assert_eq!(reply.headers["retry-after"], "1");
            assert_eq!(reply.body["messages"][0]["errorCode"], "429");
        }
    }
    assert!(saw_429, "no 429 in 30 injected faults");
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    assert_eq!(stats["by_cloud"]["ionos"], 30);
}
