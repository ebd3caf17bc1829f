//! A stand-in for the EC2 instance metadata service (IMDS) on 127.0.0.1, for the worker's
//! spot-interruption tests.
//!
//! A real HTTP/1.1 server (one thread per connection, one request per connection, every
//! answer with `Connection: close`) serving the few paths a spot watcher reads:
//!
//! - `PUT /latest/api/token` with `X-aws-ec2-metadata-token-ttl-seconds: N` (1..=21600):
//!   a session token (IMDSv2), valid for N seconds or until [`Imds::expire_tokens`];
//!   400 without a valid TTL header; the status of [`TokenMode::Disabled`] when tokens are
//!   switched off (to force the IMDSv1 fallback).
//! - `GET /latest/meta-data/spot/instance-action`: 404 until [`Imds::post_notice`], then
//!   `{"action":"terminate","time":"2026-11-27T20:00:00Z"}`.
//! - `GET /latest/meta-data/spot/termination-time`: 404, or the time as plain text once a
//!   `terminate` notice is posted.
//! - `GET /latest/meta-data/events/recommendations/rebalance`: 404, or
//!   `{"noticeTime":"..."}` after [`Imds::post_rebalance`].
//! - `GET /latest/meta-data/instance-id` and `.../instance-life-cycle` (`spot`), for a
//!   watcher that wants to know where it runs; any other path is 404.
//!
//! GETs need a valid `X-aws-ec2-metadata-token` in [`TokenMode::Required`] (401
//! otherwise); in [`TokenMode::Optional`] they may come without one, but a token that is
//! not valid (expired, unknown) is still 401, as on EC2.
//!
//! Faults ([`Fault`]) for the metadata GETs ([`Imds::set_fault`]) and, separately, for the
//! token PUT ([`Imds::set_token_fault`]): 503, a 200 with garbage, a hang (the request is
//! read, nothing is answered, the connection is closed after a cap), or a connection
//! closed at once.
//!
//! Every request is recorded ([`Request`]: method, path, token, TTL header, what was
//! answered), so tests can check that the worker used tokens, refreshed one after a 401,
//! or fell back to IMDSv1.
//!
//! The worker finds the server through `AWS_EC2_METADATA_SERVICE_ENDPOINT` (the SDK's
//! convention), which [`Imds::endpoint`] gives.

// Each test uses its own subset of these helpers.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

pub const TOKEN_PATH: &str = "/latest/api/token";
pub const INSTANCE_ACTION_PATH: &str = "/latest/meta-data/spot/instance-action";
pub const TERMINATION_TIME_PATH: &str = "/latest/meta-data/spot/termination-time";
pub const REBALANCE_PATH: &str = "/latest/meta-data/events/recommendations/rebalance";
pub const INSTANCE_ID_PATH: &str = "/latest/meta-data/instance-id";
pub const LIFE_CYCLE_PATH: &str = "/latest/meta-data/instance-life-cycle";
/// Header names, lower case (HTTP header names are case-insensitive).
pub const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
pub const TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";

pub const INSTANCE_ID: &str = "i-0spotray0test0000";
/// The body answered in [`Fault::Garbage`].
pub const GARBAGE: &str = "{not json";
/// The longest token lifetime IMDS grants (6 hours).
pub const MAX_TTL_SECONDS: u64 = 21_600;

/// Largest request head read; IMDS requests are a few hundred bytes.
const MAX_HEAD: usize = 16 * 1024;
/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// How the session-token endpoint and the token check behave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenMode {
    /// IMDSv2 only: a GET without a valid token is 401.
    Required,
    /// IMDSv1 and IMDSv2: a GET without a token is served; one with a token that is not
    /// valid (expired, unknown) is 401.
    Optional,
    /// No tokens: the PUT answers this status (403 or 404, say), GETs are served without
    /// a token and any token header is ignored.
    Disabled(u16),
}

/// A way for the server to misbehave.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Behave.
    None,
    /// 503 Service Unavailable.
    Unavailable,
    /// 200 with [`GARBAGE`] as the body.
    Garbage,
    /// Read the request and never answer; close the connection after the hang cap
    /// ([`Imds::set_hang_cap`], 60 s unless set) or when the server stops.
    Hang,
    /// Close the connection right after reading the request, without a byte of answer.
    Close,
}

