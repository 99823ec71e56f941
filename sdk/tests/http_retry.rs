//! The HTTP layer's retry rules against a real (mock) server: what is retried, how long it
//! waits, when it gives up, and what it says then.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use reqwest::Method;
use sovereign_sdk::http::{HttpClient, HttpRequest};
use sovereign_sdk::openstack::parse_error;
use sovereign_sdk::{ErrorKind, RetryPolicy};
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// A policy that retries quickly, so the tests stay fast.
fn quick_policy(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        max_retries,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
        request_timeout: Duration::from_secs(5),
    }
}

fn client(policy: RetryPolicy) -> HttpClient {
    HttpClient::new(policy).expect("building the HTTP client")
}

fn url(server: &MockServer, p: &str) -> Url {
    Url::parse(&format!("{}{p}", server.uri())).unwrap()
}

async fn count(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

/// Answers `status` to the first `times` requests on `p`, then 200.
async fn fail_then_ok(
    server: &MockServer,
    verb: &str,
    p: &str,
    failure: ResponseTemplate,
    times: u64,
) {
    Mock::given(method(verb))
        .and(path(p))
        .respond_with(failure)
        .up_to_n_times(times)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_string("ok"))
        .mount(server)
        .await;
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let server = MockServer::start().await;
    fail_then_ok(
        &server,
        "GET",
        "/slow-down",
        ResponseTemplate::new(429).insert_header("Retry-After", "2"),
        1,
    )
    .await;
    // A tiny backoff: only Retry-After can explain a wait of two seconds.
    let http = client(quick_policy(3));
    let started = Instant::now();
    let answer = http
        .send(&HttpRequest::new(Method::GET, url(&server, "/slow-down")))
        .await
        .unwrap();
    let elapsed = started.elapsed();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.attempts, 2);
    assert!(
        elapsed >= Duration::from_millis(1900) && elapsed <= Duration::from_millis(3500),
        "waited {elapsed:?}"
    );
    assert_eq!(count(&server).await, 2);
}

#[tokio::test]
async fn service_unavailable_then_success() {
    let server = MockServer::start().await;
    fail_then_ok(&server, "GET", "/flaky", ResponseTemplate::new(503), 1).await;
    let answer = client(quick_policy(3))
        .send(&HttpRequest::new(Method::GET, url(&server, "/flaky")))
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"ok");
    assert_eq!(answer.attempts, 2);
    assert_eq!(count(&server).await, 2);
}

#[tokio::test]
async fn budget_ends_with_the_last_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/down"))
        .respond_with(ResponseTemplate::new(503).set_body_string("maintenance"))
        .mount(&server)
        .await;
    let answer = client(quick_policy(2))
        .send(&HttpRequest::new(Method::GET, url(&server, "/down")))
        .await
        .expect("an answer, even a failed one");
    assert_eq!(answer.status, 503);
    assert_eq!(answer.attempts, 3);
    assert_eq!(count(&server).await, 3);
    let error = answer.error_for_status(parse_error).unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert!(
        error.message().contains("gave up after 3 attempts"),
        "{error}"
    );
    assert!(error.message().contains("maintenance"), "{error}");
}

#[tokio::test]
async fn final_answer_after_a_retry_is_not_a_spent_budget() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/networks/gone"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/networks/gone"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "NeutronError": {"type": "NetworkNotFound", "message": "Network gone could not be found."}
        })))
        .mount(&server)
        .await;
    let answer = client(quick_policy(3))
        .send(&HttpRequest::new(
            Method::GET,
            url(&server, "/networks/gone"),
        ))
        .await
        .unwrap();
    assert_eq!(answer.status, 404);
    assert_eq!(answer.attempts, 2);
    assert_eq!(count(&server).await, 2);
    // The 404 is the cloud's final word, not a budget running out.
    let error = answer.error_for_status(parse_error).unwrap_err();
    assert_eq!(error.kind(), ErrorKind::NotFound);
    assert!(!error.message().contains("gave up"), "{error}");
}

#[tokio::test]
async fn post_answered_500_is_not_retried() {
    let server = MockServer::start().await;
    fail_then_ok(&server, "POST", "/create", ResponseTemplate::new(500), 1).await;
    let request = HttpRequest::new(Method::POST, url(&server, "/create"))
        .json(&serde_json::json!({"name": "x"}))
        .unwrap();
    let answer = client(quick_policy(3)).send(&request).await.unwrap();
    assert_eq!(answer.status, 500);
    assert_eq!(answer.attempts, 1);
    assert_eq!(count(&server).await, 1);
    // A single attempt is not reported as a spent budget.
    let error = answer.error_for_status(parse_error).unwrap_err();
    assert!(!error.message().contains("gave up"), "{error}");
}

#[tokio::test]
async fn get_answered_500_is_retried() {
    let server = MockServer::start().await;
    fail_then_ok(&server, "GET", "/read", ResponseTemplate::new(500), 2).await;
    let answer = client(quick_policy(3))
        .send(&HttpRequest::new(Method::GET, url(&server, "/read")))
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.attempts, 3);
    assert_eq!(count(&server).await, 3);
}

