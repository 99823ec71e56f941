//! Keystone auth and Neutron calls through `Cloud`, against a mock Keystone + Neutron: request
//! bodies, token caching and renewal, one re-auth on 401, catalog regions, error mapping.

use std::time::Duration;

use serde_json::{json, Value};
use sovereign_sdk::{Cloud, CloudConfig, CloudKind, ErrorKind, RetryPolicy, Secret};
use wiremock::matchers::{body_partial_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TOKENS: &str = "/v3/auth/tokens";
const PASSWORD: &str = "hunter2-password";

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 2,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
    }
}

/// A plusserver configuration for user `alice` in project `proj` against the mock.
fn password_config(uri: &str) -> CloudConfig {
    let mut config = CloudConfig::new(CloudKind::Plusserver);
    config.region = Some("prod1".into());
    config.retry = quick_policy();
    config.openstack.auth_url = Some(format!("{uri}/v3"));
    config.openstack.user_name = Some("alice".into());
    config.openstack.password = Some(Secret::new(PASSWORD));
    config.openstack.user_domain_name = Some("Default".into());
    config.openstack.project_name = Some("proj".into());
    config.openstack.project_domain_name = Some("Default".into());
    config
}

fn connect(config: CloudConfig) -> Cloud {
    Cloud::connect_with(config, &|_| None).expect("connecting")
}

/// A catalog whose network service is the mock's `/network` in prod1.
fn catalog(uri: &str) -> Value {
    json!([{"type": "network", "endpoints": [
        {"interface": "public", "region_id": "prod1", "url": format!("{uri}/network")}
    ]}])
}

/// Keystone's answer: a token expiring `expires_in` from now, with `catalog`.
fn token_answer(value: &str, expires_in: chrono::Duration, catalog: Value) -> ResponseTemplate {
    // Keystone's own format: microseconds and a Z.
    let expires_at = (chrono::Utc::now() + expires_in)
        .format("%Y-%m-%dT%H:%M:%S%.6fZ")
        .to_string();
    ResponseTemplate::new(201)
        .insert_header("X-Subject-Token", value)
        .set_body_json(json!({"token": {
            "expires_at": expires_at,
            "methods": ["password"],
            "project": {"id": "p-1", "name": "proj", "domain": {"id": "default"}},
            "catalog": catalog,
        }}))
}

/// Keystone issuing `value`, valid for an hour, to any auth request.
async fn mount_keystone(server: &MockServer, value: &str) {
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .respond_with(token_answer(
            value,
            chrono::Duration::hours(1),
            catalog(&server.uri()),
        ))
        .mount(server)
        .await;
}

/// Neutron under `prefix` answering `get_network("abc")`: the network, its subnet, no router.
async fn mount_neutron(server: &MockServer, prefix: &str) {
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/v2.0/networks/abc")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"network": {
            "id": "abc", "name": "app", "tags": ["env=test"], "router:external": false
        }})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/v2.0/subnets")))
        .and(query_param("network_id", "abc"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"subnets": [{
                "id": "s-1", "network_id": "abc", "cidr": "10.20.0.0/24",
                "gateway_ip": "10.20.0.1", "dns_nameservers": [], "ip_version": 4
            }]})),
        )
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/v2.0/ports")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ports": []})))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{prefix}/v2.0/routers")))
        .and(query_param("tags", "sovereign-network=abc"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"routers": []})))
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

async fn auth_requests(server: &MockServer) -> Vec<Request> {
    requests(server)
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "POST" && r.url.path() == TOKENS)
        .collect()
}

async fn neutron_requests(server: &MockServer) -> Vec<Request> {
    requests(server)
        .await
        .into_iter()
        .filter(|r| r.url.path() != TOKENS)
        .collect()
}

