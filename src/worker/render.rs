//! Rendering a downloaded archive on the blocking thread pool, panics caught, with
//! progress for time estimates and resumption from a checkpoint's tiles.

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::failure::{Failure, SourceLocation, Stage};
use crate::budget::{MemoryBudget, StopSignal};
use crate::input::{without_host_paths, ArchiveLimits};
use crate::pipeline::{prepare_with_limits, render, Overrides, PipelineError, PreparedScene};
use crate::render::film::output::PixelFormat;
use crate::render::film::partial::FinishedTiles;
use crate::render::{RenderControl, RenderError};
use crate::sdl::SceneErrorKind;

pub struct Rendered {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub render_seconds: f64,
    pub settings: String,
    pub tiles_rendered: usize,
    pub tiles_resumed: usize,
}

/// How a render ended without an image.
pub enum Stopped {
    Failed(Failure),
    /// Cancelled on request: the finished tiles, for a checkpoint.
    Interrupted {
        finished: FinishedTiles,
        settings: String,
        total_tiles: usize,
    },
}

/// Tiles done so far, shared with the async side for time estimates.
#[derive(Default)]
pub struct Progress {
    done: AtomicUsize,
    total: AtomicUsize,
    resumed: AtomicUsize,
    started: Mutex<Option<Instant>>,
}

impl Progress {
    /// Time the rest of the render should take, once there is anything to go by.
    pub fn remaining(&self) -> Option<Duration> {
        let started = (*self.started.lock().unwrap_or_else(|p| p.into_inner()))?;
        let (done, total, resumed) = (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
            self.resumed.load(Ordering::Relaxed),
        );
        let rendered = done.checked_sub(resumed).filter(|&r| r > 0)?;
        let per_tile = started.elapsed().as_secs_f64() / rendered as f64;
        Duration::try_from_secs_f64(per_tile * total.saturating_sub(done) as f64).ok()
    }

    pub fn tiles(&self) -> (usize, usize) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

/// Identifies the settings a tile was rendered with; tiles only mix with their own kind.
pub fn settings_fingerprint(job: &PreparedScene) -> String {
    let o = &job.options;
    let aa = o.antialias.as_ref().map_or("off".to_string(), |a| {
        format!(
            "m{}-t{}-d{}-j{}-{}",
            a.method, a.threshold, a.depth, a.jitter, a.jitter_amount
        )
    });
    let region = o.region.map_or("all".to_string(), |r| {
        format!("{}-{}x{}-{}", r.rows.0, r.rows.1, r.columns.0, r.columns.1)
    });
    let gamma = o.file_gamma.map_or("srgb".to_string(), |g| g.to_string());
    let pixels = o.format.code();
    format!(
        "spotray-{}+{} {}x{} q{} aa-{aa} region-{region} gamma-{gamma} pixels-{pixels}",
        env!("CARGO_PKG_VERSION"),
        super::build::build_id(),
        o.width,
        o.height,
        o.quality
    )
}

/// Tiles of an earlier, interrupted attempt at the same job.
pub struct Resume {
    pub tiles: FinishedTiles,
    /// The render settings the tiles were made with (see [`settings_fingerprint`]).
    pub settings: String,
}

pub struct RenderRequest {
    pub archive: PathBuf,
    pub threads: usize,
    pub limits: ArchiveLimits,
    /// Raised by the worker to hand the job back; also by the job's time budget.
    pub stop: StopSignal,
    pub memory: MemoryBudget,
    /// How long the whole job (unpack, parse, render) may take; `None` for no limit.
    pub time_budget: Option<Duration>,
    /// POV-Ray's include folder, when not where Debian's packages put it.
    pub povray_include: Option<PathBuf>,
    pub progress: Arc<Progress>,
    pub resume: Option<Resume>,
}

/// Unpacks, parses and renders the archive exactly as `spotray render` would, without
/// blocking the async runtime. A panic anywhere in it becomes a permanent failure.
pub async fn render_archive(request: RenderRequest) -> Result<Rendered, Stopped> {
    let work = move || std::panic::catch_unwind(AssertUnwindSafe(|| render_blocking(&request)));
    match tokio::task::spawn_blocking(work).await {
        Ok(Ok(result)) => result,
        Ok(Err(panic)) => Err(Stopped::Failed(Failure::permanent(
            Stage::Render,
            format!(
                "the renderer crashed ({}); please report this scene",
                panic_message(&panic)
            ),
        ))),
        Err(join) => Err(Stopped::Failed(Failure::transient(
            Stage::Render,
            format!("the render task was lost: {join}"),
        ))),
    }
}

fn render_blocking(request: &RenderRequest) -> Result<Rendered, Stopped> {
    let _deadline = request
        .time_budget
        .map(|budget| request.stop.arm_time_budget(budget));
    let overrides = Overrides {
        threads: Some(request.threads),
        confine: true,
        memory: request.memory,
        stop: Some(request.stop.clone()),
        povray_include: request.povray_include.clone(),
        ..Overrides::default()
    };
    let mut job = match prepare_with_limits(&request.archive, &overrides, &request.limits) {
        Ok(job) => job,
        Err(PipelineError::Scene { error, .. }) if error.kind() == SceneErrorKind::Interrupted => {
            // Stopped before any tile: keep what an earlier attempt saved.
            let (finished, settings) = match &request.resume {
                Some(r) => (r.tiles.clone(), r.settings.clone()),
                None => (FinishedTiles::new(0, 0, PixelFormat::RGB8), "none".to_string()),
            };
            return Err(Stopped::Interrupted {
                total_tiles: 0,
                finished,
                settings,
            });
        }
        Err(e) => return Err(Stopped::Failed(failure_of(e, &request.archive))),
    };
    // The scene's warnings and #debug messages, for the job's log (at most 1000, as the
    // parser keeps), named by their paths inside the archive.
    for warning in &job.warnings {
        let shown = without_host_paths(warning, request.archive.parent());
        tracing::warn!(event = "scene_warning", warning = %shown, "the scene has a warning");
    }
    let settings = settings_fingerprint(&job);
    let resume = match &request.resume {
        Some(Resume {
            tiles,
            settings: made_with,
        }) if *made_with == settings
            && (tiles.width, tiles.height) == (job.options.width, job.options.height) =>
        {
            Some(tiles)
        }
        Some(Resume {
            settings: made_with,
            tiles,
        }) => {
            tracing::warn!(event = "checkpoint_ignored", reason = %format!("made with settings {made_with:?} for {}x{} tiles, this job uses {settings:?}", tiles.width, tiles.height), "checkpoint ignored");
            None
        }
        None => None,
    };
    let total = crate::render::film::tiles::tiles(job.options.width, job.options.height).len();
    let progress = &request.progress;
    progress.total.store(total, Ordering::Relaxed);
    let resumed = resume.map_or(0, |r| r.len());
    progress.resumed.store(resumed, Ordering::Relaxed);
    progress.done.store(resumed, Ordering::Relaxed);
    *progress.started.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());

