//! Handling one message: every job in it, then delete it or leave it for a retry.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::checkpoint::{self, Checkpoint, Found};
use super::config::{WorkerConfig, MAX_RETRY_DELAY};
use super::failure::{Failure, Stage};
use super::heartbeat::Heartbeat;
use super::jobspec::JobSpec;
use super::message::{parse_message, Parsed};
use super::queue::{Queue, Received};
use super::render::{render_archive, Progress, RenderRequest, Rendered, Resume, Stopped};
use super::report::ErrorReport;
use super::shutdown::Shutdown;
use super::storage::{Storage, SOURCE_ETAG};
use crate::budget::{StopReason, StopSignal};
use crate::input::ArchiveLimits;

pub struct Worker {
    pub config: WorkerConfig,
    pub queue: Queue,
    pub storage: Storage,
    /// How often, and by how much, visibility is extended during a job.
    pub heartbeat_interval: Duration,
    pub visibility_extension: Duration,
    pub shutdown: Arc<Shutdown>,
}

/// Time to leave between cancelling a render and the deadline: the tiles in flight,
/// the checkpoint upload and handing the message back.
const STOP_MARGIN: Duration = Duration::from_secs(5);
/// Time assumed for uploading a result and deleting the message.
const FINISH_ALLOWANCE: Duration = Duration::from_secs(2);

/// What happened to one job.
enum Outcome {
    Succeeded,
    Duplicate,
    /// Stopped for a shutdown; the message must go back to the queue at once.
    Interrupted,
    /// Reported in an `.error.json`: nothing more to do.
    Reported,
    /// Worth another try later.
    Retry(Failure),
}

impl Worker {
    /// Processes one received message to the end: deleted when every job in it has a
    /// result or an error report, otherwise left on the queue with a retry delay.
    pub async fn handle(&self, message: Received) {
        let received_at = Instant::now();
        let heartbeat = Heartbeat::start(
            self.queue.clone(),
            message.receipt_handle.clone(),
            self.heartbeat_interval,
            self.visibility_extension,
            received_at,
            self.config.max_visibility,
        );
        // Past SQS's visibility limit the message would reappear for another worker while
        // this one still renders it: before then, the job is checkpointed and handed back,
        // and its next receive (with a fresh limit) resumes it.
        let hand_back_at =
            received_at + self.config.max_visibility - visibility_margin(self.config.max_visibility);
        let jobs = match parse_message(&message.body) {
            Ok(Parsed::Jobs(jobs)) => jobs,
            Ok(Parsed::TestEvent { bucket }) => {
                tracing::info!(event = "test_event", message_id = %message.id, bucket = bucket.as_deref().unwrap_or(""), "S3 test event received; deleting it");
                self.delete(&message).await;
                return;
            }
            Ok(Parsed::Ignored { reason }) => {
                tracing::info!(event = "message_ignored", message_id = %message.id, reason = %reason, "nothing to render in this message; deleting it");
                self.delete(&message).await;
                return;
            }
            Err(error) => {
                tracing::error!(event = "message_rejected", message_id = %message.id, error = %error, body = %truncate(&message.body, 512), "message is not a job; deleting it");
                self.delete(&message).await;
                return;
            }
        };
        let mut retry: Option<(Failure, &JobSpec)> = None;
        let mut hand_back = false;
        for spec in &jobs {
            if self.shutdown.deadline().is_some() {
                hand_back = true;
                break;
            }
            match self.run_job(&message, spec, hand_back_at).await {
                Outcome::Succeeded | Outcome::Duplicate | Outcome::Reported => {}
                Outcome::Retry(failure) => retry = Some((failure, spec)),
                Outcome::Interrupted => {
                    hand_back = true;
                    break;
                }
            }
        }
        // No more extensions once the message's fate is decided.
        drop(heartbeat);
        if hand_back {
            match self
                .queue
                .set_visibility(&message.receipt_handle, Duration::ZERO)
                .await
            {
                Ok(()) => {
                    tracing::warn!(event = "message_returned", message_id = %message.id, reason = %self.shutdown.reason(), "message handed back to the queue")
                }
                Err(e) => {
                    tracing::error!(event = "message_return_failed", message_id = %message.id, error = %e, "could not hand the message back; it returns when its visibility timeout runs out")
                }
            }
            return;
        }
        match retry {
            None => self.delete(&message).await,
            Some((failure, spec)) => {
                let delay = retry_delay(self.config.retry_base, message.receive_count);
                tracing::warn!(event = "job_retry", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, stage = failure.stage.as_str(), receive_count = message.receive_count, retry_in_s = delay.as_secs(), error = %failure, "transient failure; the message goes back to the queue");
                if let Err(e) = self.queue.set_visibility(&message.receipt_handle, delay).await {
                    tracing::warn!(event = "visibility_failed", message_id = %message.id, error = %e, "could not set the retry delay; the queue's visibility timeout applies");
                }
            }
        }
    }

