//! VPC v1: VPCs and subnets (Neutron networks), their statuses, nested update and delete,
//! conflicts and validation errors.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::EmulatorConfig;

use crate::helpers::{id, wait_for, Cloud};
use crate::otc_helpers::{call, neutron, vpc, vpc_with_subnet, PID};

fn slow() -> EmulatorConfig {
    EmulatorConfig {
        provision_delay: Duration::from_millis(300),
        ..EmulatorConfig::default()
    }
}

#[tokio::test]
async fn vpc_and_subnet_lifecycle() {
    let cloud = Cloud::start_otc_with(slow()).await;
    let created = call(
        &cloud,
        Method::POST,
        &vpc("vpcs"),
        Some(json!({"vpc": {"name": "prod", "description": "d", "cidr": "10.0.0.0/16"}})),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let v = &created.body["vpc"];
    assert_eq!(v["status"], "CREATING");
    assert_eq!(v["routes"], json!([]));
    assert_eq!(v["enable_shared_snat"], false);
    let vpc_id = id(v);
    wait_for(&cloud, &vpc(&format!("vpcs/{vpc_id}")), "/vpc/status", "OK").await;

    let subnet = call(
        &cloud,
        Method::POST,
        &vpc("subnets"),
        Some(json!({"subnet": {
            "name": "web", "cidr": "10.0.1.0/24", "gateway_ip": "10.0.1.1", "vpc_id": vpc_id,
            "primary_dns": "100.125.4.25", "secondary_dns": "100.125.129.199",
            "availability_zone": "eu-de-01",
        }})),
    )
    .await;
    assert_eq!(subnet.status, 200, "{}", subnet.body);
    let s = &subnet.body["subnet"];
    assert_eq!(s["status"], "UNKNOWN");
    let subnet_id = id(s);
    assert_eq!(s["neutron_network_id"], subnet_id);
    assert_eq!(s["dnsList"], json!(["100.125.4.25", "100.125.129.199"]));
    assert_eq!(s["dhcp_enable"], true);
    let neutron_subnet = s["neutron_subnet_id"].as_str().unwrap().to_string();
    wait_for(
        &cloud,
        &vpc(&format!("subnets/{subnet_id}")),
        "/subnet/status",
        "ACTIVE",
    )
    .await;

    // the Neutron view
    let network = call(
        &cloud,
        Method::GET,
        &neutron(&format!("networks/{subnet_id}")),
        None,
    )
    .await;
    assert_eq!(network.status, 200);
    assert_eq!(network.body["network"]["name"], "web");
    assert_eq!(network.body["network"]["subnets"], json!([neutron_subnet]));
    let ns = call(
        &cloud,
        Method::GET,
        &neutron(&format!("subnets/{neutron_subnet}")),
        None,
    )
    .await;
    assert_eq!(ns.body["subnet"]["cidr"], "10.0.1.0/24");
    assert_eq!(ns.body["subnet"]["gateway_ip"], "10.0.1.1");
    assert_eq!(
        ns.body["subnet"]["dns_nameservers"],
        json!(["100.125.4.25", "100.125.129.199"])
    );

    // list by VPC, update VPC and the nested subnet
    let listed = call(
        &cloud,
        Method::GET,
        &vpc(&format!("subnets?vpc_id={vpc_id}")),
        None,
    )
    .await;
    assert_eq!(listed.body["subnets"].as_array().unwrap().len(), 1);
    let renamed = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("vpcs/{vpc_id}")),
        Some(json!({"vpc": {"name": "prod2", "enable_shared_snat": true}})),
    )
    .await;
    assert_eq!(renamed.status, 200);
    assert_eq!(renamed.body["vpc"]["name"], "prod2");
    assert_eq!(renamed.body["vpc"]["enable_shared_snat"], true);
    let shrink = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("vpcs/{vpc_id}")),
        Some(json!({"vpc": {"cidr": "10.0.2.0/24"}})),
    )
    .await;
    assert_eq!(shrink.status, 400, "the subnet must stay inside");
    let updated = call(
        &cloud,
        Method::PUT,
        &vpc(&format!("vpcs/{vpc_id}/subnets/{subnet_id}")),
        Some(json!({"subnet": {"name": "web2", "dnsList": ["1.1.1.1"]}})),
    )
    .await;
    assert_eq!(updated.status, 200, "{}", updated.body);
    assert_eq!(updated.body["subnet"]["name"], "web2");
    assert_eq!(updated.body["subnet"]["primary_dns"], "1.1.1.1");

    // a VPC with subnets cannot go
    let busy = call(
        &cloud,
        Method::DELETE,
        &vpc(&format!("vpcs/{vpc_id}")),
        None,
    )
    .await;
    assert_eq!(busy.status, 409);
    assert_eq!(busy.body["code"], "VPC.0103");
    let gone = call(
        &cloud,
        Method::DELETE,
        &vpc(&format!("vpcs/{vpc_id}/subnets/{subnet_id}")),
        None,
    )
    .await;
    assert_eq!(gone.status, 204, "{}", gone.body);
    let network = call(
        &cloud,
        Method::GET,
        &neutron(&format!("networks/{subnet_id}")),
        None,
    )
    .await;
    assert_eq!(network.status, 404);
    let deleted = call(
        &cloud,
        Method::DELETE,
        &vpc(&format!("vpcs/{vpc_id}")),
        None,
    )
    .await;
    assert_eq!(deleted.status, 204);
    let missing = call(&cloud, Method::GET, &vpc(&format!("vpcs/{vpc_id}")), None).await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["code"], "VPC.0003");
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["total"], 0, "{inventory}");
}

