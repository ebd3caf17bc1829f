//! The `spotray` command line: parse arguments, call the library, map errors to exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use spotray::budget::{parse_bytes, MemoryBudget, StopSignal};
use spotray::pipeline::{prepare, render, Overrides};
use spotray::render::RenderControl;
use spotray::sdl::{MessageSink, Warning};
use spotray::worker::config::{default_worker_id, WorkerConfig, MAX_VISIBILITY};
use spotray::worker::logging::{self, LogFormat};
use spotray::worker::run::{run, StopSources};
use spotray::worker::scale::{scale, Fleet, ScalePolicy};
use spotray::worker::scratch::Scratch;
use spotray::worker::shutdown::Shutdown;
use spotray::worker::signals;
use spotray::worker::submit::submit;

#[derive(Parser)]
#[command(
    name = "spotray",
    version,
    about = "Render POV-Ray 3.7 scenes with spotray's own parallel ray tracer"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render a scene to PNG.
    ///
    /// INPUT is a scene archive (.zip holding an .ini, a .pov and assets), a directory,
    /// an .ini file or a .pov file. Options given here override the INI file's.
    Render {
        /// Scene archive, directory, .ini or .pov file.
        input: PathBuf,
        /// Output PNG (default: <name>.png in the current directory).
        #[arg(short, long, value_name = "OUT.png")]
        output: Option<PathBuf>,
        /// Image width in pixels (overrides the INI's Width / +W).
        #[arg(long, value_name = "W")]
        width: Option<u32>,
        /// Image height in pixels (overrides the INI's Height / +H).
        #[arg(long, value_name = "H")]
        height: Option<u32>,
        /// Render threads (default: one per core). The image is identical whatever the count.
        #[arg(long, value_name = "N")]
        threads: Option<usize>,
        /// POV-Ray render quality 0-11 (overrides the INI's Quality).
        #[arg(long, value_name = "Q")]
        quality: Option<u32>,
        /// Bits per colour channel in the PNG, 8 or 16 (overrides the INI's
        /// Bits_Per_Color / +FN16).
        #[arg(long, value_name = "BITS", value_parser = clap::builder::PossibleValuesParser::new(["8", "16"]))]
        bits_per_color: Option<String>,
        /// Write an alpha channel: the background is transparent (as the INI's
        /// Output_Alpha / +UA).
        #[arg(long)]
        alpha: bool,
        /// No progress bar, warnings or summary; errors are still printed.
        #[arg(short, long)]
        quiet: bool,
        #[command(flatten)]
        budget: BudgetArgs,
        #[command(flatten)]
        includes: IncludeArgs,
        /// Give up after this many seconds of unpacking, parsing and rendering (default:
        /// no limit).
        #[arg(long, value_name = "SECONDS")]
        max_render_seconds: Option<f64>,
    },
    /// Run the queue worker: receive jobs from SQS, render them, store PNGs in S3.
    ///
    /// Each message names a scene archive in S3 (an S3 event notification, also wrapped
    /// by SNS, EventBridge or a Lambda, or {"bucket": ..., "key": ...}). The result goes
    /// next to the archive as <key without .zip>.png; a job that cannot be rendered leaves
    /// <key without .zip>.error.json instead. Credentials, region and endpoint come from
    /// the standard AWS chain (AWS_REGION, AWS_PROFILE, task role, instance profile,
    /// AWS_ENDPOINT_URL for an emulator).
    Work(WorkArgs),
    /// Upload a scene archive to S3 and enqueue it, as an S3 notification would.
    ///
    /// Prints the S3 URI where the result will appear.
    Submit {
        /// The scene archive (.zip).
        archive: PathBuf,
        /// Bucket to upload to.
        #[arg(long)]
        bucket: String,
        /// Object key (default: jobs/<archive file name>).
        #[arg(long)]
        key: Option<String>,
        /// Queue to notify (default: $SQS_QUEUE_URL; without either, upload only).
        #[arg(long, env = "SQS_QUEUE_URL")]
        queue_url: Option<String>,
    },
    /// Print the worker count a queue's backlog asks for (for cron or a scheduled task).
    ///
    /// Reads ApproximateNumberOfMessages (waiting) and ...NotVisible (in progress) and
    /// prints ceil(backlog / --backlog-per-worker), limited to --min..=--max, changing
    /// --current by at most --max-step, and unchanged while --modifying.
    Scale {
        /// The job queue.
        #[arg(long, env = "SQS_QUEUE_URL")]
        queue_url: String,
        /// Messages (waiting plus in progress) per worker.
        #[arg(long, default_value_t = 2.0)]
        backlog_per_worker: f64,
        /// Fewest workers.
        #[arg(long, default_value_t = 0)]
        min: u32,
        /// Most workers.
        #[arg(long, default_value_t = 10)]
        max: u32,
        /// The fleet's current size, to limit steps and respect --modifying.
        #[arg(long)]
        current: Option<u32>,
        /// Largest change from --current per run (0: no limit).
        #[arg(long, default_value_t = 0)]
        max_step: u32,
        /// A previous change is still in progress: print --current unchanged.
        #[arg(long, requires = "current")]
        modifying: bool,
        /// Print a JSON object with the figures and the reason instead of the number.
        #[arg(long)]
        json: bool,
    },
    /// Compare two PNG images by SSIM and PSNR (RGB, data range 1).
    ///
    /// Prints `ssim=<value> psnr=<value>`; exits 1 when a given minimum is not met.
    Compare {
        a: PathBuf,
        b: PathBuf,
        /// Fail unless SSIM is at least this.
        #[arg(long, value_name = "S")]
        min_ssim: Option<f64>,
        /// Fail unless PSNR (dB) is at least this.
        #[arg(long, value_name = "DB")]
        min_psnr: Option<f64>,
    },
}

