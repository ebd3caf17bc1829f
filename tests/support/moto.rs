//! moto's standalone server (S3, SQS and more on one port) as a child process.
//!
//! Found as `moto_server` on the PATH, or else as `python3 -m moto.server` (pip may put the
//! script in a bin folder that is not on the PATH). `SPOTRAY_MOTO_SERVER` may name another
//! executable. Nothing is skipped: if moto cannot be started the test fails and says how to
//! install it.

use std::fs::File;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long moto may take to answer HTTP after it was started (it imports a lot of Python).
const READY_DEADLINE: Duration = Duration::from_secs(30);

/// A running moto server, killed when dropped.
pub struct Moto {
    child: Child,
    port: u16,
    log: PathBuf,
    command: String,
}

impl Moto {
    /// Starts moto on a free loopback port and waits until it answers HTTP. `dir` receives
    /// its log. Panics (with the log) when no way of starting it works.
    pub fn start(dir: &Path) -> Moto {
        let mut failures = Vec::new();
        for (attempt, (program, args)) in candidates().into_iter().enumerate() {
            // A port picked by binding :0 can in principle be taken before moto binds it;
            // another try with a new port covers that.
            for retry in 0..2 {
                let port = free_port();
                let log = dir.join(format!("moto-{attempt}-{retry}.log"));
                match try_start(&program, &args, port, &log) {
                    Ok(moto) => return moto,
                    Err(why) => failures.push(why),
                }
            }
        }
        panic!(
            "could not start moto's server (S3/SQS emulator) on 127.0.0.1.\n\
             Install it with: python3 -m pip install 'moto[server]>=5,<6' (scripts/test.sh does),\n\
             or point SPOTRAY_MOTO_SERVER at a moto_server executable.\n\n{}",
            failures.join("\n\n")
        );
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    /// `http://127.0.0.1:PORT`, for `AWS_ENDPOINT_URL` and the SDK clients.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The last lines moto printed (requests it served, tracebacks), for failure messages.
    pub fn log_tail(&self, lines: usize) -> String {
        tail(&self.log, lines)
    }

    pub fn command(&self) -> &str {
        &self.command
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ways of starting moto, best first.
fn candidates() -> Vec<(String, Vec<String>)> {
    let mut list = Vec::new();
    if let Ok(program) = std::env::var("SPOTRAY_MOTO_SERVER") {
        if !program.is_empty() {
            list.push((program, Vec::new()));
        }
    }
    if on_path("moto_server") {
        list.push(("moto_server".to_string(), Vec::new()));
    }
    list.push((
        "python3".to_string(),
        vec!["-m".to_string(), "moto.server".to_string()],
    ));
    list
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

fn try_start(program: &str, args: &[String], port: u16, log: &Path) -> Result<Moto, String> {
    let out = File::create(log).map_err(|e| format!("cannot create {}: {e}", log.display()))?;
    let err = out.try_clone().map_err(|e| e.to_string())?;
    let mut cmd = Command::new(program);
    cmd.args(args)
        .args(["-H", "127.0.0.1", "-p", &port.to_string()])
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        // moto itself never calls out, but keep proxies away from loopback traffic anyway.
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .env_remove("http_proxy")
        .env_remove("https_proxy");
    let command = format!("{cmd:?}");
    let child = cmd.spawn().map_err(|e| format!("{command}: cannot start: {e}"))?;
    let mut moto = Moto {
        child,
        port,
        log: log.to_path_buf(),
        command: command.clone(),
    };
    let start = Instant::now();
    loop {
        if let Ok(Some(status)) = moto.child.try_wait() {
            return Err(format!(
                "{command}: exited with {status} before answering\n{}",
                tail(log, 30)
            ));
        }
        if answers_http(moto.addr()) {
            return Ok(moto);
        }
        if start.elapsed() > READY_DEADLINE {
            // `moto` is dropped here, which kills the process.
            return Err(format!(
                "{command}: did not answer HTTP within {READY_DEADLINE:?}\n{}",
                tail(log, 30)
            ));
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// A loopback port nobody listens on right now.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("bind 127.0.0.1:0 to find a free port")
}

/// Whether something at `addr` answers an HTTP request with a status line.
fn answers_http(addr: SocketAddr) -> bool {
    let Ok(mut stream) = TcpStream::connect_timeout(&addr, Duration::from_millis(500)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let _ = stream.set_write_timeout(Some(Duration::from_secs(5)));
    let request = format!("GET /moto-api/ HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 12];
    let mut got = 0;
    while got < head.len() {
        match stream.read(&mut head[got..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => got += n,
        }
    }
    head[..got].starts_with(b"HTTP/1.")
}

fn tail(path: &Path, lines: usize) -> String {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let all: Vec<&str> = text.lines().collect();
    let from = all.len().saturating_sub(lines);
    format!(
        "--- {} (last {lines} lines) ---\n{}",
        path.display(),
        all[from..].join("\n")
    )
}
