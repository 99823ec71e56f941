//! Peak resident memory of every process running one executable, sampled from `/proc` while a
//! command runs (the kernel keeps each process's high-water mark in `VmHWM`), and the CPU time
//! they used (as last seen, every 20 ms).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A sampler running on its own thread.
pub(crate) struct PeakRss {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<(u64, Duration)>,
}

/// Starts watching processes whose executable is `exe` (a canonical path).
pub(crate) fn watch(exe: PathBuf) -> PeakRss {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::spawn(move || {
        let mut peak = 0;
        let mut cpu: HashMap<u32, Duration> = HashMap::new();
        while !flag.load(Ordering::Relaxed) {
            for (pid, rss) in sample(&exe) {
                peak = peak.max(rss);
                cpu.insert(pid, crate::cpu::of_process(pid));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        (peak, cpu.values().sum())
    });
    PeakRss { stop, thread }
}

impl PeakRss {
    /// Stops sampling; the highest `VmHWM` seen, in MiB, and the CPU time the processes had
    /// used when last seen.
    pub fn finish(self) -> (f64, Duration) {
        self.stop.store(true, Ordering::Relaxed);
        let (peak, cpu) = self.thread.join().unwrap_or_default();
        (peak as f64 / 1024.0, cpu)
    }
}

/// The live processes of `exe` with their `VmHWM` (KiB).
fn sample(exe: &PathBuf) -> Vec<(u32, u64)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_string_lossy().parse().ok()?;
            Some((pid, entry))
        })
        .filter(|(_, entry)| std::fs::read_link(entry.path().join("exe")).is_ok_and(|p| &p == exe))
        .filter_map(|(pid, entry)| {
            let status = std::fs::read_to_string(entry.path().join("status")).ok()?;
            let hwm = status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())?;
            Some((pid, hwm))
        })
        .collect()
}
