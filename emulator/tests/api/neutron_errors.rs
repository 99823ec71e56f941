//! Neutron: error codes and bodies.

use serde_json::json;

use crate::helpers::{id, Cloud, EXT01};

const MISSING: &str = "6b1c2d3e-0000-4000-8000-000000000000";

#[tokio::test]
async fn missing_resources_are_404_with_neutron_bodies() {
    let cloud = Cloud::start().await;
    for (kind, label) in [
        ("networks", "Network"),
        ("subnets", "Subnet"),
        ("routers", "Router"),
        ("ports", "Port"),
    ] {
        let reply = cloud.get(&format!("{kind}/{MISSING}")).await;
        assert_eq!(reply.status, 404, "{kind}");
        assert_eq!(
            reply.body,
            json!({"NeutronError": {
                "type": format!("{label}NotFound"),
                "message": format!("{label} {MISSING} could not be found."),
                "detail": "",
            }})
        );
        assert_eq!(cloud.delete(&format!("{kind}/{MISSING}")).await.status, 404);
    }
    let update = cloud
        .put(
            &format!("networks/{MISSING}"),
            json!({"network": {"name": "x"}}),
        )
        .await;
    assert_eq!(update.status, 404);
    assert_eq!(update.neutron_type(), "NetworkNotFound");
}

