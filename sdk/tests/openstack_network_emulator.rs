//! The OpenStack backend's network operations against the emulator (a separate implementation
//! of Keystone and Neutron that shares no code with the SDK).

mod support;

use std::time::Duration;

use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::{
    Cloud, CloudConfig, ErrorKind, Labels, NetworkSpec, NetworkUpdate, NetworkingExt,
};
use support::{deadline, Rig};

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn network_lifecycle() {
    let rig = Rig::with_delay(Duration::ZERO);
    let cloud = &rig.cloud;
    let net = cloud.networking();

    let spec = NetworkSpec {
        name: "sdk-net".into(),
        cidr: Some("10.50.0.0/24".into()),
        dns_nameservers: vec!["9.9.9.9".into()],
        internet_access: true,
        labels: labels(&[("team", "infra"), ("flag", "")]),
    };
    let created = net.create_network(&spec, deadline()).await.expect("create");
    assert_eq!(created.name, "sdk-net");
    assert_eq!(created.cidr.as_deref(), Some("10.50.0.0/24"));
    assert_eq!(created.gateway_ip.as_deref(), Some("10.50.0.1"));
    assert_eq!(created.dns_nameservers, vec!["9.9.9.9".to_string()]);
    assert!(created.internet_access);
    assert_eq!(created.labels, spec.labels);

    let read = net.get_network(&created.id).await.expect("get");
    assert_eq!(read, created);
    let listed = net.list_networks().await.expect("list");
    assert_eq!(listed, vec![created.clone()], "ext01 is not the project's");

    let update = NetworkUpdate {
        name: Some("sdk-net-2".into()),
        dns_nameservers: Some(vec![]),
        internet_access: Some(false),
        labels: Some(labels(&[("team", "platform")])),
    };
    let updated = net
        .update_network(&created.id, &update, deadline())
        .await
        .expect("update");
    assert_eq!(updated.name, "sdk-net-2");
    assert!(updated.dns_nameservers.is_empty());
    assert!(!updated.internet_access);
    assert_eq!(updated.labels, labels(&[("team", "platform")]));

    let back_on = net
        .update_network(
            &created.id,
            &NetworkUpdate {
                internet_access: Some(true),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("internet access on again");
    assert!(back_on.internet_access);

    net.delete_network(&created.id, deadline())
        .await
        .expect("delete");
    let gone = net.get_network(&created.id).await.unwrap_err();
    assert_eq!(gone.kind(), ErrorKind::NotFound);
    assert!(net.find_network(&created.id).await.expect("find").is_none());
    let again = net
        .delete_network(&created.id, deadline())
        .await
        .unwrap_err();
    assert_eq!(again.kind(), ErrorKind::NotFound);
    net.ensure_network_deleted(&created.id, deadline())
        .await
        .expect("already gone is fine");
}

#[tokio::test]
async fn default_cidr_and_no_router() {
    let rig = Rig::with_delay(Duration::ZERO);
    let cloud = &rig.cloud;
    let spec = NetworkSpec {
        name: "plain".into(),
        ..Default::default()
    };
    let created = cloud
        .networking()
        .create_network(&spec, deadline())
        .await
        .expect("create");
    assert_eq!(created.cidr.as_deref(), Some("10.0.0.0/24"));
    assert!(!created.internet_access);
    assert!(created.labels.is_empty());
    cloud
        .networking()
        .delete_network(&created.id, deadline())
        .await
        .expect("delete");
}

#[tokio::test]
async fn bad_input_is_refused_before_anything_is_sent() {
    let rig = Rig::with_delay(Duration::ZERO);
    let cloud = &rig.cloud;
    let spec = NetworkSpec {
        name: "bad".into(),
        cidr: Some("10.0.0.0/33".into()),
        ..Default::default()
    };
    let error = cloud
        .networking()
        .create_network(&spec, deadline())
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::InvalidInput);
    assert_eq!(error.field(), Some("cidr"));
    assert!(cloud
        .networking()
        .list_networks()
        .await
        .expect("list")
        .is_empty());
}

#[tokio::test]
async fn wrong_password_is_unauthorized() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let mut vars = sovereign_emulator::env_vars("plusserver", &emulator.url()).expect("env");
    for (k, v) in vars.iter_mut() {
        if k == "OS_PASSWORD" {
            *v = "not-the-password".into();
        }
    }
    let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
    let cloud = Cloud::connect_with(CloudConfig::from_lookup(&lookup).unwrap(), &lookup).unwrap();
    let error = cloud.networking().list_networks().await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized);
    assert!(!error.to_string().contains("not-the-password"));
}

