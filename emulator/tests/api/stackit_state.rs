//! STACKIT resources and issued tokens survive a restart with `--state FILE`.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::EmulatorConfig;

use crate::stackit_helpers::{
    assertion, call, call_as, claims, get, grant, header, network, p, post, server, start_with,
    wait_gone, wait_status,
};

#[tokio::test]
async fn state_file_keeps_stackit() {
    let dir = std::env::temp_dir().join(format!("stackit-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let config = EmulatorConfig {
        state_file: Some(file.clone()),
        ..EmulatorConfig::default()
    };
    let (access, server_id) = {
        let cloud = start_with(config.clone());
        let net = network(&cloud, "kept", "10.13.0.0/24").await;
        let srv = server(&cloud, "kept", &net).await;
        let (_, body) = grant(&cloud, &assertion(header(), claims())).await;
        (
            body["access_token"].as_str().unwrap().to_string(),
            srv["id"].as_str().unwrap().to_string(),
        )
    };
    let cloud = start_with(config);
    let reply = call_as(
        &cloud,
        &access,
        Method::GET,
        &p(&format!("/servers/{server_id}?details=true")),
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["nics"][0]["networkName"], "kept");
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["stackit"]["volumes"].as_array().unwrap().len(), 1);
    assert_eq!(cloud.admin(Method::POST, "reset", None).await.status, 200);
    let after = call_as(&cloud, &access, Method::GET, &p("/servers"), None).await;
    assert_eq!(after.status, 401, "reset drops issued tokens");
    assert_eq!(get(&cloud, &p("/servers")).await.body, json!({"items": []}));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[tokio::test]
async fn state_file_drops_what_is_gone() {
    let dir = std::env::temp_dir().join(format!("stackit-purge-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let cloud = start_with(EmulatorConfig {
        state_file: Some(file.clone()),
        provision_delay: Duration::from_millis(100),
        ..EmulatorConfig::default()
    });
    let made = post(
        &cloud,
        &p("/volumes"),
        json!({"size": 1, "availabilityZone": "eu01-1"}),
        201,
    )
    .await;
    let volume = made["id"].as_str().unwrap().to_string();
    wait_status(&cloud, &p(&format!("/volumes/{volume}")), "AVAILABLE").await;
    let deleted = call(
        &cloud,
        Method::DELETE,
        &p(&format!("/volumes/{volume}")),
        None,
    )
    .await;
    assert_eq!(deleted.status, 202, "{}", deleted.body);
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(
        saved.contains(&volume),
        "a volume being deleted is still kept"
    );
    wait_gone(&cloud, &p(&format!("/volumes/{volume}"))).await;
    post(
        &cloud,
        &p("/security-groups"),
        json!({"name": "after"}),
        201,
    )
    .await;
    let saved = std::fs::read_to_string(&file).unwrap();
    assert!(saved.contains("after"));
    assert!(
        !saved.contains(&volume),
        "the next change drops the volume whose delete is done"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
