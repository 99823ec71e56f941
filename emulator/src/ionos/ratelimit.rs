//! The `X-RateLimit-*` headers every IONOS response carries: the limit per minute, the burst
//! and what is left of the limit over the last minute. The emulator never throttles by itself
//! (429s come from fault injection only).

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

use crate::app::lock;
use crate::clock;

/// Requests per minute (`X-RateLimit-Limit`).
const LIMIT: usize = 600;
/// Concurrent requests (`X-RateLimit-Burst`).
const BURST: usize = 50;
/// The window the limit counts over (ms).
const WINDOW_MS: i64 = 60_000;

/// When the requests of the last minute came (unix ms), at most [`LIMIT`] of them.
#[derive(Clone, Default)]
pub(crate) struct Window(Arc<Mutex<VecDeque<i64>>>);

impl Window {
    /// Counts a request at `now`; returns what is left of the limit.
    fn record(&self, now: i64) -> usize {
        let mut seen = lock(&self.0);
        while seen.front().is_some_and(|t| *t <= now - WINDOW_MS) || seen.len() >= LIMIT {
            seen.pop_front();
        }
        seen.push_back(now);
        LIMIT - seen.len()
    }
}

/// Middleware: adds the rate limit headers.
pub(crate) async fn headers(
    State(window): State<Window>,
    request: Request,
    next: Next,
) -> Response {
    let remaining = window.record(clock::now_ms());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", LIMIT),
        ("x-ratelimit-remaining", remaining),
        ("x-ratelimit-burst", BURST),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
    response
}