#[tokio::test]
async fn post_answered_503_or_429_is_retried() {
    for status in [503u16, 429] {
        let server = MockServer::start().await;
        fail_then_ok(&server, "POST", "/create", ResponseTemplate::new(status), 1).await;
        let request = HttpRequest::new(Method::POST, url(&server, "/create"))
            .json(&serde_json::json!({"name": "x"}))
            .unwrap();
        let answer = client(quick_policy(3)).send(&request).await.unwrap();
        assert_eq!(answer.status, 200, "after HTTP {status}");
        assert_eq!(answer.attempts, 2, "after HTTP {status}");
        assert_eq!(count(&server).await, 2, "after HTTP {status}");
    }
}

fn short_timeout(max_retries: u32) -> RetryPolicy {
    RetryPolicy {
        request_timeout: Duration::from_millis(200),
        ..quick_policy(max_retries)
    }
}

#[tokio::test]
async fn post_timeout_is_not_retried_and_says_outcome_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/create"))
        .respond_with(ResponseTemplate::new(201).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let request = HttpRequest::new(Method::POST, url(&server, "/create"))
        .json(&serde_json::json!({"name": "x"}))
        .unwrap();
    let started = Instant::now();
    let error = client(short_timeout(3)).send(&request).await.unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert!(error.message().contains("outcome is unknown"), "{error}");
    assert!(error.message().contains("POST"), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(count(&server).await, 1);
}

#[tokio::test]
async fn get_timeout_is_retried() {
    let server = MockServer::start().await;
    fail_then_ok(
        &server,
        "GET",
        "/read",
        ResponseTemplate::new(200)
            .set_body_string("late")
            .set_delay(Duration::from_secs(2)),
        1,
    )
    .await;
    let answer = client(short_timeout(3))
        .send(&HttpRequest::new(Method::GET, url(&server, "/read")))
        .await
        .unwrap();
    assert_eq!(answer.status, 200);
    assert_eq!(answer.body, b"ok");
    assert_eq!(answer.attempts, 2);
    assert_eq!(count(&server).await, 2);
}

#[tokio::test]
async fn get_timeouts_end_with_a_clear_error_after_the_budget() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/read"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(2)))
        .mount(&server)
        .await;
    let error = client(short_timeout(2))
        .send(&HttpRequest::new(Method::GET, url(&server, "/read")))
        .await
        .unwrap_err();
    assert!(
        error.message().contains("gave up after 3 attempts"),
        "{error}"
    );
    assert!(error.message().contains("timed out"), "{error}");
    assert_eq!(count(&server).await, 3);
}

/// A server that reads each request and then drops the connection without answering.
/// Returns its URL and the number of connections it accepted.
async fn hang_up_server() -> (Url, Arc<AtomicU32>) {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let accepted = Arc::new(AtomicU32::new(0));
    let counter = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut socket, _)) = listener.accept().await else {
                return;
            };
            counter.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                let mut buffer = vec![0u8; 16 * 1024];
                let mut seen = Vec::new();
                // Read up to the end of the headers (the tests' bodies are small and come along).
                while !seen.windows(4).any(|w| w == b"\r\n\r\n") {
                    match socket.read(&mut buffer).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => seen.extend_from_slice(&buffer[..n]),
                    }
                }
                drop(socket);
            });
        }
    });
    (
        Url::parse(&format!("http://{address}/create")).unwrap(),
        accepted,
    )
}

#[tokio::test]
async fn post_connection_dropped_is_not_retried() {
    let (target, accepted) = hang_up_server().await;
    let request = HttpRequest::new(Method::POST, target)
        .json(&serde_json::json!({"name": "x"}))
        .unwrap();
    let error = client(quick_policy(3)).send(&request).await.unwrap_err();
    assert!(error.message().contains("outcome is unknown"), "{error}");
    assert!(!error.is_retryable());
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn get_connection_dropped_is_retried() {
    let (target, accepted) = hang_up_server().await;
    let error = client(quick_policy(2))
        .send(&HttpRequest::new(Method::GET, target))
        .await
        .unwrap_err();
    assert!(
        error.message().contains("gave up after 3 attempts"),
        "{error}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 3);
}

/// A local port nothing listens on.
fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    port
}

#[tokio::test]
async fn connection_refused_is_retried_then_clear() {
    let port = closed_port();
    for verb in [Method::GET, Method::POST] {
        let target = Url::parse(&format!("http://127.0.0.1:{port}/networks")).unwrap();
        let started = Instant::now();
        let error = client(quick_policy(2))
            .send(&HttpRequest::new(verb.clone(), target))
            .await
            .unwrap_err();
        let message = error.message();
        // Two retries mean two backoff waits of at least 5 and 10 ms.
        assert!(started.elapsed() >= Duration::from_millis(15), "{verb}");
        assert!(
            message.contains("gave up after 3 attempts"),
            "{verb}: {error}"
        );
        assert!(message.contains("could not connect"), "{verb}: {error}");
        assert!(
            message.contains(&format!("127.0.0.1:{port}")),
            "{verb}: {error}"
        );
        assert!(message.contains(verb.as_str()), "{verb}: {error}");
        assert_eq!(error.kind(), ErrorKind::Api);
    }
}
