//! Settings of a running worker, from the command line and the environment.

use std::path::PathBuf;
use std::time::Duration;

use crate::budget::MemoryBudget;

#[derive(Clone, Debug)]
pub struct WorkerConfig {
    pub queue_url: String,
    pub output_bucket: Option<String>,
    pub output_prefix: Option<String>,
    /// Long-poll wait per ReceiveMessage call (SQS allows 0 to 20 s).
    pub wait_seconds: i32,
    pub exit_when_empty: bool,
    /// Receives after which a job that keeps failing transiently is failed for good.
    pub max_receives: u32,
    /// How often the visibility of a message in progress is extended; `None` derives it
    /// from the queue's VisibilityTimeout.
    pub heartbeat: Option<Duration>,
    /// First delay before a transiently failed job is retried; doubles per receive.
    pub retry_base: Duration,
    pub threads: usize,
    /// Largest archive downloaded.
    pub max_archive_bytes: u64,
    /// Largest total size an archive may unpack to.
    pub max_uncompressed_bytes: u64,
    /// Name of this worker in logs and error reports.
    pub worker_id: String,
    /// Memory one job may use.
    pub memory: MemoryBudget,
    /// How long one attempt at a job may take; `None` for no limit.
    pub max_render_time: Option<Duration>,
    /// POV-Ray's include folder, when not where Debian's packages put it.
    pub povray_include: Option<PathBuf>,
    /// SQS's limit on a received message's visibility ([`MAX_VISIBILITY`]; shorter only
    /// in tests).
    pub max_visibility: Duration,
}

/// SQS refuses visibility beyond 12 hours from the first receive.
pub const MAX_VISIBILITY: Duration = Duration::from_secs(12 * 60 * 60);

/// Longest retry delay: SQS's own maximum visibility change is 12 h, but a job should
/// come back within a quarter of an hour.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(15 * 60);

pub fn default_worker_id() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .filter(|h| !h.is_empty())
        .or_else(|| {
            std::fs::read_to_string("/etc/hostname")
                .ok()
                .map(|h| h.trim().to_string())
        })
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "unknown-host".into());
    format!("{host}/{}", std::process::id())
}
