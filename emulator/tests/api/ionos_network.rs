//! IONOS LANs (private blocks, public LANs), NICs and their addresses, IP blocks bound to NICs
//! on public LANs, and the refusals around them.

use reqwest::Method;
use serde_json::{json, Value};

use crate::ionos_helpers::{
    api, assert_error, call, create, dc, delete, get, ids, lan, mutate, server_on, start,
};

/// The `ips` of NIC `nic` of `server`.
async fn nic_ips(cloud: &crate::helpers::Cloud, server: &str, nic: &str) -> Value {
    get(cloud, &dc(&format!("/servers/{server}/nics/{nic}")))
        .await
        .body["properties"]["ips"]
        .clone()
}

#[tokio::test]
async fn private_lans_get_a_block_and_public_ones_none() {
    let cloud = start();
    let first = lan(&cloud, false).await;
    let auto = create(
        &cloud,
        &dc("/lans"),
        json!({"properties": {"name": "auto", "ipv4CidrBlock": "AUTO"}}),
    )
    .await;
    let public = lan(&cloud, true).await;
    assert_eq!(
        (first.as_str(), auto.as_str(), public.as_str()),
        ("1", "2", "3")
    );
    let block = |id: &str| {
        let id = id.to_string();
        let cloud = &cloud;
        async move {
            get(cloud, &dc(&format!("/lans/{id}"))).await.body["properties"]["ipv4CidrBlock"]
                .clone()
        }
    };
    assert_eq!(block(&first).await, "10.7.0.0/24");
    assert_eq!(block(&auto).await, "10.7.1.0/24");
    assert_eq!(block(&public).await, Value::Null);

    // The block is read-only: IONOS assigns it.
    for body in [
        json!({"properties": {"ipv4CidrBlock": "10.20.30.0/24"}}),
        json!({"properties": {"public": true, "ipv4CidrBlock": "10.9.9.0/24"}}),
        json!({"properties": {"public": "yes"}}),
        json!({"name": "no properties"}),
    ] {
        let reply = call(&cloud, Method::POST, &dc("/lans"), Some(body)).await;
        assert_error(&reply, 422, "200");
    }
    let moved = call(
        &cloud,
        Method::PATCH,
        &dc(&format!("/lans/{first}")),
        Some(json!({"ipv4CidrBlock": "10.8.0.0/24"})),
    )
    .await;
    assert_error(&moved, 422, "200");

    // A client echoing what it read (the block included) may rename.
    let renamed = mutate(
        &cloud,
        Method::PATCH,
        &dc(&format!("/lans/{first}")),
        Some(json!({"name": "renamed", "ipv4CidrBlock": "10.7.0.0/24"})),
    )
    .await;
    assert_eq!(renamed["properties"]["name"], "renamed");
    assert_eq!(renamed["properties"]["ipv4CidrBlock"], "10.7.0.0/24");
    let made_public = mutate(
        &cloud,
        Method::PUT,
        &dc(&format!("/lans/{first}")),
        Some(json!({"properties": {"public": true}})),
    )
    .await;
    assert_eq!(made_public["properties"]["ipv4CidrBlock"], Value::Null);
}