#[tokio::test]
async fn reads_survive_injected_faults() {
    let emulator = Emulator::start(EmulatorConfig::default()).expect("emulator");
    let mut config = {
        let vars = sovereign_emulator::env_vars("plusserver", &emulator.url()).expect("env");
        let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        CloudConfig::from_lookup(&lookup).expect("config")
    };
    config.retry.base_delay = Duration::from_millis(20);
    config.retry.max_retries = 12;
    let cloud = Cloud::connect_with(config, &|_| None).expect("connect");
    let spec = NetworkSpec {
        name: "steady".into(),
        internet_access: true,
        ..Default::default()
    };
    let created = cloud
        .networking()
        .create_network(&spec, deadline())
        .await
        .expect("create");

    // Every other request now meets a fault: an error answer, a dropped connection or a slow
    // answer.
    let http = reqwest::Client::new();
    let admin = format!("{}/_emulator/faults", emulator.url());
    http.post(&admin)
        .json(&serde_json::json!({"fault_rate": 0.5}))
        .send()
        .await
        .expect("set faults")
        .error_for_status()
        .expect("faults accepted");
    for _ in 0..4 {
        let read = cloud
            .networking()
            .get_network(&created.id)
            .await
            .expect("reads are retried through faults");
        assert_eq!(read, created);
    }
    let stats: serde_json::Value = http
        .get(format!("{}/_emulator/stats", emulator.url()))
        .send()
        .await
        .expect("stats")
        .json()
        .await
        .expect("stats JSON");
    assert!(
        stats["faults_injected"].as_u64().unwrap_or(0) > 0,
        "no fault was injected: {stats}"
    );
}

/// A token for raw Neutron calls, as a user's other tooling would have.
async fn raw_token(rig: &Rig, http: &reqwest::Client) -> String {
    use sovereign_emulator::defaults;
    let body = serde_json::json!({"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": defaults::OS_USERNAME, "domain": {"name": defaults::OS_DOMAIN},
            "password": defaults::OS_PASSWORD}}},
        "scope": {"project": {"name": defaults::OS_PROJECT_NAME, "domain": {"name": defaults::OS_DOMAIN}}}}});
    let answer = http
        .post(format!("{}/plusserver/v3/auth/tokens", rig.emulator.url()))
        .json(&body)
        .send()
        .await
        .expect("token");
    answer.headers()["x-subject-token"]
        .to_str()
        .expect("token text")
        .to_string()
}

#[tokio::test]
async fn a_router_made_by_someone_else_is_neither_reported_nor_removed() {
    let rig = Rig::with_delay(Duration::ZERO);
    let net = rig.cloud.networking();
    let created = net
        .create_network(
            &NetworkSpec {
                name: "shared".into(),
                ..Default::default()
            },
            deadline(),
        )
        .await
        .expect("network");
    let subnet_id = rig.admin("inventory").await["plusserver"]["subnets"][0]["id"]
        .as_str()
        .expect("the network's subnet")
        .to_string();

    // Someone attaches their own router with a gateway, outside the SDK.
    let http = reqwest::Client::new();
    let token = raw_token(&rig, &http).await;
    let neutron = format!("{}/plusserver/network/v2.0", rig.emulator.url());
    let router: serde_json::Value = http
        .post(format!("{neutron}/routers"))
        .header("X-Auth-Token", &token)
        .json(&serde_json::json!({"router": {"name": "theirs",
            "external_gateway_info": {"network_id": sovereign_emulator::defaults::EXTERNAL_NETWORK_ID}}}))
        .send()
        .await
        .expect("router")
        .json()
        .await
        .expect("router JSON");
    let router_id = router["router"]["id"]
        .as_str()
        .expect("router id")
        .to_string();
    http.put(format!(
        "{neutron}/routers/{router_id}/add_router_interface"
    ))
    .header("X-Auth-Token", &token)
    .json(&serde_json::json!({"subnet_id": subnet_id}))
    .send()
    .await
    .expect("interface")
    .error_for_status()
    .expect("interface added");

    let read = net.get_network(&created.id).await.expect("read");
    assert!(
        !read.internet_access,
        "their router is not our internet access"
    );
    let refused = net
        .delete_network(&created.id, deadline())
        .await
        .unwrap_err();
    assert_eq!(refused.kind(), ErrorKind::Conflict, "{refused}");
    let routers = rig.admin("inventory").await["plusserver"]["routers"].clone();
    assert_eq!(
        routers.as_array().map(Vec::len),
        Some(1),
        "their router must survive: {routers}"
    );
}
