//! The OTC backend against the emulator: networks as VPC + subnet, servers through ECS jobs
//! with a typed root volume, EIPs bound to a server's port, AK/SK signing; after each test
//! nothing is left.

mod support;

use std::time::Duration;

use serde_json::{json, Value};
use sovereign_emulator::defaults;
use sovereign_sdk::model::*;
use support::{deadline, Rig};

const KEY: &str =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKzE5mYw0XFO0N1sQ6bqJ4xRTa7m0e1zOf9Rr4xS2ZtQ test@example";

/// OTC logged in with the password (the access key pair left out).
fn password_rig() -> Rig {
    Rig::for_cloud("otc", Duration::from_millis(100), |name| {
        name != "OS_ACCESS_KEY" && name != "OS_SECRET_KEY"
    })
}

async fn network(rig: &Rig, internet: bool) -> Network {
    rig.cloud
        .networking()
        .create_network(
            &NetworkSpec {
                name: "otc-net".into(),
                cidr: Some("10.70.0.0/24".into()),
                internet_access: internet,
                dns_nameservers: vec!["100.125.4.25".into()],
                labels: [("env".to_string(), "test".to_string())].into(),
            },
            deadline(),
        )
        .await
        .expect("network")
}

/// A raw call to the emulated OTC's VPC API (`path` after `/otc/vpc`, `{pid}` for the
/// project), as another tool or a person would make it.
async fn vpc_api(rig: &Rig, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
    let http = reqwest::Client::new();
    let auth = json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": defaults::OTC_USERNAME,
            "password": defaults::OTC_PASSWORD,
            "domain": {"name": defaults::OTC_DOMAIN_NAME},
        }}},
        "scope": {"project": {"id": defaults::OTC_PROJECT_ID}},
    }});
    let token = http
        .post(format!("{}/otc/v3/auth/tokens", rig.emulator.url()))
        .json(&auth)
        .send()
        .await
        .expect("token")
        .headers()["x-subject-token"]
        .to_str()
        .expect("token text")
        .to_string();
    let url = format!(
        "{}/otc/vpc{}",
        rig.emulator.url(),
        path.replace("{pid}", defaults::OTC_PROJECT_ID)
    );
    let mut request = http.request(method, url).header("X-Auth-Token", token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.expect("VPC API");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.unwrap_or(Value::Null)
}

