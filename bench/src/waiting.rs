//! Figure 3, waiting: a server created through the SDK while the emulator holds new objects in
//! their building state for a provision delay, per cloud, beside fixed-interval pollers; time
//! from create to ready beyond the delay, and the cloud API requests it took.

use std::sync::Arc;
use std::time::{Duration, Instant};

use sovereign_sdk::{Cloud, CloudConfig, Deadline, NetworkSpec, ServerSize, ServerSpec};
use tokio::task::JoinSet;

use crate::emulator::Emulator;
use crate::poller;
use crate::report::Row;
use crate::stats::{cloud_diff, total};
use crate::tools::Tools;
use crate::BenchResult;

/// The emulated clouds, by the path prefix the emulator serves them under.
const CLOUDS: [&str; 4] = ["plusserver", "otc", "ionos", "stackit"];

/// The intervals of the fixed pollers the official providers use.
const POLLERS: [u64; 2] = [5, 1];

/// One cloud, connected, with a network and an image to build servers from.
#[derive(Clone)]
pub(crate) struct Rig {
    /// The emulator's name of the cloud.
    pub name: &'static str,
    /// The SDK's client.
    pub cloud: Cloud,
    network_id: String,
    image: String,
}

/// How one create went.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Outcome {
    /// From the create call to ready seen.
    pub elapsed: Duration,
    /// Cloud API requests of the create, including its polling.
    pub requests: u64,
    /// The polls among them.
    pub polls: u64,
}

impl Rig {
    /// Connects to `name` on `emulator` and makes a network (with no delay).
    async fn new(emulator: &Emulator, name: &'static str) -> BenchResult<Rig> {
        let vars = emulator.env(name)?;
        let lookup = move |key: &str| vars.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let fail = |e: sovereign_sdk::Error| format!("{name}: {e}");
        let config = CloudConfig::from_lookup(&lookup).map_err(fail)?;
        let cloud = Cloud::connect_with(config, &lookup).map_err(fail)?;
        let images = cloud.compute().list_images().await.map_err(fail)?;
        let image = images
            .first()
            .ok_or(format!("{name}: no images"))?
            .id
            .clone();
        let spec = NetworkSpec {
            name: "bench-wait".to_string(),
            ..NetworkSpec::default()
        };
        let network = cloud.networking().create_network(&spec, deadline()).await;
        Ok(Rig {
            name,
            cloud,
            network_id: network.map_err(fail)?.id,
            image,
        })
    }

    /// A server spec named `name`.
    pub fn server(&self, name: String) -> ServerSpec {
        ServerSpec {
            name,
            image: self.image.clone(),
            network_id: self.network_id.clone(),
            size: ServerSize::Resources {
                cores: 2,
                memory_gb: 4,
            },
            availability_zone: None,
            security_group_ids: Vec::new(),
            ssh_public_keys: Vec::new(),
            user_data: None,
            boot_volume_size_gb: None,
            boot_volume_type: None,
            labels: Default::default(),
        }
    }
}

/// A deadline no emulated create comes near.
pub(crate) fn deadline() -> Deadline {
    Deadline::after(Duration::from_secs(600))
}

/// One row per cloud and delay.
pub(crate) async fn run(tools: &Tools, delays: &[u64]) -> BenchResult<Vec<Row>> {
    let emulator = Arc::new(Emulator::start(&tools.emulator, Duration::ZERO)?);
    let mut rigs = Vec::new();
    for name in CLOUDS {
        rigs.push(Rig::new(&emulator, name).await?);
    }
    let mut rows = Vec::new();
    for &seconds in delays {
        let delay = Duration::from_secs(seconds);
        emulator.set_delay(delay).await?;
        let ours = on_every_cloud(&emulator, &rigs, seconds, None).await?;
        let mut pollers = Vec::new();
        for interval in POLLERS {
            let outcomes = on_every_cloud(&emulator, &rigs, seconds, Some(interval)).await?;
            pollers.push((interval, outcomes));
        }
        for (i, rig) in rigs.iter().enumerate() {
            // A poller sends the SDK's create requests, then its own polls.
            let creating = ours[i].requests - ours[i].polls;
            let baselines: Vec<(u64, Outcome)> = pollers
                .iter()
                .map(|(s, o)| {
                    let requests = creating + o[i].polls;
                    (*s, Outcome { requests, ..o[i] })
                })
                .collect();
            rows.push(row(rig.name, delay, ours[i], &baselines));
        }
    }
    Ok(rows)
}

