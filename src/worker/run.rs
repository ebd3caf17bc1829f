//! The worker's main loop: long-poll, handle, repeat.

use std::sync::Arc;
use std::time::Duration;

use aws_sdk_sqs::types::QueueAttributeName;

use super::aws::clients;
use super::config::WorkerConfig;
use super::imds::Imds;
use super::process::Worker;
use super::queue::Queue;
use super::shutdown::Shutdown;
use super::spot;
use super::storage::Storage;

/// Consecutive failed receives after which a permanent one (no such queue, access
/// denied) ends the worker: that is a configuration problem, not a passing one.
const PERMANENT_RECEIVE_FAILURES: u32 = 3;

/// How the worker learns it must stop.
pub struct StopSources {
    pub shutdown: Arc<Shutdown>,
    /// Poll instance metadata for spot notices this often; `None` turns the watch off.
    pub spot_poll: Option<Duration>,
}

pub async fn run(config: WorkerConfig, stop: StopSources) -> Result<(), String> {
    let shutdown = stop.shutdown;
    if let Some(interval) = stop.spot_poll {
        tokio::spawn(spot::watch(Imds::from_env(), interval, shutdown.clone()));
    }
    let clients = clients().await;
    let queue = Queue::new(clients.sqs.clone(), config.queue_url.clone());
    let storage = Storage::new(clients.s3);
    let visibility = match queue.visibility_timeout().await {
        Ok(v) => v,
        Err(failure) if failure.permanent => return Err(failure.message),
        Err(failure) => {
            tracing::warn!(event = "queue_attributes_failed", error = %failure, "assuming the default 30 s visibility timeout");
            Duration::from_secs(30)
        }
    };
    let heartbeat_interval = config
        .heartbeat
        .unwrap_or_else(|| (visibility / 3).max(Duration::from_secs(1)));
    let visibility_extension = visibility.max(heartbeat_interval * 3);
    tracing::info!(
        event = "worker_started",
        queue_url = %config.queue_url,
        worker = %config.worker_id,
        version = env!("CARGO_PKG_VERSION"),
        visibility_timeout_s = visibility.as_secs(),
        heartbeat_s = heartbeat_interval.as_secs_f64(),
        "worker started"
    );
    let worker = Worker {
        config,
        queue: queue.clone(),
        storage,
        heartbeat_interval,
        visibility_extension,
        shutdown: shutdown.clone(),
    };
    let mut failures = 0u32;
    loop {
        if shutdown.stopping() {
            tracing::info!(event = "worker_stopped", reason = %shutdown.reason(), "stopping: taking no more jobs");
            return Ok(());
        }
        let received = tokio::select! {
            received = queue.receive(worker.config.wait_seconds) => received,
            _ = shutdown.requested() => continue,
        };
        match received {
            Ok(Some(message)) => {
                failures = 0;
                worker.handle(message).await;
            }
            Ok(None) => {
                failures = 0;
                if worker.config.exit_when_empty && queue_drained(&clients.sqs, queue.url()).await {
                    tracing::info!(
                        event = "worker_stopped",
                        reason = "queue empty",
                        "no more messages; exiting"
                    );
                    return Ok(());
                }
            }
            Err(failure) => {
                failures += 1;
                if failure.permanent && failures >= PERMANENT_RECEIVE_FAILURES {
                    return Err(failure.message);
                }
                let pause = Duration::from_secs(1 << failures.min(5));
                tracing::warn!(event = "receive_failed", error = %failure, retry_in_s = pause.as_secs(), "could not receive from the queue");
                tokio::time::sleep(pause).await;
            }
        }
    }
}

/// Nothing visible and nothing in flight: a message handed back for a retry is still
/// work for this worker, so `--exit-when-empty` waits for it.
async fn queue_drained(sqs: &aws_sdk_sqs::Client, url: &str) -> bool {
    let attributes = sqs
        .get_queue_attributes()
        .queue_url(url)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessages)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesNotVisible)
        .attribute_names(QueueAttributeName::ApproximateNumberOfMessagesDelayed)
        .send()
        .await;
    match attributes {
        Ok(out) => out
            .attributes()
            .map(|a| a.values().all(|v| v.trim() == "0"))
            .unwrap_or(true),
        // If we cannot tell, the empty poll is the best evidence we have.
        Err(_) => true,
    }
}
