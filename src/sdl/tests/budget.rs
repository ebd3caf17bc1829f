//! A scene held to its job's memory budget and stop signal: the parse ends with an error
//! at the construct that would exceed the budget, or where it was told to stop.
//!
//! Other tests allocate in the same process at the same time, so these budgets are far
//! from what the scenes need; `tests/memory_budget.rs` checks whole processes closely.

use std::path::Path;
use std::time::Duration;

use crate::budget::{MemoryBudget, StopReason, StopSignal};
use crate::sdl::{parse_scene_str, ParseOptions, SceneError, SceneErrorKind};

fn parse_with(text: &str, dir: &Path, opts: ParseOptions) -> SceneError {
    parse_scene_str("budget.pov", text, dir, &opts).expect_err("the parse should fail")
}

fn budget(bytes: u64) -> ParseOptions {
    ParseOptions {
        memory: MemoryBudget::new(bytes),
        ..ParseOptions::default()
    }
}

#[test]
fn an_array_too_big_for_the_budget_fails_where_it_is_declared() {
    let e = parse_with(
        "#declare Small = array[10];\n#declare Big = array[10000000];\n",
        Path::new("."),
        budget(512 << 20),
    );
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    let at = e.location().expect("a location");
    assert_eq!((at.line, at.column), (2, 21), "{e}");
    let text = e.to_string();
    assert!(text.contains("budget of 512.0 MiB"), "{text}");
    assert!(text.contains("an array of 10000000 elements needs"), "{text}");
}

/// A PNG whose header announces `width` x `height`, with no pixel data: the budget must
/// refuse it from the header alone.
fn png_header_only(path: &Path, width: u32, height: u32) {
    let mut header = Vec::new();
    header.extend_from_slice(&width.to_be_bytes());
    header.extend_from_slice(&height.to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]);
    let mut chunk = b"IHDR".to_vec();
    chunk.extend_from_slice(&header);
    let crc = crc32(&chunk);
    let mut file = b"\x89PNG\r\n\x1a\n".to_vec();
    file.extend_from_slice(&(header.len() as u32).to_be_bytes());
    file.extend_from_slice(&chunk);
    file.extend_from_slice(&crc.to_be_bytes());
    // An empty IDAT so that the decoder reaches the image data.
    let idat = b"IDAT".to_vec();
    file.extend_from_slice(&0u32.to_be_bytes());
    file.extend_from_slice(&idat);
    file.extend_from_slice(&crc32(&idat).to_be_bytes());
    std::fs::write(path, file).unwrap();
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn an_image_too_big_for_the_budget_is_refused_before_decoding() {
    let dir = tempfile::tempdir().unwrap();
    png_header_only(&dir.path().join("huge.png"), 6000, 6000);
    let e = parse_with(
        "plane { z, 0 pigment { image_map { png \"huge.png\" } } }\n",
        dir.path(),
        budget(1 << 30),
    );
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    let text = e.to_string();
    assert!(text.contains("the 6000x6000 image needs"), "{text}");
    assert!(text.contains("budget of 1.0 GiB"), "{text}");
}

#[test]
fn a_stop_request_interrupts_even_an_endless_loop() {
    let stop = StopSignal::new();
    let stopper = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            stop.stop(StopReason::Requested);
        })
    };
    let e = parse_with(
        "#declare I = 0;\n#while (1) #declare I = I + 1; #end\n",
        Path::new("."),
        ParseOptions {
            stop: Some(stop),
            ..ParseOptions::default()
        },
    );
    stopper.join().unwrap();
    assert_eq!(e.kind(), SceneErrorKind::Interrupted, "{e}");
    assert_eq!(e.location().map(|l| l.line), Some(2));
}

#[test]
fn running_out_of_time_while_parsing_is_a_limit_with_the_budget_named() {
    let stop = StopSignal::new();
    stop.stop(StopReason::TimeBudget(Duration::from_secs(30)));
    let e = parse_with(
        "sphere { 0, 1 }\n",
        Path::new("."),
        ParseOptions {
            stop: Some(stop),
            ..ParseOptions::default()
        },
    );
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    assert!(e.to_string().contains("time budget of 30 s"), "{e}");
}

#[test]
fn a_huge_ini_file_is_refused_before_it_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.ini");
    let mut text = String::from("Input_File_Name=scene.pov\n");
    while text.len() <= 1 << 20 {
        text.push_str("; padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(&path, text).unwrap();
    let e = crate::sdl::parse_ini_file(&path).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    assert!(e.to_string().contains("more than the limit"), "{e}");
}

#[test]
fn lexing_a_big_file_stops_at_the_budget() {
    // About a million tokens: tens of megabytes lexed, far over a budget that leaves a
    // few megabytes to the parse, whatever else this test process holds.
    let text = "#declare X = 1;\n".repeat(250_000);
    let held = crate::budget::live_heap_bytes();
    let e = parse_with(&text, Path::new("."), budget(held + (70 << 20)));
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(e.to_string().contains("budget of"), "{e}");
}