/// Where POV-Ray's standard include files are, for `render` and `work` alike.
#[derive(clap::Args)]
struct IncludeArgs {
    /// POV-Ray 3.7's include folder (its standard include files, fonts and their
    /// images), searched after the scene's folder and the INI's Library_Path. Default:
    /// /usr/share/povray-3.7/include (Debian's povray-includes) or
    /// /usr/local/share/povray-3.7/include, whichever exists; without either, spotray's
    /// own colors.inc, finish.inc, rad_def.inc and consts.inc stand in.
    #[arg(long, env = "SPOTRAY_POVRAY_INCLUDE", value_name = "DIR")]
    povray_include: Option<PathBuf>,
}

/// What a job may spend, for `render` and `work` alike.
#[derive(clap::Args)]
struct BudgetArgs {
    /// Memory one job may use, e.g. 2G or 512M: a scene that needs more stops with an
    /// error naming the budget (at its file:line:col while parsing). Default: the
    /// container's memory limit (or the machine's memory) less a tenth, at least 128 MiB
    /// and at most 1 GiB, for the worker itself. `none` for no limit.
    #[arg(long, value_name = "SIZE")]
    max_memory: Option<String>,
}

impl BudgetArgs {
    fn memory(&self) -> Result<MemoryBudget, String> {
        match self.max_memory.as_deref() {
            None => Ok(MemoryBudget::from_environment()),
            Some("none") => Ok(MemoryBudget::UNLIMITED),
            Some(size) => parse_bytes(size)
                .map(MemoryBudget::new)
                .map_err(|e| format!("--max-memory: {e}")),
        }
    }
}

/// A time budget in seconds; 0 for none.
fn time_budget(value: Option<f64>) -> Result<Option<Duration>, String> {
    match value {
        None => Ok(None),
        Some(0.0) => Ok(None),
        Some(v) => seconds(v, "--max-render-seconds").map(Some),
    }
}

