//! STACKIT networks, NICs and public IPs: 202s and status transitions, prefixes and gateways,
//! merge-patched labels, label selectors, 409s while in use.

use reqwest::Method;
use serde_json::json;

use crate::stackit_helpers::{
    call, get, id, network, p, post, server, start, start_slow, wait_gone, wait_status,
};

#[tokio::test]
async fn networks_go_through_creating_and_deleting() {
    let cloud = start_slow(300);
    let body = json!({"name": "net one", "labels": {"team": "a"}, "ipv4": {"prefix": "10.20.0.0/24", "nameservers": ["9.9.9.9"]}});
    let created = post(&cloud, &p("/networks"), body, 202).await;
    assert_eq!(created["status"], "CREATING");
    let path = p(&format!("/networks/{}", id(&created)));
    let ready = wait_status(&cloud, &path, "CREATED").await;
    assert_eq!(ready["ipv4"]["prefixes"], json!(["10.20.0.0/24"]));
    assert_eq!(ready["ipv4"]["gateway"], "10.20.0.1");
    assert_eq!(ready["ipv4"]["nameservers"], json!(["9.9.9.9"]));
    assert_eq!(ready["routed"], true);
    assert_eq!(ready["labels"], json!({"team": "a"}));

    let patch = json!({"name": "net-two", "labels": {"team": null, "env": "dev"}, "ipv4": {"nameservers": []}});
    let reply = call(&cloud, Method::PATCH, &path, Some(patch)).await;
    assert_eq!(reply.status, 202, "{}", reply.body);
    assert_eq!(get(&cloud, &path).await.body["status"], "UPDATING");
    let updated = wait_status(&cloud, &path, "CREATED").await;
    assert_eq!(updated["name"], "net-two");
    assert_eq!(updated["labels"], json!({"env": "dev"}));
    assert_eq!(updated["ipv4"]["nameservers"], json!([]));

    let selected = get(&cloud, &p("/networks?label_selector=env=dev")).await;
    assert_eq!(selected.body["items"].as_array().unwrap().len(), 1);
    let none = get(&cloud, &p("/networks?label_selector=env=prod")).await;
    assert_eq!(none.body["items"], json!([]));

    assert_eq!(call(&cloud, Method::DELETE, &path, None).await.status, 202);
    assert_eq!(get(&cloud, &path).await.body["status"], "DELETING");
    let late = call(&cloud, Method::PATCH, &path, Some(json!({"name": "late"}))).await;
    assert_eq!(late.status, 409, "no changes while deleting");
    wait_gone(&cloud, &path).await;
}

#[tokio::test]
async fn prefixes_are_checked_and_allocated() {
    let cloud = start();
    let auto = post(
        &cloud,
        &p("/networks"),
        json!({"name": "a", "ipv4": {"prefixLength": 24}}),
        202,
    )
    .await;
    assert_eq!(auto["ipv4"]["prefixes"], json!(["10.0.0.0/24"]));
    let next = post(
        &cloud,
        &p("/networks"),
        json!({"name": "b", "ipv4": {"prefixLength": 25}}),
        202,
    )
    .await;
    assert_eq!(next["ipv4"]["prefixes"], json!(["10.0.1.0/25"]));
    let no_gateway = post(
        &cloud,
        &p("/networks"),
        json!({"name": "c", "ipv4": {"prefix": "192.168.5.0/24", "gateway": null}}),
        202,
    )
    .await;
    assert!(no_gateway["ipv4"].get("gateway").is_none());
    for bad in [
        json!({"name": "d", "ipv4": {"prefix": "10.0.0.0/26"}}),
        json!({"name": "e", "ipv4": {"prefix": "172.16.0.1/24"}}),
        json!({"name": "f", "ipv4": {"prefixLength": 30}}),
        json!({"name": "g!", "ipv4": {"prefixLength": 24}}),
        json!({"ipv4": {"prefixLength": 24}}),
        json!({"name": "h", "labels": {"stackit-x": "y"}}),
        json!({"name": "i", "ipv4": {"prefix": "172.17.0.0/24", "gateway": "172.18.0.1"}}),
    ] {
        let reply = call(&cloud, Method::POST, &p("/networks"), Some(bad.clone())).await;
        assert_eq!(reply.status, 400, "{bad}: {}", reply.body);
        assert_eq!(reply.body["code"], 400);
    }
}

