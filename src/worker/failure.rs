//! Why a job failed, where, and whether trying again could help.

use std::fmt;

/// The step of a job that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Message,
    Download,
    Unpack,
    Parse,
    Render,
    Upload,
}

impl Stage {
    pub fn as_str(&self) -> &'static str {
        match self {
            Stage::Message => "message",
            Stage::Download => "download",
            Stage::Unpack => "unpack",
            Stage::Parse => "parse",
            Stage::Render => "render",
            Stage::Upload => "upload",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A scene error's position, for the error report.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceLocation {
    pub file: String,
    pub line: u32,
    pub column: u32,
}

#[derive(Clone, Debug)]
pub struct Failure {
    pub stage: Stage,
    pub message: String,
    pub location: Option<SourceLocation>,
    /// Permanent failures are reported and the message deleted; transient ones are
    /// left on the queue for a retry.
    pub permanent: bool,
}

impl Failure {
    pub fn permanent(stage: Stage, message: impl Into<String>) -> Failure {
        Failure {
            stage,
            message: message.into(),
            location: None,
            permanent: true,
        }
    }

    pub fn transient(stage: Stage, message: impl Into<String>) -> Failure {
        Failure {
            stage,
            message: message.into(),
            location: None,
            permanent: false,
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed: {}", self.stage, self.message)
    }
}