#[derive(clap::Args)]
struct WorkArgs {
    /// The SQS queue to drain.
    #[arg(long, env = "SQS_QUEUE_URL")]
    queue_url: String,
    /// Put results in this bucket instead of the archive's.
    #[arg(long)]
    output_bucket: Option<String>,
    /// Put results under this key prefix (e.g. renders/) instead of next to the archive.
    #[arg(long)]
    output_prefix: Option<String>,
    /// Exit with status 0 once a poll finds the queue empty (nothing visible or in flight).
    #[arg(long)]
    exit_when_empty: bool,
    /// Long-poll wait per receive, 0-20 seconds.
    #[arg(long, default_value_t = 20, value_parser = clap::value_parser!(i32).range(0..=20))]
    wait_seconds: i32,
    /// Receives after which a job that keeps failing transiently is failed for good.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    max_receives: u32,
    /// Extend a running job's visibility this often (default: a third of the queue's
    /// VisibilityTimeout).
    #[arg(long, value_name = "SECONDS")]
    heartbeat_seconds: Option<f64>,
    /// Delay before retrying a transient failure; doubles with each receive, up to 15 min.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    retry_base_seconds: f64,
    /// Render threads (default: one per core).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Largest archive to download, in bytes.
    #[arg(long, default_value_t = 1 << 30)]
    max_archive_bytes: u64,
    /// Largest total size an archive may unpack to, in bytes.
    #[arg(long, default_value_t = 2 << 30)]
    max_uncompressed_bytes: u64,
    /// Seconds to finish or hand back work after SIGTERM/SIGINT (ECS's default stop
    /// timeout is 30 s; a second SIGINT stops at once).
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    stop_timeout: f64,
    /// How often to poll instance metadata for spot interruption notices.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    spot_poll_seconds: f64,
    /// Do not watch for spot interruption notices (off EC2, or on-demand capacity).
    #[arg(long)]
    no_spot_watch: bool,
    /// Log format: one JSON object per line (for CloudWatch Logs), or text for people.
    #[arg(long, value_enum, default_value_t = LogFormat::Json)]
    log_format: LogFormat,
    #[command(flatten)]
    budget: BudgetArgs,
    #[command(flatten)]
    includes: IncludeArgs,
    /// Seconds one attempt at a job (unpacking, parsing, rendering) may take before it
    /// fails for good with an error report; 0 for no limit. The default, 4 hours, stays
    /// well inside SQS's 12-hour visibility limit; longer renders belong on several
    /// workers.
    #[arg(long, default_value_t = 14_400.0, value_name = "SECONDS")]
    max_render_seconds: f64,
    /// SQS's visibility limit, 12 hours; a shorter one only to test the hand-back.
    #[arg(long, hide = true, value_name = "SECONDS")]
    max_visibility_seconds: Option<f64>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render {
            input,
            output,
            width,
            height,
            threads,
            quality,
            bits_per_color,
            alpha,
            quiet,
            budget,
            includes,
            max_render_seconds,
        } => (|| {
            let stop = StopSignal::new();
            let _deadline = time_budget(max_render_seconds)?.map(|b| stop.arm_time_budget(b));
            let overrides = Overrides {
                width,
                height,
                threads,
                quality,
                antialias: None,
                sixteen_bit: bits_per_color.map(|b| b == "16"),
                alpha: alpha.then_some(true),
                confine: false,
                memory: budget.memory()?,
                stop: Some(stop),
                povray_include: includes.povray_include,
                // Each reads `warning: ...` with its location, shown as it is made.
                on_message: (!quiet).then(|| MessageSink(Arc::new(|w: &Warning| eprintln!("{w}")))),
            };
            run_render(&input, output, &overrides, quiet)
        })(),
        Command::Compare {
            a,
            b,
            min_ssim,
            min_psnr,
        } => run_compare(&a, &b, min_ssim, min_psnr),
        Command::Work(args) => run_work(args),
        Command::Scale {
            queue_url,
            backlog_per_worker,
            min,
            max,
            current,
            max_step,
            modifying,
            json,
        } => {
            let policy = ScalePolicy {
                backlog_per_worker,
                min,
                max,
                max_step,
            };
            let fleet = Fleet { current, modifying };
            runtime()
                .and_then(|rt| rt.block_on(scale(&queue_url, &policy, fleet)))
                .map(|d| {
                    if json {
                        println!("{}", serde_json::to_string(&d).unwrap_or_default());
                    } else {
                        println!("{}", d.desired);
                    }
                    ExitCode::SUCCESS
                })
        }
        Command::Submit {
            archive,
            bucket,
            key,
            queue_url,
        } => runtime().and_then(|rt| {
            rt.block_on(submit(&archive, &bucket, key.as_deref(), queue_url.as_deref()))
                .map(|uri| {
                    println!("{uri}");
                    ExitCode::SUCCESS
                })
        }),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            // Scene errors arrive formatted like compiler errors, "error:" included, after
            // the scene's own last messages ("warning: #debug: ...").
            if message.starts_with("error: ") || message.starts_with("warning: #") {
                eprintln!("{message}");
            } else {
                eprintln!("error: {message}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run_render(
    input: &Path,
    output: Option<PathBuf>,
    overrides: &Overrides,
    quiet: bool,
) -> Result<ExitCode, String> {
    let started = Instant::now();
    let mut job = prepare(input, overrides).map_err(|e| e.to_string())?;
    let output = output.unwrap_or_else(|| {
        let name = job
            .ini_output
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|n| {
                if n.to_ascii_lowercase().ends_with(".png") {
                    n.to_string()
                } else {
                    format!("{n}.png")
                }
            })
            .unwrap_or_else(|| format!("{}.png", job.name));
        // Output names from an archive's INI must not escape the current directory.
        PathBuf::from(Path::new(&name).file_name().unwrap_or(name.as_ref()))
    });
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template(
                "{spinner} rendering [{bar:40}] {percent:>3}% {elapsed_precise} (eta {eta})",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
        );
        bar
    });
    let progress = |done: usize, total: usize| {
        if let Some(bar) = &bar {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        }
    };
    let rendered = render(
        &mut job,
        &RenderControl {
            progress: &progress,
            stop: overrides.stop.as_ref().unwrap_or(&StopSignal::new()),
            memory: overrides.memory,
            resume: None,
        },
    )
    .map_err(|e| e.to_string())?;
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    write_atomically(&output, &rendered.png)?;
    if !quiet {
        let stats = &rendered.stats;
        let wall = started.elapsed().as_secs_f64();
        eprintln!(
            "{}: {}x{} in {:.2} s ({:.2} M rays/s, {} radiosity samples, {}{} threads)",
            output.display(),
            job.options.width,
            job.options.height,
            wall,
            stats.rays as f64 / stats.seconds.max(1e-9) / 1e6,
            stats.radiosity_samples,
            if stats.photons > 0 {
                format!("{} photons, ", stats.photons)
            } else {
                String::new()
            },
            stats.threads
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file so an interrupted run never leaves half a PNG.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let tmp = path.with_extension("png.tmp");
    std::fs::write(&tmp, bytes).map_err(|e| format!("cannot write {}: {e}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))
}

fn seconds(value: f64, flag: &str) -> Result<Duration, String> {
    Duration::try_from_secs_f64(value)
        .map_err(|_| format!("{flag} must be a non-negative number of seconds, got {value}"))
}

fn run_work(args: WorkArgs) -> Result<ExitCode, String> {
    logging::init(args.log_format);
    // Jobs unpack and render in this worker's own locked folder; leftovers of dead
    // workers are removed first. Set before any thread starts, so every temporary
    // folder (scratch, extraction) lands inside it.
    let base = std::env::temp_dir();
    let (scratch, swept) = Scratch::claim(&base)
        .map_err(|e| format!("cannot make a scratch folder in {}: {e}", base.display()))?;
    for dir in &swept.removed {
        tracing::info!(event = "scratch_swept", folder = %dir.display(), "removed the scratch folder of a worker that is gone");
    }
    std::env::set_var("TMPDIR", scratch.path());
    let config = WorkerConfig {
        queue_url: args.queue_url,
        output_bucket: args.output_bucket,
        output_prefix: args.output_prefix,
        wait_seconds: args.wait_seconds,
        exit_when_empty: args.exit_when_empty,
        max_receives: args.max_receives,
        heartbeat: args
            .heartbeat_seconds
            .map(|s| seconds(s, "--heartbeat-seconds"))
            .transpose()?
            .map(|d| d.max(Duration::from_millis(100))),
        retry_base: seconds(args.retry_base_seconds, "--retry-base-seconds")?,
        threads: args.threads,
        max_archive_bytes: args.max_archive_bytes,
        max_uncompressed_bytes: args.max_uncompressed_bytes,
        worker_id: default_worker_id(),
        memory: args.budget.memory()?,
        max_render_time: time_budget(Some(args.max_render_seconds))?,
        povray_include: args.includes.povray_include,
        max_visibility: match args.max_visibility_seconds {
            Some(s) => seconds(s, "--max-visibility-seconds")?.max(Duration::from_secs(4)),
            None => MAX_VISIBILITY,
        },
    };
    let shutdown = Arc::new(Shutdown::default());
    signals::install(shutdown.clone(), seconds(args.stop_timeout, "--stop-timeout")?)
        .map_err(|e| format!("cannot install signal handlers: {e}"))?;
    let spot_poll = if args.no_spot_watch {
        None
    } else {
        Some(seconds(args.spot_poll_seconds, "--spot-poll-seconds")?.max(Duration::from_millis(100)))
    };
    runtime()?.block_on(run(config, StopSources { shutdown, spot_poll }))?;
    Ok(ExitCode::SUCCESS)
}

fn run_compare(a: &Path, b: &Path, min_ssim: Option<f64>, min_psnr: Option<f64>) -> Result<ExitCode, String> {
    let s = spotray::imagecmp::compare_files(a, b).map_err(|e| e.to_string())?;
    println!("ssim={:.4} psnr={:.2}", s.ssim, s.psnr);
    let ok = min_ssim.is_none_or(|m| s.ssim >= m) && min_psnr.is_none_or(|m| s.psnr >= m);
    if !ok {
        eprintln!(
            "below the minimum: ssim {:.4} (need {}), psnr {:.2} dB (need {})",
            s.ssim,
            min_ssim.map_or("-".into(), |m| m.to_string()),
            s.psnr,
            min_psnr.map_or("-".into(), |m| m.to_string())
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