/// One request the server received.
#[derive(Clone, Debug)]
pub struct Request {
    /// When it was read, since the server started.
    pub at: Duration,
    pub method: String,
    /// The path, query string removed.
    pub path: String,
    /// The `X-aws-ec2-metadata-token` header, if any.
    pub token: Option<String>,
    /// Whether that token was one the server issued and still honours.
    pub token_valid: bool,
    /// The `X-aws-ec2-metadata-token-ttl-seconds` header, if any.
    pub ttl: Option<String>,
    /// The status answered; `None` when the request was hung up on or closed.
    pub status: Option<u16>,
    /// The fault applied to it ([`Fault::None`] when none).
    pub fault: Fault,
}

impl Request {
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    pub fn is_token_put(&self) -> bool {
        self.method == "PUT" && self.path == TOKEN_PATH
    }

    pub fn is_metadata_get(&self) -> bool {
        self.method == "GET" && self.path.starts_with("/latest/meta-data/")
    }
}

impl std::fmt::Display for Request {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:>7.2}s {} {} token={} ttl={} -> {}{}",
            self.at.as_secs_f64(),
            self.method,
            self.path,
            match (&self.token, self.token_valid) {
                (None, _) => "none",
                (Some(_), true) => "valid",
                (Some(_), false) => "INVALID",
            },
            self.ttl.as_deref().unwrap_or("-"),
            self.status
                .map(|s| s.to_string())
                .unwrap_or_else(|| "no answer".into()),
            if self.fault == Fault::None {
                String::new()
            } else {
                format!(" ({:?})", self.fault)
            }
        )
    }
}

#[derive(Clone, Debug)]
struct Notice {
    visible_from: Instant,
    action: String,
    time: String,
}

#[derive(Clone, Debug)]
struct Rebalance {
    visible_from: Instant,
    notice_time: String,
}

#[derive(Debug)]
struct State {
    token_mode: TokenMode,
    /// Issued tokens and when each expires.
    tokens: HashMap<String, Instant>,
    notice: Option<Notice>,
    rebalance: Option<Rebalance>,
    fault: Fault,
    token_fault: Fault,
    hang_cap: Duration,
    requests: Vec<Request>,
}

/// A running IMDS stand-in, stopped when dropped.
pub struct Imds {
    addr: SocketAddr,
    started: Instant,
    state: Arc<Mutex<State>>,
    stopping: Arc<AtomicBool>,
    acceptor: Option<thread::JoinHandle<()>>,
}

static TOKENS_ISSUED: AtomicU64 = AtomicU64::new(0);

impl Imds {
    /// Starts the server on a free loopback port.
    pub fn start(token_mode: TokenMode) -> Imds {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0 for the IMDS stand-in");
        let addr = listener.local_addr().expect("local address of the IMDS stand-in");
        let started = Instant::now();
        let state = Arc::new(Mutex::new(State {
            token_mode,
            tokens: HashMap::new(),
            notice: None,
            rebalance: None,
            fault: Fault::None,
            token_fault: Fault::None,
            hang_cap: Duration::from_secs(60),
            requests: Vec::new(),
        }));
        let stopping = Arc::new(AtomicBool::new(false));
        let acceptor = {
            let state = Arc::clone(&state);
            let stopping = Arc::clone(&stopping);
            thread::Builder::new()
                .name(format!("imds-{}", addr.port()))
                .spawn(move || {
                    for stream in listener.incoming() {
                        if stopping.load(Ordering::SeqCst) {
                            break;
                        }
                        let Ok(stream) = stream else { continue };
                        let state = Arc::clone(&state);
                        let stopping = Arc::clone(&stopping);
                        let _ = thread::Builder::new()
                            .name("imds-conn".into())
                            .spawn(move || serve(stream, started, &state, &stopping));
                    }
                })
                .expect("start the IMDS stand-in's thread")
        };
        Imds {
            addr,
            started,
            state,
            stopping,
            acceptor: Some(acceptor),
        }
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn port(&self) -> u16 {
        self.addr.port()
    }

    /// `http://127.0.0.1:PORT`, for `AWS_EC2_METADATA_SERVICE_ENDPOINT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.addr.port())
    }

