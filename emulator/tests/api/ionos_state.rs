//! IONOS objects in the admin inventory, through `--state FILE` and reset; after deleting
//! everything nothing is left.

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::EmulatorConfig;

use crate::ionos_helpers::{
    api, create, dc, delete, get, ids, inventory, lan, mutate, server_on, start, start_with,
};

/// The number of objects in each IONOS inventory collection.
fn counts(inventory: &serde_json::Value) -> Vec<(String, usize)> {
    inventory["ionos"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, items)| (name.clone(), items.as_array().unwrap().len()))
        .collect()
}

/// Creates one of everything: a private and a public LAN, a server with a boot volume and a
/// NIC, a NIC with an IP block address, a data volume and a security group with a rule
/// attached to the server. Returns (server id, IP block id, group id, generated token).
async fn build(cloud: &crate::helpers::Cloud) -> (String, String, String, String) {
    let private = lan(cloud, false).await;
    let public = lan(cloud, true).await;
    let server = server_on(cloud, "kept", &private).await;
    let block = create(
        cloud,
        &api("/ipblocks"),
        json!({"properties": {"location": "de/fra", "size": 1}}),
    )
    .await;
    let ip =
        get(cloud, &api(&format!("/ipblocks/{block}"))).await.body["properties"]["ips"][0].clone();
    create(
        cloud,
        &dc(&format!("/servers/{server}/nics")),
        json!({"properties": {"lan": public.parse::<u32>().unwrap(), "ips": [ip]}}),
    )
    .await;
    create(cloud, &dc("/volumes"), json!({"properties": {"size": 5}})).await;
    let group = create(
        cloud,
        &dc("/securitygroups"),
        json!({"properties": {"name": "g"}, "entities": {"rules": {"items": [{"properties": {"protocol": "ANY", "type": "EGRESS"}}]}}}),
    )
    .await;
    mutate(
        cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}/securitygroups")),
        Some(json!({"ids": [group]})),
    )
    .await;
    let auth = crate::ionos_helpers::account();
    let token = cloud
        .call(
            Method::GET,
            "/ionos/auth/v1/tokens/generate",
            None,
            &[("authorization", auth.as_str())],
        )
        .await
        .body["token"]
        .as_str()
        .unwrap()
        .to_string();
    (server, block, group, token)
}

#[tokio::test]
async fn everything_is_inventoried_and_nothing_left_after_deleting() {
    let cloud = start();
    let (server, block, group, _) = build(&cloud).await;
    let before = inventory(&cloud).await;
    let expected = [
        ("buckets", 0),
        ("ipblocks", 1),
        ("lans", 2),
        ("nics", 2),
        ("rules", 1),
        ("securitygroups", 1),
        ("servers", 1),
        ("volumes", 2),
    ];
    let expected: Vec<(String, usize)> =
        expected.iter().map(|(n, c)| (n.to_string(), *c)).collect();
    assert_eq!(counts(&before), expected);
    assert_eq!(before["total"], 10);
    assert!(before["ionos"]["servers"][0]["href"]
        .as_str()
        .unwrap()
        .starts_with("/ionos/cloudapi/v6/datacenters/"));

    mutate(
        &cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}/securitygroups")),
        Some(json!({"ids": []})),
    )
    .await;
    delete(
        &cloud,
        &dc(&format!("/servers/{server}?deleteVolumes=true")),
    )
    .await;
    delete(&cloud, &dc(&format!("/securitygroups/{group}"))).await;
    delete(&cloud, &api(&format!("/ipblocks/{block}"))).await;
    for volume in ids(&get(&cloud, &dc("/volumes")).await.body) {
        delete(&cloud, &dc(&format!("/volumes/{volume}"))).await;
    }
    for lan in ids(&get(&cloud, &dc("/lans")).await.body) {
        delete(&cloud, &dc(&format!("/lans/{lan}"))).await;
    }
    let after = inventory(&cloud).await;
    assert!(counts(&after).iter().all(|(_, n)| *n == 0), "{after}");
    assert_eq!(after["total"], 0);
}

#[tokio::test]
async fn ionos_objects_survive_a_restart_and_go_with_a_reset() {
    let dir = std::env::temp_dir().join(format!(
        "sovereign-emulator-ionos-state-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let config = || EmulatorConfig {
        state_file: Some(file.clone()),
        ..EmulatorConfig::default()
    };
    let (server, block, group, token) = {
        let cloud = start_with(config());
        build(&cloud).await
    };
    let cloud = start_with(config());
    let body = get(&cloud, &dc(&format!("/servers/{server}?depth=2")))
        .await
        .body;
    assert_eq!(body["properties"]["name"], "kept");
    assert_eq!(body["properties"]["vmState"], "RUNNING");
    assert_eq!(ids(&body["entities"]["nics"]).len(), 2);
    assert_eq!(ids(&body["entities"]["securitygroups"]), [group]);
    let consumers = get(&cloud, &api(&format!("/ipblocks/{block}"))).await.body["properties"]
        ["ipConsumers"]
        .clone();
    assert_eq!(consumers[0]["serverId"], server.as_str());
    let bearer = format!("Bearer {token}");
    let with_token = cloud
        .call(
            Method::GET,
            &api("/datacenters"),
            None,
            &[("authorization", bearer.as_str())],
        )
        .await;
    assert_eq!(with_token.status, 200, "generated tokens are kept too");
    let next = crate::ionos_helpers::lan(&cloud, false).await;
    assert_eq!(next, "3", "LAN ids go on after a restart");
    assert_eq!(inventory(&cloud).await["total"], 11);

    cloud.admin(Method::POST, "reset", None).await;
    assert_eq!(inventory(&cloud).await["total"], 0);
    assert!(ids(&get(&cloud, &api("/requests")).await.body).is_empty());
    let after_reset = cloud
        .call(
            Method::GET,
            &api("/datacenters"),
            None,
            &[("authorization", bearer.as_str())],
        )
        .await;
    assert_eq!(after_reset.status, 401, "reset drops generated tokens");
    assert_eq!(ids(&get(&cloud, &api("/datacenters")).await.body).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
