//! Neutron: floating IPs from `ext01`, association through a router, and cleanup on port delete.

use reqwest::Method;
use serde_json::{json, Value};

use crate::helpers::{id, Cloud, EXT01};

/// A network with a subnet, a router to ext01 with an interface on it, and a port; returns
/// (network id, subnet id, router id, port id).
async fn routed_port(cloud: &Cloud) -> (String, String, String, String) {
    let (net_id, subnet_id) = cloud.network_with_subnet("n", "10.5.0.0/24").await;
    let router = cloud
        .create(
            "router",
            json!({"name": "r", "external_gateway_info": {"network_id": EXT01}}),
        )
        .await;
    let router_id = id(&router);
    let added = cloud
        .put(
            &format!("routers/{router_id}/add_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(added.status, 200);
    let port = cloud.create("port", json!({"network_id": net_id})).await;
    (net_id, subnet_id, router_id, id(&port))
}

fn address(fip: &Value) -> String {
    fip["floating_ip_address"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn allocate_associate_disassociate_delete() {
    let cloud = Cloud::start().await;
    let (_, _, router_id, port_id) = routed_port(&cloud).await;

    let fip = cloud
        .create(
            "floatingip",
            json!({"floating_network_id": EXT01, "description": "web", "tags": ["t"]}),
        )
        .await;
    let fip_id = id(&fip);
    assert_eq!(fip["status"], "DOWN");
    assert_eq!(fip["port_id"], Value::Null);
    assert_eq!(fip["tags"], json!(["t"]));
    let ip = address(&fip);
    assert!(ip.starts_with("203.0.113."), "{ip}");
    let gateway_ip = cloud.get(&format!("routers/{router_id}")).await.body["router"]
        ["external_gateway_info"]["external_fixed_ips"][0]["ip_address"]
        .clone();
    assert_ne!(
        json!(ip),
        gateway_ip,
        "the gateway's address is not handed out again"
    );

    let second = cloud
        .create("floatingip", json!({"floating_network_id": EXT01}))
        .await;
    assert_ne!(address(&second), ip);

    let associated = cloud
        .put(
            &format!("floatingips/{fip_id}"),
            json!({"floatingip": {"port_id": port_id}}),
        )
        .await;
    assert_eq!(associated.status, 200, "{}", associated.body);
    let body = &associated.body["floatingip"];
    assert_eq!(body["status"], "ACTIVE");
    assert_eq!(body["port_id"], port_id);
    assert_eq!(body["router_id"], router_id);
    assert_eq!(body["fixed_ip_address"], "10.5.0.2");
    assert!(body["port_details"]["network_id"].is_string());

    let twice = cloud
        .put(
            &format!("floatingips/{}", id(&second)),
            json!({"floatingip": {"port_id": port_id}}),
        )
        .await;
    assert_eq!(twice.status, 409);
    assert_eq!(twice.neutron_type(), "FloatingIPPortAlreadyAssociated");

    let by_port = cloud.get(&format!("floatingips?port_id={port_id}")).await;
    assert_eq!(by_port.body["floatingips"].as_array().unwrap().len(), 1);

    let blocked = cloud
        .put(
            &format!("routers/{router_id}"),
            json!({"router": {"external_gateway_info": {}}}),
        )
        .await;
    assert_eq!(blocked.status, 409);
    assert_eq!(
        blocked.neutron_type(),
        "RouterExternalGatewayInUseByFloatingIp"
    );

    let released = cloud
        .put(
            &format!("floatingips/{fip_id}"),
            json!({"floatingip": {"port_id": null}}),
        )
        .await;
    assert_eq!(released.status, 200);
    assert_eq!(released.body["floatingip"]["status"], "DOWN");
    assert_eq!(released.body["floatingip"]["fixed_ip_address"], Value::Null);

    assert_eq!(
        cloud.delete(&format!("floatingips/{fip_id}")).await.status,
        204
    );
    assert_eq!(
        cloud.get(&format!("floatingips/{fip_id}")).await.status,
        404
    );
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(
        inventory["plusserver"]["floatingips"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn create_with_port_and_port_delete_disassociates() {
    let cloud = Cloud::start().await;
    let (_, subnet_id, router_id, port_id) = routed_port(&cloud).await;
    let fip = cloud
        .create(
            "floatingip",
            json!({"floating_network_id": EXT01, "port_id": port_id, "fixed_ip_address": "10.5.0.2"}),
        )
        .await;
    assert_eq!(fip["status"], "ACTIVE");
    assert_eq!(fip["router_id"], router_id);

    let removal = cloud
        .put(
            &format!("routers/{router_id}/remove_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(removal.status, 409);
    assert_eq!(removal.neutron_type(), "RouterInterfaceInUseByFloatingIP");

    assert_eq!(cloud.delete(&format!("ports/{port_id}")).await.status, 204);
    let after = cloud.get(&format!("floatingips/{}", id(&fip))).await;
    assert_eq!(after.body["floatingip"]["status"], "DOWN");
    assert_eq!(after.body["floatingip"]["port_id"], Value::Null);
    assert_eq!(after.body["floatingip"]["router_id"], Value::Null);
}

#[tokio::test]
async fn floating_ip_errors() {
    let cloud = Cloud::start().await;
    let (net_id, _) = cloud.network_with_subnet("internal", "10.6.0.0/24").await;
    let not_external = cloud
        .post(
            "floatingips",
            json!({"floatingip": {"floating_network_id": net_id}}),
        )
        .await;
    assert_eq!(not_external.status, 400);
    assert_eq!(not_external.neutron_type(), "BadRequest");
    assert!(not_external
        .neutron_message()
        .contains("is not a valid external network"));

    let missing = cloud.post("floatingips", json!({"floatingip": {}})).await;
    assert_eq!(missing.status, 400);

    // a port on a network without a router to ext01
    let port = cloud.create("port", json!({"network_id": net_id})).await;
    let unreachable = cloud
        .post(
            "floatingips",
            json!({"floatingip": {"floating_network_id": EXT01, "port_id": id(&port)}}),
        )
        .await;
    assert_eq!(unreachable.status, 404);
    assert_eq!(
        unreachable.neutron_type(),
        "ExternalGatewayForFloatingIPNotFound"
    );

    let wrong_ip = cloud
        .post(
            "floatingips",
            json!({"floatingip": {"floating_network_id": EXT01, "port_id": id(&port), "fixed_ip_address": "10.9.9.9"}}),
        )
        .await;
    assert_eq!(wrong_ip.status, 400);

    let admin_only = cloud
        .post(
            "floatingips",
            json!({"floatingip": {"floating_network_id": EXT01, "floating_ip_address": "203.0.113.50"}}),
        )
        .await;
    assert_eq!(admin_only.status, 403);
    assert_eq!(
        cloud
            .get("floatingips/6b1c2d3e-0000-4000-8000-000000000000")
            .await
            .neutron_type(),
        "FloatingIPNotFound"
    );
    let inventory = cloud.admin(Method::GET, "inventory", None).await.body;
    assert_eq!(inventory["plusserver"]["floatingips"], json!([]));
}
