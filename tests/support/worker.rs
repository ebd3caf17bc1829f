//! `spotray work` as a child process: its environment (emulator only, nothing reaches real
//! AWS), its JSON log followed line by line, waits with deadlines, kill on drop.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

/// Environment variables of the test process that must not reach the binary: they could
/// point it at real AWS, another profile, or a proxy.
const SCRUBBED_PREFIXES: &[&str] = &[
    "AWS_",
    "SQS_",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "RUST_LOG",
];

/// A `spotray` command whose AWS settings point at the emulator at `endpoint` and nowhere
/// else. `home` receives the (empty) AWS config and credentials files it is given, so that
/// no profile of the machine's user is read.
pub fn spotray_with_cloud_env(endpoint: &str, home: &Path) -> Command {
    let config = home.join("aws-config-empty");
    let credentials = home.join("aws-credentials-empty");
    for path in [&config, &credentials] {
        std::fs::write(path, "").unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_spotray"));
    for (name, _) in std::env::vars_os() {
        let upper = name.to_string_lossy().to_ascii_uppercase();
        if SCRUBBED_PREFIXES.iter().any(|p| upper.starts_with(p)) {
            cmd.env_remove(&name);
        }
    }
    cmd.env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", super::cloud::REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // Should anything still ask for instance metadata, it gets a refused loopback port.
        .env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1")
        .env("AWS_CONFIG_FILE", &config)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost");
    cmd
}

/// One line the worker printed on stdout.
#[derive(Debug, Clone)]
pub struct Line {
    /// Seconds since the worker was started, when the line was read.
    pub at: f64,
    pub raw: String,
    pub json: Option<Value>,
}

/// A field of a log record: top level as the contract says, or (tracing's default JSON
/// layout) under `fields`.
pub fn field<'a>(record: &'a Value, name: &str) -> Option<&'a Value> {
    record
        .get(name)
        .or_else(|| record.get("fields").and_then(|f| f.get(name)))
}

pub fn field_str<'a>(record: &'a Value, name: &str) -> Option<&'a str> {
    field(record, name).and_then(Value::as_str)
}

pub fn field_f64(record: &Value, name: &str) -> Option<f64> {
    field(record, name).and_then(|v| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok())))
}

/// The worker's stdout so far, parsed.
#[derive(Debug, Clone, Default)]
pub struct Log {
    pub lines: Vec<Line>,
}

impl Log {
    /// All JSON records.
    pub fn records(&self) -> impl Iterator<Item = &Value> {
        self.lines.iter().filter_map(|l| l.json.as_ref())
    }

    /// Lines that are not JSON objects (the default format is one JSON object per line).
    pub fn non_json_lines(&self) -> Vec<&str> {
        self.lines
            .iter()
            .filter(|l| !l.json.as_ref().is_some_and(Value::is_object))
            .map(|l| l.raw.as_str())
            .collect()
    }

    /// Records whose `event` is `event`.
    pub fn events(&self, event: &str) -> Vec<&Value> {
        self.records()
            .filter(|r| field_str(r, "event") == Some(event))
            .collect()
    }

    /// Records whose `event` is `event` and whose `key` is `key`.
    pub fn events_for(&self, event: &str, key: &str) -> Vec<&Value> {
        self.records()
            .filter(|r| field_str(r, "event") == Some(event) && field_str(r, "key") == Some(key))
            .collect()
    }

    /// With the time (seconds since start) each matching line was read.
    pub fn timed_events_for(&self, event: &str, key: &str) -> Vec<(f64, &Value)> {
        self.lines
            .iter()
            .filter_map(|l| l.json.as_ref().map(|j| (l.at, j)))
            .filter(|(_, r)| field_str(r, "event") == Some(event) && field_str(r, "key") == Some(key))
            .collect()
    }

    /// Every `event` value seen, in order (for failure messages).
    pub fn event_names(&self) -> Vec<String> {
        self.records()
            .map(|r| field_str(r, "event").unwrap_or("<no event>").to_string())
            .collect()
    }

    pub fn text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.raw.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A running `spotray` child process with its output collected in the background.
pub struct Worker {
    child: Child,
    command: String,
    started: Instant,
    stdout: Arc<Mutex<Vec<Line>>>,
    stderr: Arc<Mutex<String>>,
    readers: Vec<thread::JoinHandle<()>>,
}

/// A worker that has exited.
#[derive(Debug)]
pub struct Finished {
    pub command: String,
    pub status: ExitStatus,
    pub elapsed: Duration,
    pub log: Log,
    pub stderr: String,
}

impl Finished {
    /// `context`, the command, its exit and everything it printed, for assertion messages.
    pub fn describe(&self, context: &str) -> String {
        describe(
            context,
            &self.command,
            &format!("{}", self.status),
            self.elapsed,
            &self.log,
            &self.stderr,
        )
    }