    let started = Instant::now();
    let on_progress = |done: usize, _total: usize| {
        progress.done.fetch_max(done, Ordering::Relaxed);
    };
    let control = RenderControl {
        progress: &on_progress,
        stop: &request.stop,
        memory: request.memory,
        resume,
    };
    match render(&mut job, &control) {
        Ok(rendered) => Ok(Rendered {
            png: rendered.png,
            width: job.options.width,
            height: job.options.height,
            render_seconds: started.elapsed().as_secs_f64(),
            settings,
            tiles_rendered: rendered.stats.tiles_rendered,
            tiles_resumed: rendered.stats.tiles_resumed,
        }),
        Err(PipelineError::Render(RenderError::Cancelled(finished))) => Err(Stopped::Interrupted {
            finished: *finished,
            settings,
            total_tiles: total,
        }),
        Err(e) => Err(Stopped::Failed(failure_of(e, &request.archive))),
    }
}

/// The failure to report for `error` met while rendering `archive` (in the job's scratch
/// folder): files are named by their path inside the archive, never by a host path.
fn failure_of(error: PipelineError, archive: &Path) -> Failure {
    let permanent = error.is_permanent();
    let (stage, location) = match &error {
        PipelineError::Input(_) | PipelineError::NoInputFile { .. } => (Stage::Unpack, None),
        PipelineError::Scene { error, file, .. } => (
            Stage::Parse,
            error.location().map(|l| SourceLocation {
                file: file.clone().unwrap_or_else(|| l.file.display().to_string()),
                line: l.line,
                column: l.column,
            }),
        ),
        PipelineError::Render(_) => (Stage::Render, None),
    };
    Failure {
        stage,
        message: without_host_paths(&error.to_string(), archive.parent()),
        location,
        permanent,
    }
}

