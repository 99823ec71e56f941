//! The one waiter for long-running operations: poll with jittered backoff from a short first
//! interval to a capped one, and stop at the caller's deadline.

mod interrupt;
pub(crate) mod status;

pub use interrupt::{interrupt, interrupted};

use std::future::Future;
use std::time::{Duration, Instant};

use rand::Rng;

use crate::error::{Error, ErrorKind, Result};

/// The moment by which an operation must be finished (a resource's `timeouts`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deadline(Instant);

impl Deadline {
    /// A deadline `duration` from now (a duration too large for the clock means "in ten
    /// years", never a panic).
    pub fn after(duration: Duration) -> Self {
        let now = Instant::now();
        let far = Duration::from_secs(10 * 365 * 24 * 3600);
        Deadline(now.checked_add(duration.min(far)).unwrap_or(now))
    }

    /// A deadline at an instant.
    pub fn at(instant: Instant) -> Self {
        Deadline(instant)
    }

    /// The time left, zero once passed.
    pub fn remaining(&self) -> Duration {
        self.0.saturating_duration_since(Instant::now())
    }

    /// Whether the deadline has passed.
    pub fn has_passed(&self) -> bool {
        Instant::now() >= self.0
    }
}

/// What one poll saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Poll<T> {
    /// Finished, with its result.
    Ready(T),
    /// Not yet; the state seen (for progress messages and the timeout error).
    Pending(String),
}

/// How to poll: the first interval, the growth factor, and the cap.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiter {
    /// The pause before the second poll.
    pub first_interval: Duration,
    /// The longest pause between polls.
    pub max_interval: Duration,
    /// How much each pause grows over the last.
    pub factor: f64,
}

impl Default for Waiter {
    fn default() -> Self {
        Waiter {
            first_interval: Duration::from_millis(250),
            max_interval: Duration::from_secs(10),
            factor: 1.6,
        }
    }
}

impl Waiter {
    /// Polls `poll` until it is ready, fails, or `deadline` passes (then a `Timeout` error that
    /// names `what` and the last state seen). The first poll is immediate.
    pub async fn until<T, F, Fut>(&self, what: &str, deadline: Deadline, mut poll: F) -> Result<T>
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Result<Poll<T>>>,
    {
        let started = Instant::now();
        // Guard against settings that would spin or panic: at least 10 ms, a factor of 1 to 10.
        let floor = Duration::from_millis(10);
        let factor = if self.factor.is_finite() {
            self.factor.clamp(1.0, 10.0)
        } else {
            1.0
        };
        let max_interval = self.max_interval.max(floor);
        let mut interval = self.first_interval.clamp(floor, max_interval);
        let mut last_state = String::new();
        let mut polls: u32 = 0;
        loop {
            if deadline.has_passed() {
                return Err(timeout_error(what, &last_state, started, polls));
            }
            if interrupted() {
                return Err(interrupt::error(what, &last_state));
            }
            polls += 1;
            match poll().await? {
                Poll::Ready(value) => {
                    tracing::debug!(
                        what,
                        polls,
                        elapsed_ms = started.elapsed().as_millis() as u64,
                        "wait finished"
                    );
                    return Ok(value);
                }
                Poll::Pending(state) => {
                    if state != last_state {
                        tracing::info!(what, state = %state, "still waiting");
                    }
                    last_state = state;
                }
            }
            let remaining = deadline.remaining();
            if remaining.is_zero() {
                return Err(timeout_error(what, &last_state, started, polls));
            }
            let jittered = jitter(interval);
            interrupt::sleep(jittered.min(remaining)).await;
            interval = interval.mul_f64(factor).min(max_interval);
        }
    }
}

/// Stops a multi-step operation between steps once its deadline has passed (the caller then
/// rolls back what was made, rather than being cut off mid-request and leaking it).
pub(crate) fn check_deadline(deadline: Deadline, what: &str) -> Result<()> {
    if deadline.has_passed() {
        return Err(Error::new(
            ErrorKind::Timeout,
            format!("{what} did not finish before the deadline"),
        ));
    }
    Ok(())
}

/// How long removing what a failed create made may take. It is a budget of its own: a create
/// that ran out of time must still clean up, not leave half-made objects behind.
const CLEANUP_TIME: Duration = Duration::from_secs(120);

/// The deadline for cleaning up after a failed create.
pub(crate) fn cleanup_deadline() -> Deadline {
    Deadline::after(CLEANUP_TIME)
}

fn jitter(interval: Duration) -> Duration {
    let millis = interval.as_millis() as u64;
    let low = millis * 3 / 4;
    Duration::from_millis(rand::thread_rng().gen_range(low..=millis.max(low)))
}

/// The timeout of a wait: what it was, and the last state seen when it was polled at all (the
/// deadline may pass during the request that started it).
fn timeout_error(what: &str, last_state: &str, started: Instant, polls: u32) -> Error {
    let mut message = format!("{what} did not finish before the deadline");
    if polls > 0 {
        message.push_str(&format!(
            ": still {last_state} after {:.1}s ({polls} polls)",
            started.elapsed().as_secs_f64()
        ));
    }
    Error::new(ErrorKind::Timeout, message)
}