#[tokio::test]
async fn nics_get_addresses_from_their_lan() {
    let cloud = start();
    let private = lan(&cloud, false).await;
    let server = server_on(&cloud, "a", &private).await;
    let first = ids(&get(&cloud, &dc(&format!("/servers/{server}/nics")))
        .await
        .body)[0]
        .clone();
    assert_eq!(nic_ips(&cloud, &server, &first).await, json!(["10.7.0.10"]));

    let chosen = create(
        &cloud,
        &dc(&format!("/servers/{server}/nics")),
        json!({"properties": {"lan": 1, "ips": ["10.7.0.99"], "dhcp": false, "firewallActive": true, "firewallType": "BIDIRECTIONAL"}}),
    )
    .await;
    let body = get(&cloud, &dc(&format!("/servers/{server}/nics/{chosen}")))
        .await
        .body;
    assert_eq!(body["properties"]["ips"], json!(["10.7.0.99"]));
    assert_eq!(body["properties"]["deviceNumber"], 2);
    assert_eq!(body["properties"]["firewallType"], "BIDIRECTIONAL");
    let on_lan = get(&cloud, &dc(&format!("/lans/{private}/nics")))
        .await
        .body;
    assert_eq!(ids(&on_lan).len(), 2);
    let via_lan = get(&cloud, &dc(&format!("/lans/{private}/nics/{chosen}"))).await;
    assert_eq!(via_lan.status, 200);

    let taken = call(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{server}/nics")),
        Some(json!({"properties": {"lan": 1, "ips": ["10.7.0.99"]}})),
    )
    .await;
    assert_error(&taken, 409, "300");
    for ips in [
        json!(["10.9.0.5"]),
        json!(["10.7.0.255"]),
        json!(["not-an-ip"]),
    ] {
        let reply = call(
            &cloud,
            Method::POST,
            &dc(&format!("/servers/{server}/nics")),
            Some(json!({"properties": {"lan": 1, "ips": ips}})),
        )
        .await;
        assert_error(&reply, 422, "200");
    }
    let no_lan = call(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{server}/nics")),
        Some(json!({"properties": {"name": "x"}})),
    )
    .await;
    assert_error(&no_lan, 422, "200");

    let implicit = create(
        &cloud,
        &dc(&format!("/servers/{server}/nics")),
        json!({"properties": {"lan": 7}}),
    )
    .await;
    let lan7 = get(&cloud, &dc("/lans/7")).await;
    assert_eq!(lan7.status, 200, "a NIC on an unknown LAN creates it");
    assert_eq!(lan7.body["properties"]["public"], false);
    delete(&cloud, &dc(&format!("/servers/{server}/nics/{implicit}"))).await;

    let moved = mutate(
        &cloud,
        Method::PATCH,
        &dc(&format!("/servers/{server}/nics/{chosen}")),
        Some(json!({"lan": 7})),
    )
    .await;
    assert_eq!(moved["properties"]["lan"], 7);
    let block = lan7.body["properties"]["ipv4CidrBlock"].as_str().unwrap();
    let ip = moved["properties"]["ips"][0].as_str().unwrap();
    assert!(
        ip.starts_with(block.trim_end_matches("0/24")),
        "{ip} in {block}"
    );

    let busy = call(
        &cloud,
        Method::DELETE,
        &dc(&format!("/lans/{private}")),
        None,
    )
    .await;
    assert_error(&busy, 422, "200");
    let switch = call(
        &cloud,
        Method::PATCH,
        &dc(&format!("/lans/{private}")),
        Some(json!({"public": true})),
    )
    .await;
    assert_error(&switch, 422, "200");
}

