//! Rendering a downloaded archive on the blocking thread pool, panics caught.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Instant;

use super::failure::{Failure, SourceLocation, Stage};
use crate::job::local::{prepare_with_limits, render, Overrides, RenderJobError};
use crate::job::ArchiveLimits;
use crate::render::RenderControl;

pub struct Rendered {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub render_seconds: f64,
}

/// Unpacks, parses and renders `archive` exactly as `spotray render` would, without
/// blocking the async runtime. A panic anywhere in it becomes a permanent failure.
pub async fn render_archive(
    archive: PathBuf,
    threads: usize,
    limits: ArchiveLimits,
    cancel: Arc<AtomicBool>,
) -> Result<Rendered, Failure> {
    let work = move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| {
            render_blocking(&archive, threads, &limits, &cancel)
        }))
    };
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => Err(Failure::permanent(
            Stage::Render,
            format!(
                "the renderer crashed ({}); please report this scene",
                panic_message(&panic)
            ),
        )),
        Err(join) => Err(Failure::transient(
            Stage::Render,
            format!("the render task was lost: {join}"),
        )),
    }
}

fn render_blocking(
    archive: &std::path::Path,
    threads: usize,
    limits: &ArchiveLimits,
    cancel: &AtomicBool,
) -> Result<Rendered, Failure> {
    let overrides = Overrides {
        threads: Some(threads),
        ..Overrides::default()
    };
    let job = prepare_with_limits(archive, &overrides, limits).map_err(failure_of)?;
    let started = Instant::now();
    let control = RenderControl {
        progress: &|_, _| {},
        cancel,
        resume: None,
    };
    let rendered = render(&job, &control).map_err(failure_of)?;
    Ok(Rendered {
        png: rendered.png,
        width: job.options.width,
        height: job.options.height,
        render_seconds: started.elapsed().as_secs_f64(),
    })
}

fn failure_of(error: RenderJobError) -> Failure {
    let permanent = error.is_permanent();
    let (stage, location) = match &error {
        RenderJobError::Input(_) | RenderJobError::NoInputFile { .. } => (Stage::Unpack, None),
        RenderJobError::Scene { error, file, .. } => (
            Stage::Parse,
            error.location().map(|l| SourceLocation {
                file: file.clone().unwrap_or_else(|| l.file.display().to_string()),
                line: l.line,
                column: l.column,
            }),
        ),
                RenderJobError::Render(_) => (Stage::Render, None),
    };
    Failure {
        stage,
        message: error.to_string(),
        location,
        permanent,
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}
