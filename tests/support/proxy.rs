//! A loopback TCP proxy between the worker and moto that the test can switch off and on:
//! the emulator "goes away" (connections refused, open ones cut) and "comes back".
//!
//! It can also answer some requests itself with `503 Slow Down`, as S3 does when it is
//! overloaded: [`Proxy::fail_requests_for`]. That looks at the first request of each
//! connection only, which is every request with moto (it closes each connection after one
//! response); [`Proxy::faults`] says how many were answered so.
//!
//! Plain std threads, so it runs whatever the test's async runtime is doing.

use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

struct Shared {
    target: SocketAddr,
    /// Forwarding (true) or away (false).
    up: AtomicBool,
    stop: AtomicBool,
    /// Every open client and upstream socket, so that going away can cut them.
    open: Mutex<Vec<TcpStream>>,
    accepted: AtomicU64,
    cut: AtomicU64,
    /// Requests for paths ending with this (query string aside) get a 503.
    failing_path: Mutex<Option<String>>,
    faults: AtomicU64,
}

/// The proxy; stops (and cuts every connection) when dropped.
pub struct Proxy {
    port: u16,
    shared: Arc<Shared>,
    acceptor: Option<thread::JoinHandle<()>>,
}

impl Proxy {
    /// Listens on a free loopback port and forwards to `target`.
    pub fn start(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy on 127.0.0.1:0");
        let port = listener.local_addr().expect("proxy address").port();
        let shared = Arc::new(Shared {
            target,
            up: AtomicBool::new(true),
            stop: AtomicBool::new(false),
            open: Mutex::new(Vec::new()),
            accepted: AtomicU64::new(0),
            cut: AtomicU64::new(0),
            failing_path: Mutex::new(None),
            faults: AtomicU64::new(0),
        });
        let acceptor = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || accept_loop(listener, port, &shared))
        };
        Proxy {
            port,
            shared,
            acceptor: Some(acceptor),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Takes the emulator away: closes the listening socket (new connections are refused)
    /// and cuts every open connection. Returns once no new connection can be made.
    pub fn go_away(&self) {
        self.shared.up.store(false, Ordering::SeqCst);
        self.cut_all();
        // The acceptor notices within a few milliseconds and drops the listener.
        let deadline = Instant::now() + Duration::from_secs(5);
        while TcpStream::connect_timeout(&self.addr(), Duration::from_millis(200)).is_ok() {
            assert!(
                Instant::now() < deadline,
                "the proxy kept accepting connections after go_away"
            );
            thread::sleep(Duration::from_millis(10));
        }
        // A connection accepted just before the listener closed may have been registered
        // after the first cut.
        self.cut_all();
    }

    /// Brings the emulator back: listens again on the same port.
    pub fn come_back(&self) {
        self.shared.up.store(true, Ordering::SeqCst);
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect_timeout(&self.addr(), Duration::from_millis(200)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the proxy could not listen on port {} again",
                self.port
            );
            thread::sleep(Duration::from_millis(10));
        }
    }

    /// From now on, answers every request whose path (query string aside) ends with
    /// `suffix` with `503 Slow Down` instead of forwarding it; `None` stops that.
    pub fn fail_requests_for(&self, suffix: Option<&str>) {
        *self.shared.failing_path.lock().unwrap() = suffix.map(str::to_string);
    }

    /// Requests answered with a 503 so far.
    pub fn faults(&self) -> u64 {
        self.shared.faults.load(Ordering::SeqCst)
    }

    /// Connections accepted so far.
    pub fn accepted(&self) -> u64 {
        self.shared.accepted.load(Ordering::SeqCst)
    }

    /// Open connections cut by `go_away`.
    pub fn cut(&self) -> u64 {
        self.shared.cut.load(Ordering::SeqCst)
    }

    fn addr(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }

    fn cut_all(&self) {
        let mut open = self.shared.open.lock().unwrap();
        for stream in open.drain(..) {
            if stream.shutdown(Shutdown::Both).is_ok() {
                self.shared.cut.fetch_add(1, Ordering::SeqCst);
            }
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.cut_all();
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: TcpListener, port: u16, shared: &Arc<Shared>) {
    let mut listener = Some(listener);
    while !shared.stop.load(Ordering::SeqCst) {
        let up = shared.up.load(Ordering::SeqCst);
        match (&listener, up) {
            (Some(_), false) => {
                // Closing the socket makes the kernel refuse new connections.
                listener = None;
                continue;
            }
            (None, true) => {
                // std sets SO_REUSEADDR, so the port can be bound again at once; retry
                // briefly in case the kernel is slow to release it.
                match TcpListener::bind(("127.0.0.1", port)) {
                    Ok(l) => listener = Some(l),
                    Err(_) => thread::sleep(Duration::from_millis(20)),
                }
                continue;
            }
            (None, false) => {
                thread::sleep(Duration::from_millis(5));
                continue;
            }
            (Some(l), true) => {
                l.set_nonblocking(true).expect("non-blocking listener");
                match l.accept() {
                    Ok((client, _)) => {
                        shared.accepted.fetch_add(1, Ordering::SeqCst);
                        let shared = Arc::clone(shared);
                        thread::spawn(move || {
                            let _ = forward(client, &shared);
                        });
                    }
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(5))
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        }
    }
}

/// Pipes `client` to a new connection to the target, both ways, until either side closes
/// or the proxy cuts them.
fn forward(client: TcpStream, shared: &Shared) -> io::Result<()> {
    client.set_nonblocking(false)?;
    if !shared.up.load(Ordering::SeqCst) {
        let _ = client.shutdown(Shutdown::Both);
        return Ok(());
    }
    let failing = shared.failing_path.lock().unwrap().clone();
    let mut head = Vec::new();
    if let Some(suffix) = failing {
        head = read_request_head(&client)?;
        if request_path(&head).is_some_and(|path| path.ends_with(suffix.as_str())) {
            shared.faults.fetch_add(1, Ordering::SeqCst);
            return slow_down(client);
        }
    }
    let upstream = match TcpStream::connect_timeout(&shared.target, Duration::from_secs(5)) {
        Ok(s) => s,
        Err(e) => {
            let _ = client.shutdown(Shutdown::Both);
            return Err(e);
        }
    };
    let _ = client.set_nodelay(true);
    let _ = upstream.set_nodelay(true);
    {
        let mut open = shared.open.lock().unwrap();
        open.push(client.try_clone()?);
        open.push(upstream.try_clone()?);
    }
    (&upstream).write_all(&head)?;
    let (c2, u2) = (client.try_clone()?, upstream.try_clone()?);
    let down = thread::spawn(move || pipe(u2, c2));
    pipe(client, upstream);
    let _ = down.join();
    Ok(())
}

fn pipe(mut from: TcpStream, mut to: TcpStream) {
    let mut buf = [0u8; 64 * 1024];
    loop {
        match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => {
                if to.write_all(&buf[..n]).is_err() {
                    break;
                }
            }
        }
    }
    let _ = to.shutdown(Shutdown::Write);
    let _ = from.shutdown(Shutdown::Read);
}

/// The bytes of `client` up to the end of the first request's headers (or whatever came
/// within 5 s, at most 64 KiB).
fn read_request_head(client: &TcpStream) -> io::Result<Vec<u8>> {
    client.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut head = Vec::new();
    let mut buf = [0u8; 8192];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 64 * 1024 {
        match (&*client).read(&mut buf) {
            Ok(0) => break,
            Ok(n) => head.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => break,
            Err(e) => return Err(e),
        }
    }
    client.set_read_timeout(None)?;
    Ok(head)
}

/// The path of an HTTP request line (`GET /bucket/key?x-id=GetObject HTTP/1.1`), without
/// its query string.
fn request_path(head: &[u8]) -> Option<String> {
    let line = head.split(|&b| b == b'\r').next()?;
    let line = std::str::from_utf8(line).ok()?;
    let target = line.split(' ').nth(1)?;
    Some(target.split('?').next().unwrap_or(target).to_string())
}

/// Answers as an overloaded S3 does, and closes the connection.
fn slow_down(mut client: TcpStream) -> io::Result<()> {
    let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>\
                <Message>Please reduce your request rate.</Message><RequestId>SPOTRAYTEST</RequestId></Error>";
    let response = format!(
        "HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\nContent-Length: {}\r\n\
         x-amz-request-id: SPOTRAYTEST\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    client.write_all(response.as_bytes())?;
    let _ = client.shutdown(Shutdown::Both);
    Ok(())
}
