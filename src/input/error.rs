//! `InputError`: everything that can go wrong turning a user's input into a scene to render.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why an input could not be turned into a scene. Messages say what was wrong and what to do.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum InputError {
    /// The input path itself is unusable (missing, wrong kind of file).
    #[error("{}: {message}", .path.display())]
    Input { path: PathBuf, message: String },

    /// The input ends in `.zip` but is not a zip archive.
    #[error(
        "{} is not a zip archive; upload the scene directory compressed as a .zip \
         (or pass a directory, an .ini or a .pov file)",
        .path.display()
    )]
    NotZip { path: PathBuf },

    /// A zip archive that is damaged or uses a feature we do not support.
    #[error("{}: {message}", .path.display())]
    BadArchive { path: PathBuf, message: String },

    /// An entry that could write outside the extraction directory, or is otherwise dangerous.
    #[error(
        "unsafe archive entry {entry:?}: {reason}; the archive was rejected, re-create it \
         with plain relative file names (for example `zip -r scene.zip scene/`)"
    )]
    UnsafeArchive { entry: String, reason: String },

    /// An archive larger than the configured limits (possibly a zip bomb).
    #[error(
        "{what} exceeds the limit of {}; remove unneeded files from the archive \
         or raise the limit",
        .what.format_limit(*.limit)
    )]
    ArchiveLimit { what: LimitKind, limit: u64 },

    /// No single scene file could be chosen.
    #[error("{}", describe_no_scene(.dir, .expected_name, .problem, .found))]
    NoScene {
        /// Directory that was searched.
        dir: PathBuf,
        /// Base name an `.ini` should have to be picked among several (`ECSLogo`).
        expected_name: String,
        problem: SceneProblem,
        /// File names relevant to the problem: the candidates, or what the directory holds.
        found: Vec<String>,
    },

    /// A local file system operation failed.
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl InputError {
    /// Whether retrying the same job cannot help, so a queue worker should give up on it
    /// instead of putting it back. Problems with the input are permanent; a file system
    /// failure (disk full, too many open files) may go away on another attempt or machine.
    pub fn is_permanent(&self) -> bool {
        match self {
            InputError::Input { .. }
            | InputError::NotZip { .. }
            | InputError::BadArchive { .. }
            | InputError::UnsafeArchive { .. }
            | InputError::ArchiveLimit { .. }
            | InputError::NoScene { .. } => true,
            InputError::Io { source, .. } => matches!(
                source.kind(),
                io::ErrorKind::NotFound | io::ErrorKind::InvalidData | io::ErrorKind::InvalidInput
            ),
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: io::Error) -> Self {
        InputError::Io {
            path: path.into(),
            source,
        }
    }
}

/// Which archive limit was exceeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LimitKind {
    /// Number of entries (files and directories) in the archive.
    Entries,
    /// Bytes extracted from all entries together.
    TotalSize,
    /// Bytes extracted from one entry.
    EntrySize { entry: String },
    /// Extracted bytes per compressed byte of one entry.
    CompressionRatio { entry: String },
}

impl LimitKind {
    fn format_limit(&self, limit: u64) -> String {
        match self {
            LimitKind::Entries => format!("{limit} entries"),
            LimitKind::TotalSize | LimitKind::EntrySize { .. } => format_bytes(limit),
            LimitKind::CompressionRatio { .. } => format!("{limit}:1"),
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitKind::Entries => write!(f, "the number of archive entries"),
            LimitKind::TotalSize => write!(f, "the total uncompressed size of the archive"),
            LimitKind::EntrySize { entry } => {
                write!(f, "the uncompressed size of archive entry {entry:?}")
            }
            LimitKind::CompressionRatio { entry } => {
                write!(f, "the compression ratio of archive entry {entry:?}")
            }
        }
    }
}

/// Why no scene file was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SceneProblem {
    /// Neither an `.ini` nor a `.pov` file.
    Missing,
    /// Several `.ini` files, none named like the input.
    SeveralIni,
    /// No `.ini` and several `.pov` files, none named like the input.
    SeveralPov,
}

fn describe_no_scene(
    dir: &std::path::Path,
    expected_name: &str,
    problem: &SceneProblem,
    found: &[String],
) -> String {
    let list = found.join(", ");
    match problem {
        SceneProblem::Missing => {
            let contents = if found.is_empty() {
                "it is empty".to_string()
            } else {
                format!("it holds {list}")
            };
            format!(
                "no .ini or .pov file in {} or in a single folder inside it ({contents}); \
                 add the scene's .pov file, and optionally an .ini with its render options",
                dir.display()
            )
        }
        SceneProblem::SeveralIni => format!(
            "found {} .ini files in {}: {list}; name one to render, or rename the main one \
             to {expected_name}.ini",
            found.len(),
            dir.display()
        ),
        SceneProblem::SeveralPov => format!(
            "found {} .pov files in {}: {list}; name one or add an .ini",
            found.len(),
            dir.display()
        ),
    }
}

fn format_bytes(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64;
    let mut unit = "bytes";
    for next in UNITS {
        if value < 1024.0 {
            break;
        }
        value /= 1024.0;
        unit = next;
    }
    if unit == "bytes" {
        format!("{bytes} bytes")
    } else {
        format!("{value:.1} {unit}").replace(".0 ", " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_are_human_readable() {
        let error = InputError::ArchiveLimit {
            what: LimitKind::TotalSize,
            limit: 2 * 1024 * 1024 * 1024,
        };
        let message = error.to_string();
        assert!(message.contains("2 GiB"), "{message}");
        assert_eq!(format_bytes(1536), "1.5 KiB");
        assert_eq!(format_bytes(100), "100 bytes");
    }

    #[test]
    fn several_pov_message_lists_them() {
        let error = InputError::NoScene {
            dir: PathBuf::from("/tmp/scene"),
            expected_name: "scene".into(),
            problem: SceneProblem::SeveralPov,
            found: vec!["a.pov".into(), "b.pov".into()],
        };
        assert!(error
            .to_string()
            .contains("found 2 .pov files in /tmp/scene: a.pov, b.pov; name one or add an .ini"));
    }

    #[test]
    fn disk_full_is_transient_but_bad_input_is_permanent() {
        let disk_full = InputError::io("/tmp/x", io::Error::from_raw_os_error(28));
        assert!(!disk_full.is_permanent());
        let missing = InputError::io("/tmp/x", io::ErrorKind::NotFound.into());
        assert!(missing.is_permanent());
        let not_zip = InputError::NotZip {
            path: "upload.zip".into(),
        };
        assert!(not_zip.is_permanent());
    }
}
