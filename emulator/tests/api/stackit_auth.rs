//! STACKIT credentials: the token endpoint's key flow and refresh grant, the Bearer check on
//! every IaaS route, unknown projects and regions, request ids, the environment and faults.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::{defaults, env_vars, stackit_key_json, EmulatorConfig, FaultKind};

use crate::stackit_helpers::{
    assertion, call, call_as, claims, get, grant, header, now_s, p, start, start_with,
    token_request,
};

#[tokio::test]
async fn a_signed_assertion_buys_a_token_that_works() {
    let cloud = start();
    let (status, body) = grant(&cloud, &assertion(header(), claims())).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["token_type"], "Bearer");
    assert_eq!(body["scope"], "");
    assert_eq!(body["expires_in"], 3600);
    let access = body["access_token"].as_str().unwrap();
    assert_eq!(access.split('.').count(), 3, "a JWT");
    let reply = call_as(&cloud, access, Method::GET, &p("/networks"), None).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, json!({"items": []}));

    let refresh = body["refresh_token"].as_str().unwrap();
    let (status, renewed) = token_request(
        &cloud,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(status, 200, "{renewed}");
    let fresh = renewed["access_token"].as_str().unwrap();
    assert_eq!(
        call_as(&cloud, fresh, Method::GET, &p("/volumes"), None)
            .await
            .status,
        200
    );
    let (status, again) = token_request(
        &cloud,
        &[("grant_type", "refresh_token"), ("refresh_token", refresh)],
    )
    .await;
    assert_eq!(status, 400, "a refresh token is used once: {again}");
}

#[tokio::test]
async fn bad_assertions_are_refused() {
    let cloud = start();
    let good = assertion(header(), claims());
    let mut other_claims = claims();
    other_claims["sub"] = json!("00000000-0000-4000-8000-000000000000");
    let other = assertion(header(), other_claims);
    let good_parts: Vec<&str> = good.split('.').collect();
    let other_parts: Vec<&str> = other.split('.').collect();
    let swapped = format!("{}.{}.{}", good_parts[0], other_parts[1], good_parts[2]);
    let (status, body) = grant(&cloud, &swapped).await;
    assert_eq!(status, 403, "claims changed after signing: {body}");
    assert_eq!(body["error"]["code"], 403);
    let (status, _) = grant(&cloud, &other).await;
    assert_eq!(status, 403, "signed, but for another subject");

    let mut wrong_kid = header();
    wrong_kid["kid"] = json!("11111111-2222-4333-8444-555555555555");
    let (status, body) = grant(&cloud, &assertion(wrong_kid, claims())).await;
    assert_eq!(status, 400);
    assert_eq!(
        body["message"],
        "Key with kid 11111111-2222-4333-8444-555555555555 was not found"
    );
    assert_eq!(body["status"], 400);
    assert!(body["timeStamp"].is_string());

    let mut expired = claims();
    expired["exp"] = json!(now_s() - 10);
    assert_eq!(grant(&cloud, &assertion(header(), expired)).await.0, 403);

    let mut wrong_aud = claims();
    wrong_aud["aud"] = json!("https://elsewhere.example");
    assert_eq!(grant(&cloud, &assertion(header(), wrong_aud)).await.0, 403);

    let mut hs = header();
    hs["alg"] = json!("HS512");
    assert_eq!(grant(&cloud, &assertion(hs, claims())).await.0, 400);
    assert_eq!(grant(&cloud, "not-a-jwt").await.0, 400);
    assert_eq!(
        token_request(&cloud, &[("grant_type", "password")]).await.0,
        400
    );
}

#[tokio::test]
async fn iaas_routes_want_a_live_bearer_token() {
    let cloud = start_with(EmulatorConfig {
        token_ttl: Duration::from_millis(1500),
        ..EmulatorConfig::default()
    });
    let none = call_as(&cloud, "", Method::GET, &p("/servers"), None).await;
    assert_eq!(none.status, 401);
    assert_eq!(none.body, json!({"code": 401, "msg": "Unauthorized"}));
    let unknown = call_as(&cloud, "made-up", Method::GET, &p("/servers"), None).await;
    assert_eq!(unknown.status, 401);
    let keypairs = call_as(&cloud, "", Method::GET, "/stackit/iaas/v2/keypairs", None).await;
    assert_eq!(keypairs.status, 401);

    let (_, body) = grant(&cloud, &assertion(header(), claims())).await;
    assert_eq!(body["expires_in"], 1);
    let access = body["access_token"].as_str().unwrap().to_string();
    assert_eq!(
        call_as(&cloud, &access, Method::GET, &p("/servers"), None)
            .await
            .status,
        200
    );
    tokio::time::sleep(Duration::from_millis(1700)).await;
    let expired = call_as(&cloud, &access, Method::GET, &p("/servers"), None).await;
    assert_eq!(expired.status, 401, "an expired token");
    assert_eq!(
        get(&cloud, &p("/servers")).await.status,
        200,
        "the static token never expires"
    );
}

