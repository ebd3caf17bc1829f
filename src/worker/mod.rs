//! The queue worker: SQS messages in, rendered PNGs (or error reports) out in S3.

pub mod aws;
pub mod build;
pub mod checkpoint;
pub mod clock;
pub mod config;
pub mod failure;
pub mod heartbeat;
pub mod imds;
pub mod jobspec;
pub mod logging;
pub mod message;
pub mod process;
pub mod queue;
pub mod render;
pub mod report;
pub mod run;
pub mod scale;
pub mod scratch;
pub mod sdk_error;
pub mod shutdown;
pub mod signals;
pub mod spot;
pub mod storage;
pub mod submit;
