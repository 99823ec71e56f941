//! CPU time from `/proc`, to tell where a run's time goes: terraform core, the provider or the
//! emulator. Times there are in clock ticks of `USER_HZ`, which Linux fixes at 100 per second
//! for this interface.

use std::time::Duration;

const TICKS_PER_SECOND: u64 = 100;

/// The CPU time (user + system) of process `pid` so far; zero when it cannot be read.
pub(crate) fn of_process(pid: u32) -> Duration {
    ticks(&format!("/proc/{pid}/stat"), 14)
}

/// The CPU time of this process's children that have been waited for (user + system),
/// including what their own waited-for children used.
pub(crate) fn of_waited_children() -> Duration {
    ticks("/proc/self/stat", 16)
}

/// The sum of clock-tick fields `user` and `user + 1` (user, then system time) of a `stat`
/// file, numbered as in proc(5).
fn ticks(path: &str, user: usize) -> Duration {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let fields: Vec<&str> = text
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // After the command name (which may hold spaces) comes field 3: field n is at n - 3.
    let at = |n: usize| -> u64 { fields.get(n - 3).and_then(|v| v.parse().ok()).unwrap_or(0) };
    let total = at(user) + at(user + 1);
    Duration::from_millis(total * 1000 / TICKS_PER_SECOND)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_process_uses_some_cpu() {
        let mut spin = 0u64;
        let started = std::time::Instant::now();
        while started.elapsed() < Duration::from_millis(100) {
            spin = spin.wrapping_add(1);
        }
        assert!(spin > 0);
        assert!(of_process(std::process::id()) > Duration::ZERO);
    }
}
