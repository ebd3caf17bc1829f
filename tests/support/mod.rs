//! Shared harness for the queue-worker end-to-end tests (`tests/worker_*.rs`).
//!
//! Everything here is real: S3 and SQS come from moto's standalone server, reached over
//! loopback HTTP through the AWS SDK for Rust, and the worker is the `spotray` binary cargo
//! built for the tests, run as a child process. Each test starts its own moto server on a
//! free port, so tests run in parallel without sharing state. Every wait has a deadline and
//! every child process is killed when its handle is dropped (a failing test included).
//!
//! - [`moto`]: start and stop a moto server.
//! - [`cloud`]: one test's emulator, SDK clients, bucket and queues, with the checks the
//!   tests share (queue drained, object present, error report).
//! - [`worker`]: run `spotray work` / `spotray submit`, follow its JSON log.
//! - [`messages`]: the message shapes the worker accepts (S3 event, SNS, EventBridge, ...).
//! - [`scenes`]: scene archives built in the test (sample scenes, tiny scene, bad archives).
//! - [`proxy`]: a loopback TCP proxy that can refuse connections, to take the emulator away.

// Each test crate uses its own subset of these helpers.
#![allow(dead_code)]

#[path = "../common/mod.rs"]
pub mod common;

pub mod cloud;
pub mod messages;
pub mod moto;
pub mod proxy;
pub mod scenes;
pub mod worker;

use std::time::Duration;

pub use cloud::Cloud;
#[allow(unused_imports)]
pub use worker::{Finished, Log, Worker};

/// Flags every test passes to `spotray work` so that an idle queue ends the run quickly.
pub const QUICK_WORKER_FLAGS: &[&str] = &[
    "--exit-when-empty",
    "--wait-seconds",
    "1",
    "--retry-base-seconds",
    "1",
];

/// How long a worker run over a handful of tiny jobs may take, debug build, busy machine.
pub const SHORT_RUN: Duration = Duration::from_secs(120);

/// Whether `spotray work --help` lists `flag` (for flags the contract leaves open).
pub fn worker_supports(flag: &str) -> bool {
    let run = common::run_with_deadline(
        common::spotray().args(["work", "--help"]),
        Duration::from_secs(30),
    );
    assert!(
        run.status.success(),
        "{}",
        run.describe("`spotray work --help` failed: the worker subcommand is missing")
    );
    run.stdout.contains(flag)
}
