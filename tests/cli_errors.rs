//! The command line as a user meets it when things go wrong: bad scenes, bad inputs,
//! images that do not match, and the help texts.
//!
//! Every failure must end within seconds with a non-zero exit, a message on stderr that
//! says where and what (for scene errors `file:line:col` and a key phrase), no panic and
//! no output image.

mod common;

use std::path::{Path, PathBuf};
use std::time::Duration;

use common::{repo_root, run_with_deadline, spotray, Run, Scratch};

/// A failing render must give up within this long (an endless `#while` included).
const ERROR_DEADLINE: Duration = Duration::from_secs(10);

fn bad(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/bad").join(name)
}

/// Renders `input`, which must fail cleanly. Stderr must name the input file, at
/// `file:line:` when `line` is given, and, compared in lower case with the file's name
/// taken out (so `infinite-loop.pov` alone does not count as saying "loop"), hold at
/// least one phrase of every group in `expect`.
fn assert_render_fails(input: &Path, line: Option<u32>, expect: &[&[&str]]) -> Run {
    let scratch = Scratch::new("bad");
    let out = scratch.path("out.png");
    let run = run_with_deadline(
        spotray()
            .arg("render")
            .arg(input)
            .arg("-o")
            .arg(&out)
            .args(["--width", "64", "--height", "48", "--quiet"]),
        ERROR_DEADLINE,
    );
    let context = format!("render of {}", input.display());
    assert!(
        !run.status.success(),
        "{}",
        run.describe(&format!("{context} should have failed"))
    );
    assert!(
        !run.stderr.contains("panicked"),
        "{}",
        run.describe(&format!("{context} panicked instead of reporting an error"))
    );
    assert!(
        !out.exists(),
        "{}",
        run.describe(&format!("{context} failed but left {}", out.display()))
    );

    let file_name = input
        .file_name()
        .expect("a file name")
        .to_string_lossy()
        .to_lowercase();
    let place = match line {
        Some(line) => format!("{file_name}:{line}:"),
        None => file_name.clone(),
    };
    let stderr = run.stderr.to_lowercase();
    assert!(
        stderr.contains(&place),
        "{}",
        run.describe(&format!("{context}: stderr should name {place}"))
    );
    let message = stderr.replace(&file_name, "");
    for group in expect {
        assert!(
            group.iter().any(|phrase| message.contains(phrase)),
            "{}",
            run.describe(&format!("{context}: stderr should say one of {group:?}"))
        );
    }
    eprintln!(
        "{} failed in {:.2?} with:\n{}",
        input.display(),
        run.elapsed,
        run.stderr.trim_end()
    );
    run
}

#[test]
fn syntax_error_names_location_and_what_was_expected() {
    assert_render_fails(&bad("syntax-error.pov"), Some(3), &[&["expected"]]);
}

#[test]
fn unknown_identifier_is_named_with_its_location() {
    assert_render_fails(
        &bad("unknown-identifier.pov"),
        Some(4),
        &[&["unknown identifier"], &["nosuchcolour"]],
    );
}

#[test]
fn infinite_loop_is_stopped() {
    assert_render_fails(&bad("infinite-loop.pov"), Some(3), &[&["loop", "iterations"]]);
}

#[test]
fn unsupported_feature_is_reported_as_such() {
    assert_render_fails(
        &bad("unsupported-feature.pov"),
        Some(4),
        &[&["not support"], &["pavement"]],
    );
}

#[test]
fn missing_include_names_the_file() {
    assert_render_fails(
        &bad("missing-include.pov"),
        Some(3),
        &[
            &["no-such-file.inc"],
            &["cannot find", "cannot open", "not found", "no such file"],
        ],
    );
}

#[test]
fn missing_input_path_is_reported() {
    assert_render_fails(
        &bad("does-not-exist.pov"),
        None,
        &[&["no such file", "not found", "does not exist", "cannot"]],
    );
}

#[test]
fn zip_that_is_not_a_zip_is_reported() {
    assert_render_fails(&bad("not-a-zip.zip"), None, &[&["not a zip", "archive"]]);
}

// ---- compare ------------------------------------------------------------------

fn golden(name: &str) -> PathBuf {
    repo_root()
        .join("tests/golden")
        .join(format!("{name}-povray37-320x240.png"))
}

fn compare(args: &[&Path], extra: &[&str]) -> Run {
    run_with_deadline(spotray().arg("compare").args(args).args(extra), ERROR_DEADLINE)
}

/// `ssim=S psnr=P` from compare's output.
fn parse_similarity(run: &Run) -> (f64, f64) {
    let field = |key: &str| {
        run.stdout
            .split_whitespace()
            .find_map(|word| word.strip_prefix(key))
            .and_then(|value| value.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("{}", run.describe(&format!("no `{key}<number>` printed"))))
    };
    (field("ssim="), field("psnr="))
}

#[test]
fn compare_of_an_image_with_itself_is_perfect() {
    let image = golden("spheres");
    let run = compare(&[&image, &image], &["--min-ssim", "0.999"]);
    assert!(run.status.success(), "{}", run.describe("compare failed"));
    let (ssim, _) = parse_similarity(&run);
    assert!(ssim > 0.9999, "{}", run.describe("ssim should be 1"));
}

#[test]
fn compare_below_minimum_exits_1() {
    let (a, b) = (golden("spheres"), golden("csg"));
    let run = compare(&[&a, &b], &["--min-ssim", "0.99"]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        run.describe("different images with --min-ssim 0.99 should exit 1")
    );
    let (ssim, _) = parse_similarity(&run);
    assert!(ssim < 0.99, "{}", run.describe("ssim should be low"));

    let run = compare(&[&a, &b], &["--min-psnr", "60"]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        run.describe("different images with --min-psnr 60 should exit 1")
    );
}

#[test]
fn compare_with_a_missing_file_is_reported() {
    let missing = bad("no-such-image.png");
    let run = compare(&[&golden("spheres"), &missing], &[]);
    assert!(!run.status.success(), "{}", run.describe("should fail"));
    assert!(
        run.stderr.contains("no-such-image.png") && !run.stderr.contains("panicked"),
        "{}",
        run.describe("stderr should name the missing file, without a panic")
    );
}

// ---- help ---------------------------------------------------------------------

fn help(args: &[&str], expect: &[&str]) {
    let run = run_with_deadline(spotray().args(args), ERROR_DEADLINE);
    let what = format!("spotray {}", args.join(" "));
    assert!(
        run.status.success(),
        "{}",
        run.describe(&format!("{what} should exit 0"))
    );
    for word in expect {
        assert!(
            run.stdout.contains(word),
            "{}",
            run.describe(&format!("{what} should mention {word}"))
        );
    }
}

#[test]
fn top_level_help_lists_the_subcommands() {
    help(&["--help"], &["render", "compare"]);
}

#[test]
fn render_help_lists_every_option() {
    help(
        &["render", "--help"],
        &["-o", "--width", "--height", "--threads", "--quiet"],
    );
}

#[test]
fn compare_help_lists_every_option() {
    help(&["compare", "--help"], &["--min-ssim", "--min-psnr"]);
}