    pub fn assert_success(&self, context: &str) {
        assert!(
            self.status.success(),
            "{}",
            self.describe(&format!("{context}: the worker did not exit 0"))
        );
    }
}

fn describe(context: &str, command: &str, exit: &str, elapsed: Duration, log: &Log, stderr: &str) -> String {
    const MAX: usize = 12_000;
    let clip = |s: &str| -> String {
        if s.len() <= MAX {
            s.to_string()
        } else {
            let mut from = s.len() - MAX;
            while !s.is_char_boundary(from) {
                from += 1;
            }
            format!("[... {from} bytes cut ...]\n{}", &s[from..])
        }
    };
    format!(
        "{context}\ncommand: {command}\nexit: {exit}\ntime: {elapsed:.2?}\nevents: {:?}\n\
         --- stdout ---\n{}\n--- stderr ---\n{}",
        log.event_names(),
        clip(&log.text()),
        clip(stderr)
    )
}

impl Worker {
    /// Starts `cmd` with stdout and stderr collected.
    pub fn spawn(mut cmd: Command) -> Worker {
        let command = format!("{cmd:?}");
        let mut child = cmd
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {command}: {e}"));
        let started = Instant::now();
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let out_pipe = child.stdout.take().expect("piped stdout");
        let err_pipe = child.stderr.take().expect("piped stderr");
        let out_lines = Arc::clone(&stdout);
        let err_text = Arc::clone(&stderr);
        let readers = vec![
            thread::spawn(move || {
                for raw in BufReader::new(out_pipe).lines() {
                    let Ok(raw) = raw else { break };
                    let json = serde_json::from_str::<Value>(raw.trim()).ok();
                    let at = started.elapsed().as_secs_f64();
                    out_lines.lock().unwrap().push(Line { at, raw, json });
                }
            }),
            thread::spawn(move || {
                let mut pipe = err_pipe;
                let mut buf = [0u8; 8192];
                loop {
                    match pipe.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => err_text
                            .lock()
                            .unwrap()
                            .push_str(&String::from_utf8_lossy(&buf[..n])),
                    }
                }
            }),
        ];
        Worker {
            child,
            command,
            started,
            stdout,
            stderr,
            readers,
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Whether the process has exited (its output may still be on the way).
    pub fn has_exited(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(Some(_)))
    }

    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    /// The log so far.
    pub fn log(&self) -> Log {
        Log {
            lines: self.stdout.lock().unwrap().clone(),
        }
    }

    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    pub fn describe(&mut self, context: &str) -> String {
        let exit = match self.child.try_wait() {
            Ok(Some(status)) => format!("{status}"),
            _ => "still running".to_string(),
        };
        describe(
            context,
            &self.command,
            &exit,
            self.elapsed(),
            &self.log(),
            &self.stderr(),
        )
    }

    /// Waits until `done` holds for the log; fails the test if the worker exits first or
    /// `deadline` passes. Returns the log at that moment.
    pub async fn wait_for(&mut self, what: &str, deadline: Duration, done: impl Fn(&Log) -> bool) -> Log {
        let start = Instant::now();
        loop {
            let log = self.log();
            if done(&log) {
                return log;
            }
            if let Ok(Some(_)) = self.child.try_wait() {
                // Let the readers catch up with the last lines before deciding.
                tokio::time::sleep(Duration::from_millis(200)).await;
                let log = self.log();
                if done(&log) {
                    return log;
                }
                panic!("{}", self.describe(&format!("the worker exited before {what}")));
            }
            if start.elapsed() >= deadline {
                panic!("{}", self.describe(&format!("no {what} within {deadline:?}")));
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until a record with this `event` (and `key`, if given) is logged.
    pub async fn wait_for_event(&mut self, event: &str, key: Option<&str>, deadline: Duration) -> Value {
        let what = match key {
            Some(key) => format!("`{event}` event for {key}"),
            None => format!("`{event}` event"),
        };
        let log = self
            .wait_for(&what, deadline, |log| match key {
                Some(key) => !log.events_for(event, key).is_empty(),
                None => !log.events(event).is_empty(),
            })
            .await;
        match key {
            Some(key) => log.events_for(event, key)[0].clone(),
            None => log.events(event)[0].clone(),
        }
    }

    /// Waits for the worker to exit by itself; kills it and fails the test after `deadline`.
    pub async fn finish(mut self, deadline: Duration) -> Finished {
        let start = Instant::now();
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("try_wait on the worker") {
                break status;
            }
            if start.elapsed() >= deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                // Give the readers the rest of the output.
                for reader in std::mem::take(&mut self.readers) {
                    let _ = reader.join();
                }
                panic!(
                    "{}",
                    self.describe(&format!(
                        "the worker was still running after {deadline:?} and was killed"
                    ))
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        let elapsed = self.started.elapsed();
        for reader in std::mem::take(&mut self.readers) {
            let _ = reader.join();
        }
        Finished {
            command: self.command.clone(),
            status,
            elapsed,
            log: self.log(),
            stderr: self.stderr(),
        }
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
}

/// What the contract asks of a finished job's log record (`job_succeeded`, `job_failed`):
/// `message_id`, `bucket`, `key`, `outcome`, and the stage timings `download_s`,
/// `render_s`, `upload_s` as non-negative numbers. Returns the problems found.
pub fn check_finished_record(record: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    for name in ["message_id", "bucket", "key", "outcome"] {
        if field_str(record, name).is_none_or(str::is_empty) {
            problems.push(format!("log record lacks a non-empty `{name}`: {record}"));
        }
    }
    for name in ["download_s", "render_s", "upload_s"] {
        match field_f64(record, name) {
            Some(s) if s.is_finite() && s >= 0.0 => {}
            _ => problems.push(format!(
                "log record lacks a non-negative number `{name}`: {record}"
            )),
        }
    }
    problems
}
