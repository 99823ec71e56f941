//! Run-time knobs of the emulator.

use std::path::PathBuf;
use std::time::Duration;

/// Volumes per project on the OpenStack clouds unless configured (plusserver's default quota).
pub const DEFAULT_VOLUME_QUOTA: usize = 20;

/// Knobs that shape how the emulator behaves.
#[derive(Clone, Debug)]
pub struct EmulatorConfig {
    /// How long newly created resources report a transitional status (`BUILD`) before they are ready.
    pub provision_delay: Duration,
    /// Extra delay before every cloud API request is handled.
    pub latency: Duration,
    /// Probability (0.0..=1.0) that a cloud API request meets an injected fault.
    pub fault_rate: f64,
    /// The kinds of fault injected, equally likely (default: all).
    pub fault_kinds: Vec<FaultKind>,
    /// The HTTP methods faults may hit, upper case (empty: every method).
    pub fault_methods: Vec<String>,
    /// Seed of the random generator that decides on injected faults.
    pub seed: u64,
    /// File the state is loaded from at start and written to after every mutation.
    pub state_file: Option<PathBuf>,
    /// Lifetime of issued Keystone tokens.
    pub token_ttl: Duration,
    /// Volumes a project may have on each OpenStack cloud (Cinder's `volumes` quota).
    pub volume_quota: usize,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        EmulatorConfig {
            provision_delay: Duration::ZERO,
            latency: Duration::ZERO,
            fault_rate: 0.0,
            fault_kinds: FaultKind::ALL.to_vec(),
            fault_methods: Vec::new(),
            seed: 0,
            state_file: None,
            token_ttl: Duration::from_secs(3600),
            volume_quota: DEFAULT_VOLUME_QUOTA,
        }
    }
}

/// One kind of injected fault.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FaultKind {
    /// 429 in the cloud's error shape, with `Retry-After: 1`; not processed.
    #[serde(rename = "429")]
    TooManyRequests,
    /// 500; not processed.
    #[serde(rename = "500")]
    InternalError,
    /// 502; not processed.
    #[serde(rename = "502")]
    BadGateway,
    /// 503; not processed.
    #[serde(rename = "503")]
    Unavailable,
    /// The connection drops before the request is processed.
    #[serde(rename = "drop_before")]
    DropBefore,
    /// The request is processed, then the connection drops: the answer is lost.
    #[serde(rename = "drop_after")]
    DropAfter,
    /// The answer comes 0.5 to 2 s late.
    #[serde(rename = "slow")]
    Slow,
}

impl FaultKind {
    /// Every kind.
    pub const ALL: [FaultKind; 7] = [
        FaultKind::TooManyRequests,
        FaultKind::InternalError,
        FaultKind::BadGateway,
        FaultKind::Unavailable,
        FaultKind::DropBefore,
        FaultKind::DropAfter,
        FaultKind::Slow,
    ];

    /// The kinds that answer with an error status (a client always gets an answer).
    pub const ERROR_ANSWERS: [FaultKind; 4] = [
        FaultKind::TooManyRequests,
        FaultKind::InternalError,
        FaultKind::BadGateway,
        FaultKind::Unavailable,
    ];

    /// The kind's name (`429`, `drop_after`), as on the command line and in `/_emulator/stats`.
    pub fn name(self) -> &'static str {
        match self {
            FaultKind::TooManyRequests => "429",
            FaultKind::InternalError => "500",
            FaultKind::BadGateway => "502",
            FaultKind::Unavailable => "503",
            FaultKind::DropBefore => "drop_before",
            FaultKind::DropAfter => "drop_after",
            FaultKind::Slow => "slow",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Result<FaultKind, String> {
        FaultKind::ALL
            .into_iter()
            .find(|kind| kind.name() == name.trim())
            .ok_or_else(|| {
                let names: Vec<&str> = FaultKind::ALL.iter().map(|k| k.name()).collect();
                format!("unknown fault kind {name:?}; use {}", names.join(", "))
            })
    }
}
