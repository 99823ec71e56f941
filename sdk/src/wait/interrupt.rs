//! A process-wide interrupt for waits: once [`interrupt`] is called (a program's Ctrl-C
//! handler), every wait stops at once with an `Interrupted` error instead of polling on, so
//! that a create returns what it made (recorded, not lost) rather than keeping the user
//! waiting for a cloud that may take minutes.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tokio::sync::Notify;

use crate::error::{Error, ErrorKind};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static WAKE: Notify = Notify::const_new();

/// Interrupts every wait of this process, now and from now on.
pub fn interrupt() {
    INTERRUPTED.store(true, Ordering::SeqCst);
    WAKE.notify_waiters();
}

/// Whether [`interrupt`] was called.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// Sleeps for `duration`, or less if interrupted meanwhile.
pub(super) async fn sleep(duration: Duration) {
    let woken = WAKE.notified();
    if interrupted() {
        return;
    }
    tokio::select! {
        _ = tokio::time::sleep(duration) => {}
        _ = woken => {}
    }
}

/// The error of a wait cut short by an interrupt.
pub(super) fn error(what: &str, last_state: &str) -> Error {
    let state = if last_state.is_empty() {
        String::new()
    } else {
        format!(" (it was {last_state})")
    };
    Error::new(
        ErrorKind::Interrupted,
        format!("stopped waiting for {what}{state}: interrupted"),
    )
}