    async fn delete(&self, message: &Received) {
        if let Err(e) = self.queue.delete(&message.receipt_handle).await {
            tracing::warn!(event = "delete_failed", message_id = %message.id, error = %e, "could not delete the message; it will be received again and recognised as done");
        }
    }

    async fn run_job(&self, message: &Received, spec: &JobSpec, hand_back_at: Instant) -> Outcome {
        let config = &self.config;
        let (result_bucket, result_key) =
            spec.result_location(config.output_bucket.as_deref(), config.output_prefix.as_deref());
        tracing::info!(event = "job_started", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, receive_count = message.receive_count, "job started");
        let started = Instant::now();
        let attempt = self
            .attempt(spec, &result_bucket, &result_key, hand_back_at)
            .await;
        let total_s = started.elapsed().as_secs_f64();
        match attempt {
            Ok(Attempt::Rendered(t)) => {
                tracing::info!(event = "job_succeeded", outcome = "succeeded", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, result = %format!("s3://{result_bucket}/{result_key}"), width = t.width, height = t.height, download_s = t.download_s, render_s = t.render_s, upload_s = t.upload_s, total_s, tiles_rendered = t.tiles_rendered, tiles_resumed = t.tiles_resumed, "job succeeded");
                Outcome::Succeeded
            }
            Ok(Attempt::Interrupted {
                tiles_done,
                tiles_total,
                checkpoint,
            }) => {
                tracing::warn!(event = "job_interrupted", outcome = "interrupted", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, tiles_done, tiles_total, checkpoint = %checkpoint, reason = %self.shutdown.reason(), total_s, "job interrupted; finished tiles saved");
                Outcome::Interrupted
            }
            Ok(Attempt::Superseded) => {
                tracing::info!(event = "job_superseded", outcome = "superseded", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, total_s, "a newer version of the archive was uploaded: its own job stores the result; this one is not stored");
                Outcome::Duplicate
            }
            Ok(Attempt::Duplicate) => {
                tracing::info!(event = "job_duplicate", outcome = "duplicate", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, result = %format!("s3://{result_bucket}/{result_key}"), total_s, "result already stored for this archive version; skipping");
                Outcome::Duplicate
            }
            Err(AttemptError {
                failure,
                source_etag: etag,
                interruptions,
            }) => {
                // Interruptions are not the job's fault: they do not count as attempts.
                let attempts = message.receive_count.saturating_sub(interruptions);
                let give_up = !failure.permanent && attempts >= config.max_receives;
                if !failure.permanent && !give_up {
                    return Outcome::Retry(failure);
                }
                let failure = if give_up {
                    Failure {
                        message: format!(
                            "{} (gave up after {} attempts, --max-receives)",
                            failure.message, attempts
                        ),
                        permanent: true,
                        ..failure
                    }
                } else {
                    failure
                };
                self.report(message, spec, &failure, etag.as_deref(), total_s)
                    .await
            }
        }
    }

    async fn report(
        &self,
        message: &Received,
        spec: &JobSpec,
        failure: &Failure,
        etag: Option<&str>,
        total_s: f64,
    ) -> Outcome {
        let config = &self.config;
        let (bucket, key) =
            spec.error_location(config.output_bucket.as_deref(), config.output_prefix.as_deref());
        if self.superseded(spec, etag).await {
            tracing::info!(event = "job_superseded", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, error = %failure.message, "a newer version of the archive was uploaded: its own job reports on it; this failure is not stored");
            return Outcome::Reported;
        }
        let report = ErrorReport::new(
            failure,
            &spec.bucket,
            &spec.key,
            etag,
            &config.worker_id,
            message.receive_count,
        );
        let stored = self
            .storage
            .put(&bucket, &key, report.to_json(), "application/json", &[])
            .await;
        if stored.is_ok() {
            // A PNG an older version of the archive left would contradict the report, and
            // the tiles of an interrupted attempt are of no more use.
            let (png_bucket, png_key) =
                spec.result_location(config.output_bucket.as_deref(), config.output_prefix.as_deref());
            self.remove_other_outcome(&png_bucket, &png_key).await;
            let (checkpoint_bucket, checkpoint_key) =
                spec.checkpoint_location(config.output_bucket.as_deref(), config.output_prefix.as_deref());
            self.remove_other_outcome(&checkpoint_bucket, &checkpoint_key)
                .await;
        }
        let location = failure
            .location
            .as_ref()
            .map(|l| format!("{}:{}:{}", l.file, l.line, l.column));
        tracing::error!(event = "job_failed", outcome = "failed", message_id = %message.id, bucket = %spec.bucket, key = %spec.key, stage = failure.stage.as_str(), location = location.as_deref().unwrap_or(""), error = %failure.message, report = %format!("s3://{bucket}/{key}"), total_s, "job failed");
        match stored {
            Ok(()) => Outcome::Reported,
            // Without its report the failure would go unseen: keep the message.
            Err(e) => Outcome::Retry(e),
        }
    }

