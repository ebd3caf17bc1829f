//! Checkpoints: the finished tiles of an interrupted job, kept in S3 next to it.
//!
//! A checkpoint is only used by a job for the same archive version (source ETag) and
//! the same render settings; anything else is ignored and later replaced.

use super::failure::Failure;
use super::storage::{Storage, SOURCE_ETAG};
use crate::budget::MemoryBudget;
use crate::render::film::partial::FinishedTiles;

const SETTINGS: &str = "settings";
const INTERRUPTIONS: &str = "interruptions";
const TILES: &str = "tiles";
/// Far more than any allowed image's tiles need, but bounded.
const MAX_CHECKPOINT_BYTES: u64 = 1 << 30;

#[derive(Clone, Debug)]
pub struct Checkpoint {
    pub source_etag: String,
    /// The render settings the tiles were made with (see `render::settings_fingerprint`).
    pub settings: String,
    /// How many times this job has been interrupted, so that interruptions do not count
    /// as failed attempts.
    pub interruptions: u32,
    pub tiles: FinishedTiles,
}

/// What a job found under its checkpoint key.
pub enum Found {
    None,
    Usable(Checkpoint),
    /// Present but not for this archive version, or unreadable.
    Stale(String),
}

pub async fn load(
    storage: &Storage,
    bucket: &str,
    key: &str,
    source_etag: Option<&str>,
    memory: MemoryBudget,
) -> Result<Found, Failure> {
    // Held in memory before the job starts: a quarter of the job's budget at most, so
    // that a damaged or hostile checkpoint cannot crowd out the render.
    let limit = memory
        .bytes()
        .map_or(MAX_CHECKPOINT_BYTES, |b| (b / 4).min(MAX_CHECKPOINT_BYTES));
    let Some(fetched) = storage.get_small(bucket, key, limit).await? else {
        return Ok(Found::None);
    };
    let meta = |name: &str| fetched.metadata.get(name).cloned().unwrap_or_default();
    let recorded = meta(SOURCE_ETAG);
    if source_etag.is_none_or(|etag| etag != recorded) {
        return Ok(Found::Stale(format!(
            "made for archive version {recorded:?}, this is {:?}",
            source_etag.unwrap_or("unknown")
        )));
    }
    match FinishedTiles::from_bytes_within(&fetched.bytes, limit) {
        Ok(tiles) => Ok(Found::Usable(Checkpoint {
            source_etag: recorded,
            settings: meta(SETTINGS),
            interruptions: meta(INTERRUPTIONS).parse().unwrap_or(0),
            tiles,
        })),
        Err(e) => Ok(Found::Stale(e.to_string())),
    }
}

pub async fn save(
    storage: &Storage,
    bucket: &str,
    key: &str,
    checkpoint: &Checkpoint,
) -> Result<(), Failure> {
    let metadata = [
        (SOURCE_ETAG, checkpoint.source_etag.clone()),
        (SETTINGS, checkpoint.settings.clone()),
        (INTERRUPTIONS, checkpoint.interruptions.to_string()),
        (TILES, checkpoint.tiles.len().to_string()),
    ];
    storage
        .put(
            bucket,
            key,
            checkpoint.tiles.to_bytes(),
            "application/octet-stream",
            &metadata,
        )
        .await
}
