//! Shared set-up for the SDK's tests against the emulator.

#![allow(dead_code)]

pub mod s3;

use std::time::Duration;

use sovereign_emulator::{Emulator, EmulatorConfig};
use sovereign_sdk::http::RetryPolicy;
use sovereign_sdk::{Cloud, CloudConfig, Deadline};

/// An emulator with a short provision delay, and an SDK cloud pointed at it.
pub struct Rig {
    /// The emulator.
    pub emulator: Emulator,
    /// The SDK's view of it.
    pub cloud: Cloud,
}

impl Rig {
    /// A rig whose resources stay in their building states for `delay`.
    pub fn with_delay(delay: Duration) -> Rig {
        Rig::for_cloud("plusserver", delay, |_| true)
    }

    /// A rig on the emulated `cloud`, with the `env` variables `keep` lets through.
    pub fn for_cloud(cloud: &str, delay: Duration, keep: impl Fn(&str) -> bool) -> Rig {
        let config = EmulatorConfig {
            provision_delay: delay,
            ..EmulatorConfig::default()
        };
        Rig::configured(cloud, config, RetryPolicy::default(), keep)
    }

    /// A rig on the emulated `cloud`, the emulator started with `config`, the SDK retrying by
    /// `retry`.
    pub fn configured(
        cloud: &str,
        config: EmulatorConfig,
        retry: RetryPolicy,
        keep: impl Fn(&str) -> bool,
    ) -> Rig {
        let emulator = Emulator::start(config).expect("emulator");
        let mut vars = sovereign_emulator::env_vars(cloud, &emulator.url()).expect("env");
        vars.retain(|(name, _)| keep(name));
        let lookup = move |name: &str| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let mut config = CloudConfig::from_lookup(&lookup).expect("config");
        config.retry = retry;
        let cloud = Cloud::connect_with(config, &lookup).expect("connect");
        Rig { emulator, cloud }
    }

    /// GET an admin path of the emulator as JSON.
    pub async fn admin(&self, path: &str) -> serde_json::Value {
        reqwest::get(format!("{}/_emulator/{path}", self.emulator.url()))
            .await
            .expect("admin API")
            .json()
            .await
            .expect("admin JSON")
    }

    /// Fails the test, listing what is left, unless the emulator holds nothing clients made.
    pub async fn assert_nothing_left(&self) {
        let inventory = self.admin("inventory").await;
        assert_eq!(
            inventory["total"].as_u64(),
            Some(0),
            "left behind: {inventory}"
        );
    }
}

/// A generous deadline for emulated operations.
pub fn deadline() -> Deadline {
    Deadline::after(Duration::from_secs(30))
}