#[tokio::test]
async fn other_projects_and_regions_are_not_found() {
    let cloud = start();
    let other =
        "/stackit/iaas/v2/projects/00000000-0000-4000-8000-000000000000/regions/eu01/servers";
    let reply = get(&cloud, other).await;
    assert_eq!(reply.status, 404);
    assert_eq!(reply.body, json!({"code": 404, "msg": "project not found"}));
    let region = get(&cloud, &p("/servers").replace("/eu01/", "/eu02/")).await;
    assert_eq!(region.status, 404);
    assert_eq!(region.body["msg"], "region not found");
    let project = get(
        &cloud,
        &format!("/stackit/iaas/v2/projects/{}", defaults::STACKIT_PROJECT_ID),
    )
    .await;
    assert_eq!(project.status, 200);
    assert_eq!(project.body["areaId"], "PUBLIC");
    assert_eq!(project.body["internetAccess"], true);
    assert_eq!(project.body["status"], "ACTIVE");
    let zones = get(&cloud, "/stackit/iaas/v2/regions/eu01/availability-zones").await;
    assert_eq!(zones.body, json!({"items": ["eu01-1", "eu01-2", "eu01-3"]}));
    let method = call(&cloud, Method::PUT, &p("/networks"), None).await;
    assert_eq!(method.status, 405);
    assert_eq!(method.body["code"], 405);
    let route = get(&cloud, "/stackit/iaas/v2/nowhere").await;
    assert_eq!(route.status, 404);
    assert_eq!(route.body["code"], 404);
}

#[tokio::test]
async fn every_answer_has_a_request_id() {
    let cloud = start();
    let replies = [
        get(&cloud, &p("/images")).await,
        call_as(&cloud, "", Method::GET, &p("/images"), None).await,
        get(&cloud, &p("/networks/3f2a1c4e-5b6d-4e7f-8a9b-0c1d2e3f4a5b")).await,
        call(
            &cloud,
            Method::POST,
            &p("/networks"),
            Some(json!({"name": "bad name!"})),
        )
        .await,
    ];
    let statuses: Vec<u16> = replies.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 401, 404, 400]);
    assert_eq!(
        replies[2].body,
        json!({"code": 404, "msg": "network not found"})
    );
    for reply in &replies {
        let id = reply.headers["x-request-id"].to_str().unwrap();
        assert!(id.starts_with("req-") && id.len() == 36, "{id}");
        assert!(id[4..].chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    }
    let (status, _) = token_request(&cloud, &[]).await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn faults_have_the_stackit_shape() {
    let cloud = start_with(EmulatorConfig {
        fault_rate: 1.0,
        fault_kinds: vec![
            FaultKind::TooManyRequests,
            FaultKind::InternalError,
            FaultKind::Unavailable,
        ],
        ..EmulatorConfig::default()
    });
    let reply = get(&cloud, &p("/servers")).await;
    assert!([429, 500, 503].contains(&reply.status));
    assert_eq!(reply.body["code"], reply.status);
    assert!(reply.body["msg"].as_str().unwrap().contains("injected"));
}

#[test]
fn env_and_key_file() {
    let vars = env_vars("stackit", "http://127.0.0.1:8787/").unwrap();
    let names: Vec<&str> = vars.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "STACKIT_SERVICE_ACCOUNT_TOKEN",
            "STACKIT_TOKEN_BASEURL",
            "STACKIT_PROJECT_ID",
            "STACKIT_REGION",
            "STACKIT_IAAS_CUSTOM_ENDPOINT",
            "STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT",
            "SOVEREIGN_CLOUD",
            "SOVEREIGN_REGION"
        ]
    );
    let get = |name: &str| vars.iter().find(|(n, _)| n == name).unwrap().1.clone();
    assert_eq!(
        get("STACKIT_TOKEN_BASEURL"),
        "http://127.0.0.1:8787/stackit/service-account/token"
    );
    assert_eq!(
        get("STACKIT_IAAS_CUSTOM_ENDPOINT"),
        "http://127.0.0.1:8787/stackit/iaas"
    );
    assert_eq!(
        get("STACKIT_OBJECTSTORAGE_CUSTOM_ENDPOINT"),
        "http://127.0.0.1:8787/stackit/object-storage"
    );
    assert_eq!(get("STACKIT_REGION"), "eu01");
    let key: serde_json::Value = serde_json::from_str(&stackit_key_json("http://x/token")).unwrap();
    assert_eq!(key["credentials"]["kid"], defaults::STACKIT_KEY_ID);
    assert_eq!(key["credentials"]["tokenEndpoint"], "http://x/token");
    assert_eq!(key["keyAlgorithm"], "RSA_2048");
    assert!(key["credentials"]["privateKey"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----"));
    assert!(key["publicKey"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN PUBLIC KEY-----"));
}