fn token_of(request: &Request) -> String {
    request
        .headers
        .get("x-auth-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string()
}

fn body_of(request: &Request) -> Value {
    serde_json::from_slice(&request.body).expect("a JSON body")
}

#[tokio::test]
async fn password_auth_body_has_user_domain_and_project_scope() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .and(header("content-type", "application/json"))
        .and(body_partial_json(json!({"auth": {
            "identity": {
                "methods": ["password"],
                "password": {"user": {
                    "name": "alice",
                    "domain": {"name": "Default"},
                    "password": PASSWORD
                }}
            },
            "scope": {"project": {"name": "proj", "domain": {"name": "Default"}}}
        }})))
        .respond_with(token_answer(
            "tok-1",
            chrono::Duration::hours(1),
            catalog(&uri),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_neutron(&server, "/network").await;

    let cloud = connect(password_config(&uri));
    let network = cloud.networking().get_network("abc").await.unwrap();
    assert_eq!(network.id, "abc");
    assert_eq!(network.cidr.as_deref(), Some("10.20.0.0/24"));
    assert_eq!(network.labels.get("env").map(String::as_str), Some("test"));

    let auth = auth_requests(&server).await;
    assert_eq!(auth.len(), 1);
    // Exactly this shape: one method, no user id, no stray keys.
    let body = body_of(&auth[0]);
    assert_eq!(body["auth"]["identity"]["methods"], json!(["password"]));
    assert_eq!(
        body["auth"]["identity"]["password"]["user"],
        json!({"name": "alice", "domain": {"name": "Default"}, "password": PASSWORD})
    );
    assert_eq!(
        body["auth"]["scope"],
        json!({"project": {"name": "proj", "domain": {"name": "Default"}}})
    );
}

#[tokio::test]
async fn password_auth_by_ids() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .and(body_partial_json(json!({"auth": {
            "identity": {"password": {"user": {"id": "u-1", "password": PASSWORD}}},
            "scope": {"project": {"id": "p-1"}}
        }})))
        .respond_with(token_answer(
            "tok-1",
            chrono::Duration::hours(1),
            catalog(&uri),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_neutron(&server, "/network").await;

    let mut config = password_config(&uri);
    config.openstack.user_name = None;
    config.openstack.user_domain_name = None;
    config.openstack.user_id = Some("u-1".into());
    config.openstack.project_name = None;
    config.openstack.project_id = Some("p-1".into());
    connect(config)
        .networking()
        .get_network("abc")
        .await
        .unwrap();
    let body = body_of(&auth_requests(&server).await[0]);
    assert_eq!(
        body["auth"]["identity"]["password"]["user"],
        json!({"id": "u-1", "password": PASSWORD})
    );
    assert_eq!(body["auth"]["scope"], json!({"project": {"id": "p-1"}}));
}

#[tokio::test]
async fn application_credential_auth_body() {
    let server = MockServer::start().await;
    let uri = server.uri();
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .and(body_partial_json(json!({"auth": {"identity": {
            "methods": ["application_credential"],
            "application_credential": {"id": "ac-1", "secret": "ac-secret"}
        }}})))
        .respond_with(token_answer(
            "tok-1",
            chrono::Duration::hours(1),
            catalog(&uri),
        ))
        .expect(1)
        .mount(&server)
        .await;
    mount_neutron(&server, "/network").await;

    let mut config = CloudConfig::new(CloudKind::Plusserver);
    config.region = Some("prod1".into());
    config.retry = quick_policy();
    config.openstack.auth_url = Some(format!("{uri}/v3"));
    config.openstack.application_credential_id = Some("ac-1".into());
    config.openstack.application_credential_secret = Some(Secret::new("ac-secret"));
    connect(config)
        .networking()
        .get_network("abc")
        .await
        .unwrap();

    let body = body_of(&auth_requests(&server).await[0]);
    assert_eq!(
        body,
        json!({"auth": {"identity": {
            "methods": ["application_credential"],
            "application_credential": {"id": "ac-1", "secret": "ac-secret"}
        }}}),
        "an application credential is already scoped: no scope, no password"
    );
}

#[tokio::test]
async fn token_is_cached_across_calls() {
    let server = MockServer::start().await;
    mount_keystone(&server, "tok-1").await;
    mount_neutron(&server, "/network").await;

    let cloud = connect(password_config(&server.uri()));
    cloud.networking().get_network("abc").await.unwrap();
    cloud.networking().get_network("abc").await.unwrap();

    assert_eq!(auth_requests(&server).await.len(), 1);
    let neutron = neutron_requests(&server).await;
    assert_eq!(neutron.len(), 6, "3 Neutron calls per get_network");
    assert!(neutron.iter().all(|r| token_of(r) == "tok-1"));
}

#[tokio::test]
async fn rejected_token_is_renewed_once() {
    let server = MockServer::start().await;
    let uri = server.uri();
    // The first token is rejected by Neutron, the second accepted.
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .respond_with(token_answer(
            "tok-revoked",
            chrono::Duration::hours(1),
            catalog(&uri),
        ))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    mount_keystone(&server, "tok-2").await;
    Mock::given(method("GET"))
        .and(header("x-auth-token", "tok-revoked"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "code": 401, "title": "Unauthorized",
            "message": "The request you have made requires authentication."
        }})))
        .with_priority(1)
        .mount(&server)
        .await;
    mount_neutron(&server, "/network").await;

    let cloud = connect(password_config(&uri));
    let network = cloud.networking().get_network("abc").await.unwrap();
    assert_eq!(network.id, "abc");

    assert_eq!(auth_requests(&server).await.len(), 2);
    let tokens: Vec<String> = neutron_requests(&server)
        .await
        .iter()
        .map(token_of)
        .collect();
    assert_eq!(tokens, ["tok-revoked", "tok-2", "tok-2", "tok-2"]);
}

