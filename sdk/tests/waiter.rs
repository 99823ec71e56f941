//! The waiter: ready after pending polls, a deadline that ends a wait, errors that end it at
//! once, and pauses that grow up to a cap.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use sovereign_sdk::{Deadline, Error, ErrorKind, Poll, Waiter};

fn quick_waiter() -> Waiter {
    Waiter {
        first_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(40),
        factor: 2.0,
    }
}

#[tokio::test]
async fn ready_after_pending_polls() {
    let polls = AtomicU32::new(0);
    let started = Instant::now();
    let value = quick_waiter()
        .until(
            "server s-1 becoming ACTIVE",
            Deadline::after(Duration::from_secs(5)),
            || {
                let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    Ok(if n < 4 {
                        Poll::Pending("BUILD".to_string())
                    } else {
                        Poll::Ready(format!("ready after {n}"))
                    })
                }
            },
        )
        .await
        .unwrap();
    assert_eq!(value, "ready after 4");
    assert_eq!(polls.load(Ordering::SeqCst), 4);
    // Three pauses of at most 10 + 20 + 40 ms.
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn first_poll_is_immediate() {
    let waiter = Waiter {
        first_interval: Duration::from_secs(10),
        ..Waiter::default()
    };
    let started = Instant::now();
    let value = waiter
        .until("x", Deadline::after(Duration::from_secs(5)), || async {
            Ok(Poll::Ready(7))
        })
        .await
        .unwrap();
    assert_eq!(value, 7);
    assert!(started.elapsed() < Duration::from_millis(100));
}

#[tokio::test]
async fn deadline_ends_a_never_ready_wait() {
    let polls = AtomicU32::new(0);
    let last_state = Mutex::new(String::new());
    let started = Instant::now();
    let error = quick_waiter()
        .until(
            "network n-1 becoming ACTIVE",
            Deadline::after(Duration::from_millis(300)),
            || {
                let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
                let state = format!("BUILD-{n}");
                *last_state.lock().unwrap() = state.clone();
                async move { Ok::<_, Error>(Poll::<()>::Pending(state)) }
            },
        )
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    let last = last_state.lock().unwrap().clone();
    assert!(
        error.message().contains("network n-1 becoming ACTIVE"),
        "{error}"
    );
    assert!(
        error.message().contains(&format!("still {last} after")),
        "the message must name the last state {last}: {error}"
    );
    let polls = polls.load(Ordering::SeqCst);
    assert!(
        error.message().contains(&format!("({polls} polls)")),
        "{error}"
    );
    assert!(polls >= 3, "only {polls} polls in 300 ms");
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_millis(800),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn deadline_cuts_a_long_pause_short() {
    let waiter = Waiter {
        first_interval: Duration::from_secs(10),
        max_interval: Duration::from_secs(10),
        factor: 1.0,
    };
    let polls = AtomicU32::new(0);
    let started = Instant::now();
    let error = waiter
        .until(
            "volume v-1 detaching",
            Deadline::after(Duration::from_millis(300)),
            || {
                polls.fetch_add(1, Ordering::SeqCst);
                async { Ok::<_, Error>(Poll::<()>::Pending("in-use".to_string())) }
            },
        )
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert!(error.message().contains("still in-use"), "{error}");
    assert!(elapsed < Duration::from_secs(1), "{elapsed:?}");
    assert_eq!(polls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn deadline_already_passed_polls_nothing() {
    let polls = AtomicU32::new(0);
    let error = quick_waiter()
        .until("x", Deadline::after(Duration::ZERO), || {
            polls.fetch_add(1, Ordering::SeqCst);
            async { Ok::<_, Error>(Poll::Ready(())) }
        })
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    assert_eq!(
        error.message(),
        "x did not finish before the deadline",
        "no state to report before the first poll"
    );
    assert_eq!(polls.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn poll_error_ends_the_wait_at_once() {
    let polls = AtomicU32::new(0);
    let started = Instant::now();
    let error = quick_waiter()
        .until(
            "server s-1 becoming ACTIVE",
            Deadline::after(Duration::from_secs(10)),
            || {
                let n = polls.fetch_add(1, Ordering::SeqCst) + 1;
                async move {
                    if n < 2 {
                        Ok(Poll::<()>::Pending("BUILD".to_string()))
                    } else {
                        Err(Error::new(ErrorKind::Api, "server s-1 went to ERROR"))
                    }
                }
            },
        )
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Api);
    assert_eq!(error.message(), "server s-1 went to ERROR");
    assert_eq!(polls.load(Ordering::SeqCst), 2);
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn intervals_grow_and_are_capped() {
    // Pauses of 10, 20, 40, then 50 ms at most (each jittered down to no less than 3/4).
    let waiter = Waiter {
        first_interval: Duration::from_millis(10),
        max_interval: Duration::from_millis(50),
        factor: 2.0,
    };
    let times = Mutex::new(Vec::new());
    let started = Instant::now();
    let error = waiter
        .until("x", Deadline::after(Duration::from_millis(1000)), || {
            times.lock().unwrap().push(started.elapsed());
            async { Ok::<_, Error>(Poll::<()>::Pending("waiting".to_string())) }
        })
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout);
    let times = times.into_inner().unwrap();
    let gaps: Vec<Duration> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // Without growth (10 ms pauses) there would be about 100 polls; without a cap (doubling
    // pauses) about 7; with both, about 3 + 930 / 44 = 24.
    assert!(
        (12..=35).contains(&times.len()),
        "{} polls in one second: {gaps:?}",
        times.len()
    );
    // Growth: the first pause is short, the later ones are longer.
    assert!(gaps[0] >= Duration::from_millis(7), "{gaps:?}");
    assert!(gaps[0] < Duration::from_millis(35), "{gaps:?}");
    // The cap: once grown, pauses average between 3/4 of the cap and the cap (plus slack).
    let later = &gaps[4..gaps.len() - 1];
    let average = later.iter().sum::<Duration>() / later.len() as u32;
    assert!(
        average >= Duration::from_millis(37) && average <= Duration::from_millis(65),
        "average {average:?} of {later:?}"
    );
    // No pause is longer than the cap (plus scheduling slack).
    assert!(
        later.iter().all(|g| *g <= Duration::from_millis(120)),
        "{later:?}"
    );
}
