//! Figure 4, SDK throughput: create and delete volumes through the SDK on the emulated
//! plusserver, against openstacksdk doing the same on the same emulator, 32 in flight on both
//! sides. The emulator runs with a volume quota above that (plusserver's default is 20).

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sovereign_sdk::{Cloud, CloudConfig, VolumeSpec};
use tokio::task::JoinSet;

use crate::emulator::Emulator;
use crate::report::Row;
use crate::tools::Tools;
use crate::waiting::deadline;
use crate::BenchResult;

/// Operations in flight on either side.
const IN_FLIGHT: usize = 32;

/// The emulator's volume quota: room for every volume in flight.
const VOLUME_QUOTA: &str = "64";

/// Both sides once each, on one emulator with no delay.
pub(crate) async fn run(tools: &Tools, volumes: usize) -> BenchResult<Vec<Row>> {
    let knobs = ["--volume-quota", VOLUME_QUOTA];
    let emulator = Emulator::start_with(&tools.emulator, Duration::ZERO, &knobs)?;
    let vars = emulator.env("plusserver")?;
    let ours = sdk_seconds(&vars, volumes).await?;
    emulator.reset().await?;
    let theirs = openstacksdk_seconds(tools, &vars, volumes)?;
    let (ours_rate, theirs_rate) = (volumes as f64 / ours, volumes as f64 / theirs);
    Ok(vec![Row::new(
        format!("SDK: create + delete {volumes} volumes, {IN_FLIGHT} in flight"),
        format!("{ours:.2} s ({ours_rate:.0}/s)"),
        format!("{theirs:.2} s ({theirs_rate:.0}/s, openstacksdk)"),
        theirs / ours,
        ">= 5x".to_string(),
        5.0 / (theirs / ours),
    )])
}

/// Seconds the SDK takes, with `IN_FLIGHT` workers taking the next volume number.
async fn sdk_seconds(vars: &[(String, String)], volumes: usize) -> BenchResult<f64> {
    let owned = vars.to_vec();
    let lookup = move |key: &str| owned.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
    let config = CloudConfig::from_lookup(&lookup).map_err(|e| e.to_string())?;
    let cloud = Cloud::connect_with(config, &lookup).map_err(|e| e.to_string())?;
    // Authenticate before the clock starts, as the Python side does.
    cloud.block_storage().get_volume("none").await.ok();
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = JoinSet::new();
    for _ in 0..IN_FLIGHT {
        let (cloud, next) = (cloud.clone(), next.clone());
        workers.spawn(async move {
            loop {
                let index = next.fetch_add(1, Ordering::Relaxed);
                if index >= volumes {
                    return Ok::<(), String>(());
                }
                let spec = VolumeSpec {
                    name: format!("bench-{index}"),
                    size_gb: 1,
                    ..VolumeSpec::default()
                };
                let storage = cloud.block_storage();
                let volume = storage.create_volume(&spec, deadline()).await;
                let volume = volume.map_err(|e| format!("create_volume: {e}"))?;
                let deleted = storage.delete_volume(&volume.id, deadline()).await;
                deleted.map_err(|e| format!("delete_volume: {e}"))?;
            }
        });
    }
    while let Some(joined) = workers.join_next().await {
        joined.map_err(|e| format!("a volume worker failed: {e}"))??;
    }
    Ok(started.elapsed().as_secs_f64())
}

/// Seconds openstacksdk takes (bench/openstacksdk_volumes.py).
fn openstacksdk_seconds(
    tools: &Tools,
    vars: &[(String, String)],
    volumes: usize,
) -> BenchResult<f64> {
    let mut command = Command::new(&tools.python);
    command
        .arg(&tools.python_script)
        .arg(volumes.to_string())
        .arg(IN_FLIGHT.to_string());
    for (name, _) in std::env::vars() {
        if name.starts_with("OS_") {
            command.env_remove(name);
        }
    }
    let output = command
        .envs(vars.iter().map(|(k, v)| (k, v)))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", tools.python.display()))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "the openstacksdk script failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let result: serde_json::Value = stdout
        .lines()
        .last()
        .and_then(|line| serde_json::from_str(line).ok())
        .ok_or_else(|| format!("the openstacksdk script printed {stdout:?}"))?;
    result["seconds"]
        .as_f64()
        .ok_or_else(|| format!("the openstacksdk script printed {stdout:?}"))
}
