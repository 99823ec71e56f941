//! Latency and fault injection for cloud API routes, with knobs that can be changed at run time.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::Response;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

use crate::app::App;
use crate::config::EmulatorConfig;
use crate::openstack;

/// The run-time knobs plus the seeded generator that decides on faults.
pub(crate) struct Faults {
    fault_rate: f64,
    latency: Duration,
    provision_delay: Duration,
    seed: u64,
    rng: StdRng,
}

/// The knobs as shown and changed through `/_emulator/faults`.
#[derive(Debug, Serialize)]
pub(crate) struct Knobs {
    fault_rate: f64,
    latency_ms: u64,
    provision_delay_ms: u64,
    seed: u64,
}

/// A partial change of the knobs; absent fields stay as they are.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct KnobsUpdate {
    fault_rate: Option<f64>,
    latency_ms: Option<u64>,
    provision_delay_ms: Option<u64>,
}

impl Faults {
    /// Knobs as configured at start.
    pub fn new(config: &EmulatorConfig) -> Faults {
        Faults {
            fault_rate: config.fault_rate.clamp(0.0, 1.0),
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

    /// Decides the delay and (maybe) the injected failure status for one request.
    fn draw(&mut self) -> (Duration, Option<StatusCode>) {
        let fault = if self.fault_rate > 0.0 && self.rng.gen::<f64>() < self.fault_rate {
            Some(match self.rng.gen_range(0..3) {
                0 => StatusCode::TOO_MANY_REQUESTS,
                1 => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::SERVICE_UNAVAILABLE,
            })
        } else {
            None
        };
        (self.latency, fault)
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Middleware for cloud routes: sleeps for the configured latency, then maybe answers with a fault.
pub(crate) async fn inject(State(app): State<App>, request: Request, next: Next) -> Response {
    let (latency, fault) = app.faults().draw();
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    match fault {
        Some(status) => {
            app.stats().fault_injected();
            openstack::errors::injected_fault(request.uri().path(), status)
        }
        None => next.run(request).await,
    }
}
