//! STACKIT's Object Storage management API v2: the service enabled per project and region,
//! buckets with STACKIT's codes and bodies (404 before the service is enabled, 409 on a taken
//! name, 422 in both error shapes, a non-empty bucket refused), credentials, scope, faults,
//! the inventory and `--state`.

use std::time::Duration;

use reqwest::Method;
use serde_json::Value;
use sovereign_emulator::{defaults, EmulatorConfig, FaultKind};

use crate::helpers::{Cloud, Reply};
use crate::stackit_helpers::{call, call_as, get, start, start_slow, start_with};

/// `/stackit/object-storage/v2/project/{project}/regions/eu01{rest}`.
fn os(rest: &str) -> String {
    format!(
        "/stackit/object-storage/v2/project/{}/regions/eu01{rest}",
        defaults::STACKIT_PROJECT_ID
    )
}

/// The `detail[0]` of an error body.
fn detail(reply: &Reply) -> &Value {
    &reply.body["detail"][0]
}

async fn enable(cloud: &Cloud) -> Reply {
    call(cloud, Method::POST, &os(""), None).await
}

async fn create(cloud: &Cloud, name: &str) -> Reply {
    call(cloud, Method::POST, &os(&format!("/bucket/{name}")), None).await
}

async fn delete(cloud: &Cloud, name: &str) -> Reply {
    call(cloud, Method::DELETE, &os(&format!("/bucket/{name}")), None).await
}

async fn inventory_buckets(cloud: &Cloud) -> (Vec<Value>, u64) {
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    let buckets = inventory["stackit"]["buckets"].as_array().unwrap().clone();
    (buckets, inventory["total"].as_u64().unwrap())
}

#[tokio::test]
async fn the_service_is_enabled_once_per_project() {
    let cloud = start();
    let reply = get(&cloud, &os("")).await;
    assert_eq!(reply.status, 404, "{}", reply.body);
    assert_eq!(detail(&reply)["msg"], "Project not found");
    assert!(detail(&reply)["key"].is_string());
    let reply = enable(&cloud).await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["project"], defaults::STACKIT_PROJECT_ID);
    assert_eq!(reply.body["scope"], "PUBLIC");
    assert_eq!(enable(&cloud).await.status, 200, "enabling again is fine");
    let reply = get(&cloud, &os("")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["project"], defaults::STACKIT_PROJECT_ID);
    let (_, total) = inventory_buckets(&cloud).await;
    assert_eq!(total, 0, "the setting is not a resource");
}

#[tokio::test]
async fn a_bucket_lives_and_goes() {
    let cloud = start();
    let reply = create(&cloud, "logs-1").await;
    assert_eq!(reply.status, 404, "before the service is enabled");
    assert_eq!(detail(&reply)["msg"], "Project not found");
    assert_eq!(get(&cloud, &os("/buckets")).await.status, 404);
    enable(&cloud).await;
    let reply = create(&cloud, "logs-1").await;
    assert_eq!(reply.status, 201, "{}", reply.body);
    assert_eq!(reply.body["project"], defaults::STACKIT_PROJECT_ID);
    assert_eq!(reply.body["bucket"], "logs-1");

    let reply = get(&cloud, &os("/bucket/logs-1")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["project"], defaults::STACKIT_PROJECT_ID);
    let bucket = &reply.body["bucket"];
    assert_eq!(bucket["name"], "logs-1");
    assert_eq!(bucket["region"], "eu01");
    assert_eq!(
        bucket["urlPathStyle"],
        "https://object.storage.eu01.onstackit.cloud/logs-1"
    );
    assert_eq!(
        bucket["urlVirtualHostedStyle"],
        "https://logs-1.object.storage.eu01.onstackit.cloud"
    );
    assert_eq!(bucket["objectLockEnabled"], false);

    let reply = get(&cloud, &os("/buckets")).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["buckets"].as_array().unwrap().len(), 1);
    assert_eq!(reply.body["buckets"][0]["name"], "logs-1");
    let (buckets, total) = inventory_buckets(&cloud).await;
    assert_eq!((buckets.len(), total), (1, 1));
    assert_eq!(buckets[0]["name"], "logs-1");

    let reply = delete(&cloud, "logs-1").await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["bucket"], "logs-1");
    let reply = get(&cloud, &os("/bucket/logs-1")).await;
    assert_eq!(reply.status, 404);
    assert!(detail(&reply)["msg"].as_str().unwrap().contains("logs-1"));
    assert_eq!(delete(&cloud, "logs-1").await.status, 404);
    assert_eq!(inventory_buckets(&cloud).await.1, 0);
}

