//! IONOS refusals in the IONOS error shape: unknown resources and routes (404), malformed
//! bodies (400), invalid servers and volumes (422), methods a route lacks (405).

use reqwest::Method;
use serde_json::{json, Value};

use crate::ionos_helpers::{
    account, api, assert_error, boot_volume, call, dc, error_message, get, start, UBUNTU_TXL,
};

/// POSTs `body` to `path` and asserts a 422.
async fn refused(cloud: &crate::helpers::Cloud, path: &str, body: Value) -> String {
    let reply = call(cloud, Method::POST, path, Some(body.clone())).await;
    assert_error(&reply, 422, "200");
    error_message(&reply).to_string()
}

#[tokio::test]
async fn unknown_things_are_404() {
    let cloud = start();
    for path in [
        dc("/servers/nope"),
        dc("/volumes/nope"),
        dc("/lans/9"),
        dc("/securitygroups/nope"),
        dc("/servers/nope/nics"),
        dc("/servers/nope/volumes"),
        api("/ipblocks/nope"),
        api("/datacenters/nope/servers"),
        api("/nothing/here"),
        "/ionos/anything".to_string(),
    ] {
        let reply = get(&cloud, &path).await;
        assert_error(&reply, 404, "309");
    }
    let delete = call(&cloud, Method::DELETE, &dc("/servers/nope"), None).await;
    assert_error(&delete, 404, "309");
    let patch = call(&cloud, Method::PATCH, &dc("/volumes/nope"), Some(json!({}))).await;
    assert_error(&patch, 404, "309");
}

#[tokio::test]
async fn malformed_bodies_are_400_and_wrong_methods_405() {
    let cloud = start();
    let auth = account();
    let reply = cloud
        .http
        .post(format!("{}{}", cloud.emulator.url(), dc("/lans")))
        .header("authorization", auth)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 400);
    let body: Value = reply.json().await.unwrap();
    assert_eq!(body["messages"][0]["errorCode"], "100");
    let array = call(&cloud, Method::POST, &dc("/volumes"), Some(json!([1]))).await;
    assert_error(&array, 400, "100");
    let wrong = call(&cloud, Method::DELETE, &api("/images"), None).await;
    assert_error(&wrong, 405, "310");
    let wrong = call(&cloud, Method::POST, &dc(""), Some(json!({}))).await;
    assert_error(&wrong, 405, "310");
}

#[tokio::test]
async fn invalid_servers_and_volumes_are_422() {
    let cloud = start();
    let servers = dc("/servers");
    let server = |props: Value| json!({"properties": props});
    for props in [
        json!({"ram": 1024}),
        json!({"cores": 1}),
        json!({"cores": 1, "ram": 1000}),
        json!({"cores": 1, "ram": 0}),
        json!({"cores": 0, "ram": 1024}),
        json!({"cores": "many", "ram": 1024}),
        json!({"cores": 1, "ram": 1024, "availabilityZone": "ZONE_3"}),
        json!({"cores": 1, "ram": 1024, "type": "CUBE"}),
        json!({"cores": 1, "ram": 1024, "cpuFamily": "INTEL_XEON"}),
        json!({"cores": 1, "ram": 1024, "bootVolume": {"id": "x"}}),
    ] {
        refused(&cloud, &servers, server(props)).await;
    }
    let with_volume = |volume: Value| json!({"properties": {"cores": 1, "ram": 1024}, "entities": {"volumes": {"items": [volume]}}});
    let message = refused(
        &cloud,
        &servers,
        with_volume(json!({"properties": {"size": 10, "image": UBUNTU_TXL, "sshKeys": ["k"]}})),
    )
    .await;
    assert!(message.contains("de/txl"), "{message}");
    refused(&cloud, &servers, with_volume(boot_volume(3))).await;

    let volumes = dc("/volumes");
    for props in [
        json!({"name": "no size"}),
        json!({"size": -1}),
        json!({"size": 10, "type": "DAS"}),
        json!({"size": 10, "availabilityZone": "ZONE_4"}),
        json!({"size": 10, "imageAlias": "windows:latest", "imagePassword": "abcdefgh1"}),
        json!({"size": 10, "image": "nope", "imagePassword": "abcdefgh1"}),
        json!({"size": 10, "imageAlias": "ubuntu:latest"}),
        json!({"size": 10, "imageAlias": "ubuntu:latest", "imagePassword": "short"}),
        json!({"size": 10, "imageAlias": "ubuntu:latest", "sshKeys": ["k"], "userData": "not base64!"}),
        json!({"size": 10, "sshKeys": ["k"]}),
        json!({"size": 10, "userData": "I2Nsb3VkLWNvbmZpZwo="}),
        json!({"size": 10, "image": UBUNTU_TXL, "imageAlias": "ubuntu:latest", "sshKeys": ["k"]}),
        json!({"size": 10, "bus": "SCSI"}),
    ] {
        refused(&cloud, &volumes, json!({"properties": props})).await;
    }
    let nothing_created = get(&cloud, &dc("/volumes")).await.body;
    assert_eq!(nothing_created["items"], json!([]));
    assert_eq!(get(&cloud, &servers).await.body["items"], json!([]));
}