    /// Time since the server started (the clock of [`Request::at`]).
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }

    pub fn set_token_mode(&self, mode: TokenMode) {
        self.state().token_mode = mode;
    }

    /// Fault for every metadata GET from now on ([`Fault::None`] to behave again).
    pub fn set_fault(&self, fault: Fault) {
        self.state().fault = fault;
    }

    /// Fault for the token PUT from now on.
    pub fn set_token_fault(&self, fault: Fault) {
        self.state().token_fault = fault;
    }

    /// How long a [`Fault::Hang`] holds a connection before closing it.
    pub fn set_hang_cap(&self, cap: Duration) {
        self.state().hang_cap = cap;
    }

    /// Every token issued so far stops being valid: GETs that carry one get 401.
    pub fn expire_tokens(&self) {
        self.state().tokens.clear();
    }

    /// How many tokens the server has issued and still honours.
    pub fn live_tokens(&self) -> usize {
        let now = Instant::now();
        self.state().tokens.values().filter(|&&e| e > now).count()
    }

    /// A spot interruption notice from now on: `action` (`terminate`, `stop`,
    /// `hibernate`) at `at`. Returns the time string served.
    pub fn post_notice(&self, action: &str, at: SystemTime) -> String {
        self.post_notice_at(Instant::now(), action, at)
    }

    /// [`Imds::post_notice`] with the time `seconds_ahead` from now; returns the time
    /// (whole seconds: the served string has no fraction, so it is truncated).
    pub fn post_notice_in(&self, action: &str, seconds_ahead: u64) -> SystemTime {
        let at = truncate_to_second(SystemTime::now() + Duration::from_secs(seconds_ahead));
        self.post_notice(action, at);
        at
    }

    /// A notice that appears `delay` from now, for a time `seconds_ahead` after it
    /// appears. Returns the time served.
    pub fn post_notice_after(&self, delay: Duration, action: &str, seconds_ahead: u64) -> SystemTime {
        let at = truncate_to_second(SystemTime::now() + delay + Duration::from_secs(seconds_ahead));
        self.post_notice_at(Instant::now() + delay, action, at);
        at
    }

    fn post_notice_at(&self, visible_from: Instant, action: &str, at: SystemTime) -> String {
        let time = rfc3339(at);
        self.state().notice = Some(Notice {
            visible_from,
            action: action.to_string(),
            time: time.clone(),
        });
        time
    }

    pub fn clear_notice(&self) {
        self.state().notice = None;
    }

    /// A rebalance recommendation from now on; returns its `noticeTime`.
    pub fn post_rebalance(&self) -> String {
        self.post_rebalance_after(Duration::ZERO)
    }

    /// A rebalance recommendation that appears `delay` from now.
    pub fn post_rebalance_after(&self, delay: Duration) -> String {
        let notice_time = rfc3339(SystemTime::now() + delay);
        self.state().rebalance = Some(Rebalance {
            visible_from: Instant::now() + delay,
            notice_time: notice_time.clone(),
        });
        notice_time
    }

    pub fn clear_rebalance(&self) {
        self.state().rebalance = None;
    }

    /// Every request so far, in the order they were read.
    pub fn requests(&self) -> Vec<Request> {
        self.state().requests.clone()
    }

    pub fn clear_requests(&self) {
        self.state().requests.clear();
    }

    /// The requests, one a line, for failure messages.
    pub fn describe_requests(&self) -> String {
        let requests = self.requests();
        const MAX: usize = 80;
        let mut lines: Vec<String> = Vec::new();
        if requests.len() > MAX {
            lines.push(format!(
                "[... {} earlier requests left out ...]",
                requests.len() - MAX
            ));
        }
        let from = requests.len().saturating_sub(MAX);
        lines.extend(requests[from..].iter().map(|r| r.to_string()));
        format!(
            "--- IMDS stand-in at {} ({} requests) ---\n{}",
            self.endpoint(),
            requests.len(),
            lines.join("\n")
        )
    }
}