    async fn attempt(
        &self,
        spec: &JobSpec,
        result_bucket: &str,
        result_key: &str,
        hand_back_at: Instant,
    ) -> Result<Attempt, AttemptError> {
        let config = &self.config;
        let known_etag = spec.etag.clone();
        let fail = |failure: Failure, etag: &Option<String>| AttemptError {
            failure,
            source_etag: etag.clone(),
            interruptions: 0,
        };
        // At-least-once delivery: a result stored for this very archive means done.
        if let Some(recorded) = self
            .storage
            .result_source_etag(result_bucket, result_key)
            .await
            .map_err(|f| fail(f, &known_etag))?
        {
            let current = match &known_etag {
                Some(etag) => Some(etag.clone()),
                None => self
                    .storage
                    .etag(&spec.bucket, &spec.key)
                    .await
                    .map_err(|f| fail(f, &known_etag))?,
            };
            if current.as_deref() == Some(recorded.as_str()) && !recorded.is_empty() {
                return Ok(Attempt::Duplicate);
            }
        }

        let scratch = tempfile::Builder::new()
            .prefix("spotray-job-")
            .tempdir()
            .map_err(|e| {
                fail(
                    Failure::transient(Stage::Download, format!("cannot create a scratch directory: {e}")),
                    &known_etag,
                )
            })?;
        let archive = scratch.path().join(archive_file_name(&spec.key));
        let download_started = Instant::now();
        let downloaded = self
            .storage
            .download(&spec.bucket, &spec.key, &archive, config.max_archive_bytes)
            .await
            .map_err(|f| fail(f, &known_etag))?;
        let etag = downloaded.etag.or(known_etag);
        let download_s = download_started.elapsed().as_secs_f64();

        let (checkpoint_bucket, checkpoint_key) =
            spec.checkpoint_location(config.output_bucket.as_deref(), config.output_prefix.as_deref());
        let CheckpointState {
            resume,
            interruptions,
            present: checkpoint_present,
        } = self
            .find_checkpoint(spec, &checkpoint_bucket, &checkpoint_key, etag.as_deref())
            .await;
        let fail = |failure: Failure| AttemptError {
            failure,
            source_etag: etag.clone(),
            interruptions,
        };

        let progress = Arc::new(Progress::default());
        let stop = StopSignal::new();
        let request = RenderRequest {
            archive,
            threads: config.threads,
            limits: ArchiveLimits {
                max_total_uncompressed: config.max_uncompressed_bytes,
                ..ArchiveLimits::default()
            },
            stop: stop.clone(),
            memory: config.memory,
            time_budget: config.max_render_time,
            povray_include: config.povray_include.clone(),
            progress: progress.clone(),
            resume,
        };
        let outcome = self
            .render_until_done_or_stopped(request, &progress, &stop, hand_back_at)
            .await;
        drop(scratch);
        let rendered = match outcome {
            Ok(rendered) => rendered,
            Err(Stopped::Failed(f)) => return Err(fail(f)),
            Err(Stopped::Interrupted {
                finished,
                settings,
                total_tiles,
            }) => {
                let tiles_done = finished.len();
                let checkpoint = Checkpoint {
                    source_etag: etag.clone().unwrap_or_default(),
                    settings,
                    interruptions: interruptions + 1,
                    tiles: finished,
                };
                let location = format!("s3://{checkpoint_bucket}/{checkpoint_key}");
                if let Err(e) =
                    checkpoint::save(&self.storage, &checkpoint_bucket, &checkpoint_key, &checkpoint).await
                {
                    tracing::error!(event = "checkpoint_failed", checkpoint = %location, error = %e, "could not save the checkpoint; the finished tiles are lost");
                }
                return Ok(Attempt::Interrupted {
                    tiles_done,
                    tiles_total: total_tiles,
                    checkpoint: location,
                });
            }
        };

        if self.superseded(spec, etag.as_deref()).await {
            return Ok(Attempt::Superseded);
        }
        let upload_started = Instant::now();
        let metadata = [
            (SOURCE_ETAG, etag.clone().unwrap_or_default()),
            ("spotray-version", env!("CARGO_PKG_VERSION").to_string()),
            ("render-seconds", format!("{:.3}", rendered.render_seconds)),
        ];
        self.storage
            .put(result_bucket, result_key, rendered.png, "image/png", &metadata)
            .await
            .map_err(fail)?;
        // An error report an older version of the archive left would contradict the PNG.
        let (report_bucket, report_key) =
            spec.error_location(config.output_bucket.as_deref(), config.output_prefix.as_deref());
        self.remove_other_outcome(&report_bucket, &report_key).await;
        if checkpoint_present {
            if let Err(e) = self.storage.delete(&checkpoint_bucket, &checkpoint_key).await {
                tracing::warn!(event = "checkpoint_delete_failed", error = %e, "could not delete the finished job's checkpoint");
            }
        }
        Ok(Attempt::Rendered(Timings {
            download_s,
            render_s: rendered.render_seconds,
            upload_s: upload_started.elapsed().as_secs_f64(),
            width: rendered.width,
            height: rendered.height,
            tiles_rendered: rendered.tiles_rendered,
            tiles_resumed: rendered.tiles_resumed,
        }))
    }

