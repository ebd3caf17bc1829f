//! The stop signal of one job: raised by a shutdown or spot notice (hand the job back) or
//! by the job's time budget running out (fail it for good), and polled by every phase.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

/// Why a job was told to stop.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StopReason {
    /// The worker is stopping (a signal, a spot notice): the job goes back to the queue.
    Requested,
    /// The job ran past its time budget: it fails for good.
    TimeBudget(Duration),
}

const NOT_STOPPED: u8 = 0;
const REQUESTED: u8 = 1;
const TIME_BUDGET: u8 = 2;

#[derive(Debug, Default)]
struct Inner {
    /// Raised once any reason is recorded; what the hot loops poll.
    flag: AtomicBool,
    reason: AtomicU8,
    /// The time budget, for the message, once it has run out.
    budget_ms: std::sync::atomic::AtomicU64,
}

/// Shared by the job's owner and every phase of the job; cloning shares the same signal.
#[derive(Clone, Debug, Default)]
pub struct StopSignal {
    inner: Arc<Inner>,
}

impl PartialEq for StopSignal {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }
}

impl StopSignal {
    pub fn new() -> StopSignal {
        StopSignal::default()
    }

    /// Records `reason` unless another was recorded first, and raises the flag.
    pub fn stop(&self, reason: StopReason) {
        let code = match reason {
            StopReason::Requested => REQUESTED,
            StopReason::TimeBudget(budget) => {
                self.inner
                    .budget_ms
                    .store(budget.as_millis() as u64, Ordering::Relaxed);
                TIME_BUDGET
            }
        };
        let _ = self
            .inner
            .reason
            .compare_exchange(NOT_STOPPED, code, Ordering::AcqRel, Ordering::Acquire);
        self.inner.flag.store(true, Ordering::Release);
    }

    pub fn is_stopped(&self) -> bool {
        self.inner.flag.load(Ordering::Relaxed)
    }

    /// The flag itself, for loops that take a plain `&AtomicBool`.
    pub fn flag(&self) -> &AtomicBool {
        &self.inner.flag
    }

    /// The first reason recorded. A raised flag without one (set directly) counts as a
    /// request to stop.
    pub fn reason(&self) -> Option<StopReason> {
        match self.inner.reason.load(Ordering::Acquire) {
            TIME_BUDGET => Some(StopReason::TimeBudget(Duration::from_millis(
                self.inner.budget_ms.load(Ordering::Relaxed),
            ))),
            REQUESTED => Some(StopReason::Requested),
            _ if self.is_stopped() => Some(StopReason::Requested),
            _ => None,
        }
    }

    /// Stops the job with [`StopReason::TimeBudget`] once `budget` has passed, unless the
    /// returned guard is dropped first (the job ended).
    pub fn arm_time_budget(&self, budget: Duration) -> DeadlineGuard {
        let (done, wait) = mpsc::channel::<()>();
        let signal = self.clone();
        let watcher = std::thread::Builder::new()
            .name("spotray-deadline".into())
            .spawn(move || {
                if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(budget) {
                    signal.stop(StopReason::TimeBudget(budget));
                }
            })
            .ok();
        DeadlineGuard {
            done: Some(done),
            watcher,
        }
    }
}

/// Disarms the time budget when dropped.
pub struct DeadlineGuard {
    done: Option<mpsc::Sender<()>>,
    watcher: Option<JoinHandle<()>>,
}

impl Drop for DeadlineGuard {
    fn drop(&mut self) {
        drop(self.done.take());
        if let Some(w) = self.watcher.take() {
            let _ = w.join();
        }
    }
}

impl std::fmt::Display for StopReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StopReason::Requested => write!(f, "the worker is stopping"),
            StopReason::TimeBudget(budget) => write!(
                f,
                "the job ran past its time budget of {} s (--max-render-seconds)",
                budget.as_secs_f64()
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_reason_wins() {
        let stop = StopSignal::new();
        assert_eq!(stop.reason(), None);
        stop.stop(StopReason::TimeBudget(Duration::from_secs(3)));
        stop.stop(StopReason::Requested);
        assert!(stop.is_stopped());
        assert_eq!(
            stop.reason(),
            Some(StopReason::TimeBudget(Duration::from_secs(3)))
        );
        let raised = StopSignal::new();
        raised.flag().store(true, Ordering::Relaxed);
        assert_eq!(raised.reason(), Some(StopReason::Requested));
    }

    #[test]
    fn the_time_budget_stops_the_job_only_if_it_runs_out() {
        let stop = StopSignal::new();
        let guard = stop.arm_time_budget(Duration::from_millis(20));
        std::thread::sleep(Duration::from_millis(300));
        assert_eq!(
            stop.reason(),
            Some(StopReason::TimeBudget(Duration::from_millis(20)))
        );
        drop(guard);

        let quick = StopSignal::new();
        drop(quick.arm_time_budget(Duration::from_secs(3600)));
        assert!(!quick.is_stopped());
    }
}
