//! The one HTTP layer every backend sends through: connection reuse, a timeout per attempt,
//! retries with jittered backoff that honour `Retry-After`, a retry budget per request, no blind
//! retry of a non-idempotent request whose outcome is unknown, and logs without secrets.

mod redact;
mod retry;

use std::time::{Duration, Instant};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Serialize;
use url::Url;

pub use redact::{is_sensitive_header, redact_url, RedactedHeaders, REDACTED};
pub use retry::{retry_after, RetryPolicy};

use crate::error::{status_is_retryable, Error, ErrorKind, Result};

/// One request to send: method, URL, headers, an optional body, and whether repeating it is safe.
#[derive(Debug, Clone)]
pub struct HttpRequest {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Vec<u8>>,
    idempotent: bool,
}

impl HttpRequest {
    /// A request without body; idempotent unless the method is POST or PATCH.
    pub fn new(method: Method, url: Url) -> Self {
        let idempotent = !matches!(method, Method::POST | Method::PATCH);
        HttpRequest {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
            idempotent,
        }
    }

    /// Adds a header; a name or value that is not valid HTTP becomes an `InvalidInput` error.
    pub fn header(mut self, name: &str, value: &str) -> Result<Self> {
        let name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| Error::new(ErrorKind::InvalidInput, format!("bad header name {name}")))?;
        let value = HeaderValue::from_str(value).map_err(|_| {
            Error::new(
                ErrorKind::InvalidInput,
                format!("bad value for header {name}"),
            )
        })?;
        self.headers.insert(name, value);
        Ok(self)
    }

    /// Sets a JSON body (and its content type).
    pub fn json(mut self, body: &impl Serialize) -> Result<Self> {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| Error::new(ErrorKind::InvalidInput, format!("encoding body: {e}")))?;
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        self.body = Some(bytes);
        Ok(self)
    }

    /// Sets a body of `content_type`.
    pub fn bytes(mut self, content_type: &'static str, body: Vec<u8>) -> Self {
        self.headers
            .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        self.body = Some(body);
        self
    }

    /// Sets a form body (`application/x-www-form-urlencoded`) from name/value pairs.
    pub fn form(mut self, pairs: &[(&str, &str)]) -> Self {
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        self.headers.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        self.body = Some(body.into_bytes());
        self
    }

    /// Declares whether sending this request twice has the same effect as once.
    pub fn idempotent(mut self, idempotent: bool) -> Self {
        self.idempotent = idempotent;
        self
    }

    /// The request's method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The request's URL.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The headers set so far.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The body, if one is set.
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }
}

/// `text` percent-encoded as one URL path segment.
pub fn path_segment(text: &str) -> String {
    // Form encoding writes a space as `+`, which a path must spell `%20`.
    let encoded: String = url::form_urlencoded::byte_serialize(text.as_bytes()).collect();
    encoded.replace('+', "%20")
}

/// A whole answer: status, headers, body, and how many attempts it took.
#[derive(Debug, Clone)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The response body.
    pub body: Vec<u8>,
    /// How many attempts were sent to get this answer.
    pub attempts: u32,
}

impl HttpResponse {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body decoded from JSON.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body).map_err(|e| {
            Error::new(
                ErrorKind::Api,
                format!("unexpected response body (HTTP {}): {e}", self.status),
            )
        })
    }

    /// The body as text, shortened for messages.
    pub fn body_excerpt(&self) -> String {
        let text = String::from_utf8_lossy(&self.body);
        let text = text.trim();
        if text.chars().count() > 300 {
            format!("{}...", text.chars().take(300).collect::<String>())
        } else {
            text.to_string()
        }
    }

    /// `Ok(self)` for 2xx; otherwise the error that `parse_error` reads from the answer, with the
    /// number of attempts when the retry budget was spent on it.
    pub fn error_for_status(self, parse_error: impl Fn(&HttpResponse) -> Error) -> Result<Self> {
        if self.is_success() {
            return Ok(self);
        }
        let mut error = parse_error(&self).with_status(self.status);
        // Only a retryable final status means the budget ran out; a 404 after a 503 is final.
        if self.attempts > 1 && status_is_retryable(self.status) {
            error = error.context(format!("gave up after {} attempts", self.attempts));
        }
        Err(error)
    }
}

/// The shared HTTP client: one connection pool, one retry policy.
#[derive(Debug, Clone)]
pub struct HttpClient {
    client: reqwest::Client,
    policy: RetryPolicy,
}

enum Outcome {
    Answer(HttpResponse),
    Retry {
        answer: Option<HttpResponse>,
        reason: String,
        wait_hint: Option<Duration>,
        timed_out: bool,
    },
}

