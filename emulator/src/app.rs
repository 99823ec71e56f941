//! The shared application object every handler gets: state, knobs and counters.

use std::convert::Infallible;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use crate::config::EmulatorConfig;
use crate::faults::Faults;
use crate::state::State;
use crate::stats::Stats;

/// Cheaply clonable handle on the emulator's shared data.
#[derive(Clone)]
pub(crate) struct App {
    inner: Arc<Inner>,
}

struct Inner {
    state: Mutex<State>,
    state_file: Option<PathBuf>,
    token_ttl: Duration,
    faults: Mutex<Faults>,
    stats: Mutex<Stats>,
}

impl App {
    /// Builds the application, loading (and seeding) the state file if one is configured.
    pub fn new(config: &EmulatorConfig) -> io::Result<App> {
        let mut state = match &config.state_file {
            Some(path) => State::load(path)?,
            None => State::default(),
        };
        state.seed();
        state.set_volume_quota(config.volume_quota);
        if let Some(path) = &config.state_file {
            state.save(path)?;
        }
        Ok(App {
            inner: Arc::new(Inner {
                state: Mutex::new(state),
                state_file: config.state_file.clone(),
                token_ttl: config.token_ttl,
                faults: Mutex::new(Faults::new(config)),
                stats: Mutex::new(Stats::default()),
            }),
        })
    }

    /// Runs `f` on the state without changing it.
    pub fn read<R>(&self, f: impl FnOnce(&State) -> R) -> R {
        f(&lock(&self.inner.state))
    }

    /// Runs `f` on the state and persists the state when `f` succeeds.
    ///
    /// `f` must validate before it changes anything, so that an error leaves the state as it was.
    pub fn write<R, E>(&self, f: impl FnOnce(&mut State) -> Result<R, E>) -> Result<R, E> {
        let mut state = lock(&self.inner.state);
        let result = f(&mut state)?;
        if let Some(path) = &self.inner.state_file {
            if let Err(e) = state.save(path) {
                tracing::error!("could not write state file {}: {e}", path.display());
            }
        }
        Ok(result)
    }

    /// Runs `f` on a copy of the state and keeps (and persists) the copy only when `f` succeeds:
    /// for changes that span several resources or services and cannot all be validated up front.
    pub fn transaction<R, E>(&self, f: impl FnOnce(&mut State) -> Result<R, E>) -> Result<R, E> {
        self.write(|state| {
            let mut draft = state.clone();
            let result = f(&mut draft)?;
            *state = draft;
            Ok(result)
        })
    }

    /// As [`App::transaction`], copying only the part of the state that `part` picks: for
    /// changes that stay within one cloud's store.
    pub fn transaction_in<P: Clone, R, E>(
        &self,
        part: impl FnOnce(&mut State) -> &mut P,
        f: impl FnOnce(&mut P) -> Result<R, E>,
    ) -> Result<R, E> {
        self.write(|state| {
            let slot = part(state);
            let mut draft = slot.clone();
            let result = f(&mut draft)?;
            *slot = draft;
            Ok(result)
        })
    }

    /// Runs an infallible change `f` on the state and persists the state.
    pub fn mutate<R>(&self, f: impl FnOnce(&mut State) -> R) -> R {
        match self.write(|state| Ok::<R, Infallible>(f(state))) {
            Ok(result) => result,
            Err(never) => match never {},
        }
    }

    /// The fault-injection knobs.
    pub fn faults(&self) -> MutexGuard<'_, Faults> {
        lock(&self.inner.faults)
    }

    /// The request counters.
    pub fn stats(&self) -> MutexGuard<'_, Stats> {
        lock(&self.inner.stats)
    }

    /// Lifetime of newly issued tokens.
    pub fn token_ttl(&self) -> Duration {
        self.inner.token_ttl
    }
}

/// Locks a mutex, carrying on with the data even if another thread panicked while holding it.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
