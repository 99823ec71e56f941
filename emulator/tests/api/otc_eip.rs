//! EIP v1: public IPs that are Neutron floating IPs on `admin_external_net`, their bandwidth,
//! binding to a port, paging and release.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{id, Cloud};
use crate::otc_helpers::{call, neutron, vpc, vpc_with_subnet};

fn eip(name: &str, size: i64) -> Value {
    json!({
        "publicip": {"type": "5_bgp", "ip_version": 4},
        "bandwidth": {"name": name, "size": size, "share_type": "PER", "charge_mode": "traffic"},
    })
}

#[tokio::test]
async fn eip_lifecycle() {
    let cloud = Cloud::start_otc().await;
    let created = call(&cloud, Method::POST, &vpc("publicips"), Some(eip("bw", 10))).await;
    assert_eq!(created.status, 200, "{}", created.body);
    let ip = &created.body["publicip"];
    assert_eq!(ip["status"], "DOWN");
    assert_eq!(ip["type"], "5_bgp");
    assert_eq!(ip["ip_version"], 4);
    assert_eq!(ip["bandwidth_size"], 10);
    assert_eq!(ip["bandwidth_share_type"], "PER");
    let address = ip["public_ip_address"].as_str().unwrap().to_string();
    assert!(address.starts_with("198.51.100."), "{address}");
    let create_time = ip["create_time"].as_str().unwrap();
    assert_eq!(create_time.len(), 19, "yyyy-MM-dd HH:mm:ss: {create_time}");
    let ip_id = id(ip);
    let bandwidth_id = ip["bandwidth_id"].as_str().unwrap().to_string();

    // the Neutron view
    let fip = call(
        &cloud,
        Method::GET,
        &neutron(&format!("floatingips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(fip.status, 200);
    assert_eq!(fip.body["floatingip"]["floating_ip_address"], address);
    assert_eq!(fip.body["floatingip"]["port_id"], Value::Null);

    // the bandwidth
    let bw = call(
        &cloud,
        Method::GET,
        &vpc(&format!("bandwidths/{bandwidth_id}")),
        None,
    )
    .await;
    assert_eq!(bw.status, 200);
    assert_eq!(bw.body["bandwidth"]["name"], "bw");
    assert_eq!(bw.body["bandwidth"]["charge_mode"], "traffic");
    assert_eq!(
        bw.body["bandwidth"]["publicip_info"][0]["publicip_id"],
        ip_id
    );
    let resized = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("bandwidths/{bandwidth_id}")),
        Some(json!({"bandwidth": {"name": "bw2", "size": 20}})),
    )
    .await;
    assert_eq!(resized.status, 200);
    assert_eq!(resized.body["bandwidth"]["size"], 20);

    // bind to a port of a VPC subnet, unbind, bind again and delete the port
    let (_, subnet_id) = vpc_with_subnet(&cloud, "10.0.0.0/16", "10.0.0.0/24", "10.0.0.1").await;
    let port = call(
        &cloud,
        Method::POST,
        &neutron("ports"),
        Some(json!({"port": {"network_id": subnet_id}})),
    )
    .await;
    assert_eq!(port.status, 201, "{}", port.body);
    let port_id = id(&port.body["port"]);
    let fixed = port.body["port"]["fixed_ips"][0]["ip_address"].clone();
    let bound = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("publicips/{ip_id}")),
        Some(json!({"publicip": {"port_id": port_id}})),
    )
    .await;
    assert_eq!(bound.status, 200, "{}", bound.body);
    assert_eq!(bound.body["publicip"]["status"], "ACTIVE");
    assert_eq!(bound.body["publicip"]["port_id"], port_id);
    assert_eq!(bound.body["publicip"]["private_ip_address"], fixed);
    assert_eq!(bound.body["publicip"]["bandwidth_size"], 20);
    let fip = call(
        &cloud,
        Method::GET,
        &neutron(&format!("floatingips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(fip.body["floatingip"]["port_id"], port_id);
    let unbound = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("publicips/{ip_id}")),
        Some(json!({"publicip": {}})),
    )
    .await;
    assert_eq!(unbound.body["publicip"]["status"], "DOWN");
    assert!(unbound.body["publicip"].get("port_id").is_none());
    let rebound = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("publicips/{ip_id}")),
        Some(json!({"publicip": {"port_id": port_id}})),
    )
    .await;
    assert_eq!(rebound.body["publicip"]["status"], "ACTIVE");
    let removed = call(
        &cloud,
        Method::DELETE,
        &neutron(&format!("ports/{port_id}")),
        None,
    )
    .await;
    assert_eq!(removed.status, 204);
    let shown = call(
        &cloud,
        Method::GET,
        &vpc(&format!("publicips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(
        shown.body["publicip"]["status"], "DOWN",
        "a deleted port unbinds"
    );
    let unknown_port = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("publicips/{ip_id}")),
        Some(json!({"publicip": {"port_id": "nope"}})),
    )
    .await;
    assert_eq!(unknown_port.status, 404);
    assert!(unknown_port.body["code"]
        .as_str()
        .unwrap()
        .starts_with("VPC."));

    // release
    let deleted = call(
        &cloud,
        Method::DELETE,
        &vpc(&format!("publicips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(deleted.status, 204);
    let gone = call(
        &cloud,
        Method::GET,
        &vpc(&format!("publicips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(gone.status, 404);
    let bw = call(
        &cloud,
        Method::GET,
        &vpc(&format!("bandwidths/{bandwidth_id}")),
        None,
    )
    .await;
    assert_eq!(bw.status, 404);
    let fip = call(
        &cloud,
        Method::GET,
        &neutron(&format!("floatingips/{ip_id}")),
        None,
    )
    .await;
    assert_eq!(fip.status, 404);
}

#[tokio::test]
async fn eip_paging_and_validation() {
    let cloud = Cloud::start_otc().await;
    for i in 0..3 {
        let reply = call(
            &cloud,
            Method::POST,
            &vpc("publicips"),
            Some(eip(&format!("b{i}"), 5)),
        )
        .await;
        assert_eq!(reply.status, 200);
    }
    let mut marker = String::new();
    let mut seen = 0;
    loop {
        let page = call(
            &cloud,
            Method::GET,
            &vpc(&format!("publicips?limit=2&marker={marker}")),
            None,
        )
        .await;
        let items = page.body["publicips"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        seen += items.len();
        marker = id(items.last().unwrap());
    }
    assert_eq!(seen, 3);
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["otc"]["publicips"].as_array().unwrap().len(), 3);
    assert_eq!(inventory["otc"]["floatingips"].as_array().unwrap().len(), 3);

    let mut bad_type = eip("b", 5);
    bad_type["publicip"]["type"] = json!("5_gold");
    let reply = call(&cloud, Method::POST, &vpc("publicips"), Some(bad_type)).await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["code"], "VPC.0301");
    for bandwidth in [
        json!({"name": "b", "size": 0, "share_type": "PER"}),
        json!({"name": "b", "size": 1001, "share_type": "PER"}),
        json!({"size": 5, "share_type": "PER"}),
        json!({"name": "b", "size": 5}),
    ] {
        let body = json!({"publicip": {"type": "5_bgp"}, "bandwidth": bandwidth});
        let reply = call(&cloud, Method::POST, &vpc("publicips"), Some(body)).await;
        assert_eq!(reply.status, 400, "{bandwidth}");
        assert_eq!(reply.body["code"], "VPC.0401", "{bandwidth}");
    }
}
