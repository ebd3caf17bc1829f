//! The `spotray` command line: parse arguments, call the library, map errors to exit codes.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};

use spotray::job::local::{prepare, render, Overrides};
use spotray::render::RenderControl;

#[derive(Parser)]
#[command(name = "spotray", version, about = "Render POV-Ray 3.7 scenes with spotray's own parallel ray tracer")]
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
        /// No progress bar, warnings or summary; errors are still printed.
        #[arg(short, long)]
        quiet: bool,
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
            quiet,
        } => {
            let overrides = Overrides {
                width,
                height,
                threads,
                quality,
                antialias: None,
            };
            run_render(&input, output, &overrides, quiet)
        }
        Command::Compare { a, b, min_ssim, min_psnr } => run_compare(&a, &b, min_ssim, min_psnr),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_render(input: &Path, output: Option<PathBuf>, overrides: &Overrides, quiet: bool) -> Result<ExitCode, String> {
    let started = Instant::now();
    let job = prepare(input, overrides).map_err(|e| e.to_string())?;
    if !quiet {
        for warning in &job.warnings {
            eprintln!("warning: {warning}");
        }
    }
    let output = output.unwrap_or_else(|| {
        let name = job
            .ini_output
            .as_deref()
            .filter(|n| !n.is_empty())
            .map(|n| if n.to_ascii_lowercase().ends_with(".png") { n.to_string() } else { format!("{n}.png") })
            .unwrap_or_else(|| format!("{}.png", job.name));
        // Output names from an archive's INI must not escape the current directory.
        PathBuf::from(Path::new(&name).file_name().unwrap_or(name.as_ref()))
    });
    let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{spinner} rendering [{bar:40}] {percent:>3}% {elapsed_precise} (eta {eta})")
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
    let cancel = AtomicBool::new(false);
    let rendered = render(
        &job,
        &RenderControl {
            progress: &progress,
            cancel: &cancel,
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
            "{}: {}x{} in {:.2} s ({:.2} M rays/s, {} radiosity samples, {} threads)",
            output.display(),
            job.options.width,
            job.options.height,
            wall,
            stats.rays as f64 / stats.seconds.max(1e-9) / 1e6,
            stats.radiosity_samples,
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
