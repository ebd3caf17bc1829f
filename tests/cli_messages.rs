//! A scene's `#debug` and `#warning` lines on the command line: shown as they are made,
//! while the scene is still parsing, and not repeated when an error follows.

mod common;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{run_with_deadline, spotray, Scratch};

/// Long enough for a debug build to start and parse a few lines.
const DEADLINE: Duration = Duration::from_secs(30);

#[test]
fn debug_lines_are_shown_while_the_scene_is_still_parsing() {
    let scratch = Scratch::new("live-debug");
    let scene = scratch.path("endless.pov");
    // The loop never ends: only a line shown before the parse is over can be read.
    std::fs::write(
        &scene,
        "#debug \"parsing started\\n\"\n#declare I = 0;\n#while (1)\n  #declare I = I + 1;\n#end\n",
    )
    .unwrap();
    let mut child = spotray()
        .arg("render")
        .arg(&scene)
        .arg("-o")
        .arg(scratch.path("out.png"))
        .args(["--width", "32", "--height", "24", "--max-render-seconds", "120"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start spotray");
    let stderr = child.stderr.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    let started = Instant::now();
    let mut seen = Vec::new();
    let found = loop {
        let left = DEADLINE.saturating_sub(started.elapsed());
        match received.recv_timeout(left) {
            Ok(line) if line.contains("#debug: parsing started") => break true,
            Ok(line) => seen.push(line),
            Err(_) => break false,
        }
    };
    let still_running = child.try_wait().unwrap().is_none();
    child.kill().ok();
    child.wait().ok();
    assert!(
        found,
        "no `#debug: parsing started` within {DEADLINE:?}; stderr so far: {seen:?}"
    );
    assert!(
        still_running,
        "spotray had already stopped: the line was not shown live"
    );
}

#[test]
fn messages_before_an_error_are_shown_once() {
    let scratch = Scratch::new("debug-then-error");
    let scene = scratch.path("fails.pov");
    std::fs::write(
        &scene,
        "#debug \"step one\\n\"\n#warning \"step two\"\n#declare A = nosuchthing;\n",
    )
    .unwrap();
    for quiet in [false, true] {
        let mut command = spotray();
        command
            .arg("render")
            .arg(&scene)
            .arg("-o")
            .arg(scratch.path("out.png"));
        if quiet {
            command.arg("--quiet");
        }
        let run = run_with_deadline(&mut command, DEADLINE);
        assert!(!run.status.success(), "{}", run.describe("the scene should fail"));
        for message in ["#debug: step one", "#warning: step two"] {
            assert_eq!(
                run.stderr.matches(message).count(),
                1,
                "{}",
                run.describe(&format!("`{message}` once (quiet: {quiet})"))
            );
        }
        let error = run
            .stderr
            .find("nosuchthing")
            .expect("the error names the identifier");
        assert!(
            run.stderr.find("step two").unwrap() < error,
            "{}",
            run.describe("messages come before the error")
        );
    }
}