async fn inventory(rig: &Rig, kind: &str) -> Vec<serde_json::Value> {
    rig.admin("inventory").await["otc"][kind]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn otc_network_is_a_vpc_with_one_subnet() {
    let rig = password_rig();
    let net = network(&rig, true).await;
    assert_eq!(net.cidr.as_deref(), Some("10.70.0.0/24"));
    assert_eq!(net.gateway_ip.as_deref(), Some("10.70.0.1"));
    assert_eq!(net.dns_nameservers, ["100.125.4.25"]);
    assert!(net.internet_access);
    assert_eq!(net.labels.get("env").map(String::as_str), Some("test"));
    let vpcs = inventory(&rig, "vpcs").await;
    assert_eq!(vpcs.len(), 1, "{vpcs:?}");
    assert_eq!(vpcs[0]["enable_shared_snat"], true, "{vpcs:?}");
    // The VPC subnet is a Neutron network with one Neutron subnet; its id is the network's.
    let networks = inventory(&rig, "networks").await;
    assert_eq!(networks.len(), 1, "{networks:?}");
    assert_eq!(
        networks[0]["id"],
        net.id.as_str(),
        "the network id is the subnet's"
    );
    assert_eq!(inventory(&rig, "subnets").await.len(), 1);

    let networking = rig.cloud.networking();
    let update = NetworkUpdate {
        name: Some("otc-net-2".into()),
        dns_nameservers: Some(vec!["1.1.1.1".into(), "9.9.9.9".into()]),
        internet_access: Some(false),
        labels: Some([("env".to_string(), "prod".to_string())].into()),
    };
    let updated = networking
        .update_network(&net.id, &update, deadline())
        .await
        .expect("update");
    assert_eq!(updated.name, "otc-net-2");
    assert_eq!(updated.dns_nameservers, ["1.1.1.1", "9.9.9.9"]);
    assert!(!updated.internet_access);
    assert_eq!(updated.labels.get("env").map(String::as_str), Some("prod"));
    assert_eq!(networking.get_network(&net.id).await.expect("get"), updated);

    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("delete");
    let gone = networking.get_network(&net.id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn otc_vpc_left_by_a_cut_off_delete_is_still_removed() {
    let rig = password_rig();
    let net = network(&rig, false).await;
    let vpc_id = inventory(&rig, "vpcs").await[0]["id"]
        .as_str()
        .expect("vpc id")
        .to_string();
    // A delete cut off after the subnet went: only the VPC is left.
    vpc_api(
        &rig,
        reqwest::Method::DELETE,
        &format!("/v1/{{pid}}/vpcs/{vpc_id}/subnets/{}", net.id),
        None,
    )
    .await;
    let networking = rig.cloud.networking();
    let leftover = networking
        .get_network(&net.id)
        .await
        .expect("still reported");
    assert_eq!(leftover.id, net.id);
    assert_eq!(leftover.gateway_ip, None, "no subnet any more");
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("the delete finishes");
    assert!(networking
        .get_network(&net.id)
        .await
        .unwrap_err()
        .is_not_found());
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn otc_a_users_vpc_keeps_its_tags_and_survives_the_delete() {
    let rig = password_rig();
    let vpc = vpc_api(
        &rig,
        reqwest::Method::POST,
        "/v1/{pid}/vpcs",
        Some(json!({"vpc": {"name": "users", "cidr": "10.80.0.0/16"}})),
    )
    .await;
    let vpc_id = vpc["vpc"]["id"].as_str().expect("vpc id").to_string();
    let subnet = vpc_api(
        &rig,
        reqwest::Method::POST,
        "/v1/{pid}/subnets",
        Some(json!({"subnet": {
            "name": "imported", "cidr": "10.80.1.0/24", "gateway_ip": "10.80.1.1", "vpc_id": vpc_id,
        }})),
    )
    .await;
    let subnet_id = subnet["subnet"]["id"]
        .as_str()
        .expect("subnet id")
        .to_string();
    let networking = rig.cloud.networking();
    let update = NetworkUpdate {
        labels: Some([("team".to_string(), "a".to_string())].into()),
        ..Default::default()
    };
    let updated = networking
        .update_network(&subnet_id, &update, deadline())
        .await
        .expect("relabel the imported network");
    assert_eq!(updated.labels.get("team").map(String::as_str), Some("a"));
    let vpc_tags = vpc_api(
        &rig,
        reqwest::Method::GET,
        &format!("/v2.0/{{pid}}/vpcs/{vpc_id}/tags"),
        None,
    )
    .await;
    assert_eq!(vpc_tags["tags"], json!([]), "the user's VPC is not tagged");
    let subnet_tags = vpc_api(
        &rig,
        reqwest::Method::GET,
        &format!("/v2.0/{{pid}}/subnets/{subnet_id}/tags"),
        None,
    )
    .await;
    assert_eq!(
        subnet_tags["tags"],
        json!([{"key": "team", "value": "a"}]),
        "the labels are the subnet's tags"
    );
    networking
        .delete_network(&subnet_id, deadline())
        .await
        .expect("delete the imported network");
    let vpcs = inventory(&rig, "vpcs").await;
    assert_eq!(vpcs.len(), 1, "the user's VPC stays: {vpcs:?}");
    vpc_api(
        &rig,
        reqwest::Method::DELETE,
        &format!("/v1/{{pid}}/vpcs/{vpc_id}"),
        None,
    )
    .await;
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn otc_public_ranges_are_refused_before_anything_is_sent() {
    let rig = password_rig();
    let spec = NetworkSpec {
        name: "public".into(),
        cidr: Some("8.8.8.0/24".into()),
        ..Default::default()
    };
    let error = rig.cloud.networking().check_network(&spec).unwrap_err();
    assert_eq!(error.field(), Some("cidr"));
    let error = rig
        .cloud
        .networking()
        .create_network(&spec, deadline())
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("cidr"));
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn otc_server_through_ecs_with_a_typed_root_volume_and_an_eip() {
    let rig = password_rig();
    let net = network(&rig, false).await;
    let compute = rig.cloud.compute();
    let spec = ServerSpec {
        name: "ecs-web".into(),
        image: "Standard_Ubuntu_24.04_latest".into(),
        network_id: net.id.clone(),
        size: ServerSize::Resources {
            cores: 1,
            memory_gb: 2,
        },
        availability_zone: None,
        security_group_ids: vec![],
        ssh_public_keys: vec![KEY.into()],
        user_data: Some("#cloud-config\n".into()),
        boot_volume_size_gb: Some(12),
        boot_volume_type: Some("SSD".into()),
        labels: [("role".to_string(), "web".to_string())].into(),
    };
    let server = compute
        .create_server(&spec, deadline())
        .await
        .expect("create");
    assert_eq!(server.status, "ACTIVE");
    assert_eq!(server.network_id, net.id, "the port is on the subnet");
    assert_eq!(server.flavor.as_deref(), Some("s3.medium.2"));
    assert_eq!(
        server.labels, spec.labels,
        "ECS's own metadata (vpc_id) is not a label"
    );
    let volumes = inventory(&rig, "volumes").await;
    assert!(
        volumes
            .iter()
            .any(|v| v["volume_type"] == "SSD" && v["size"] == 12),
        "the root volume has the asked type and size: {volumes:?}"
    );
    assert_eq!(inventory(&rig, "keypairs").await.len(), 1);

    let relabel = ServerUpdate {
        labels: Some([("role".to_string(), "api".to_string())].into()),
        ..Default::default()
    };
    let relabelled = compute
        .update_server(&server.id, &relabel, deadline())
        .await
        .expect("relabel");
    assert_eq!(
        relabelled.labels.get("role").map(String::as_str),
        Some("api")
    );
    let servers = inventory(&rig, "servers").await;
    assert!(
        servers
            .iter()
            .any(|s| s["metadata"]["vpc_id"].is_string() && s["metadata"]["role"] == "api"),
        "relabelling keeps ECS's metadata: {servers:?}"
    );

    let networking = rig.cloud.networking();
    let ip = networking
        .create_public_ip(
            &PublicIpSpec {
                server_id: Some(server.id.clone()),
                labels: [("env".to_string(), "test".to_string())].into(),
            },
            deadline(),
        )
        .await
        .expect("EIP");
    assert!(ip.address.starts_with("198.51.100."), "{ip:?}");
    assert_eq!(ip.server_id.as_deref(), Some(server.id.as_str()));
    assert_eq!(ip.labels.get("env").map(String::as_str), Some("test"));
    let unbound = networking
        .associate_public_ip(&ip.id, None, deadline())
        .await
        .expect("unbind");
    assert_eq!(unbound.server_id, None);
    networking
        .delete_public_ip(&ip.id, deadline())
        .await
        .expect("release");

    compute
        .delete_server(&server.id, deadline())
        .await
        .expect("delete server");
    let gone = compute.get_server(&server.id).await.unwrap_err();
    assert!(gone.is_not_found(), "{gone}");
    networking
        .delete_network(&net.id, deadline())
        .await
        .expect("delete network");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn otc_failed_build_names_the_server_and_deletes_cleanly() {
    let rig = password_rig();
    let net = network(&rig, false).await;
    let spec = ServerSpec {
        name: "app-fail-build".into(),
        image: "Standard_Debian_12_latest".into(),
        network_id: net.id.clone(),
        size: ServerSize::Flavor("s3.medium.1".into()),
        availability_zone: Some("eu-de-02".into()),
        security_group_ids: vec![],
        ssh_public_keys: vec![KEY.into()],
        user_data: None,
        boot_volume_size_gb: None,
        boot_volume_type: None,
        labels: Labels::new(),
    };
    let compute = rig.cloud.compute();
    let error = compute.create_server(&spec, deadline()).await.unwrap_err();
    let id = error
        .resource_id()
        .expect("the failed server's id")
        .to_string();
    assert!(error.message().contains("FAIL"), "{error}");
    assert!(
        inventory(&rig, "keypairs").await.is_empty(),
        "a failed job's keypair goes at once (ECS may have rolled the server back)"
    );
    compute
        .delete_server(&id, deadline())
        .await
        .expect("delete the failed server");
    rig.cloud
        .networking()
        .delete_network(&net.id, deadline())
        .await
        .expect("delete network");
    rig.assert_nothing_left().await;
}

#[tokio::test]
async fn otc_access_keys_sign_every_request_without_a_token() {
    let rig = Rig::for_cloud("otc", Duration::ZERO, |name| name != "OS_PASSWORD");
    let networking = rig.cloud.networking();
    let group = networking
        .create_security_group(
            &SecurityGroupSpec {
                name: "signed".into(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("a signed create");
    networking
        .delete_security_group(&group.id, deadline())
        .await
        .expect("a signed delete");
    let stats = rig.admin("stats").await.to_string();
    assert!(
        !stats.contains("/auth/tokens"),
        "a token was asked for: {stats}"
    );
    rig.assert_nothing_left().await;
}