#[tokio::test]
async fn taken_and_invalid_names_are_refused() {
    let cloud = start();
    enable(&cloud).await;
    assert_eq!(create(&cloud, "mine").await.status, 201);
    let again = create(&cloud, "mine").await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(detail(&again)["msg"].as_str().unwrap().contains("mine"));
    let foreign = create(&cloud, "taken-bucket").await;
    assert_eq!(foreign.status, 409, "{}", foreign.body);
    assert_eq!(get(&cloud, &os("/bucket/taken-bucket")).await.status, 404);

    let short = create(&cloud, "ab").await;
    assert_eq!(short.status, 422);
    assert_eq!(detail(&short)["type"], "string_too_short");
    assert_eq!(
        detail(&short)["loc"],
        serde_json::json!(["path", "bucketName"])
    );
    assert!(detail(&short)["msg"].is_string());
    let long = get(&cloud, &os(&format!("/bucket/{}", "a".repeat(64)))).await;
    assert_eq!(long.status, 422);
    assert_eq!(detail(&long)["type"], "string_too_long");
    let upper = create(&cloud, "Not_DNS").await;
    assert_eq!(upper.status, 422, "{}", upper.body);
    assert_eq!(detail(&upper)["key"], "bucket.name.invalid");
    let locked = call(
        &cloud,
        Method::POST,
        &os("/bucket/locked?objectLockEnabled=true"),
        None,
    )
    .await;
    assert_eq!(locked.status, 409, "no compliance lock: {}", locked.body);
    assert_eq!(inventory_buckets(&cloud).await.1, 1, "only `mine` was made");
}

#[tokio::test]
async fn a_bucket_holding_objects_is_not_deleted() {
    let cloud = start();
    enable(&cloud).await;
    create(&cloud, "full").await;
    let added = cloud
        .http
        .post(cloud.url("/_emulator/stackit/buckets/full/objects"))
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 200);
    let reply = delete(&cloud, "full").await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(detail(&reply)["key"], "bucket.not_empty");
    assert!(detail(&reply)["msg"]
        .as_str()
        .unwrap()
        .contains("not empty"));
    assert_eq!(get(&cloud, &os("/bucket/full")).await.status, 200);
    let (buckets, _) = inventory_buckets(&cloud).await;
    assert_eq!(buckets[0]["objects"], 1);
    let missing = cloud
        .http
        .post(cloud.url("/_emulator/stackit/buckets/none/objects"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn buckets_appear_and_go_after_the_provision_delay() {
    let cloud = start_slow(300);
    enable(&cloud).await;
    assert_eq!(create(&cloud, "slow").await.status, 201);
    assert_eq!(get(&cloud, &os("/bucket/slow")).await.status, 404);
    assert_eq!(
        create(&cloud, "slow").await.status,
        409,
        "the name is taken"
    );
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(get(&cloud, &os("/bucket/slow")).await.status, 200);
    assert_eq!(delete(&cloud, "slow").await.status, 200);
    assert_eq!(get(&cloud, &os("/bucket/slow")).await.status, 200);
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(get(&cloud, &os("/bucket/slow")).await.status, 404);
    assert_eq!(inventory_buckets(&cloud).await.1, 0);
}

#[tokio::test]
async fn credentials_and_scope_are_checked() {
    let cloud = start();
    let reply = call_as(&cloud, "", Method::GET, &os("/buckets"), None).await;
    assert_eq!(reply.status, 401);
    let reply = call_as(&cloud, "wrong", Method::POST, &os(""), None).await;
    assert_eq!(reply.status, 401);
    assert!(reply.headers.contains_key("x-request-id"));
    let other =
        "/stackit/object-storage/v2/project/00000000-0000-4000-8000-000000000000/regions/eu01";
    let reply = call(&cloud, Method::POST, other, None).await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert!(detail(&reply)["msg"].is_string());
    let reply = get(&cloud, &os("").replace("eu01", "eu09")).await;
    assert_eq!(reply.status, 404);
}

#[tokio::test]
async fn faults_reach_the_management_api() {
    let cloud = start_with(EmulatorConfig {
        fault_rate: 1.0,
        fault_kinds: FaultKind::ERROR_ANSWERS.to_vec(),
        ..EmulatorConfig::default()
    });
    let reply = get(&cloud, &os("/buckets")).await;
    assert!(
        [429, 500, 502, 503].contains(&reply.status),
        "{}",
        reply.status
    );
}

#[tokio::test]
async fn the_state_file_keeps_the_service_and_buckets() {
    let dir = std::env::temp_dir().join(format!("stackit-os-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = EmulatorConfig {
        state_file: Some(dir.join("state.json")),
        ..EmulatorConfig::default()
    };
    {
        let cloud = start_with(config.clone());
        enable(&cloud).await;
        assert_eq!(create(&cloud, "kept").await.status, 201);
    }
    let cloud = start_with(config);
    assert_eq!(get(&cloud, &os("")).await.status, 200);
    assert_eq!(get(&cloud, &os("/bucket/kept")).await.status, 200);
    cloud.admin(Method::POST, "reset", None).await;
    assert_eq!(get(&cloud, &os("")).await.status, 404, "reset forgets it");
    std::fs::remove_dir_all(&dir).unwrap();
}
