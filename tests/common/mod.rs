//! Helpers shared by the integration tests: run the `spotray` binary as a user would,
//! with a deadline, and give each test its own scratch folder.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// The repository root (where Cargo.toml is).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A command for the `spotray` binary that cargo built for these tests.
pub fn spotray() -> Command {
    Command::new(env!("CARGO_BIN_EXE_spotray"))
}

/// What a finished child process left behind.
pub struct Run {
    /// The command line, as `Command`'s Debug prints it.
    pub command: String,
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    /// The child's peak resident set, as the kernel counted it.
    pub peak_rss_bytes: u64,
}

impl Run {
    /// `context`, the command and everything it printed, for assertion messages.
    pub fn describe(&self, context: &str) -> String {
        format!(
            "{context}\ncommand: {}\nexit: {}\ntime: {:.2?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.command, self.status, self.elapsed, self.stdout, self.stderr
        )
    }
}

/// Runs `cmd` to completion, capturing stdout and stderr. If it is still running after
/// `deadline`, kills it and fails the test with whatever it had printed.
// The child is reaped by wait4 (which also reports its peak memory), not by `wait()`.
#[allow(clippy::zombie_processes)]
pub fn run_with_deadline(cmd: &mut Command, deadline: Duration) -> Run {
    let what = format!("{cmd:?}");
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}"));
    // Drain both pipes on their own threads so a chatty child never blocks on a full pipe.
    let stdout = drain(child.stdout.take().expect("piped stdout"));
    let stderr = drain(child.stderr.take().expect("piped stderr"));
    let pid = child.id() as libc::pid_t;
    let mut peak_rss_bytes = 0;
    let status = loop {
        // wait4 rather than try_wait: it also reports the child's peak memory.
        let mut raw_status = 0;
        // SAFETY: plain system call on our own child; both out-parameters are valid.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        let reaped = unsafe { libc::wait4(pid, &mut raw_status, libc::WNOHANG, &mut usage) };
        if reaped == pid {
            use std::os::unix::process::ExitStatusExt;
            peak_rss_bytes = usage.ru_maxrss as u64 * 1024;
            break Some(ExitStatus::from_raw(raw_status));
        }
        assert!(
            reaped == 0,
            "wait4 on {what} failed: {}",
            std::io::Error::last_os_error()
        );
        if start.elapsed() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let elapsed = start.elapsed();
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    match status {
        Some(status) => Run {
            command: what,
            status,
            stdout,
            stderr,
            elapsed,
            peak_rss_bytes,
        },
        None => panic!(
            "{what}\nwas still running after {deadline:?} and was killed\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}"
        ),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        match pipe.read_to_end(&mut bytes) {
            Ok(_) => String::from_utf8_lossy(&bytes).into_owned(),
            // Say so rather than hand back output that was cut short without a sign.
            Err(e) => format!("{}\n[output cut short: {e}]", String::from_utf8_lossy(&bytes)),
        }
    })
}

/// A fresh folder under the system temp dir, removed when dropped, except when the test
/// is failing: then it is kept and its path printed, so the images can be looked at.
pub struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    pub fn new(tag: &str) -> Scratch {
        let dir = tempfile::Builder::new()
            .prefix(&format!("spotray-test-{tag}-"))
            .tempdir()
            .expect("create a scratch folder under the system temp dir");
        Scratch { dir }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if thread::panicking() {
            self.dir.disable_cleanup(true);
            eprintln!("kept the test's files in {}", self.dir.path().display());
        }
    }
}

/// Width and height from a PNG file's header.
pub fn png_size(path: &Path) -> (u32, u32) {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    let reader = png::Decoder::new(file)
        .read_info()
        .unwrap_or_else(|e| panic!("{} is not a readable PNG: {e}", path.display()));
    let info = reader.info();
    (info.width, info.height)
}

/// POV-Ray's include folder (standard include files), as spotray finds it by default (or as the environment says).
pub fn povray_include() -> PathBuf {
    let dir = std::env::var_os("SPOTRAY_POVRAY_INCLUDE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/share/povray-3.7/include"));
    assert!(
        dir.join("colors.inc").is_file(),
        "POV-Ray's include files are not at {}: apt-get install povray-includes \
         (scripts/test.sh does), or set SPOTRAY_POVRAY_INCLUDE",
        dir.display()
    );
    dir
}
