//! The admin API: health, inventory, reset, stats and fault injection.

use reqwest::Method;
use serde_json::json;
use sovereign_emulator::{Emulator, EmulatorConfig, FaultKind};

use crate::helpers::{id, Cloud};

#[tokio::test]
async fn health_and_request_ids() {
    let cloud = Cloud::start().await;
    let health = cloud.admin(Method::GET, "health", None).await;
    assert_eq!(health.status, 200);
    assert_eq!(health.body, json!({"status": "ok"}));
    assert!(health.headers["x-openstack-request-id"]
        .to_str()
        .unwrap()
        .starts_with("req-"));
    let missing = cloud
        .send(
            Method::GET,
            "/plusserver/network/v2.0/nothing-here",
            None,
            None,
        )
        .await;
    assert_eq!(missing.status, 404);
    assert!(missing.headers.contains_key("x-openstack-request-id"));
    let a = cloud.get("networks").await.headers["x-openstack-request-id"].clone();
    let b = cloud.get("networks").await.headers["x-openstack-request-id"].clone();
    assert_ne!(a, b);
}

#[tokio::test]
async fn inventory_lists_created_objects_and_is_empty_after_cleanup() {
    let cloud = Cloud::start().await;
    let empty = cloud.admin(Method::GET, "inventory", None).await;
    assert_eq!(
        empty.body["total"], 0,
        "seeded ext01 must not count: {}",
        empty.body
    );
    assert_eq!(empty.body["plusserver"]["networks"], json!([]));

    let (net_id, subnet_id) = cloud.network_with_subnet("n", "10.0.0.0/24").await;
    let router = cloud
        .create(
            "router",
            json!({"name": "r", "external_gateway_info": {"network_id": crate::helpers::EXT01}}),
        )
        .await;
    let router_id = id(&router);
    cloud
        .put(
            &format!("routers/{router_id}/add_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    let full = cloud.admin(Method::GET, "inventory", None).await;
    let inventory = &full.body["plusserver"];
    assert_eq!(inventory["networks"].as_array().unwrap().len(), 1);
    assert_eq!(inventory["networks"][0]["id"], net_id);
    assert_eq!(inventory["subnets"].as_array().unwrap().len(), 1);
    assert_eq!(inventory["routers"].as_array().unwrap().len(), 1);
    assert_eq!(
        inventory["ports"].as_array().unwrap().len(),
        2,
        "interface + gateway port"
    );
    assert_eq!(full.body["total"], 5);

    cloud
        .put(
            &format!("routers/{router_id}/remove_router_interface"),
            json!({"subnet_id": subnet_id}),
        )
        .await;
    assert_eq!(
        cloud.delete(&format!("routers/{router_id}")).await.status,
        204
    );
    assert_eq!(
        cloud.delete(&format!("networks/{net_id}")).await.status,
        204
    );
    let after = cloud.admin(Method::GET, "inventory", None).await;
    assert_eq!(after.body["total"], 0, "{}", after.body);
}

#[tokio::test]
async fn reset_drops_resources_tokens_and_stats() {
    let cloud = Cloud::start().await;
    cloud.network_with_subnet("n", "10.0.0.0/24").await;
    let reset = cloud.admin(Method::POST, "reset", None).await;
    assert_eq!(reset.status, 200);
    assert_eq!(
        cloud.admin(Method::GET, "inventory", None).await.body["total"],
        0
    );
    assert_eq!(
        cloud.admin(Method::GET, "stats", None).await.body["total"],
        0
    );
    assert_eq!(
        cloud.get("networks").await.status,
        401,
        "tokens are gone after reset"
    );
    let token = cloud.login().await;
    let networks = cloud
        .send(Method::GET, &Cloud::neutron("networks"), None, Some(&token))
        .await;
    assert_eq!(
        networks.body["networks"].as_array().unwrap().len(),
        1,
        "only ext01 is left"
    );
}

#[tokio::test]
async fn stats_count_requests_by_route_template() {
    let cloud = Cloud::start().await;
    cloud.admin(Method::POST, "reset", None).await;
    let token = cloud.login().await;
    let net = cloud
        .send(
            Method::POST,
            &Cloud::neutron("networks"),
            Some(json!({"network": {"name": "s"}})),
            Some(&token),
        )
        .await;
    let net_id = id(&net.body["network"]);
    for _ in 0..3 {
        cloud
            .send(
                Method::GET,
                &Cloud::neutron(&format!("networks/{net_id}")),
                None,
                Some(&token),
            )
            .await;
    }
    cloud.admin(Method::GET, "health", None).await;
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    assert_eq!(
        stats["by_route"]["GET /plusserver/network/v2.0/networks/{id}"],
        3
    );
    assert_eq!(
        stats["by_route"]["POST /plusserver/network/v2.0/networks"],
        1
    );
    assert_eq!(stats["by_route"]["POST /plusserver/v3/auth/tokens"], 1);
    assert_eq!(stats["by_method"]["GET"], 3);
    assert_eq!(stats["by_method"]["POST"], 2);
    assert_eq!(stats["by_cloud"]["plusserver"], 5);
    assert_eq!(stats["total"], 5, "admin calls are not counted: {stats}");
    for path in [
        "/plusserver/compute/v2.1/servers/nope",
        "/plusserver/compute/v2.1/servers/other",
    ] {
        cloud.send(Method::GET, path, None, Some(&token)).await;
    }
    cloud
        .send(
            Method::GET,
            "/plusserver/image/v2/images",
            None,
            Some(&token),
        )
        .await;
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    assert_eq!(
        stats["by_route"]["GET /plusserver/compute/v2.1/servers/{id}"],
        2
    );
    assert_eq!(stats["by_route"]["GET /plusserver/image/v2/images"], 1);
}

#[tokio::test]
async fn faults_are_injected_on_cloud_routes_only() {
    let cloud = Cloud::start().await;
    let set = cloud
        .admin(
            Method::POST,
            "faults",
            Some(json!({"fault_rate": 1.0, "fault_kinds": ["429", "500", "503"]})),
        )
        .await;
    assert_eq!(set.status, 200);
    assert_eq!(set.body["fault_rate"], 1.0);
    for _ in 0..6 {
        let reply = cloud.get("networks").await;
        assert!([429, 500, 503].contains(&reply.status), "{}", reply.status);
        assert!(
            reply.body["NeutronError"]["type"].is_string(),
            "{}",
            reply.body
        );
        if reply.status == 429 {
            assert_eq!(reply.headers["retry-after"], "1");
        }
    }
    let keystone = cloud
        .send(Method::GET, "/plusserver/v3", None, Some(""))
        .await;
    assert!([429, 500, 503].contains(&keystone.status));
    assert!(
        keystone.body["error"]["code"].is_number(),
        "{}",
        keystone.body
    );
    let nova = cloud
        .send(Method::GET, "/plusserver/compute/v2.1/servers", None, None)
        .await;
    assert!([429, 500, 503].contains(&nova.status));
    let fault = nova.body.as_object().unwrap().values().next().unwrap();
    assert_eq!(fault["code"], nova.status, "{}", nova.body);
    let glance = cloud
        .send(Method::GET, "/plusserver/image/v2/images", None, None)
        .await;
    assert!(glance.body["code"]
        .as_str()
        .unwrap()
        .starts_with(&glance.status.to_string()));
    assert_eq!(cloud.admin(Method::GET, "health", None).await.status, 200);
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    assert_eq!(stats["faults_injected"], 9);

    let off = cloud
        .admin(
            Method::POST,
            "faults",
            Some(json!({"fault_rate": 0.0, "latency_ms": 5})),
        )
        .await;
    assert_eq!(off.body["latency_ms"], 5);
    assert_eq!(cloud.get("networks").await.status, 200);
    let invalid = cloud
        .admin(Method::POST, "faults", Some(json!({"fault_rate": 2.0})))
        .await;
    assert_eq!(invalid.status, 400);
}

#[tokio::test]
async fn seeded_faults_are_reproducible() {
    async fn statuses(seed: u64) -> Vec<u16> {
        let config = EmulatorConfig {
            fault_rate: 0.5,
            fault_kinds: FaultKind::ERROR_ANSWERS.to_vec(),
            seed,
            ..EmulatorConfig::default()
        };
        let emulator = Emulator::start(config).unwrap();
        let http = reqwest::Client::new();
        let mut out = Vec::new();
        for _ in 0..20 {
            let response = http
                .get(format!("{}/plusserver/v3", emulator.url()))
                .send()
                .await
                .unwrap();
            out.push(response.status().as_u16());
        }
        out
    }
    let first = statuses(7).await;
    assert_eq!(first, statuses(7).await);
    assert_ne!(first, statuses(8).await);
    assert!(
        first.contains(&200) && first.iter().any(|s| *s != 200),
        "{first:?}"
    );
}

/// Sends one raw request with the client's token; whether the connection gave a whole answer.
async fn answered(
    cloud: &Cloud,
    method: Method,
    rest: &str,
    body: Option<serde_json::Value>,
) -> bool {
    let mut request = cloud
        .http
        .request(method, cloud.url(&Cloud::neutron(rest)))
        .header("X-Auth-Token", &cloud.token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    match request.send().await {
        Ok(response) => response.bytes().await.is_ok(),
        Err(_) => false,
    }
}

async fn only_fault(cloud: &Cloud, kind: &str) {
    let set = cloud
        .admin(
            Method::POST,
            "faults",
            Some(json!({"fault_rate": 1.0, "fault_kinds": [kind]})),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["fault_kinds"], json!([kind]));
}

async fn no_faults(cloud: &Cloud) {
    let off = cloud
        .admin(Method::POST, "faults", Some(json!({"fault_rate": 0.0})))
        .await;
    assert_eq!(off.status, 200);
}

#[tokio::test]
async fn a_dropped_connection_before_processing_changes_nothing() {
    let cloud = Cloud::start().await;
    only_fault(&cloud, "drop_before").await;
    let network = json!({"network": {"name": "lost-before"}});
    assert!(!answered(&cloud, Method::POST, "networks", Some(network)).await);
    no_faults(&cloud).await;
    let networks = cloud.get("networks?name=lost-before").await.body["networks"].clone();
    assert_eq!(networks, json!([]), "the create did not happen");
    let stats = cloud.admin(Method::GET, "stats", None).await.body;
    assert_eq!(stats["faults_by_kind"]["drop_before"], 1, "{stats}");
}

#[tokio::test]
async fn a_dropped_connection_after_processing_loses_only_the_answer() {
    let cloud = Cloud::start().await;
    only_fault(&cloud, "drop_after").await;
    let network = json!({"network": {"name": "lost-after"}});
    assert!(!answered(&cloud, Method::POST, "networks", Some(network)).await);
    no_faults(&cloud).await;
    let networks = cloud.get("networks?name=lost-after").await.body["networks"].clone();
    assert_eq!(
        networks.as_array().map(Vec::len),
        Some(1),
        "the create happened: {networks}"
    );
}

#[tokio::test]
async fn slow_answers_and_502s_still_answer() {
    let cloud = Cloud::start().await;
    only_fault(&cloud, "slow").await;
    let started = std::time::Instant::now();
    assert_eq!(cloud.get("networks").await.status, 200);
    assert!(started.elapsed() >= std::time::Duration::from_millis(500));
    only_fault(&cloud, "502").await;
    let reply = cloud.get("networks").await;
    assert_eq!(reply.status, 502);
    assert!(
        reply.body["NeutronError"]["type"].is_string(),
        "{}",
        reply.body
    );
    let unknown = cloud
        .admin(
            Method::POST,
            "faults",
            Some(json!({"fault_kinds": ["meteor"]})),
        )
        .await;
    assert_eq!(unknown.status, 400, "{}", unknown.body);
}

#[tokio::test]
async fn a_dropped_head_is_never_a_success() {
    let cloud = Cloud::start().await;
    for kind in ["drop_before", "drop_after"] {
        only_fault(&cloud, kind).await;
        let response = cloud
            .http
            .head(cloud.url(&Cloud::neutron("networks/no-such-network")))
            .header("X-Auth-Token", &cloud.token)
            .send()
            .await
            .expect("a HEAD gets an answer");
        assert_eq!(response.status().as_u16(), 503, "{kind}");
    }
}

#[tokio::test]
async fn faults_can_be_limited_to_some_methods() {
    let cloud = Cloud::start().await;
    let set = cloud
        .admin(
            Method::POST,
            "faults",
            Some(json!({"fault_rate": 1.0, "fault_kinds": ["503"], "fault_methods": ["post"]})),
        )
        .await;
    assert_eq!(set.status, 200, "{}", set.body);
    assert_eq!(set.body["fault_methods"], json!(["POST"]));
    assert_eq!(
        cloud.get("networks").await.status,
        200,
        "GETs meet no fault"
    );
    let network = json!({"network": {"name": "only-posts-fail"}});
    let post = cloud
        .http
        .post(cloud.url(&Cloud::neutron("networks")))
        .header("X-Auth-Token", &cloud.token)
        .json(&network)
        .send()
        .await
        .expect("answer");
    assert_eq!(post.status().as_u16(), 503);
}