#[tokio::test]
async fn second_401_in_a_row_is_unauthorized() {
    let server = MockServer::start().await;
    mount_keystone(&server, "tok-1").await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/networks/abc"))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "code": 401, "title": "Unauthorized",
            "message": "The request you have made requires authentication."
        }})))
        .mount(&server)
        .await;

    let cloud = connect(password_config(&server.uri()));
    let error = cloud.networking().get_network("abc").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized, "{error}");
    assert_eq!(error.status(), Some(401));
    assert_eq!(auth_requests(&server).await.len(), 2, "exactly one re-auth");
    assert_eq!(neutron_requests(&server).await.len(), 2, "no loop");
}

#[tokio::test]
async fn token_near_or_past_expiry_is_renewed_before_use() {
    for expires_in in [chrono::Duration::seconds(60), chrono::Duration::hours(-1)] {
        let server = MockServer::start().await;
        let uri = server.uri();
        Mock::given(method("POST"))
            .and(path(TOKENS))
            .respond_with(token_answer("tok-old", expires_in, catalog(&uri)))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        mount_keystone(&server, "tok-new").await;
        mount_neutron(&server, "/network").await;

        let cloud = connect(password_config(&uri));
        cloud.networking().get_network("abc").await.unwrap();
        // The just-issued token may serve the first call; once cached, it is seen to be (nearly)
        // expired and replaced before the next use.
        assert_eq!(
            auth_requests(&server).await.len(),
            2,
            "expires in {expires_in}"
        );
        let tokens: Vec<String> = neutron_requests(&server)
            .await
            .iter()
            .map(token_of)
            .collect();
        assert_eq!(tokens.len(), 3, "expires in {expires_in}");
        assert_eq!(
            tokens[1..],
            ["tok-new", "tok-new"],
            "expires in {expires_in}"
        );
        // The fresh token is kept.
        cloud.networking().get_network("abc").await.unwrap();
        assert_eq!(
            auth_requests(&server).await.len(),
            2,
            "expires in {expires_in}"
        );
    }
}

#[tokio::test]
async fn rejected_credentials_are_unauthorized_without_the_password() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .respond_with(ResponseTemplate::new(401).set_body_json(json!({"error": {
            "code": 401, "title": "Unauthorized",
            "message": "The request you have made requires authentication."
        }})))
        .mount(&server)
        .await;
    mount_neutron(&server, "/network").await;

    let cloud = connect(password_config(&server.uri()));
    let error = cloud.networking().get_network("abc").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Unauthorized, "{error}");
    let shown = error.to_string();
    assert!(shown.contains("alice"), "{shown}");
    assert!(
        shown.contains(&format!("{}{TOKENS}", server.uri())),
        "{shown}"
    );
    assert!(!shown.contains(PASSWORD), "{shown}");
    assert!(!format!("{error:?}").contains(PASSWORD));
    assert_eq!(
        auth_requests(&server).await.len(),
        1,
        "a 401 is not retried"
    );
    assert!(neutron_requests(&server).await.is_empty());
}