impl HttpClient {
    /// A client with its own connection pool.
    pub fn new(policy: RetryPolicy) -> Result<Self> {
        let client = reqwest::Client::builder()
            .user_agent(concat!("sovereign-sdk/", env!("CARGO_PKG_VERSION")))
            .pool_idle_timeout(Duration::from_secs(60))
            .connect_timeout(Duration::from_secs(15))
            .build()
            .map_err(|e| Error::new(ErrorKind::Api, format!("building HTTP client: {e}")))?;
        Ok(HttpClient { client, policy })
    }

    /// The retry policy in force.
    pub fn policy(&self) -> &RetryPolicy {
        &self.policy
    }

    /// Sends a request, retrying what is safe to retry within the budget. Returns the final
    /// answer whatever its status; errors only when no answer could be had.
    pub async fn send(&self, request: &HttpRequest) -> Result<HttpResponse> {
        let shown_url = redact_url(&request.url);
        let mut attempt: u32 = 0;
        loop {
            attempt += 1;
            let started = Instant::now();
            let outcome = self.attempt(request, attempt).await;
            let elapsed_ms = started.elapsed().as_millis() as u64;
            let (answer, reason, wait_hint, timed_out) = match outcome {
                Ok(Outcome::Answer(answer)) => {
                    tracing::debug!(
                        method = %request.method, url = %shown_url, attempt,
                        status = answer.status, elapsed_ms, "http response"
                    );
                    return Ok(answer);
                }
                Ok(Outcome::Retry {
                    answer,
                    reason,
                    wait_hint,
                    timed_out,
                }) => (answer, reason, wait_hint, timed_out),
                Err(error) => {
                    tracing::debug!(
                        method = %request.method, url = %shown_url, attempt, elapsed_ms,
                        error = %error, "http request failed"
                    );
                    return Err(error);
                }
            };
            if attempt > self.policy.max_retries {
                tracing::warn!(
                    method = %request.method, url = %shown_url, attempts = attempt,
                    reason = %reason, "retry budget spent"
                );
                return match answer {
                    Some(answer) => Ok(answer),
                    None => Err(Error::new(
                        if timed_out {
                            ErrorKind::Timeout
                        } else {
                            ErrorKind::Api
                        },
                        format!(
                            "{} {shown_url}: gave up after {attempt} attempts: {reason}",
                            request.method
                        ),
                    )
                    .with_retryable(true)),
                };
            }
            let wait = self.policy.delay(attempt, wait_hint);
            tracing::info!(
                method = %request.method, url = %shown_url, attempt, reason = %reason,
                wait_ms = wait.as_millis() as u64, "retrying"
            );
            tokio::time::sleep(wait).await;
        }
    }

    async fn attempt(&self, request: &HttpRequest, attempt: u32) -> Result<Outcome> {
        let mut builder = self
            .client
            .request(request.method.clone(), request.url.clone())
            .headers(request.headers.clone())
            .timeout(self.policy.request_timeout);
        if let Some(body) = &request.body {
            builder = builder.body(body.clone());
        }
        tracing::trace!(
            method = %request.method, attempt,
            headers = %RedactedHeaders(&request.headers), "http request"
        );
        let response = match builder.send().await {
            Ok(response) => response,
            Err(error) => return self.transport_failure(request, &error),
        };
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = match response.bytes().await {
            Ok(body) => body.to_vec(),
            Err(error) => return self.transport_failure(request, &error),
        };
        tracing::trace!(status, headers = %RedactedHeaders(&headers), "http response headers");
        let answer = HttpResponse {
            status,
            headers,
            body,
            attempts: attempt,
        };
        // 429 and 503 say the request was not processed, so even a POST may go again.
        let retry = match status {
            429 | 503 => true,
            _ => request.idempotent && status_is_retryable(status),
        };
        if !retry {
            return Ok(Outcome::Answer(answer));
        }
        let wait_hint = retry_after(&answer.headers);
        Ok(Outcome::Retry {
            reason: format!("HTTP {status}"),
            wait_hint,
            answer: Some(answer),
            timed_out: false,
        })
    }

    fn transport_failure(&self, request: &HttpRequest, error: &reqwest::Error) -> Result<Outcome> {
        let detail = describe_transport_error(error);
        if error.is_connect() || request.idempotent {
            return Ok(Outcome::Retry {
                answer: None,
                reason: detail,
                wait_hint: None,
                timed_out: error.is_timeout(),
            });
        }
        let kind = if error.is_timeout() {
            ErrorKind::Timeout
        } else {
            ErrorKind::Api
        };
        Err(Error::new(
            kind,
            format!(
                "{} {}: {detail}; the outcome is unknown (the request may have taken effect), so it was not retried",
                request.method,
                redact_url(&request.url)
            ),
        )
        .with_retryable(false)
        .with_outcome_unknown())
    }
}

fn describe_transport_error(error: &reqwest::Error) -> String {
    use std::error::Error as _;
    let mut text = if error.is_timeout() {
        "timed out".to_string()
    } else if error.is_connect() {
        "could not connect".to_string()
    } else {
        "connection failed".to_string()
    };
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
