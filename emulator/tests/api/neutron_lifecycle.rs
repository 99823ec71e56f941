//! Neutron: full create/read/update/delete lifecycles and router interfaces.

use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::{defaults, EmulatorConfig};

use crate::helpers::{id, Cloud, EXT01};

#[tokio::test]
async fn network_subnet_router_interface_lifecycle() {
    let cloud = Cloud::start().await;

    let net = cloud
        .create("network", json!({"name": "app", "description": "d"}))
        .await;
    let net_id = id(&net);
    assert_eq!(net["status"], "ACTIVE");
    assert_eq!(net["admin_state_up"], true);
    assert_eq!(net["shared"], false);
    assert_eq!(net["router:external"], false);
    assert_eq!(net["mtu"], 1500);
    assert_eq!(net["project_id"], defaults::PROJECT_ID);
    assert_eq!(net["tenant_id"], defaults::PROJECT_ID);
    assert_eq!(net["subnets"], json!([]));
    assert_eq!(net["revision_number"], 1);

    let subnet = cloud
        .create("subnet", json!({"network_id": net_id, "ip_version": 4, "cidr": "10.20.0.9/24", "name": "app-v4"}))
        .await;
    let subnet_id = id(&subnet);
    assert_eq!(subnet["cidr"], "10.20.0.0/24");
    assert_eq!(subnet["gateway_ip"], "10.20.0.1");
    assert_eq!(
        subnet["allocation_pools"],
        json!([{"start": "10.20.0.2", "end": "10.20.0.254"}])
    );
    assert_eq!(subnet["enable_dhcp"], true);
    assert_eq!(subnet["network_id"], net_id);
    assert_eq!(
        cloud.get(&format!("networks/{net_id}")).await.body["network"]["subnets"],
        json!([subnet_id])
    );

    let updated = cloud
        .put(
            &format!("networks/{net_id}"),
            json!({"network": {"name": "app2", "mtu": 1400}}),
        )
        .await;
    assert_eq!(updated.status, 200);
    assert_eq!(updated.body["network"]["name"], "app2");
    assert_eq!(updated.body["network"]["mtu"], 1400);
    assert_eq!(updated.body["network"]["revision_number"], 2);

    let router = cloud
        .create(
            "router",
            json!({"name": "edge", "external_gateway_info": {"network_id": EXT01}}),
        )
        .await;
    let router_id = id(&router);
    let gateway = &router["external_gateway_info"];
    assert_eq!(gateway["network_id"], EXT01);
    assert_eq!(gateway["enable_snat"], true);
    assert_eq!(
        gateway["external_fixed_ips"][0]["subnet_id"],
        defaults::EXTERNAL_SUBNET_ID
    );
    let gateway_ip = gateway["external_fixed_ips"][0]["ip_address"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(gateway_ip.starts_with("203.0.113."), "{gateway_ip}");

    let added = cloud
        .put(
            &format!("routers/{router_id}/add_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body["id"], router_id);
    assert_eq!(added.body["subnet_id"], subnet_id);
    assert_eq!(added.body["subnet_ids"], json!([subnet_id]));
    assert_eq!(added.body["network_id"], net_id);
    assert_eq!(added.body["project_id"], defaults::PROJECT_ID);
    let port_id = added.body["port_id"].as_str().unwrap().to_string();

    let port = cloud.get(&format!("ports/{port_id}")).await.body["port"].clone();
    assert_eq!(port["device_owner"], "network:router_interface");
    assert_eq!(port["device_id"], router_id);
    assert_eq!(
        port["fixed_ips"],
        json!([{"subnet_id": subnet_id, "ip_address": "10.20.0.1"}])
    );

    let router_ports = cloud
        .get(&format!("ports?device_id={router_id}"))
        .await
        .body["ports"]
        .clone();
    let mut owners: Vec<&str> = router_ports
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["device_owner"].as_str().unwrap())
        .collect();
    owners.sort();
    assert_eq!(
        owners,
        ["network:router_gateway", "network:router_interface"]
    );

    // a second interface on the same subnet is refused
    let again = cloud
        .put(
            &format!("routers/{router_id}/add_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(again.status, 400);

    let removed = cloud
        .put(
            &format!("routers/{router_id}/remove_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(removed.status, 200, "{}", removed.body);
    assert_eq!(removed.body["port_id"], port_id);
    assert_eq!(cloud.get(&format!("ports/{port_id}")).await.status, 404);

    // clearing the gateway removes the gateway port
    let cleared = cloud
        .put(
            &format!("routers/{router_id}"),
            json!({"router": {"external_gateway_info": {}}}),
        )
        .await;
    assert_eq!(cleared.status, 200);
    assert_eq!(cleared.body["router"]["external_gateway_info"], json!(null));
    assert_eq!(
        cloud
            .get(&format!("ports?device_id={router_id}"))
            .await
            .body["ports"],
        json!([])
    );

    assert_eq!(
        cloud.delete(&format!("routers/{router_id}")).await.status,
        204
    );
    assert_eq!(
        cloud.delete(&format!("subnets/{subnet_id}")).await.status,
        204
    );
    assert_eq!(
        cloud.delete(&format!("networks/{net_id}")).await.status,
        204
    );
    assert_eq!(cloud.get(&format!("networks/{net_id}")).await.status, 404);
    assert_eq!(cloud.get(&format!("routers/{router_id}")).await.status, 404);
}

#[tokio::test]
async fn deleting_a_network_takes_its_subnets_along() {
    let cloud = Cloud::start().await;
    let (net_id, subnet_id) = cloud.network_with_subnet("n", "10.0.0.0/24").await;
    assert_eq!(
        cloud.delete(&format!("networks/{net_id}")).await.status,
        204
    );
    assert_eq!(cloud.get(&format!("subnets/{subnet_id}")).await.status, 404);
}

#[tokio::test]
async fn router_gateway_port_is_replaced_and_removed_with_the_router() {
    let cloud = Cloud::start().await;
    let router = cloud.create("router", json!({"name": "r"})).await;
    let router_id = id(&router);
    assert_eq!(router["external_gateway_info"], json!(null));
    let set = cloud
        .put(&format!("routers/{router_id}"), json!({"router": {"external_gateway_info": {"network_id": EXT01, "enable_snat": false}}}))
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(
        set.body["router"]["external_gateway_info"]["enable_snat"],
        false
    );
    let gateway_ports = cloud
        .get(&format!(
            "ports?device_owner=network:router_gateway&device_id={router_id}"
        ))
        .await;
    assert_eq!(gateway_ports.body["ports"].as_array().unwrap().len(), 1);
    assert_eq!(
        cloud.delete(&format!("routers/{router_id}")).await.status,
        204
    );
    let inventory = cloud.admin(Method::GET, "inventory", None).await;
    assert_eq!(inventory.body["total"], 0, "{}", inventory.body);
}

#[tokio::test]
async fn ports_get_addresses_from_the_pools() {
    let cloud = Cloud::start().await;
    let (net_id, subnet_id) = cloud.network_with_subnet("n", "192.168.5.0/29").await;
    let first = cloud
        .create("port", json!({"network_id": net_id, "name": "p1"}))
        .await;
    assert_eq!(first["fixed_ips"][0]["ip_address"], "192.168.5.2");
    assert_eq!(first["status"], "DOWN");
    assert!(first["mac_address"]
        .as_str()
        .unwrap()
        .starts_with("fa:16:3e:"));
    let chosen = cloud
        .create("port", json!({"network_id": net_id, "fixed_ips": [{"subnet_id": subnet_id, "ip_address": "192.168.5.5"}]}))
        .await;
    assert_eq!(chosen["fixed_ips"][0]["ip_address"], "192.168.5.5");
    let taken = cloud
        .post(
            "ports",
            json!({"port": {"network_id": net_id, "fixed_ips": [{"ip_address": "192.168.5.5"}]}}),
        )
        .await;
    assert_eq!(taken.status, 409);
    assert_eq!(taken.neutron_type(), "IpAddressAlreadyAllocated");
    // 192.168.5.0/29 has .2-.6 in its pool: .2 and .5 are taken, three remain
    for _ in 0..3 {
        cloud.create("port", json!({"network_id": net_id})).await;
    }
    let full = cloud
        .post("ports", json!({"port": {"network_id": net_id}}))
        .await;
    assert_eq!(full.status, 409);
    assert_eq!(full.neutron_type(), "IpAddressGenerationFailure");

    let renamed = cloud
        .put(
            &format!("ports/{}", id(&first)),
            json!({"port": {"name": "renamed"}}),
        )
        .await;
    assert_eq!(renamed.body["port"]["name"], "renamed");
    assert_eq!(renamed.body["port"]["fixed_ips"], first["fixed_ips"]);
    assert_eq!(
        cloud.delete(&format!("ports/{}", id(&first))).await.status,
        204
    );
}

#[tokio::test]
async fn router_interface_by_port() {
    let cloud = Cloud::start().await;
    let (net_id, subnet_id) = cloud.network_with_subnet("n", "10.9.0.0/24").await;
    let port = cloud
        .create("port", json!({"network_id": net_id, "fixed_ips": [{"subnet_id": subnet_id, "ip_address": "10.9.0.254"}]}))
        .await;
    let router = cloud.create("router", json!({"name": "r"})).await;
    let router_id = id(&router);
    let added = cloud
        .put(
            &format!("routers/{router_id}/add_router_interface"),
            json!({"port_id": id(&port)}),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.body);
    assert_eq!(added.body["port_id"], id(&port));
    assert_eq!(added.body["subnet_id"], subnet_id);
    let direct = cloud.delete(&format!("ports/{}", id(&port))).await;
    assert_eq!(direct.status, 409);
    assert_eq!(direct.neutron_type(), "ServicePortInUse");
    let removed = cloud
        .put(
            &format!("routers/{router_id}/remove_router_interface"),
            json!({"port_id": id(&port)}),
        )
        .await;
    assert_eq!(removed.status, 200);
    let missing = cloud
        .put(
            &format!("routers/{router_id}/remove_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.neutron_type(), "RouterInterfaceNotFoundForSubnet");
}

#[tokio::test]
async fn provision_delay_shows_build_then_active() {
    let config = EmulatorConfig {
        provision_delay: Duration::from_millis(400),
        ..EmulatorConfig::default()
    };
    let cloud = Cloud::start_with(config).await;
    let net = cloud.create("network", json!({"name": "slow"})).await;
    assert_eq!(net["status"], "BUILD");
    tokio::time::sleep(Duration::from_millis(550)).await;
    assert_eq!(
        cloud.get(&format!("networks/{}", id(&net))).await.body["network"]["status"],
        "ACTIVE"
    );
}
