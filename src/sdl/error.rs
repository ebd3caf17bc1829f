//! Scene errors and warnings, with compiler-style source snippets.

use std::fmt;
use std::path::PathBuf;

/// A position in a source file (1-based line and column, in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file as given or resolved (for `parse_scene_str`, the given name).
    pub file: PathBuf,
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.file.display(), self.line, self.column)
    }
}

/// A non-fatal diagnostic produced while parsing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub location: Option<Location>,
    pub message: String,
}

/// Where warnings and `#debug`/`#warning` lines go as they happen, besides the list a
/// parse returns: the command line shows them at once, as POV-Ray does, so a long
/// parse's progress messages are seen while it runs.
#[derive(Clone)]
pub struct MessageSink(pub std::sync::Arc<dyn Fn(&Warning) + Send + Sync>);

impl fmt::Debug for MessageSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MessageSink")
    }
}

impl PartialEq for MessageSink {
    fn eq(&self, other: &Self) -> bool {
        std::sync::Arc::ptr_eq(&self.0, &other.0)
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.location {
            Some(loc) => write!(f, "warning: {}\n  --> {}", self.message, loc),
            None => write!(f, "warning: {}", self.message),
        }
    }
}

/// What went wrong, broadly.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SceneErrorKind {
    /// The text does not follow the grammar.
    Syntax,
    /// An identifier was used that was never declared.
    UnknownIdentifier,
    /// A real POV-Ray feature that spotray does not implement.
    Unsupported,
    /// A resource limit (loop iterations, recursion, objects, ...) was exceeded.
    Limit,
    /// A file the scene names (the scene itself, an `#include`, an image) is not there, or
    /// lies where the scene may not read. Permanent: the archive lacks it, and trying again
    /// cannot bring it.
    MissingFile,
    /// A file that is there could not be read (a full or failing disk): may pass.
    Io,
    /// A file that is there is damaged or not what the scene says it is (an image that
    /// does not decode). Permanent, like a missing file.
    BadFile,
    /// Well-formed but meaningless input (wrong types, division by zero, `#error`, ...).
    Semantic,
    /// A bug in spotray itself: the parser panicked. Permanent (the same scene would hit
    /// it again), and worth a bug report with the scene.
    Internal,
    /// The job was told to stop (a shutdown, a spot notice) while the scene was being
    /// read: not the scene's fault, and the job goes back to the queue.
    Interrupted,
}

/// How many of the scene's own messages an error shows, and how long each may be.
const MESSAGES_SHOWN: usize = 20;
const MESSAGE_CHARS: usize = 500;

/// The source line an error points at, for the caret display.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub line_text: String,
    /// Length of the underlined span in characters (at least 1).
    pub span: u32,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Inner {
    kind: SceneErrorKind,
    message: String,
    location: Option<Location>,
    snippet: Option<Snippet>,
    notes: Vec<String>,
    /// The scene's last `#debug` and `#warning` lines before the error, shown ahead of
    /// it as POV-Ray shows its message streams: they are often how a scene's author
    /// finds what went wrong.
    messages: Vec<Warning>,
}

/// A fatal scene or INI error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct SceneError(Box<Inner>);

impl SceneError {
    pub fn new(kind: SceneErrorKind, message: impl Into<String>) -> SceneError {
        SceneError(Box::new(Inner {
            kind,
            message: message.into(),
            location: None,
            snippet: None,
            notes: Vec::new(),
            messages: Vec::new(),
        }))
    }

    /// Keeps the last of the scene's own messages (`#debug`, `#warning`), each cut to a
    /// readable length, to show before the error.
    pub fn with_messages(mut self, warnings: &[Warning]) -> SceneError {
        let own = warnings.iter().filter(|w| {
            ["#debug: ", "#warning: ", "#render: ", "#statistics: "]
                .iter()
                .any(|p| w.message.starts_with(p))
        });
        let kept: Vec<Warning> = own.rev().take(MESSAGES_SHOWN).cloned().collect();
        self.0.messages = kept
            .into_iter()
            .rev()
            .map(|mut w| {
                if w.message.len() > MESSAGE_CHARS {
                    let cut = (0..=MESSAGE_CHARS)
                        .rev()
                        .find(|&i| w.message.is_char_boundary(i))
                        .unwrap_or(0);
                    w.message.truncate(cut);
                    w.message.push_str(" ...");
                }
                w
            })
            .collect();
        self
    }

    pub fn at(mut self, location: Location, snippet: Option<Snippet>) -> SceneError {
        self.0.location = Some(location);
        self.0.snippet = snippet;
        self
    }

    pub fn with_note(mut self, note: impl Into<String>) -> SceneError {
        self.0.notes.push(note.into());
        self
    }

    pub fn kind(&self) -> SceneErrorKind {
        self.0.kind
    }

    pub fn location(&self) -> Option<&Location> {
        self.0.location.as_ref()
    }

    /// The one-line message, without location or snippet.
    pub fn message(&self) -> &str {
        &self.0.message
    }

    pub fn notes(&self) -> &[String] {
        &self.0.notes
    }
}

impl fmt::Display for SceneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = &self.0;
        for message in &e.messages {
            writeln!(f, "{message}")?;
        }
        write!(f, "error: {}", e.message)?;
        if let Some(loc) = &e.location {
            let number = loc.line.to_string();
            let pad = " ".repeat(number.len());
            write!(f, "\n{pad}--> {loc}")?;
            if let Some(snip) = &e.snippet {
                let line = snip.line_text.replace('\t', " ");
                let col = loc.column.max(1) as usize - 1;
                let carets = "^".repeat(snip.span.max(1) as usize);
                write!(
                    f,
                    "\n{pad} |\n{number} | {line}\n{pad} | {}{carets}",
                    " ".repeat(col)
                )?;
            }
        }
        for note in &e.notes {
            write!(f, "\n  = note: {note}")?;
        }
        Ok(())
    }
}
