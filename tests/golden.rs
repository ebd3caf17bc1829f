//! Golden-image tests: render the sample scenes and the ECSLogo reference job with the
//! `spotray` binary, as a user would, and compare with POV-Ray 3.7's own renders.
//!
//! The references in tests/golden/ come from scripts/render-references.sh (see
//! tests/golden/README.md); the ECSLogo job and its reference live in ../shared.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{png_size, repo_root, run_with_deadline, spotray, Run, Scratch};
use spotray::fixtures;
use spotray::imagecmp::compare_files;

/// Generous: a render that takes this long is a hang, not a slow render.
const RENDER_DEADLINE: Duration = Duration::from_secs(600);

/// The size the sample-scene references are rendered at.
const GOLDEN_SIZE: (u32, u32) = (320, 240);
const SCENE_MIN_SSIM: f64 = 0.90;
const SCENE_MIN_PSNR: f64 = 22.0;

const ECSLOGO_SIZE: (u32, u32) = (480, 270);
const ECSLOGO_MIN_SSIM: f64 = 0.95;
const ECSLOGO_MIN_PSNR: f64 = 24.0;

/// `spotray render INPUT -o OUT --quiet [--width W --height H] [extra...]`, with a
/// deadline. `size: None` leaves the size to the scene's INI.
fn render(input: &Path, out: &Path, size: Option<(u32, u32)>, extra: &[&str]) -> Run {
    let mut cmd = spotray();
    cmd.arg("render").arg(input).arg("-o").arg(out).arg("--quiet");
    if let Some((w, h)) = size {
        cmd.args(["--width", &w.to_string(), "--height", &h.to_string()]);
    }
    run_with_deadline(cmd.args(extra), RENDER_DEADLINE)
}

/// Like [`render`], failing the test unless it succeeds and writes `out`.
fn render_ok(input: &Path, out: &Path, size: Option<(u32, u32)>, extra: &[&str]) -> Run {
    let run = render(input, out, size, extra);
    assert!(run.status.success(), "{}", run.describe("spotray render failed"));
    assert!(
        out.is_file(),
        "{}",
        run.describe(&format!(
            "spotray render succeeded but wrote no {}",
            out.display()
        ))
    );
    run
}

/// SSIM and PSNR between two PNG files.
fn similarity(rendered: &Path, reference: &Path) -> (f64, f64) {
    let s = compare_files(rendered, reference).unwrap_or_else(|e| {
        panic!(
            "cannot compare {} with {}: {e}",
            rendered.display(),
            reference.display()
        )
    });
    (s.ssim, s.psnr)
}

/// Names of the sample scenes: every scenes/NAME/ that holds NAME.ini, sorted.
fn sample_scenes() -> Vec<String> {
    let dir = repo_root().join("scenes");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            dir.join(&name)
                .join(format!("{name}.ini"))
                .is_file()
                .then_some(name)
        })
        .collect();
    names.sort();
    names
}