#[tokio::test]
async fn catalog_endpoint_is_picked_by_region_and_interface() {
    for (region, prefix) in [("prod1", "/network-prod1"), ("prod2", "/network-prod2")] {
        let server = MockServer::start().await;
        let uri = server.uri();
        // Wrong candidates first, so that "the first endpoint" would be the wrong one.
        let catalog = json!([
            {"type": "compute", "endpoints": [
                {"interface": "public", "region_id": region, "url": format!("{uri}/compute")}
            ]},
            {"type": "network", "endpoints": [
                {"interface": "internal", "region_id": region, "url": format!("{uri}/internal")},
                {"interface": "public", "region_id": "prod3", "url": format!("{uri}/network-prod3")},
                {"interface": "public", "region_id": "prod2", "url": format!("{uri}/network-prod2/")},
                {"interface": "public", "region_id": "prod1", "url": format!("{uri}/network-prod1")}
            ]}
        ]);
        Mock::given(method("POST"))
            .and(path(TOKENS))
            .respond_with(token_answer("tok-1", chrono::Duration::hours(1), catalog))
            .mount(&server)
            .await;
        mount_neutron(&server, prefix).await;

        let mut config = password_config(&uri);
        config.region = Some(region.into());
        let cloud = connect(config);
        assert_eq!(cloud.region(), region);
        cloud.networking().get_network("abc").await.unwrap();
        let paths: Vec<String> = neutron_requests(&server)
            .await
            .iter()
            .map(|r| r.url.path().to_string())
            .collect();
        assert_eq!(paths.len(), 3, "{region}: {paths:?}");
        assert!(
            paths
                .iter()
                .all(|p| p.starts_with(&format!("{prefix}/v2.0/"))),
            "{region}: {paths:?}"
        );
    }
}

#[tokio::test]
async fn region_missing_from_the_catalog_is_a_clear_error() {
    let server = MockServer::start().await;
    mount_keystone(&server, "tok-1").await;
    let mut config = password_config(&server.uri());
    config.region = Some("prod4".into());
    let error = connect(config)
        .networking()
        .get_network("abc")
        .await
        .unwrap_err();
    assert_eq!(error.field(), Some("region"), "{error}");
    assert!(error.message().contains("prod4"), "{error}");
    assert!(error.message().contains("prod1"), "{error}");
    assert!(neutron_requests(&server).await.is_empty());
}

#[tokio::test]
async fn neutron_404_is_not_found() {
    let server = MockServer::start().await;
    mount_keystone(&server, "tok-1").await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/networks/missing"))
        .respond_with(
            ResponseTemplate::new(404).set_body_json(json!({"NeutronError": {
                "type": "NetworkNotFound",
                "message": "Network missing could not be found.",
                "detail": ""
            }})),
        )
        .expect(1)
        .mount(&server)
        .await;

    let cloud = connect(password_config(&server.uri()));
    let error = cloud.networking().get_network("missing").await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound, "{error}");
    assert!(error.is_not_found());
    assert_eq!(error.status(), Some(404));
    assert!(
        error
            .message()
            .contains("Network missing could not be found."),
        "{error}"
    );
    assert!(error.message().contains("NetworkNotFound"), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(neutron_requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_404_from_keystone_is_never_not_found() {
    // A wrong auth URL must not read as "the network is gone": that would drop it from state.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(TOKENS))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"error": {
            "code": 404, "title": "Not Found", "message": "The resource could not be found."
        }})))
        .mount(&server)
        .await;
    let cloud = connect(password_config(&server.uri()));
    let error = cloud.networking().get_network("abc").await.unwrap_err();
    assert_ne!(error.kind(), ErrorKind::NotFound, "{error}");
    assert_eq!(error.field(), Some("openstack.auth_url"), "{error}");
}

#[tokio::test]
async fn a_bare_404_from_a_service_is_never_not_found() {
    let server = MockServer::start().await;
    mount_keystone(&server, "tok").await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/networks/abc"))
        .respond_with(ResponseTemplate::new(404).set_body_string("<html>404 page</html>"))
        .mount(&server)
        .await;
    let cloud = connect(password_config(&server.uri()));
    let error = cloud.networking().get_network("abc").await.unwrap_err();
    assert_ne!(error.kind(), ErrorKind::NotFound, "{error}");
}