/// Creates one server on every cloud at once (the emulator counts requests per cloud), with
/// the SDK's waiter or, given an interval, a fixed poller; outcomes in the order of `rigs`.
async fn on_every_cloud(
    emulator: &Arc<Emulator>,
    rigs: &[Rig],
    delay: u64,
    interval: Option<u64>,
) -> BenchResult<Vec<Outcome>> {
    let mut tasks = JoinSet::new();
    for (i, rig) in rigs.iter().enumerate() {
        let (emulator, rig) = (emulator.clone(), rig.clone());
        let who = interval.map_or("sdk".to_string(), |s| format!("poll{s}"));
        let spec = rig.server(format!("bench-{who}-{delay}"));
        tasks.spawn(async move {
            let outcome = match interval {
                None => sdk_create(&emulator, &rig, &spec).await,
                Some(s) => poller::create(&emulator, &rig, &spec, Duration::from_secs(s)).await,
            };
            (i, outcome)
        });
    }
    let mut outcomes = vec![None; rigs.len()];
    while let Some(joined) = tasks.join_next().await {
        let (i, outcome) = joined.map_err(|e| format!("a create task failed: {e}"))?;
        outcomes[i] = Some(outcome?);
    }
    outcomes
        .into_iter()
        .map(|o| o.ok_or_else(|| "a create task gave no result".to_string()))
        .collect()
}

/// Creates a server through the SDK, which returns once it is ready.
async fn sdk_create(emulator: &Emulator, rig: &Rig, spec: &ServerSpec) -> BenchResult<Outcome> {
    let before = emulator.routes().await?;
    let started = Instant::now();
    let created = rig.cloud.compute().create_server(spec, deadline()).await;
    let elapsed = started.elapsed();
    created.map_err(|e| format!("{}: create_server: {e}", rig.name))?;
    let after = emulator.routes().await?;
    let requests = cloud_diff(&before, &after, rig.name);
    // The SDK's polls: the GET route it sent most often (the server, the job or the request).
    let polls = requests
        .iter()
        .filter(|(route, _)| route.starts_with("GET "))
        .map(|(_, count)| *count)
        .max()
        .unwrap_or(0);
    Ok(Outcome {
        elapsed,
        requests: total(&requests),
        polls,
    })
}

/// The row of one cloud at one delay.
fn row(cloud: &str, delay: Duration, ours: Outcome, pollers: &[(u64, Outcome)]) -> Row {
    let beyond = |o: &Outcome| o.elapsed.as_secs_f64() - delay.as_secs_f64();
    let slack = (delay.as_secs_f64() * 0.1).max(1.0);
    let five = pollers
        .iter()
        .find(|(s, _)| *s == 5)
        .map_or(ours.requests, |(_, o)| o.requests)
        .max(1);
    let baseline: Vec<String> = pollers
        .iter()
        .map(|(s, o)| format!("{s} s poller: +{:.2} s, {} req", beyond(o), o.requests))
        .collect();
    Row::new(
        format!(
            "Waiting, {cloud}, delay {} s: ready after the delay; requests",
            delay.as_secs()
        ),
        format!("+{:.2} s, {} req", beyond(&ours), ours.requests),
        baseline.join("; "),
        ours.requests as f64 / five as f64,
        format!("<= +{slack:.0} s; req <= 5 s poller's"),
        (beyond(&ours) / slack).max(ours.requests as f64 / five as f64),
    )
}
