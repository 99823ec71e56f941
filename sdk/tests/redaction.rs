//! No credential reaches the logs, even at TRACE level and across retries and Keystone auth.

use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::Method;
use serde_json::json;
use sovereign_sdk::http::{HttpClient, HttpRequest};
use sovereign_sdk::{Cloud, CloudConfig, CloudKind, RetryPolicy, Secret};
use tracing::subscriber::DefaultGuard;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Log output collected in memory.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// A TRACE-level subscriber for this thread only (the tests run on current-thread runtimes).
fn capture_logs() -> (Captured, DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

fn quick_policy() -> RetryPolicy {
    RetryPolicy {
        max_retries: 3,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(1),
        request_timeout: Duration::from_secs(5),
    }
}

#[tokio::test]
async fn request_headers_and_query_secrets_stay_out_of_logs() {
    let (logs, _guard) = capture_logs();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2.0/networks"))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("Set-Cookie", "session=cookie-secret-value")
                .insert_header("X-Subject-Token", "gAAAA-token-value"),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2.0/networks"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("X-Request-Id", "req-visible-42")
                .set_body_json(json!({"networks": []})),
        )
        .mount(&server)
        .await;

    let target = Url::parse(&format!(
        "{}/v2.0/networks?limit=5&token=query-secret-value",
        server.uri()
    ))
    .unwrap();
    let request = HttpRequest::new(Method::GET, target)
        .header("Authorization", "Bearer s3cr3t-token")
        .unwrap()
        .header("X-Auth-Token", "gAAAA-token-value")
        .unwrap()
        .header("Accept", "application/json")
        .unwrap();
    let answer = HttpClient::new(quick_policy())
        .unwrap()
        .send(&request)
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.attempts, 2, "the first attempt must be retried");
    assert_eq!(server.received_requests().await.unwrap().len(), 2);

    let text = logs.text();
    assert!(!text.is_empty(), "nothing was logged");
    // The request is there: its path, the retry, the headers that are no secret.
    assert!(text.contains("/v2.0/networks"), "{text}");
    assert!(text.contains("retrying"), "{text}");
    assert!(text.contains("limit=5"), "{text}");
    assert!(text.contains("application/json"), "{text}");
    assert!(text.contains("req-visible-42"), "{text}");
    assert!(text.contains("<redacted>"), "{text}");
    for secret in [
        "s3cr3t-token",
        "gAAAA-token-value",
        "query-secret-value",
        "cookie-secret-value",
    ] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into the logs:\n{text}"
        );
    }
}

fn token_body(uri: &str) -> serde_json::Value {
    let expires_at = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
    json!({"token": {
        "expires_at": expires_at,
        "project": {"id": "p-1", "name": "proj"},
        "catalog": [{"type": "network", "endpoints": [
            {"interface": "public", "region_id": "prod1", "url": format!("{uri}/network")}
        ]}]
    }})
}

#[tokio::test]
async fn keystone_password_and_token_stay_out_of_logs() {
    let (logs, _guard) = capture_logs();
    let server = MockServer::start().await;
    let uri = server.uri();
    // Keystone is busy once, so the auth request (with the password in its body) goes twice.
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/v3/auth/tokens"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("X-Subject-Token", "gAAAA-issued-token")
                .set_body_json(token_body(&uri)),
        )
        .mount(&server)
        .await;
    // Neutron rejects the token once, so it is sent twice and re-issued once.
    Mock::given(method("GET"))
        .and(path("/network/v2.0/networks/abc"))
        .respond_with(ResponseTemplate::new(401))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/networks/abc"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"network": {"id": "abc", "name": "a"}})),
        )
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/subnets"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"subnets": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/ports"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"ports": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/network/v2.0/routers"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"routers": []})))
        .mount(&server)
        .await;

    let mut config = CloudConfig::new(CloudKind::Plusserver);
    config.region = Some("prod1".into());
    config.retry = quick_policy();
    config.openstack.auth_url = Some(format!("{uri}/v3"));
    config.openstack.user_name = Some("alice".into());
    config.openstack.password = Some(Secret::new("hunter2-password"));
    config.openstack.user_domain_name = Some("Default".into());
    config.openstack.project_name = Some("proj".into());
    config.openstack.project_domain_name = Some("Default".into());
    let cloud = Cloud::connect_with(config, &|_| None).unwrap();
    let network = cloud.networking().get_network("abc").await.unwrap();
    assert_eq!(network.id, "abc");

    let requests = server.received_requests().await.unwrap();
    let auth_posts = requests
        .iter()
        .filter(|r| r.url.path() == "/v3/auth/tokens")
        .count();
    assert_eq!(auth_posts, 3, "503 retry + first token + re-auth after 401");
    let sent_password = requests
        .iter()
        .any(|r| String::from_utf8_lossy(&r.body).contains("hunter2-password"));
    assert!(sent_password, "the password must reach Keystone");

    let text = logs.text();
    assert!(!text.is_empty(), "nothing was logged");
    assert!(text.contains("/v3/auth/tokens"), "{text}");
    assert!(text.contains("/network/v2.0/networks/abc"), "{text}");
    for secret in ["hunter2-password", "gAAAA-issued-token"] {
        assert!(
            !text.contains(secret),
            "{secret} leaked into the logs:\n{text}"
        );
    }
}