impl Drop for Imds {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the acceptor with a connection of our own; should that fail, leave the
        // thread behind rather than wait for it without a deadline.
        let woken = TcpStream::connect_timeout(&self.addr, Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take() {
            if woken {
                let _ = acceptor.join();
            }
        }
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    // A panicking test thread must not take the server down with it.
    state.lock().unwrap_or_else(|e| e.into_inner())
}

/// A request as read from the wire.
struct Incoming {
    method: String,
    path: String,
    headers: HashMap<String, String>,
}

/// Reads one request (head and any body) from `stream`.
fn read_request(stream: &mut TcpStream) -> io::Result<Incoming> {
    let mut head = Vec::new();
    let mut buf = [0u8; 1024];
    let end = loop {
        if let Some(at) = find(&head, b"\r\n\r\n") {
            break at;
        }
        if head.len() > MAX_HEAD {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "request head too large",
            ));
        }
        let n = stream.read(&mut buf)?;
        if n == 0 {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "closed before a full request",
            ));
        }
        head.extend_from_slice(&buf[..n]);
    };
    let text = String::from_utf8_lossy(&head[..end]).into_owned();
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("bad request line {request_line:?}"),
        ));
    };
    let path = target.split('?').next().unwrap_or_default().to_string();
    let mut headers = HashMap::new();
    for line in lines {
        if let Some((name, value)) = line.split_once(':') {
            headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
        }
    }
    // Read (and drop) a body, so that closing the socket does not reset the connection
    // under the client's feet.
    let body_len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
        .min(MAX_HEAD);
    let mut have = head.len() - (end + 4);
    while have < body_len {
        let n = stream.read(&mut buf)?;
        if n == 0 {
            break;
        }
        have += n;
    }
    Ok(Incoming {
        method: method.to_string(),
        path,
        headers,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// What to do with a request.
enum Answer {
    Respond {
        status: u16,
        body: String,
        extra_headers: Vec<(&'static str, String)>,
    },
    Hang(Duration),
    Close,
}

fn respond(status: u16, body: impl Into<String>) -> Answer {
    Answer::Respond {
        status,
        body: body.into(),
        extra_headers: Vec::new(),
    }
}

fn not_found() -> Answer {
    // The shape EC2 answers with.
    respond(
        404,
        "<?xml version=\"1.0\" encoding=\"iso-8859-1\"?>\n<!DOCTYPE html>\n<html>\n <head>\n  \
         <title>404 - Not Found</title>\n </head>\n <body>\n  <h1>404 - Not Found</h1>\n </body>\n</html>\n",
    )
}

fn fault_answer(fault: Fault, hang_cap: Duration) -> Option<Answer> {
    match fault {
        Fault::None => None,
        Fault::Unavailable => Some(respond(503, "Service Unavailable")),
        Fault::Garbage => Some(respond(200, GARBAGE)),
        Fault::Hang => Some(Answer::Hang(hang_cap)),
        Fault::Close => Some(Answer::Close),
    }
}

/// Decides the answer to `request` and records it, under the state's lock.
fn decide(request: &Incoming, at: Duration, state: &Mutex<State>) -> Answer {
    let mut state = lock(state);
    let now = Instant::now();
    state.tokens.retain(|_, expiry| *expiry > now);
    let token = request.headers.get(TOKEN_HEADER).cloned();
    let ttl = request.headers.get(TTL_HEADER).cloned();
    let token_valid = token.as_ref().is_some_and(|t| state.tokens.contains_key(t));
    let is_token_path = request.path == TOKEN_PATH;
    let fault = if is_token_path {
        state.token_fault
    } else {
        state.fault
    };
    let applied_fault = if request.method == "GET" || (is_token_path && request.method == "PUT") {
        fault
    } else {
        Fault::None
    };
    let answer = if let Some(answer) = fault_answer(applied_fault, state.hang_cap) {
        answer
    } else if is_token_path {
        if request.method != "PUT" {
            respond(405, "Method Not Allowed")
        } else if let TokenMode::Disabled(status) = state.token_mode {
            respond(status, "")
        } else {
            match ttl.as_deref().and_then(|v| v.parse::<u64>().ok()) {
                Some(seconds @ 1..=MAX_TTL_SECONDS) => {
                    let n = TOKENS_ISSUED.fetch_add(1, Ordering::Relaxed);
                    let nanos = SystemTime::now()
                        .duration_since(UNIX_EPOCH)
                        .map(|d| d.subsec_nanos())
                        .unwrap_or(0);
                    let token = format!("AQAEAspotray-{n}-{nanos:08x}-{}==", std::process::id());
                    state
                        .tokens
                        .insert(token.clone(), now + Duration::from_secs(seconds));
                    Answer::Respond {
                        status: 200,
                        body: token,
                        extra_headers: vec![("X-aws-ec2-metadata-token-ttl-seconds", seconds.to_string())],
                    }
                }
                _ => respond(400, "Bad Request"),
            }
        }
    } else if request.method != "GET" {
        respond(405, "Method Not Allowed")
    } else if !matches!(state.token_mode, TokenMode::Disabled(_))
        && ((token.is_some() && !token_valid) || (token.is_none() && state.token_mode == TokenMode::Required))
    {
        respond(401, "Unauthorized")
    } else {
        let notice = state.notice.clone().filter(|n| n.visible_from <= now);
        let rebalance = state.rebalance.clone().filter(|r| r.visible_from <= now);
        match request.path.as_str() {
            INSTANCE_ACTION_PATH => match notice {
                Some(n) => respond(
                    200,
                    serde_json::json!({ "action": n.action, "time": n.time }).to_string(),
                ),
                None => not_found(),
            },
            TERMINATION_TIME_PATH => match notice {
                Some(n) if n.action == "terminate" => respond(200, n.time),
                _ => not_found(),
            },
            REBALANCE_PATH => match rebalance {
                Some(r) => respond(
                    200,
                    serde_json::json!({ "noticeTime": r.notice_time }).to_string(),
                ),
                None => not_found(),
            },
            INSTANCE_ID_PATH => respond(200, INSTANCE_ID),
            LIFE_CYCLE_PATH => respond(200, "spot"),
            _ => not_found(),
        }
    };
    let status = match &answer {
        Answer::Respond { status, .. } => Some(*status),
        Answer::Hang(_) | Answer::Close => None,
    };
    state.requests.push(Request {
        at,
        method: request.method.clone(),
        path: request.path.clone(),
        token,
        token_valid,
        ttl,
        status,
        fault: applied_fault,
    });
    answer
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Status",
    }
}

fn serve(mut stream: TcpStream, started: Instant, state: &Mutex<State>, stopping: &AtomicBool) {
    if stopping.load(Ordering::SeqCst) {
        return;
    }
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(READ_TIMEOUT));
    let Ok(request) = read_request(&mut stream) else {
        return;
    };
    match decide(&request, started.elapsed(), state) {
        Answer::Respond {
            status,
            body,
            extra_headers,
        } => {
            let mut out = format!(
                "HTTP/1.1 {status} {}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
                 Connection: close\r\nServer: EC2ws\r\n",
                reason(status),
                body.len()
            );
            for (name, value) in extra_headers {
                out.push_str(&format!("{name}: {value}\r\n"));
            }
            out.push_str("\r\n");
            out.push_str(&body);
            let _ = stream.write_all(out.as_bytes());
            let _ = stream.flush();
            let _ = stream.shutdown(Shutdown::Write);
            // Let the client read the answer and close first (bounded).
            let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
            let mut sink = [0u8; 256];
            while let Ok(n) = stream.read(&mut sink) {
                if n == 0 {
                    break;
                }
            }
        }
        Answer::Hang(cap) => {
            let until = Instant::now() + cap;
            while Instant::now() < until && !stopping.load(Ordering::SeqCst) {
                thread::sleep(Duration::from_millis(20));
            }
            let _ = stream.shutdown(Shutdown::Both);
        }
        Answer::Close => {
            let _ = stream.shutdown(Shutdown::Both);
        }
    }
}

// ---- Times -----------------------------------------------------------------------

/// `t` as RFC 3339 in UTC with whole seconds: `2026-11-27T20:00:00Z`.
pub fn rfc3339(t: SystemTime) -> String {
    let secs = match t.duration_since(UNIX_EPOCH) {
        Ok(d) => d.as_secs() as i64,
        Err(e) => -(e.duration().as_secs_f64().ceil() as i64),
    };
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z` (or `+00:00`); `None` for anything else.
pub fn parse_rfc3339(s: &str) -> Option<SystemTime> {
    let s = s.trim();
    let (date, time) = s.split_once(['T', 't'])?;
    let mut date_parts = date.split('-');
    let y: i64 = date_parts.next()?.parse().ok()?;
    let m: u32 = date_parts.next()?.parse().ok()?;
    let d: u32 = date_parts.next()?.parse().ok()?;
    if date_parts.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let time = time
        .strip_suffix(['Z', 'z'])
        .or_else(|| time.strip_suffix("+00:00"))?;
    let (hms, fraction) = match time.split_once('.') {
        Some((hms, f)) => (hms, Some(f)),
        None => (time, None),
    };
    let mut hms_parts = hms.split(':');
    let hh: i64 = hms_parts.next()?.parse().ok()?;
    let mm: i64 = hms_parts.next()?.parse().ok()?;
    let ss: i64 = hms_parts.next()?.parse().ok()?;
    if hms_parts.next().is_some() || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    let nanos = match fraction {
        Some(f) if !f.is_empty() && f.len() <= 9 && f.bytes().all(|b| b.is_ascii_digit()) => {
            f.parse::<u32>().ok()? * 10u32.pow(9 - f.len() as u32)
        }
        Some(_) => return None,
        None => 0,
    };
    let secs = days_from_civil(y, m, d) * 86_400 + hh * 3600 + mm * 60 + ss;
    let secs = u64::try_from(secs).ok()?;
    Some(UNIX_EPOCH + Duration::new(secs, nanos))
}

/// `t` with its fraction of a second dropped.
pub fn truncate_to_second(t: SystemTime) -> SystemTime {
    match t.duration_since(UNIX_EPOCH) {
        Ok(d) => UNIX_EPOCH + Duration::from_secs(d.as_secs()),
        Err(_) => t,
    }
}

/// (year, month, day) of the day `z` days after 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = (if mp < 10 { mp + 3 } else { mp - 9 }) as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

// ---- A minimal client, for the server's own tests and for probing it ---------------

/// What a raw HTTP exchange gave.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// Sends one request to `addr` over a fresh connection and reads the answer until the
/// server closes it. Errors when nothing (or no status line) came back within `timeout`.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    timeout: Duration,
) -> io::Result<Reply> {
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    if method == "PUT" {
        request.push_str("Content-Length: 0\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::UnexpectedEof,
            format!("no complete HTTP answer: {} bytes {text:?}", raw.len()),
        )
    })?;
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, format!("bad status line in {head:?}")))?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Ok(Reply {
        status,
        headers,
        body: body.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T: Duration = Duration::from_secs(5);

    fn get(imds: &Imds, path: &str, token: Option<&str>) -> Reply {
        let headers: Vec<(&str, &str)> = token
            .map(|t| ("X-aws-ec2-metadata-token", t))
            .into_iter()
            .collect();
        http(imds.addr(), "GET", path, &headers, T).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    fn token(imds: &Imds, ttl: &str) -> Reply {
        http(
            imds.addr(),
            "PUT",
            TOKEN_PATH,
            &[("X-aws-ec2-metadata-token-ttl-seconds", ttl)],
            T,
        )
        .expect("PUT token")
    }

    #[test]
    fn times_are_rfc3339_utc() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_809_600);
        assert_eq!(rfc3339(t), "2026-11-27T20:00:00Z");
        assert_eq!(
            rfc3339(UNIX_EPOCH + Duration::from_secs(951_868_799)),
            "2000-02-29T23:59:59Z"
        );
        assert_eq!(rfc3339(UNIX_EPOCH), "1970-01-01T00:00:00Z");
        assert_eq!(parse_rfc3339("2026-11-27T20:00:00Z"), Some(t));
        assert_eq!(parse_rfc3339("2026-11-27T20:00:00+00:00"), Some(t));
        assert_eq!(
            parse_rfc3339("2026-11-27T20:00:00.250Z"),
            Some(t + Duration::from_millis(250))
        );
        assert_eq!(parse_rfc3339("2026-11-27 20:00:00"), None);
        assert_eq!(parse_rfc3339("{not json"), None);
        // Round trip over a spread of days, leap years included.
        for days in (-1000..40_000).step_by(37) {
            if days >= 0 {
                let t = UNIX_EPOCH + Duration::from_secs(days as u64 * 86_400 + 12_345);
                assert_eq!(parse_rfc3339(&rfc3339(t)), Some(t), "day {days}");
            }
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
        let now = truncate_to_second(SystemTime::now());
        assert_eq!(parse_rfc3339(&rfc3339(now)), Some(now));
    }

    #[test]
    fn tokens_required_refreshed_and_expired() {
        let imds = Imds::start(TokenMode::Required);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 401);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some("made-up")).status, 401);
        // No TTL, a zero TTL, one over 6 h: 400.
        let no_ttl = http(imds.addr(), "PUT", TOKEN_PATH, &[], T).unwrap();
        assert_eq!(no_ttl.status, 400);
        assert_eq!(token(&imds, "0").status, 400);
        assert_eq!(token(&imds, "21601").status, 400);
        // GET on the token path is not how tokens are made.
        assert_eq!(get(&imds, TOKEN_PATH, None).status, 405);

        let reply = token(&imds, "21600");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.headers.get(TTL_HEADER).map(String::as_str), Some("21600"));
        let first = reply.body;
        assert!(!first.is_empty());
        let nothing = get(&imds, INSTANCE_ACTION_PATH, Some(&first));
        assert_eq!(nothing.status, 404);
        assert!(serde_json::from_str::<serde_json::Value>(&nothing.body).is_err());
        assert_eq!(get(&imds, TERMINATION_TIME_PATH, Some(&first)).status, 404);
        assert_eq!(get(&imds, REBALANCE_PATH, Some(&first)).status, 404);
        assert_eq!(get(&imds, INSTANCE_ID_PATH, Some(&first)).body, INSTANCE_ID);
        assert_eq!(
            get(&imds, "/latest/meta-data/nothing-here", Some(&first)).status,
            404
        );
        assert_eq!(imds.live_tokens(), 1);

        imds.expire_tokens();
        assert_eq!(imds.live_tokens(), 0);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&first)).status, 401);
        let second = token(&imds, "60").body;
        assert_ne!(first, second);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&second)).status, 404);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&first)).status, 401);

        // Tokens run out after their TTL.
        let short = token(&imds, "1").body;
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&short)).status, 404);
        thread::sleep(Duration::from_millis(1300));
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&short)).status, 401);

        // Everything was recorded, with what was answered.
        let requests = imds.requests();
        let puts: Vec<&Request> = requests.iter().filter(|r| r.is_token_put()).collect();
        assert_eq!(puts.len(), 6, "{}", imds.describe_requests());
        assert_eq!(puts[0].ttl, None);
        assert_eq!(puts[3].ttl.as_deref(), Some("21600"));
        assert_eq!(puts[3].status, Some(200));
        let after_expiry = requests
            .iter()
            .filter(|r| r.is_metadata_get() && r.token.as_deref() == Some(first.as_str()))
            .map(|r| (r.token_valid, r.status))
            .collect::<Vec<_>>();
        assert_eq!(after_expiry.last(), Some(&(false, Some(401))));
        assert!(after_expiry.contains(&(true, Some(404))));
        assert!(requests.windows(2).all(|w| w[0].at <= w[1].at));
        imds.clear_requests();
        assert!(imds.requests().is_empty());
    }

    #[test]
    fn tokens_optional_and_disabled() {
        let imds = Imds::start(TokenMode::Optional);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 404);
        // An invalid token is refused even when tokens are optional, as on EC2.
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some("stale")).status, 401);
        let t = token(&imds, "30").body;
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&t)).status, 404);

        imds.set_token_mode(TokenMode::Disabled(403));
        assert_eq!(token(&imds, "30").status, 403);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 404);
        imds.set_token_mode(TokenMode::Disabled(404));
        assert_eq!(token(&imds, "30").status, 404);
        imds.post_notice_in("terminate", 120);
        let reply = get(&imds, INSTANCE_ACTION_PATH, None);
        assert_eq!(reply.status, 200, "{reply:?}");
        let requests = imds.requests();
        assert!(requests
            .iter()
            .filter(|r| r.is_metadata_get())
            .any(|r| !r.has_token()));
    }

    #[test]
    fn notices_and_rebalance_recommendations() {
        let imds = Imds::start(TokenMode::Optional);
        let at = UNIX_EPOCH + Duration::from_secs(1_795_809_600);
        assert_eq!(imds.post_notice("terminate", at), "2026-11-27T20:00:00Z");
        let reply = get(&imds, INSTANCE_ACTION_PATH, None);
        assert_eq!(reply.status, 200);
        let json: serde_json::Value = serde_json::from_str(&reply.body).expect("notice is JSON");
        assert_eq!(
            json,
            serde_json::json!({"action": "terminate", "time": "2026-11-27T20:00:00Z"})
        );
        let reply = get(&imds, TERMINATION_TIME_PATH, None);
        assert_eq!((reply.status, reply.body.as_str()), (200, "2026-11-27T20:00:00Z"));

        // A stop notice has no termination time.
        imds.post_notice("stop", at);
        assert_eq!(get(&imds, TERMINATION_TIME_PATH, None).status, 404);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 200);
        imds.clear_notice();
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 404);

        // Relative times and delayed notices.
        let before = SystemTime::now();
        let when = imds.post_notice_after(Duration::from_millis(400), "terminate", 120);
        let ahead = when.duration_since(before).unwrap().as_secs_f64();
        assert!((119.0..=121.5).contains(&ahead), "{ahead}");
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 404);
        thread::sleep(Duration::from_millis(600));
        let reply = get(&imds, INSTANCE_ACTION_PATH, None);
        assert_eq!(reply.status, 200);
        let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(parse_rfc3339(json["time"].as_str().unwrap()), Some(when));

        assert_eq!(get(&imds, REBALANCE_PATH, None).status, 404);
        let notice_time = imds.post_rebalance();
        let reply = get(&imds, REBALANCE_PATH, None);
        assert_eq!(reply.status, 200);
        let json: serde_json::Value = serde_json::from_str(&reply.body).unwrap();
        assert_eq!(json["noticeTime"].as_str(), Some(notice_time.as_str()));
        assert!(parse_rfc3339(&notice_time).is_some());
        imds.clear_rebalance();
        assert_eq!(get(&imds, REBALANCE_PATH, None).status, 404);
    }

    #[test]
    fn faults() {
        let imds = Imds::start(TokenMode::Required);
        let t = token(&imds, "60").body;
        imds.set_fault(Fault::Unavailable);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&t)).status, 503);
        // Faults come before the token check: the watcher cannot tell them apart from a
        // broken service, which is the point.
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, None).status, 503);
        // The token PUT has its own fault switch.
        assert_eq!(token(&imds, "60").status, 200);

        imds.set_fault(Fault::Garbage);
        let reply = get(&imds, INSTANCE_ACTION_PATH, Some(&t));
        assert_eq!((reply.status, reply.body.as_str()), (200, GARBAGE));

        imds.set_fault(Fault::Close);
        let closed = http(imds.addr(), "GET", INSTANCE_ACTION_PATH, &[], T);
        assert!(closed.is_err(), "{closed:?}");

        // A hang answers nothing until the cap, then closes; other connections are served
        // meanwhile.
        imds.set_hang_cap(Duration::from_millis(1500));
        imds.set_fault(Fault::Hang);
        let addr = imds.addr();
        let started = Instant::now();
        let hung =
            thread::spawn(move || http(addr, "GET", INSTANCE_ACTION_PATH, &[], Duration::from_secs(10)));
        thread::sleep(Duration::from_millis(300));
        let short = http(addr, "GET", REBALANCE_PATH, &[], Duration::from_millis(400));
        assert!(short.is_err(), "a hung request was answered: {short:?}");
        imds.set_fault(Fault::None);
        assert_eq!(get(&imds, INSTANCE_ACTION_PATH, Some(&t)).status, 404);
        let hung = hung.join().unwrap();
        let took = started.elapsed();
        assert!(hung.is_err(), "{hung:?}");
        assert!(
            took >= Duration::from_millis(1400) && took < Duration::from_secs(5),
            "the hang lasted {took:?}, the cap was 1.5 s"
        );

        imds.set_token_fault(Fault::Unavailable);
        assert_eq!(token(&imds, "60").status, 503);
        imds.set_token_fault(Fault::None);

        let requests = imds.requests();
        let faults: Vec<Fault> = requests.iter().map(|r| r.fault).collect();
        assert!(faults.contains(&Fault::Hang) && faults.contains(&Fault::Close));
        assert!(requests
            .iter()
            .filter(|r| matches!(r.fault, Fault::Hang | Fault::Close))
            .all(|r| r.status.is_none()));
        assert!(!imds.describe_requests().is_empty());
    }

    #[test]
    fn a_hang_ends_when_the_server_stops_and_the_port_closes() {
        let imds = Imds::start(TokenMode::Optional);
        imds.set_fault(Fault::Hang);
        let addr = imds.addr();
        let hung =
            thread::spawn(move || http(addr, "GET", INSTANCE_ACTION_PATH, &[], Duration::from_secs(20)));
        while imds.requests().is_empty() {
            thread::sleep(Duration::from_millis(20));
        }
        let started = Instant::now();
        drop(imds);
        assert!(hung.join().unwrap().is_err());
        assert!(
            started.elapsed() < Duration::from_secs(3),
            "{:?}",
            started.elapsed()
        );
        assert!(TcpStream::connect_timeout(&addr, Duration::from_secs(1)).is_err());
    }
}
