//! Peak resident memory of every process running one executable, sampled from `/proc` while a
//! command runs (the kernel keeps each process's high-water mark in `VmHWM`).

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// A sampler running on its own thread.
pub(crate) struct PeakRss {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<u64>,
}

/// Starts watching processes whose executable is `exe` (a canonical path).
pub(crate) fn watch(exe: PathBuf) -> PeakRss {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    let thread = std::thread::spawn(move || {
        let mut peak = 0;
        while !flag.load(Ordering::Relaxed) {
            peak = peak.max(sample(&exe));
            std::thread::sleep(Duration::from_millis(20));
        }
        peak
    });
    PeakRss { stop, thread }
}

impl PeakRss {
    /// Stops sampling; the highest `VmHWM` seen, in MiB.
    pub fn finish(self) -> f64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or(0) as f64 / 1024.0
    }
}

/// The largest `VmHWM` (KiB) among live processes of `exe`.
fn sample(exe: &PathBuf) -> u64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0;
    };
    entries
        .flatten()
        .filter(|entry| {
            entry
                .file_name()
                .to_string_lossy()
                .bytes()
                .all(|b| b.is_ascii_digit())
        })
        .filter(|entry| std::fs::read_link(entry.path().join("exe")).is_ok_and(|p| &p == exe))
        .filter_map(|entry| std::fs::read_to_string(entry.path().join("status")).ok())
        .filter_map(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        })
        .max()
        .unwrap_or(0)
}
