//! The worker's stop request: why, and by when everything must be handed back.

use std::sync::Mutex;
use std::time::Instant;

use tokio::sync::watch;

/// Shared by the signal handler, the spot watcher and the main loop.
pub struct Shutdown {
    state: Mutex<State>,
    changed: watch::Sender<u64>,
}

#[derive(Clone, Debug, Default)]
struct State {
    /// Set once a stop is requested: the moment the process must be gone.
    deadline: Option<Instant>,
    reason: Option<String>,
    /// Finish the job in hand but take no new one.
    drain: bool,
}

impl Default for Shutdown {
    fn default() -> Self {
        Shutdown {
            state: Mutex::new(State::default()),
            changed: watch::Sender::new(0),
        }
    }
}

impl Shutdown {
    /// Asks the worker to stop by `deadline`; the earliest deadline asked for wins.
    pub fn request(&self, reason: impl Into<String>, deadline: Instant) {
        let mut state = self.lock();
        if state.deadline.is_none_or(|d| deadline < d) {
            state.deadline = Some(deadline);
            state.reason = Some(reason.into());
            drop(state);
            self.changed.send_modify(|generation| *generation += 1);
        }
    }

    /// Asks the worker to finish what it is doing and then stop, with no deadline.
    pub fn drain(&self, reason: impl Into<String>) {
        let mut state = self.lock();
        if !state.drain && state.deadline.is_none() {
            state.drain = true;
            state.reason = Some(reason.into());
            drop(state);
            self.changed.send_modify(|generation| *generation += 1);
        }
    }

    pub fn deadline(&self) -> Option<Instant> {
        self.lock().deadline
    }

    /// Whether the worker should take no new jobs.
    pub fn stopping(&self) -> bool {
        let state = self.lock();
        state.drain || state.deadline.is_some()
    }

    pub fn reason(&self) -> String {
        self.lock().reason.clone().unwrap_or_default()
    }

    /// Resolves at the next request (at once if one has already been made).
    pub async fn requested(&self) {
        let mut rx = self.changed.subscribe();
        if self.stopping() {
            return;
        }
        // The sender lives as long as `self`, so this cannot fail while we are borrowed.
        let _ = rx.changed().await;
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn earliest_deadline_wins() {
        let shutdown = Shutdown::default();
        let now = Instant::now();
        shutdown.request("late", now + Duration::from_secs(60));
        shutdown.request("early", now + Duration::from_secs(5));
        shutdown.request("later", now + Duration::from_secs(90));
        assert_eq!(shutdown.deadline(), Some(now + Duration::from_secs(5)));
        assert_eq!(shutdown.reason(), "early");
    }

    #[tokio::test]
    async fn wakes_waiters() {
        let shutdown = std::sync::Arc::new(Shutdown::default());
        let waiter = tokio::spawn({
            let shutdown = shutdown.clone();
            async move { shutdown.requested().await }
        });
        tokio::time::sleep(Duration::from_millis(20)).await;
        shutdown.drain("rebalance");
        tokio::time::timeout(Duration::from_secs(5), waiter)
            .await
            .unwrap()
            .unwrap();
        assert!(shutdown.stopping() && shutdown.deadline().is_none());
    }
}