#[tokio::test]
async fn nics_live_on_networks_and_block_their_deletion() {
    let cloud = start();
    let net = network(&cloud, "net", "10.30.0.0/24").await;
    let nic = post(
        &cloud,
        &p(&format!("/networks/{net}/nics")),
        json!({"labels": {"k": "v"}}),
        201,
    )
    .await;
    assert_eq!(nic["networkId"], net.as_str());
    assert_eq!(nic["ipv4"], "10.30.0.2");
    assert_eq!(nic["nicSecurity"], true);
    assert_eq!(nic["status"], "ACTIVE");
    assert!(nic.get("device").is_none());
    let mac = nic["mac"].as_str().unwrap();
    assert_eq!(mac.len(), 17, "{mac}");
    let nic_id = id(&nic);
    let taken = call(
        &cloud,
        Method::POST,
        &p(&format!("/networks/{net}/nics")),
        Some(json!({"ipv4": "10.30.0.2"})),
    )
    .await;
    assert_eq!(taken.status, 409);
    assert_eq!(
        get(&cloud, &p(&format!("/nics/{nic_id}"))).await.status,
        200
    );
    let patched = call(
        &cloud,
        Method::PATCH,
        &p(&format!("/networks/{net}/nics/{nic_id}")),
        Some(json!({"name": "eth0"})),
    )
    .await;
    assert_eq!(patched.status, 200);
    assert_eq!(patched.body["name"], "eth0");
    assert_eq!(patched.body["labels"], json!({"k": "v"}));

    let blocked = call(
        &cloud,
        Method::DELETE,
        &p(&format!("/networks/{net}")),
        None,
    )
    .await;
    assert_eq!(blocked.status, 409, "{}", blocked.body);
    let nic_path = p(&format!("/networks/{net}/nics/{nic_id}"));
    assert_eq!(
        call(&cloud, Method::DELETE, &nic_path, None).await.status,
        204
    );
    assert_eq!(get(&cloud, &nic_path).await.status, 404);
    assert_eq!(get(&cloud, &nic_path).await.body["msg"], "nic not found");
    assert_eq!(
        call(
            &cloud,
            Method::DELETE,
            &p(&format!("/networks/{net}")),
            None
        )
        .await
        .status,
        202
    );
    wait_gone(&cloud, &p(&format!("/networks/{net}"))).await;
}

#[tokio::test]
async fn public_ips_move_between_nics() {
    let cloud = start();
    let net = network(&cloud, "net", "10.40.0.0/24").await;
    let srv = server(&cloud, "web", &net).await;
    let srv_id = id(&srv);
    let detailed = get(&cloud, &p(&format!("/servers/{srv_id}?details=true")))
        .await
        .body;
    let nic = detailed["nics"][0]["nicId"].as_str().unwrap().to_string();

    let ip = post(
        &cloud,
        &p("/public-ips"),
        json!({"networkInterface": nic, "labels": {"a": "b"}}),
        201,
    )
    .await;
    assert_eq!(ip["ip"], "192.0.2.1");
    assert_eq!(ip["networkInterface"], nic.as_str());
    let ip_path = p(&format!("/public-ips/{}", id(&ip)));
    let second = call(
        &cloud,
        Method::POST,
        &p("/public-ips"),
        Some(json!({"networkInterface": nic})),
    )
    .await;
    assert_eq!(second.status, 409, "one address per NIC");
    let shown = get(&cloud, &p(&format!("/servers/{srv_id}?details=true")))
        .await
        .body;
    assert_eq!(shown["nics"][0]["publicIp"], "192.0.2.1");
    let device = get(&cloud, &p(&format!("/nics/{nic}"))).await.body;
    assert_eq!(device["device"], srv_id.as_str());
    assert_eq!(device["type"], "server");

    let off = call(
        &cloud,
        Method::PATCH,
        &ip_path,
        Some(json!({"networkInterface": null})),
    )
    .await;
    assert_eq!(off.status, 200);
    assert_eq!(off.body["networkInterface"], json!(null));
    assert_eq!(off.body["labels"], json!({"a": "b"}));
    let server_ip = p(&format!("/servers/{srv_id}/public-ips/{}", id(&ip)));
    assert_eq!(
        call(&cloud, Method::PUT, &server_ip, None).await.status,
        202
    );
    assert_eq!(
        get(&cloud, &ip_path).await.body["networkInterface"],
        nic.as_str()
    );
    assert_eq!(
        call(&cloud, Method::DELETE, &server_ip, None).await.status,
        204
    );
    assert_eq!(
        get(&cloud, &ip_path).await.body["networkInterface"],
        json!(null)
    );
    assert_eq!(
        call(&cloud, Method::PUT, &server_ip, None).await.status,
        202
    );
    let server_path = p(&format!("/servers/{srv_id}"));
    assert_eq!(
        call(&cloud, Method::DELETE, &server_path, None)
            .await
            .status,
        202
    );
    let freed = get(&cloud, &ip_path).await.body;
    assert_eq!(
        freed["networkInterface"],
        json!(null),
        "the server's NIC is gone"
    );
    assert_eq!(
        call(&cloud, Method::DELETE, &ip_path, None).await.status,
        204
    );
    let missing = get(&cloud, &ip_path).await;
    assert_eq!(
        missing.body,
        json!({"code": 404, "msg": "public ip not found"})
    );
}
