//! Scene archives for the worker tests, built in the test with the `zip` crate: the sample
//! scenes, the tiny fixture, a scene sized to render for a given time, and bad archives.

use std::io::{Cursor, Write};
use std::path::Path;
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::common::{repo_root, run_with_deadline, spotray, Scratch};

/// A deflated zip of `entries` (name, bytes), in order. Names are written as given, so
/// `../evil.pov` makes a zip-slip archive.
pub fn zip_entries(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .large_file(false);
    for (name, bytes) in entries {
        writer.start_file(*name, options).expect("start zip entry");
        writer.write_all(bytes).expect("write zip entry");
    }
    writer.finish().expect("finish zip").into_inner()
}

/// The files of `dir` (not recursive), sorted by name.
pub fn dir_files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.is_file())
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let bytes =
                std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

/// A zip of the files of `dir`, at the archive's root.
pub fn zip_dir(dir: &Path) -> Vec<u8> {
    let files = dir_files(dir);
    let entries: Vec<(&str, &[u8])> = files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    zip_entries(&entries)
}

/// `scenes/<name>/` as an archive.
pub fn sample_scene_zip(name: &str) -> Vec<u8> {
    zip_dir(&repo_root().join("scenes").join(name))
}

/// `tests/fixtures/tiny/` (48x36, renders in milliseconds) as an archive. `variant` is
/// added as a comment, so different variants have different bytes (and ETags) but render
/// the same image.
pub fn tiny_zip(variant: &str) -> Vec<u8> {
    let dir = repo_root().join("tests/fixtures/tiny");
    let ini = std::fs::read(dir.join("tiny.ini")).expect("tests/fixtures/tiny/tiny.ini");
    let mut pov = std::fs::read(dir.join("tiny.pov")).expect("tests/fixtures/tiny/tiny.pov");
    if !variant.is_empty() {
        pov.extend_from_slice(format!("\n// variant: {variant}\n").as_bytes());
    }
    zip_entries(&[("tiny.ini", &ini), ("tiny.pov", &pov)])
}

/// The size the tiny fixture's INI asks for.
pub const TINY_SIZE: (u32, u32) = (48, 36);

/// Renders `input` locally with `spotray render` (`extra` flags after it) into `out`;
/// returns the PNG's bytes and the time it took.
pub fn render_locally(input: &Path, out: &Path, extra: &[&str], deadline: Duration) -> (Vec<u8>, Duration) {
    let start = Instant::now();
    let run = run_with_deadline(
        spotray()
            .arg("render")
            .arg(input)
            .arg("-o")
            .arg(out)
            .arg("-q")
            .args(extra),
        deadline,
    );
    let took = start.elapsed();
    assert!(
        run.status.success(),
        "{}",
        run.describe("local `spotray render` failed")
    );
    let bytes = std::fs::read(out).unwrap_or_else(|e| panic!("{} was not written: {e}", out.display()));
    (bytes, took)
}

/// An archive of the `spheres` sample scene at a size whose render (not counting process
/// start and parsing) takes about `target` with `threads` threads on this machine right
/// now, measured by two local renders (160x120 and 320x240: the difference is the cost of
/// the extra pixels). Returns the archive and its size.
pub fn slow_scene_zip(scratch: &Scratch, target: Duration, threads: u32) -> (Vec<u8>, (u32, u32)) {
    let dir = repo_root().join("scenes/spheres");
    let threads_arg = threads.to_string();
    let probe = |w: u32, h: u32| -> f64 {
        let out = scratch.path(&format!("calibration-{w}x{h}.png"));
        let (w, h) = (w.to_string(), h.to_string());
        let extra = ["--width", &w, "--height", &h, "--threads", &threads_arg];
        render_locally(&dir, &out, &extra, Duration::from_secs(120))
            .1
            .as_secs_f64()
    };
    let small = probe(160, 120);
    let large = probe(320, 240);
    let (small_px, large_px) = (160.0 * 120.0, 320.0 * 240.0);
    // Per pixel from the difference when it is clearly measurable; else (noise, a busy
    // machine) from the larger render alone, start-up included, which errs on the short side.
    let per_pixel = if large > 1.5 * small {
        (large - small) / (large_px - small_px)
    } else {
        large / large_px
    };
    let pixels = (target.as_secs_f64() / per_pixel).clamp(large_px / 4.0, 2560.0 * 1920.0);
    // Keep 4:3.
    let width = (((pixels * 4.0 / 3.0).sqrt()) as u32 / 4 * 4).clamp(160, 2560);
    let height = width * 3 / 4;
    eprintln!(
        "slow scene: spheres took {small:.2} s at 160x120 and {large:.2} s at 320x240 with {threads} \
         threads; {width}x{height} should render in about {target:?}"
    );
    let ini = format!(
        "; spheres, sized by the test to render for about {target:?}\nInput_File_Name=spheres.pov\n\
         +W{width} +H{height}\nAntialias=on\nAntialias_Threshold=0.3\n"
    );
    let pov = std::fs::read(dir.join("spheres.pov")).expect("scenes/spheres/spheres.pov");
    (
        zip_entries(&[("spheres.ini", ini.as_bytes()), ("spheres.pov", &pov)]),
        (width, height),
    )
}

/// Width and height an INI asks for with `+Wn +Hn` or `Width=`/`Height=`.
pub fn ini_size(ini: &str) -> Option<(u32, u32)> {
    let mut width = None;
    let mut height = None;
    for token in ini
        .lines()
        .filter(|l| !l.trim_start().starts_with(';'))
        .flat_map(str::split_whitespace)
    {
        let lower = token.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("+w").or_else(|| lower.strip_prefix("width=")) {
            width = v.parse().ok().or(width);
        } else if let Some(v) = lower.strip_prefix("+h").or_else(|| lower.strip_prefix("height=")) {
            height = v.parse().ok().or(height);
        }
    }
    Some((width?, height?))
}

/// A deflated entry of `bytes` zeros: a zip bomb in miniature (about 1000:1).
pub fn zeros_zip(name: &str, bytes: usize) -> Vec<u8> {
    let zeros = vec![0u8; bytes];
    zip_entries(&[(name, &zeros)])
}