    /// Whether the archive in the bucket is no longer the version this attempt worked on
    /// (`etag`): then the newer version's own job owns the outcome, and an older render
    /// must not overwrite it. When it cannot be told, the result is stored.
    async fn superseded(&self, spec: &JobSpec, etag: Option<&str>) -> bool {
        let Some(ours) = etag.filter(|e| !e.is_empty()) else {
            return false;
        };
        match self.storage.etag(&spec.bucket, &spec.key).await {
            Ok(Some(current)) => current != ours,
            Ok(None) | Err(_) => false,
        }
    }

    /// Deletes the other outcome object of a job (the `.png` beside a new report, the
    /// report beside a new PNG); deleting an absent key is not an error in S3.
    async fn remove_other_outcome(&self, bucket: &str, key: &str) {
        if let Err(e) = self.storage.delete(bucket, key).await {
            tracing::warn!(event = "stale_outcome_delete_failed", bucket = %bucket, key = %key, error = %e, "could not delete the outcome an older version of the archive left");
        }
    }

    /// What the checkpoint offers: problems reading it only cost the saved work, never
    /// the job.
    async fn find_checkpoint(
        &self,
        spec: &JobSpec,
        bucket: &str,
        key: &str,
        etag: Option<&str>,
    ) -> CheckpointState {
        match checkpoint::load(&self.storage, bucket, key, etag, self.config.memory).await {
            Ok(Found::None) => CheckpointState::empty(false),
            Ok(Found::Usable(c)) => {
                tracing::info!(event = "checkpoint_found", bucket = %spec.bucket, key = %spec.key, tiles = c.tiles.len(), interruptions = c.interruptions, "resuming from a checkpoint");
                CheckpointState {
                    resume: Some(Resume {
                        tiles: c.tiles,
                        settings: c.settings,
                    }),
                    interruptions: c.interruptions,
                    present: true,
                }
            }
            Ok(Found::Stale(reason)) => {
                tracing::warn!(event = "checkpoint_ignored", bucket = %spec.bucket, key = %spec.key, reason = %reason, "checkpoint ignored");
                CheckpointState::empty(true)
            }
            Err(e) => {
                tracing::warn!(event = "checkpoint_unreadable", bucket = %spec.bucket, key = %spec.key, error = %e, "checkpoint could not be read; rendering from scratch");
                CheckpointState::empty(false)
            }
        }
    }

