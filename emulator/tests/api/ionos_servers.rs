//! IONOS servers: created with their boot volume and NIC, resized, volumes attached and
//! detached, `fail-build`, and what deleting does with the volumes.

use reqwest::Method;
use serde_json::json;

use crate::ionos_helpers::{
    assert_error, boot_volume, call, create, dc, delete, get, ids, inventory, lan, mutate,
    server_on, settle, start, start_slow, UBUNTU_FRA,
};

#[tokio::test]
async fn a_server_is_built_with_its_entities() {
    let cloud = start_slow(150);
    let lan = lan(&cloud, false).await;
    let block = get(&cloud, &dc(&format!("/lans/{lan}"))).await.body["properties"]["ipv4CidrBlock"]
        .as_str()
        .unwrap()
        .to_string();
    let created = call(
        &cloud,
        Method::POST,
        &dc("/servers"),
        Some(json!({
            "properties": {"name": "web", "cores": 2, "ram": 2048, "availabilityZone": "AUTO"},
            "entities": {
                "volumes": {"items": [
                    {"properties": {"name": "data", "size": 5, "type": "HDD", "licenceType": "LINUX"}},
                    boot_volume(20),
                ]},
                "nics": {"items": [{"properties": {"name": "eth0", "lan": lan.parse::<u32>().unwrap(), "dhcp": true}}]},
            },
        })),
    )
    .await;
    assert_eq!(created.status, 202, "{}", created.body);
    let server = created.body["id"].as_str().unwrap().to_string();
    let volumes = created.body["entities"]["volumes"]["items"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(volumes.len(), 2, "the answer shows the new volumes");
    assert_eq!(created.body["properties"]["vmState"], "NOSTATE");
    let status = settle(&cloud, &created).await;
    let targets = status["metadata"]["targets"].as_array().unwrap();
    assert_eq!(targets[0]["target"]["id"], server.as_str());
    assert_eq!(targets.len(), 4, "server, two volumes, NIC: {status}");

    let body = get(&cloud, &dc(&format!("/servers/{server}?depth=2")))
        .await
        .body;
    let props = &body["properties"];
    assert_eq!(props["vmState"], "RUNNING");
    assert_eq!(props["availabilityZone"], "ZONE_1");
    assert_eq!(props["type"], "ENTERPRISE");
    assert_eq!(props["cpuFamily"], "INTEL_SKYLAKE");
    assert_eq!(body["metadata"]["state"], "AVAILABLE");
    let attached = body["entities"]["volumes"]["items"].as_array().unwrap();
    let boot = attached
        .iter()
        .find(|v| v["properties"]["name"] == "boot")
        .unwrap();
    assert_eq!(props["bootVolume"]["id"], boot["id"]);
    assert_eq!(boot["properties"]["image"], UBUNTU_FRA);
    assert_eq!(boot["properties"]["licenceType"], "LINUX");
    assert_eq!(boot["properties"]["bootServer"], server.as_str());
    assert_eq!(boot["properties"]["deviceNumber"], 2);
    assert!(boot["properties"]["sshKeys"].is_null(), "write-only");
    let nic = &body["entities"]["nics"]["items"][0]["properties"];
    assert_eq!(nic["name"], "eth0");
    let ip = nic["ips"][0].as_str().unwrap();
    assert!(
        ip.starts_with(block.trim_end_matches("0/24")),
        "{ip} in {block}"
    );
    assert!(nic["mac"].as_str().unwrap().starts_with("02:01:"));
    assert_eq!(nic["deviceNumber"], 1);

    let stored = inventory(&cloud).await;
    let kept = stored["ionos"]["volumes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == boot["id"])
        .unwrap()
        .clone();
    assert_eq!(
        kept["writeOnly"]["sshKeys"][0],
        crate::ionos_helpers::SSH_KEY
    );
    assert!(kept["writeOnly"]["userData"].is_string());
}

#[tokio::test]
async fn a_server_is_resized_in_place() {
    let cloud = start();
    let lan = lan(&cloud, false).await;
    let server = server_on(&cloud, "small", &lan).await;
    let resized = mutate(
        &cloud,
        Method::PATCH,
        &dc(&format!("/servers/{server}")),
        Some(json!({"cores": 4, "ram": 8192})),
    )
    .await;
    assert_eq!(resized["properties"]["cores"], 4);
    let body = get(&cloud, &dc(&format!("/servers/{server}"))).await.body;
    assert_eq!(body["properties"]["ram"], 8192);
    assert_eq!(body["properties"]["name"], "small");
    assert_eq!(body["properties"]["vmState"], "RUNNING");
    let renamed = mutate(
        &cloud,
        Method::PUT,
        &dc(&format!("/servers/{server}")),
        Some(json!({"properties": {"name": "big", "cores": 4, "ram": 8192, "availabilityZone": "ZONE_1"}})),
    )
    .await;
    assert_eq!(renamed["properties"]["name"], "big");
    for (body, code) in [
        (json!({"ram": 1000}), 422),
        (json!({"ram": 128}), 422),
        (json!({"cores": 0}), 422),
        (json!({"cores": 63}), 422),
        (json!({"availabilityZone": "ZONE_2"}), 422),
        (json!({"cpuFamily": "POWER9"}), 422),
        (json!({"type": "CUBE"}), 422),
        (json!({"bootVolume": {"id": "nope"}}), 422),
    ] {
        let reply = call(
            &cloud,
            Method::PATCH,
            &dc(&format!("/servers/{server}")),
            Some(body.clone()),
        )
        .await;
        assert_error(&reply, code, "200");
    }
}

#[tokio::test]
async fn volumes_are_attached_and_detached() {
    let cloud = start();
    let lan = lan(&cloud, false).await;
    let first = server_on(&cloud, "one", &lan).await;
    let second = server_on(&cloud, "two", &lan).await;
    let volume = create(
        &cloud,
        &dc("/volumes"),
        json!({"properties": {"name": "data", "size": 10, "type": "SSD Standard"}}),
    )
    .await;
    let fresh = get(&cloud, &dc(&format!("/volumes/{volume}"))).await.body;
    assert!(fresh["properties"]["bootServer"].is_null());
    assert_eq!(fresh["properties"]["licenceType"], "UNKNOWN");

    let attached = mutate(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{first}/volumes")),
        Some(json!({"id": volume})),
    )
    .await;
    assert_eq!(attached["id"], volume.as_str());
    assert_eq!(attached["properties"]["deviceNumber"], 2);
    assert_eq!(attached["properties"]["bootServer"], first.as_str());
    let listed = get(&cloud, &dc(&format!("/servers/{first}/volumes")))
        .await
        .body;
    assert_eq!(ids(&listed).len(), 2);
    let one = get(&cloud, &dc(&format!("/servers/{first}/volumes/{volume}"))).await;
    assert_eq!(one.status, 200);

    let twice = call(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{second}/volumes")),
        Some(json!({"id": volume})),
    )
    .await;
    assert_error(&twice, 422, "200");
    let unknown = call(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{second}/volumes")),
        Some(json!({"id": "nope"})),
    )
    .await;
    assert_error(&unknown, 404, "309");

    delete(&cloud, &dc(&format!("/servers/{first}/volumes/{volume}"))).await;
    let detached = get(&cloud, &dc(&format!("/volumes/{volume}"))).await.body;
    assert!(detached["properties"]["bootServer"].is_null());
    assert!(detached["properties"]["deviceNumber"].is_null());
    let gone = get(&cloud, &dc(&format!("/servers/{first}/volumes/{volume}"))).await;
    assert_error(&gone, 404, "309");
    let again = call(
        &cloud,
        Method::DELETE,
        &dc(&format!("/servers/{first}/volumes/{volume}")),
        None,
    )
    .await;
    assert_error(&again, 404, "309");
    mutate(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{second}/volumes")),
        Some(json!({"id": volume})),
    )
    .await;
    let created = mutate(
        &cloud,
        Method::POST,
        &dc(&format!("/servers/{second}/volumes")),
        Some(json!({"properties": {"name": "new", "size": 1}})),
    )
    .await;
    assert_eq!(created["properties"]["deviceNumber"], 3);
}

#[tokio::test]
async fn a_volume_only_grows() {
    let cloud = start();
    let volume = create(&cloud, &dc("/volumes"), json!({"properties": {"size": 10}})).await;
    let path = dc(&format!("/volumes/{volume}"));
    let grown = mutate(
        &cloud,
        Method::PATCH,
        &path,
        Some(json!({"size": 20, "name": "bigger"})),
    )
    .await;
    assert_eq!(grown["properties"]["size"], 20.0);
    assert_eq!(grown["properties"]["name"], "bigger");
    assert_eq!(grown["properties"]["type"], "HDD");
    assert_error(
        &call(&cloud, Method::PATCH, &path, Some(json!({"size": 5}))).await,
        422,
        "200",
    );
    assert_error(
        &call(&cloud, Method::PATCH, &path, Some(json!({"type": "SSD"}))).await,
        422,
        "200",
    );
    assert_error(
        &call(
            &cloud,
            Method::PATCH,
            &path,
            Some(json!({"sshKeys": ["k"]})),
        )
        .await,
        422,
        "200",
    );
}

#[tokio::test]
async fn fail_build_fails_the_request_and_the_server() {
    let cloud = start();
    let lan = lan(&cloud, false).await;
    let created = call(
        &cloud,
        Method::POST,
        &dc("/servers"),
        Some(json!({
            "properties": {"name": "x-fail-build", "cores": 1, "ram": 512},
            "entities": {
                "volumes": {"items": [boot_volume(10)]},
                "nics": {"items": [{"properties": {"lan": lan.parse::<u32>().unwrap()}}]},
            },
        })),
    )
    .await;
    let server = created.body["id"].as_str().unwrap().to_string();
    let status = settle(&cloud, &created).await;
    assert_eq!(status["metadata"]["status"], "FAILED");
    assert!(status["metadata"]["message"]
        .as_str()
        .unwrap()
        .contains("no capacity for the server"));
    assert_eq!(status["metadata"]["targets"][0]["status"], "FAILED");
    let body = get(&cloud, &dc(&format!("/servers/{server}?depth=1")))
        .await
        .body;
    assert_eq!(body["metadata"]["state"], "FAILED");
    assert_ne!(body["properties"]["vmState"], "RUNNING");
    assert!(ids(&body["entities"]["volumes"]).is_empty());
    assert!(ids(&get(&cloud, &dc("/volumes")).await.body).is_empty());
    delete(&cloud, &dc(&format!("/servers/{server}"))).await;
    assert_error(
        &get(&cloud, &dc(&format!("/servers/{server}"))).await,
        404,
        "309",
    );
}

#[tokio::test]
async fn deleting_a_server_keeps_or_deletes_its_volumes() {
    let cloud = start();
    let lan = lan(&cloud, false).await;
    let kept = server_on(&cloud, "keeps", &lan).await;
    let dropped = server_on(&cloud, "drops", &lan).await;
    let volume_of = |body: &serde_json::Value| ids(&body["entities"]["volumes"])[0].clone();
    let kept_volume = volume_of(
        &get(&cloud, &dc(&format!("/servers/{kept}?depth=1")))
            .await
            .body,
    );
    let dropped_volume = volume_of(
        &get(&cloud, &dc(&format!("/servers/{dropped}?depth=1")))
            .await
            .body,
    );

    delete(&cloud, &dc(&format!("/servers/{kept}"))).await;
    let volume = get(&cloud, &dc(&format!("/volumes/{kept_volume}"))).await;
    assert_eq!(volume.status, 200, "kept without deleteVolumes");
    assert!(volume.body["properties"]["bootServer"].is_null());
    delete(
        &cloud,
        &dc(&format!("/servers/{dropped}?deleteVolumes=true")),
    )
    .await;
    let gone = get(&cloud, &dc(&format!("/volumes/{dropped_volume}"))).await;
    assert_error(&gone, 404, "309");
    assert_eq!(ids(&get(&cloud, &dc("/volumes")).await.body), [kept_volume]);
    assert!(ids(&get(&cloud, &dc(&format!("/lans/{lan}/nics"))).await.body).is_empty());
    assert!(ids(&get(&cloud, &dc("/servers")).await.body).is_empty());
}