#[tokio::test]
async fn ip_blocks_bind_to_nics_on_public_lans_only() {
    let cloud = start();
    let block = create(
        &cloud,
        &api("/ipblocks"),
        json!({"properties": {"location": "de/fra", "size": 2, "name": "ips"}}),
    )
    .await;
    let body = get(&cloud, &api(&format!("/ipblocks/{block}"))).await.body;
    let ips: Vec<String> = body["properties"]["ips"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ip| ip.as_str().unwrap().to_string())
        .collect();
    assert_eq!(ips, ["203.0.113.1", "203.0.113.2"]);
    assert_eq!(body["properties"]["size"], 2);
    assert_eq!(body["properties"]["ipConsumers"], json!([]));
    let txl = create(
        &cloud,
        &api("/ipblocks"),
        json!({"properties": {"location": "de/txl", "size": 1}}),
    )
    .await;
    let txl_ip =
        get(&cloud, &api(&format!("/ipblocks/{txl}"))).await.body["properties"]["ips"][0].clone();

    let public = lan(&cloud, true).await;
    let private = lan(&cloud, false).await;
    let server = server_on(&cloud, "edge", &private).await;
    let nic = create(
        &cloud,
        &dc(&format!("/servers/{server}/nics")),
        json!({"properties": {"lan": public.parse::<u32>().unwrap(), "ips": [ips[0]]}}),
    )
    .await;
    assert_eq!(nic_ips(&cloud, &server, &nic).await, json!([ips[0]]));
    let consumers = get(&cloud, &api(&format!("/ipblocks/{block}"))).await.body["properties"]
        ["ipConsumers"]
        .clone();
    assert_eq!(consumers[0]["ip"], ips[0].as_str());
    assert_eq!(consumers[0]["nicId"], nic.as_str());
    assert_eq!(consumers[0]["serverId"], server.as_str());
    assert_eq!(consumers[0]["serverName"], "edge");
    assert_eq!(consumers[0]["datacenterName"], "emulator-dc");

    let ephemeral = create(
        &cloud,
        &dc(&format!("/servers/{server}/nics")),
        json!({"properties": {"lan": public.parse::<u32>().unwrap()}}),
    )
    .await;
    assert_eq!(
        nic_ips(&cloud, &server, &ephemeral).await,
        json!(["192.0.2.1"])
    );

    for (lan_id, ip) in [
        (private.as_str(), json!(ips[1])),
        (public.as_str(), json!("198.18.0.1")),
        (public.as_str(), txl_ip.clone()),
    ] {
        let reply = call(
            &cloud,
            Method::POST,
            &dc(&format!("/servers/{server}/nics")),
            Some(json!({"properties": {"lan": lan_id.parse::<u32>().unwrap(), "ips": [ip]}})),
        )
        .await;
        assert_error(&reply, 422, "200");
    }
    let taken = call(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{server}/nics")),
        Some(json!({"properties": {"lan": public.parse::<u32>().unwrap(), "ips": [ips[0]]}})),
    )
    .await;
    assert_error(&taken, 409, "300");

    let in_use = call(
        &cloud,
        Method::DELETE,
        &api(&format!("/ipblocks/{block}")),
        None,
    )
    .await;
    assert_error(&in_use, 422, "200");
    let renamed = mutate(
        &cloud,
        Method::PATCH,
        &api(&format!("/ipblocks/{block}")),
        Some(json!({"name": "renamed"})),
    )
    .await;
    assert_eq!(renamed["properties"]["name"], "renamed");
    for body in [json!({"size": 3}), json!({"location": "de/txl"})] {
        let reply = call(
            &cloud,
            Method::PATCH,
            &api(&format!("/ipblocks/{block}")),
            Some(body),
        )
        .await;
        assert_error(&reply, 422, "200");
    }
    mutate(
        &cloud,
        Method::PATCH,
        &dc(&format!("/servers/{server}/nics/{nic}")),
        Some(json!({"ips": [ips[1]]})),
    )
    .await;
    let reply = call(
        &cloud,
        Method::DELETE,
        &api(&format!("/ipblocks/{txl}")),
        None,
    )
    .await;
    assert_eq!(reply.status, 202);
    delete(&cloud, &dc(&format!("/servers/{server}/nics/{nic}"))).await;
    delete(&cloud, &api(&format!("/ipblocks/{block}"))).await;
    assert!(ids(&get(&cloud, &api("/ipblocks")).await.body).is_empty());

    for body in [
        json!({"properties": {"location": "us/las", "size": 1}}),
        json!({"properties": {"location": "de/fra", "size": 0}}),
        json!({"properties": {"location": "de/fra"}}),
        json!({"properties": {"size": 1}}),
    ] {
        let reply = call(&cloud, Method::POST, &api("/ipblocks"), Some(body)).await;
        assert_error(&reply, 422, "200");
    }
}
