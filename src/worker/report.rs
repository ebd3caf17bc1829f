//! The `.error.json` report a failed job leaves next to its upload.

use serde::Serialize;

use super::clock::rfc3339_now;
use super::failure::{Failure, SourceLocation};

#[derive(Debug, Serialize)]
pub struct ErrorReport<'a> {
    pub stage: &'a str,
    pub message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<&'a SourceLocation>,
    pub bucket: &'a str,
    pub key: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_etag: Option<&'a str>,
    pub worker: &'a str,
    pub spotray_version: &'a str,
    /// RFC 3339, UTC.
    pub time: String,
    pub receive_count: u32,
}

impl<'a> ErrorReport<'a> {
    pub fn new(
        failure: &'a Failure,
        bucket: &'a str,
        key: &'a str,
        source_etag: Option<&'a str>,
        worker: &'a str,
        receive_count: u32,
    ) -> ErrorReport<'a> {
        ErrorReport {
            stage: failure.stage.as_str(),
            message: &failure.message,
            location: failure.location.as_ref(),
            bucket,
            key,
            source_etag,
            worker,
            spotray_version: env!("CARGO_PKG_VERSION"),
            time: rfc3339_now(),
            receive_count,
        }
    }

    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec_pretty(self).unwrap_or_else(|_| b"{}".to_vec())
    }
}
