//! STACKIT resources and issued tokens survive a restart with `--state FILE`.

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::EmulatorConfig;

use crate::stackit_helpers::{
    assertion, call_as, claims, get, grant, header, network, p, server, start_with,
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