#[tokio::test]
async fn validation_errors_have_a_top_level_code() {
    let cloud = Cloud::start_otc().await;
    for cidr in ["8.8.0.0/16", "10.0.0.0/30", "10.0.0.1/16", "banana"] {
        let reply = call(
            &cloud,
            Method::POST,
            &vpc("vpcs"),
            Some(json!({"vpc": {"name": "x", "cidr": cidr}})),
        )
        .await;
        assert_eq!(reply.status, 400, "{cidr}");
        assert_eq!(reply.body["code"], "VPC.0101", "{cidr}");
        assert!(reply.body["message"].is_string());
    }
    let bad_name = call(
        &cloud,
        Method::POST,
        &vpc("vpcs"),
        Some(json!({"vpc": {"name": "no spaces", "cidr": "10.0.0.0/16"}})),
    )
    .await;
    assert_eq!(bad_name.body["code"], "VPC.0101");
    let (vpc_id, _) =
        vpc_with_subnet(&cloud, "192.168.0.0/16", "192.168.1.0/24", "192.168.1.1").await;
    for (cidr, gateway) in [
        ("10.9.0.0/24", "10.9.0.1"),
        ("192.168.1.0/25", "192.168.1.1"),
        ("192.168.2.0/24", "192.168.2.0"),
        ("192.168.2.0/24", "192.168.3.1"),
    ] {
        let reply = call(
            &cloud,
            Method::POST,
            &vpc("subnets"),
            Some(json!({"subnet": {"name": "s", "cidr": cidr, "gateway_ip": gateway, "vpc_id": vpc_id}})),
        )
        .await;
        assert_eq!(reply.status, 400, "{cidr} {gateway}: {}", reply.body);
        assert_eq!(reply.body["code"], "VPC.0201");
    }
    let unknown_vpc = call(
        &cloud,
        Method::POST,
        &vpc("subnets"),
        Some(json!({"subnet": {"name": "s", "cidr": "10.0.0.0/24", "gateway_ip": "10.0.0.1", "vpc_id": "nope"}})),
    )
    .await;
    assert_eq!(unknown_vpc.status, 404);
    assert_eq!(unknown_vpc.body["code"], "VPC.0003");
    let other_project = call(&cloud, Method::GET, "/otc/vpc/v1/someone-else/vpcs", None).await;
    assert_eq!(other_project.status, 400);
    assert_eq!(other_project.body["code"], "VPC.0007");
}

#[tokio::test]
async fn marker_paging_and_the_root_mount() {
    let cloud = Cloud::start_otc().await;
    for i in 0..3 {
        let reply = call(
            &cloud,
            Method::POST,
            &vpc("vpcs"),
            Some(json!({"vpc": {"name": format!("v{i}"), "cidr": "10.0.0.0/16"}})),
        )
        .await;
        assert_eq!(reply.status, 200);
    }
    let mut seen = Vec::new();
    let mut marker = String::new();
    loop {
        let page = call(
            &cloud,
            Method::GET,
            &vpc(&format!("vpcs?limit=2&marker={marker}")),
            None,
        )
        .await;
        let items = page.body["vpcs"].as_array().unwrap().clone();
        if items.is_empty() {
            break;
        }
        assert!(items.len() <= 2);
        marker = id(items.last().unwrap());
        seen.extend(items.iter().map(id));
    }
    assert_eq!(seen.len(), 3);
    let root = call(&cloud, Method::GET, &format!("/v1/{PID}/vpcs"), None).await;
    assert_eq!(root.status, 200, "VPC v1 is served at the host's root too");
    assert_eq!(root.body["vpcs"].as_array().unwrap().len(), 3);
}
