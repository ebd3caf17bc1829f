//! Keeps a message invisible to other workers while its job runs.

use std::time::{Duration, Instant};

use tokio::task::JoinHandle;

use super::queue::Queue;

/// Extends the message's visibility every `interval` by `extension` until dropped.
pub struct Heartbeat {
    task: JoinHandle<()>,
}

impl Heartbeat {
    pub fn start(
        queue: Queue,
        receipt_handle: String,
        interval: Duration,
        extension: Duration,
        received_at: Instant,
        limit: Duration,
    ) -> Heartbeat {
        let task = tokio::spawn(async move {
            loop {
                tokio::time::sleep(interval).await;
                // SQS rejects extensions past 12 hours from the first receive.
                let left = limit.saturating_sub(received_at.elapsed() + Duration::from_secs(60));
                let next = extension.min(left);
                if next.is_zero() {
                    tracing::warn!(
                        event = "heartbeat_limit",
                        "the message reached SQS's 12-hour visibility limit"
                    );
                    return;
                }
                if let Err(failure) = queue.set_visibility(&receipt_handle, next).await {
                    tracing::warn!(event = "heartbeat_failed", error = %failure, "could not extend the message's visibility");
                }
            }
        });
        Heartbeat { task }
    }
}

impl Drop for Heartbeat {
    fn drop(&mut self) {
        self.task.abort();
    }
}