#[test]
fn sample_scenes_match_povray_references() {
    let scenes = sample_scenes();
    assert!(
        scenes.len() >= 3,
        "expected at least three sample scenes in scenes/, found {scenes:?}"
    );
    let scratch = Scratch::new("golden");
    let (w, h) = GOLDEN_SIZE;
    let mut failures = Vec::new();
    for name in &scenes {
        let ini = repo_root().join(format!("scenes/{name}/{name}.ini"));
        let reference = repo_root().join(format!("tests/golden/{name}-povray37-{w}x{h}.png"));
        if !reference.is_file() {
            failures.push(format!(
                "{name}: no reference {}: run scripts/render-references.sh {name}",
                reference.display()
            ));
            continue;
        }
        let out = scratch.path(&format!("{name}.png"));
        let run = render(&ini, &out, Some(GOLDEN_SIZE), &[]);
        if !run.status.success() || !out.is_file() {
            failures.push(run.describe(&format!("{name}: spotray render failed")));
            continue;
        }
        let (ssim, psnr) = similarity(&out, &reference);
        eprintln!(
            "golden {name:<12} ssim={ssim:.4} psnr={psnr:.2} (minimum {SCENE_MIN_SSIM} / \
             {SCENE_MIN_PSNR}) rendered in {:.2?}",
            run.elapsed
        );
        // Written so that a NaN fails too.
        let good = ssim >= SCENE_MIN_SSIM && psnr >= SCENE_MIN_PSNR;
        if !good {
            failures.push(format!(
                "{name}: ssim={ssim:.4} psnr={psnr:.2}, below {SCENE_MIN_SSIM} / {SCENE_MIN_PSNR} \
                 against {}",
                reference.display()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} sample scenes failed:\n{}",
        failures.len(),
        scenes.len(),
        failures.join("\n")
    );
}

#[test]
fn ecslogo_matches_povray_reference() {
    let (w, h) = ECSLOGO_SIZE;
    let Some(zip) = fixtures::shared("fixtures/ecslogo/ECSLogo.zip") else {
        return;
    };
    let Some(reference) = fixtures::shared(&format!("fixtures/ecslogo/reference-povray37-{w}x{h}.png"))
    else {
        return;
    };
    let scratch = Scratch::new("ecslogo");
    let out = scratch.path("ECSLogo.png");
    let run = render_ok(&zip, &out, Some(ECSLOGO_SIZE), &[]);
    let (ssim, psnr) = similarity(&out, &reference);
    eprintln!(
        "golden ECSLogo      ssim={ssim:.4} psnr={psnr:.2} (minimum {ECSLOGO_MIN_SSIM} / \
         {ECSLOGO_MIN_PSNR}) rendered in {:.2?}",
        run.elapsed
    );
    assert!(
        ssim >= ECSLOGO_MIN_SSIM && psnr >= ECSLOGO_MIN_PSNR,
        "ECSLogo: ssim={ssim:.4} psnr={psnr:.2}, below {ECSLOGO_MIN_SSIM} / {ECSLOGO_MIN_PSNR} \
         against {}",
        reference.display()
    );
}

/// Two renders of the same job, and one on a single thread, give the same bytes: jittered
/// sampling and radiosity must not depend on timing or on which thread took which tile.
#[test]
fn renders_are_deterministic_across_runs_and_thread_counts() {
    let (input, size) = match fixtures::shared("fixtures/ecslogo/ECSLogo.zip") {
        Some(zip) => (zip, (320, 180)),
        None => {
            eprintln!("determinism: using scenes/spheres instead of ECSLogo");
            (repo_root().join("scenes/spheres/spheres.ini"), (160, 120))
        }
    };
    let scratch = Scratch::new("determinism");
    let runs = [
        ("first", &[][..]),
        ("second", &[][..]),
        ("threads-1", &["--threads", "1"][..]),
    ];
    let images: Vec<(&str, Vec<u8>)> = runs
        .iter()
        .map(|(label, threads)| {
            let out = scratch.path(&format!("{label}.png"));
            let run = render_ok(&input, &out, Some(size), threads);
            eprintln!("determinism {label:<10} rendered in {:.2?}", run.elapsed);
            (*label, std::fs::read(&out).expect("read the render back"))
        })
        .collect();
    let (first_label, first) = &images[0];
    for (label, bytes) in &images[1..] {
        if bytes != first {
            let (ssim, psnr) = similarity(
                &scratch.path(&format!("{first_label}.png")),
                &scratch.path(&format!("{label}.png")),
            );
            panic!(
                "render '{label}' of {} differs from render '{first_label}' \
                 ({} vs {} bytes; ssim={ssim:.4} psnr={psnr:.2})",
                input.display(),
                bytes.len(),
                first.len()
            );
        }
    }
}

/// The README's first command renders a scene directory; this is that, smaller.
#[test]
fn renders_a_scene_directory() {
    let scratch = Scratch::new("directory");
    let out = scratch.path("spheres.png");
    render_ok(&repo_root().join("scenes/spheres"), &out, Some((160, 120)), &[]);
    assert_eq!(png_size(&out), (160, 120));
}

/// A bare .pov file renders without any INI, at the size asked for.
#[test]
fn renders_a_bare_pov_file() {
    let scratch = Scratch::new("pov");
    let out = scratch.path("csg.png");
    render_ok(&repo_root().join("scenes/csg/csg.pov"), &out, Some((96, 72)), &[]);
    assert_eq!(png_size(&out), (96, 72));
}

/// Without --width/--height the INI's own +W/+H decide the size.
#[test]
fn ini_size_is_honoured() {
    let scratch = Scratch::new("ini");
    let out = scratch.path("tiny.png");
    render_ok(&repo_root().join("tests/fixtures/tiny/tiny.ini"), &out, None, &[]);
    assert_eq!(png_size(&out), (48, 36));
}
