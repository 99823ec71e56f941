//! Run-time knobs of the emulator.

use std::path::PathBuf;
use std::time::Duration;

/// Knobs that shape how the emulator behaves.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// How long newly created resources report a transitional status (`BUILD`) before they are ready.
    pub provision_delay: Duration,
    /// Extra delay before every cloud API request is handled.
    pub latency: Duration,
    /// Probability (0.0..=1.0) that a cloud API request is answered with an injected 429, 500 or 503.
    pub fault_rate: f64,
    /// Seed of the random generator that decides on injected faults.
    pub seed: u64,
    /// File the state is loaded from at start and written to after every mutation.
    pub state_file: Option<PathBuf>,
    /// Lifetime of issued Keystone tokens.
    pub token_ttl: Duration,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            provision_delay: Duration::ZERO,
            latency: Duration::ZERO,
            fault_rate: 0.0,
            seed: 0,
            state_file: None,
            token_ttl: Duration::from_secs(3600),
        }
    }
}
