//! Latency and fault injection for cloud API routes, with knobs that can be changed at run time:
//! error answers (429 with `Retry-After`, 500, 502, 503), connections dropped before or after
//! the request is processed, and slow answers.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::config::{EmulatorConfig, FaultKind};
use crate::openstack;

/// The run-time knobs plus the seeded generator that decides on faults.
pub(crate) struct Faults {
    fault_rate: f64,
    kinds: Vec<FaultKind>,
    methods: Vec<String>,
    latency: Duration,
    provision_delay: Duration,
    seed: u64,
    rng: StdRng,
}

/// The knobs as shown and changed through `/_emulator/faults`.
#[derive(Debug, Serialize)]
pub(crate) struct Knobs {
    fault_rate: f64,
    fault_kinds: Vec<FaultKind>,
    fault_methods: Vec<String>,
    latency_ms: u64,
    provision_delay_ms: u64,
    seed: u64,
}

/// A partial change of the knobs; absent fields stay as they are.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KnobsUpdate {
    fault_rate: Option<f64>,
    fault_kinds: Option<Vec<FaultKind>>,
    fault_methods: Option<Vec<String>>,
    latency_ms: Option<u64>,
    provision_delay_ms: Option<u64>,
}

impl Faults {
    /// Knobs as configured at start.
    pub fn new(config: &EmulatorConfig) -> Faults {
        Faults {
            fault_rate: config.fault_rate.clamp(0.0, 1.0),
            kinds: config.fault_kinds.clone(),
            methods: config.fault_methods.clone(),
            latency: config.latency,
            provision_delay: config.provision_delay,
            seed: config.seed,
            rng: StdRng::seed_from_u64(config.seed),
        }
    }

    /// Current values of the knobs.
    pub fn knobs(&self) -> Knobs {
        Knobs {
            fault_rate: self.fault_rate,
            fault_kinds: self.kinds.clone(),
            fault_methods: self.methods.clone(),
            latency_ms: millis(self.latency),
            provision_delay_ms: millis(self.provision_delay),
            seed: self.seed,
        }
    }

    /// Applies a partial change; a fault rate outside 0..=1 is refused.
    pub fn update(&mut self, update: KnobsUpdate) -> Result<(), String> {
        if let Some(rate) = update.fault_rate {
            if !(0.0..=1.0).contains(&rate) {
                return Err(format!("fault_rate must be between 0 and 1, got {rate}"));
            }
            self.fault_rate = rate;
        }
        if let Some(kinds) = update.fault_kinds {
            if kinds.is_empty() {
                return Err("fault_kinds must name at least one kind".to_string());
            }
            self.kinds = kinds;
        }
        if let Some(methods) = update.fault_methods {
            self.methods = methods.iter().map(|m| m.to_ascii_uppercase()).collect();
        }
        if let Some(ms) = update.latency_ms {
            self.latency = Duration::from_millis(ms);
        }
        if let Some(ms) = update.provision_delay_ms {
            self.provision_delay = Duration::from_millis(ms);
        }
        Ok(())
    }

    /// How long new resources stay in their transitional status.
    pub fn provision_delay(&self) -> Duration {
        self.provision_delay
    }

    /// Restarts the fault sequence from the configured seed.
    pub fn reseed(&mut self) {
        self.rng = StdRng::seed_from_u64(self.seed);
    }

    /// Decides the delay and (maybe) the kind of fault for one request with `method`, the
    /// configured kinds equally likely.
    fn draw(&mut self, method: &str) -> (Duration, Option<FaultKind>) {
        let method_may_fail = self.methods.is_empty() || self.methods.iter().any(|m| m == method);
        let fault = (self.fault_rate > 0.0
            && method_may_fail
            && !self.kinds.is_empty()
            && self.rng.gen::<f64>() < self.fault_rate)
            .then(|| self.kinds[self.rng.gen_range(0..self.kinds.len())]);
        (self.latency, fault)
    }

    /// How much later a slow answer comes.
    fn slowdown(&mut self) -> Duration {
        Duration::from_millis(self.rng.gen_range(500..=2000))
    }
}

/// An answer whose connection breaks: its body fails before its first byte, so the server
/// closes the connection and the client never reads a complete response.
fn dropped_connection() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "injected fault: connection dropped",
        ))
    });
    Response::new(axum::body::Body::from_stream(failing))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Middleware for cloud routes: sleeps for the configured latency, then maybe injects a fault.
pub(crate) async fn inject(State(app): State<App>, request: Request, next: Next) -> Response {
    let (latency, fault) = app.faults().draw(request.method().as_str());
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let Some(mut fault) = fault else {
        return next.run(request).await;
    };
    // An answer to HEAD has no body, so a body that breaks cannot break it: the client would
    // read the headers of a success. A HEAD changes nothing either, so losing its answer is
    // the same as not processing it: a 503.
    if request.method() == axum::http::Method::HEAD
        && matches!(fault, FaultKind::DropBefore | FaultKind::DropAfter)
    {
        fault = FaultKind::Unavailable;
    }
    app.stats().fault_injected(fault.name());
    let path = request.uri().path();
    match fault {
        FaultKind::TooManyRequests => {
            openstack::errors::injected_fault(path, StatusCode::TOO_MANY_REQUESTS)
        }
        FaultKind::InternalError => {
            openstack::errors::injected_fault(path, StatusCode::INTERNAL_SERVER_ERROR)
        }
        FaultKind::BadGateway => openstack::errors::injected_fault(path, StatusCode::BAD_GATEWAY),
        FaultKind::Unavailable => {
            openstack::errors::injected_fault(path, StatusCode::SERVICE_UNAVAILABLE)
        }
        FaultKind::DropBefore => dropped_connection(),
        FaultKind::DropAfter => {
            let processed = next.run(request).await;
            // Read the whole answer, so the change is complete, then lose it.
            let _ = axum::body::to_bytes(processed.into_body(), usize::MAX).await;
            dropped_connection()
        }
        FaultKind::Slow => {
            let extra = app.faults().slowdown();
            tokio::time::sleep(extra).await;
            next.run(request).await
        }
    }
}