#[tokio::test]
async fn invalid_cidr_is_400() {
    let cloud = Cloud::start().await;
    let net = cloud.create("network", json!({"name": "n"})).await;
    let reply = cloud
        .post(
            "subnets",
            json!({"subnet": {"network_id": id(&net), "ip_version": 4, "cidr": "10.0.0.0/33"}}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.neutron_type(), "HTTPBadRequest");
    assert_eq!(
        reply.neutron_message(),
        "Invalid input for cidr. Reason: '10.0.0.0/33' is not a valid IP subnet."
    );
    let no_prefix = cloud
        .post(
            "subnets",
            json!({"subnet": {"network_id": id(&net), "ip_version": 4, "cidr": "10.0.0.0"}}),
        )
        .await;
    assert_eq!(no_prefix.status, 400);
    let wrong_version = cloud
        .post(
            "subnets",
            json!({"subnet": {"network_id": id(&net), "ip_version": 6, "cidr": "10.0.0.0/24"}}),
        )
        .await;
    assert_eq!(wrong_version.status, 400);
}

#[tokio::test]
async fn bad_bodies_are_400() {
    let cloud = Cloud::start().await;
    let response = cloud
        .http
        .post(cloud.url(&Cloud::neutron("networks")))
        .header("X-Auth-Token", &cloud.token)
        .body("{\"network\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["NeutronError"]["type"], "HTTPBadRequest");

    let wrong_key = cloud.post("networks", json!({"net": {}})).await;
    assert_eq!(wrong_key.status, 400);
    let unknown = cloud
        .post("networks", json!({"network": {"colour": "blue"}}))
        .await;
    assert_eq!(unknown.status, 400);
    assert!(
        unknown.neutron_message().contains("colour"),
        "{}",
        unknown.body
    );
    let bad_type = cloud
        .post("networks", json!({"network": {"admin_state_up": "maybe"}}))
        .await;
    assert_eq!(bad_type.status, 400);
    let missing = cloud
        .post(
            "subnets",
            json!({"subnet": {"ip_version": 4, "cidr": "10.0.0.0/24"}}),
        )
        .await;
    assert_eq!(missing.status, 400);
    assert!(
        missing.neutron_message().contains("network_id"),
        "{}",
        missing.body
    );
    let read_only = cloud.create("network", json!({})).await;
    let sub = cloud
        .create(
            "subnet",
            json!({"network_id": id(&read_only), "ip_version": 4, "cidr": "10.0.0.0/24"}),
        )
        .await;
    let change_cidr = cloud
        .put(
            &format!("subnets/{}", id(&sub)),
            json!({"subnet": {"cidr": "10.1.0.0/24"}}),
        )
        .await;
    assert_eq!(change_cidr.status, 400);
}

#[tokio::test]
async fn overlapping_subnets_in_one_network_are_400() {
    let cloud = Cloud::start().await;
    let (net_id, _) = cloud.network_with_subnet("n", "10.0.0.0/16").await;
    let overlap = cloud
        .post(
            "subnets",
            json!({"subnet": {"network_id": net_id, "ip_version": 4, "cidr": "10.0.5.0/24"}}),
        )
        .await;
    assert_eq!(overlap.status, 400);
    assert!(
        overlap
            .neutron_message()
            .contains("overlaps with another subnet"),
        "{}",
        overlap.body
    );
    // the same range on another network is fine
    cloud.network_with_subnet("m", "10.0.5.0/24").await;
}

#[tokio::test]
async fn network_in_use_is_409() {
    let cloud = Cloud::start().await;
    let (net_id, subnet_id) = cloud.network_with_subnet("n", "10.0.0.0/24").await;
    let port = cloud.create("port", json!({"network_id": net_id})).await;
    let reply = cloud.delete(&format!("networks/{net_id}")).await;
    assert_eq!(reply.status, 409);
    assert_eq!(reply.neutron_type(), "NetworkInUse");
    assert_eq!(
        reply.neutron_message(),
        format!("Unable to complete operation on network {net_id}. There are one or more ports still in use on the network.")
    );
    let subnet = cloud.delete(&format!("subnets/{subnet_id}")).await;
    assert_eq!(subnet.status, 409);
    assert_eq!(subnet.neutron_type(), "SubnetInUse");
    assert_eq!(
        cloud.delete(&format!("ports/{}", id(&port))).await.status,
        204
    );
    assert_eq!(
        cloud.delete(&format!("networks/{net_id}")).await.status,
        204
    );
}

#[tokio::test]
async fn router_in_use_is_409() {
    let cloud = Cloud::start().await;
    let (_, subnet_id) = cloud.network_with_subnet("n", "10.0.0.0/24").await;
    let router = cloud.create("router", json!({"name": "r"})).await;
    let router_id = id(&router);
    let added = cloud
        .put(
            &format!("routers/{router_id}/add_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(added.status, 200);
    let reply = cloud.delete(&format!("routers/{router_id}")).await;
    assert_eq!(reply.status, 409);
    assert_eq!(reply.neutron_type(), "RouterInUse");
    assert_eq!(
        reply.neutron_message(),
        format!("Router {router_id} still has ports")
    );
}

#[tokio::test]
async fn router_needs_an_external_gateway_network() {
    let cloud = Cloud::start().await;
    let net = cloud.create("network", json!({"name": "internal"})).await;
    let reply = cloud
        .post(
            "routers",
            json!({"router": {"external_gateway_info": {"network_id": id(&net)}}}),
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.neutron_type(), "BadRequest");
    let missing = cloud
        .post(
            "routers",
            json!({"router": {"external_gateway_info": {"network_id": MISSING}}}),
        )
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.neutron_type(), "NetworkNotFound");
}

#[tokio::test]
async fn seeded_external_network_is_protected() {
    let cloud = Cloud::start().await;
    let ext = cloud.get(&format!("networks/{EXT01}")).await;
    assert_eq!(ext.status, 200);
    assert_eq!(ext.body["network"]["name"], "ext01");
    assert_eq!(ext.body["network"]["router:external"], true);
    let delete = cloud.delete(&format!("networks/{EXT01}")).await;
    assert_eq!(delete.status, 403);
    assert_eq!(delete.neutron_type(), "PolicyNotAuthorized");
    let rename = cloud
        .put(
            &format!("networks/{EXT01}"),
            json!({"network": {"name": "mine"}}),
        )
        .await;
    assert_eq!(rename.status, 403);
    let subnet = cloud
        .post(
            "subnets",
            json!({"subnet": {"network_id": EXT01, "ip_version": 4, "cidr": "198.51.100.0/24"}}),
        )
        .await;
    assert_eq!(subnet.status, 403);
    let shared = cloud
        .post("networks", json!({"network": {"shared": true}}))
        .await;
    assert_eq!(shared.status, 403);
    assert_eq!(cloud.get(&format!("networks/{EXT01}")).await.status, 200);
}

#[tokio::test]
async fn router_quota_is_enforced() {
    let cloud = Cloud::start().await;
    for i in 0..10 {
        cloud
            .create("router", json!({"name": format!("r{i}")}))
            .await;
    }
    let over = cloud
        .post("routers", json!({"router": {"name": "one-too-many"}}))
        .await;
    assert_eq!(over.status, 409);
    assert_eq!(over.neutron_type(), "OverQuota");
    let quota = cloud
        .get(&format!(
            "quotas/{}/details",
            sovereign_emulator::defaults::PROJECT_ID
        ))
        .await;
    assert_eq!(
        quota.body["quota"]["router"],
        json!({"limit": 10, "used": 10, "reserved": 0})
    );
}