#[cfg(test)]
#[test]
fn reports_never_quote_host_scratch_paths() {
    let tmp = std::env::temp_dir();
    let scratch = tmp.join("spotray-job-AbC123");
    let archive = scratch.join("scene.zip");
    let text = format!(
        "cannot open {}: denied; see {} and {}",
        archive.display(),
        tmp.join("spotray-extract-Zz9/textures/wood.png").display(),
        tmp.join("spotray-extract-Zz9").display()
    );
    let error = PipelineError::Input(crate::input::InputError::Input {
        path: PathBuf::from("x"),
        message: text,
    });
    let failure = failure_of(error, &archive);
    assert!(
        !failure.message.contains(&*tmp.display().to_string()),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("cannot open scene.zip"),
        "{}",
        failure.message
    );
    assert!(
        failure.message.contains("see textures/wood.png"),
        "{}",
        failure.message
    );
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sdl::SceneError;

    #[test]
    fn a_parser_panic_is_a_permanent_parse_failure() {
        let error = SceneError::new(
            SceneErrorKind::Internal,
            "internal error in spotray's scene parser: boom; please report this scene",
        );
        let failure = failure_of(
            PipelineError::Scene {
                shown: error.to_string(),
                error,
                file: None,
            },
            Path::new("/scratch/spotray-job-x/job.zip"),
        );
        assert!(failure.permanent);
        assert!(matches!(failure.stage, Stage::Parse));
        assert!(
            failure.message.contains("please report this scene"),
            "{}",
            failure.message
        );
    }

    /// A small scene (width x height from its INI) in a folder of its own.
    fn small_job(folder: &Path, width: u32, height: u32) -> PathBuf {
        std::fs::write(
            folder.join("job.pov"),
            "camera { location <0, 0, -3> look_at 0 }\n\
             light_source { <2, 4, -3>, rgb 1 }\n\
             sphere { 0, 1 pigment { rgb <0.2, 0.6, 1> } }\n",
        )
        .unwrap();
        std::fs::write(
            folder.join("job.ini"),
            format!("Input_File_Name=job.pov\nWidth={width}\nHeight={height}\n"),
        )
        .unwrap();
        folder.to_path_buf()
    }

    fn request(job: &Path, resume: Option<Resume>) -> RenderRequest {
        RenderRequest {
            archive: job.to_path_buf(),
            threads: 2,
            limits: ArchiveLimits::default(),
            stop: StopSignal::new(),
            memory: MemoryBudget::UNLIMITED,
            time_budget: None,
            povray_include: None,
            progress: Arc::new(Progress::default()),
            resume,
        }
    }

    /// Every tile of a width x height image, all red: wrong for any scene here.
    fn red_tiles(width: u32, height: u32) -> FinishedTiles {
        let mut finished = FinishedTiles::new(width, height, PixelFormat::RGB8);
        for (index, tile) in crate::render::film::tiles::tiles(width, height)
            .iter()
            .enumerate()
        {
            let pixels = [255, 0, 0].repeat((tile.width * tile.height) as usize);
            finished.tiles.insert(index as u32, pixels);
        }
        finished
    }

    fn rendered(result: Result<Rendered, Stopped>) -> Rendered {
        match result {
            Ok(r) => r,
            Err(Stopped::Failed(f)) => panic!("failed: {}", f.message),
            Err(Stopped::Interrupted { .. }) => panic!("interrupted"),
        }
    }

    #[test]
    fn a_checkpoint_that_does_not_fit_is_ignored_not_fatal() {
        let folder = tempfile::tempdir().unwrap();
        let job = small_job(folder.path(), 48, 40);
        let fresh = rendered(render_blocking(&request(&job, None)));
        assert_eq!(fresh.tiles_resumed, 0);
        let cases = [
            (
                "another build",
                red_tiles(48, 40),
                "spotray-0.1.0+0000000000000000 48x40 q9 aa-off".to_string(),
            ),
            ("another size", red_tiles(64, 40), fresh.settings.clone()),
        ];
        for (case, tiles, settings) in cases {
            let result = render_blocking(&request(&job, Some(Resume { tiles, settings })));
            let again = rendered(result);
            assert_eq!(again.tiles_resumed, 0, "{case}");
            assert!(
                again.png == fresh.png,
                "{case}: the image differs from a fresh render"
            );
        }
        // The same settings and size: the tiles are taken (and show).
        let resume = Resume {
            tiles: red_tiles(48, 40),
            settings: fresh.settings.clone(),
        };
        let taken = rendered(render_blocking(&request(&job, Some(resume))));
        assert!(taken.tiles_resumed > 0);
        assert!(taken.png != fresh.png);
    }

    #[test]
    fn a_stop_during_parsing_keeps_the_earlier_checkpoint() {
        let folder = tempfile::tempdir().unwrap();
        let job = small_job(folder.path(), 48, 40);
        let earlier = Resume {
            tiles: red_tiles(48, 40),
            settings: "earlier settings".to_string(),
        };
        let stopped = request(&job, Some(earlier));
        stopped.stop.stop(crate::budget::StopReason::Requested);
        match render_blocking(&stopped) {
            Err(Stopped::Interrupted {
                finished, settings, ..
            }) => {
                assert_eq!(settings, "earlier settings");
                assert_eq!(finished.len(), red_tiles(48, 40).len());
            }
            _ => panic!("a stop before the first tile must hand back the earlier tiles"),
        }
        // With nothing saved before, the hand-back has no tiles and no settings.
        let fresh = request(&job, None);
        fresh.stop.stop(crate::budget::StopReason::Requested);
        match render_blocking(&fresh) {
            Err(Stopped::Interrupted {
                finished, settings, ..
            }) => {
                assert!(finished.is_empty());
                assert_eq!(settings, "none");
            }
            _ => panic!("a stop before the first tile is an interruption"),
        }
    }
}