    /// Runs the render while watching for a stop request: a render that can finish
    /// (and upload) before the deadline is left alone, any other is cancelled.
    async fn render_until_done_or_stopped(
        &self,
        request: RenderRequest,
        progress: &Progress,
        stop: &StopSignal,
        hand_back_at: Instant,
    ) -> Result<Rendered, Stopped> {
        let render = render_archive(request);
        tokio::pin!(render);
        loop {
            let check = async {
                if self.shutdown.deadline().is_some() {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                } else {
                    self.shutdown.requested().await;
                }
            };
            let limit = tokio::time::sleep_until(hand_back_at.into());
            tokio::select! {
                result = &mut render => return result,
                _ = check => {}
                _ = limit, if !stop.is_stopped() => {
                    let (done, total) = progress.tiles();
                    tracing::warn!(event = "visibility_limit", tiles_done = done, tiles_total = total, "the job nears SQS's visibility limit: saving its tiles and handing it back, to resume on its next receive");
                    stop.stop(StopReason::Requested);
                    continue;
                }
            }
            let Some(deadline) = self.shutdown.deadline() else {
                // A drain request lets the job finish; wait for the render or a deadline.
                if self.shutdown.stopping() {
                    tokio::select! {
                        result = &mut render => return result,
                        _ = tokio::time::sleep(Duration::from_millis(500)) => {}
                    }
                }
                continue;
            };
            if stop.is_stopped() {
                continue;
            }
            let finishes_in_time = progress
                .remaining()
                .is_some_and(|left| Instant::now() + left + FINISH_ALLOWANCE + STOP_MARGIN < deadline);
            if !finishes_in_time {
                let (done, total) = progress.tiles();
                tracing::warn!(
                    event = "render_cancelling",
                    tiles_done = done,
                    tiles_total = total,
                    seconds_left = deadline.saturating_duration_since(Instant::now()).as_secs_f64(),
                    "the render cannot finish before the deadline; saving its tiles"
                );
                stop.stop(StopReason::Requested);
            }
        }
    }
}

/// Why an attempt failed, with what its error report needs to know of the job.
struct AttemptError {
    failure: Failure,
    /// The archive's ETag, when it was learnt before the failure.
    source_etag: Option<String>,
    /// Interruptions so far: they do not count as attempts.
    interruptions: u32,
}

/// What the job's checkpoint offers this attempt.
struct CheckpointState {
    resume: Option<Resume>,
    interruptions: u32,
    /// Whether anything is stored under the checkpoint key (to delete after success).
    present: bool,
}

impl CheckpointState {
    fn empty(present: bool) -> Self {
        CheckpointState {
            resume: None,
            interruptions: 0,
            present,
        }
    }
}

enum Attempt {
    Rendered(Timings),
    Duplicate,
    /// A newer version of the archive was uploaded while this one rendered.
    Superseded,
    Interrupted {
        tiles_done: usize,
        tiles_total: usize,
        checkpoint: String,
    },
}

struct Timings {
    download_s: f64,
    render_s: f64,
    upload_s: f64,
    width: u32,
    height: u32,
    tiles_rendered: usize,
    tiles_resumed: usize,
}

/// How long before the visibility limit a job is handed back: time for the tiles in
/// flight, the checkpoint and the hand-back (a quarter of the limit when that is short,
/// as in tests).
fn visibility_margin(limit: Duration) -> Duration {
    Duration::from_secs(10 * 60).min(limit / 4)
}

/// `retry_base`, doubled for every earlier receive, capped.
pub fn retry_delay(retry_base: Duration, receive_count: u32) -> Duration {
    let doublings = receive_count.saturating_sub(1).min(16);
    (retry_base * (1u32 << doublings)).min(MAX_RETRY_DELAY)
}

/// The archive's own file name, so scene selection can match `<name>.ini` to it.
fn archive_file_name(key: &str) -> PathBuf {
    let name = key
        .rsplit('/')
        .next()
        .filter(|n| !n.is_empty() && *n != "." && *n != "..")
        .unwrap_or("job.zip");
    let name = if name.to_ascii_lowercase().ends_with(".zip") {
        name.to_string()
    } else {
        format!("{name}.zip")
    };
    PathBuf::from(name)
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_delays_grow_and_stop_growing() {
        let base = Duration::from_secs(10);
        assert_eq!(retry_delay(base, 1), Duration::from_secs(10));
        assert_eq!(retry_delay(base, 2), Duration::from_secs(20));
        assert_eq!(retry_delay(base, 4), Duration::from_secs(80));
        assert_eq!(retry_delay(base, 40), MAX_RETRY_DELAY);
    }

    #[test]
    fn archive_names_come_from_the_key() {
        assert_eq!(
            archive_file_name("jobs/ECSLogo.zip"),
            PathBuf::from("ECSLogo.zip")
        );
        assert_eq!(archive_file_name("jobs/scene"), PathBuf::from("scene.zip"));
        assert_eq!(archive_file_name("jobs/.."), PathBuf::from("job.zip"));
        assert_eq!(archive_file_name("jobs/"), PathBuf::from("job.zip"));
    }
}
