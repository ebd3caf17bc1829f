//! `#include`: file resolution (the including file's folder, the scene's, the library
//! paths, POV-Ray's include folder, then spotray's built-in stand-ins) and pushing the
//! file as a frame.

use std::path::{Path, PathBuf};

use crate::sdl::error::SceneErrorKind;
use crate::sdl::parser::{FrameKind, PResult, Parser};
use crate::sdl::token::Token;

/// Largest source file accepted (bytes).
pub const MAX_SOURCE_BYTES: u64 = 64 << 20;

/// Our own versions of POV-Ray's standard include files.
const BUILTIN: &[(&str, &str)] = &[
    ("colors.inc", include_str!("includes/colors.inc")),
    ("finish.inc", include_str!("includes/finish.inc")),
    ("rad_def.inc", include_str!("includes/rad_def.inc")),
    ("consts.inc", include_str!("includes/consts.inc")),
];

/// Where POV-Ray 3.7's packages put its include folder (Debian's `povray-includes`, or
/// a build from source).
const SYSTEM_DIRS: &[&str] = &[
    "/usr/share/povray-3.7/include",
    "/usr/local/share/povray-3.7/include",
];

/// POV-Ray's include folder: `chosen` (a flag or `SPOTRAY_POVRAY_INCLUDE`) when given,
/// else the first system folder that exists; none when POV-Ray's files are not installed.
pub fn povray_include_dirs(chosen: Option<&Path>) -> Vec<PathBuf> {
    match chosen {
        Some(dir) => vec![dir.to_path_buf()],
        None => SYSTEM_DIRS
            .iter()
            .map(PathBuf::from)
            .filter(|d| d.is_dir())
            .take(1)
            .collect(),
    }
}

/// The text of a built-in standard include file (`colors.inc`, `finish.inc`,
/// `rad_def.inc`, ...), if spotray ships one by that name.
pub fn builtin_include(name: &str) -> Option<&'static str> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    BUILTIN
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(base))
        .map(|(_, text)| *text)
}

/// Reads a source file as text (lossily for non-UTF-8 bytes), with a size cap.
pub fn read_source(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("not a regular file".into());
    }
    if meta.len() > MAX_SOURCE_BYTES {
        return Err(format!("file is larger than {} MiB", MAX_SOURCE_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

impl Parser<'_> {
    /// Whether the scene may read `path`: always, unless parsing is confined to a
    /// directory, in which case the file must resolve (links followed) to inside it or
    /// to a system include directory.
    pub fn may_read(&self, path: &Path) -> bool {
        let Some(root) = &self.opts.confine_to else {
            return true;
        };
        let Ok(real) = path.canonicalize() else {
            return false;
        };
        let inside = |dir: &Path| dir.canonicalize().is_ok_and(|d| real.starts_with(d));
        inside(root) || self.opts.povray_include.iter().any(|d| inside(d))
    }

    /// Directories searched for a file named in the scene, in order: the directory of
    /// the file containing `at`, the scene directory, the library paths, then POV-Ray's
    /// include folder (where POV-Ray's own settings put it on the library path too).
    pub fn search_dirs(&self, at: &Token) -> Vec<PathBuf> {
        let mut dirs = Vec::new();
        if let Some(parent) = self.files.get(at.file as usize).and_then(|f| f.path.parent()) {
            if !parent.as_os_str().is_empty() && !parent.starts_with("<spotray>") {
                dirs.push(parent.to_path_buf());
            }
        }
        dirs.push(self.base_dir.clone());
        dirs.extend(self.opts.library_paths.iter().cloned());
        dirs.extend(self.opts.povray_include.iter().cloned());
        dirs.dedup();
        dirs
    }

    /// The error for a `what` file named `name` found in none of the search
    /// directories, which it lists.
    pub fn missing_file(&self, at: &Token, what: &str, name: &str) -> crate::sdl::SceneError {
        let dirs: Vec<String> = self
            .search_dirs(at)
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        self.error(
            at,
            SceneErrorKind::MissingFile,
            format!("cannot find {what} file `{name}`"),
        )
        .with_note(format!("looked in: {}", dirs.join(", ")))
    }

    /// Finds an existing file named `name` in the search directories.
    pub fn find_file(&self, at: &Token, name: &str) -> Option<PathBuf> {
        let p = Path::new(name);
        if p.is_absolute() {
            return (p.is_file() && self.may_read(p)).then(|| p.to_path_buf());
        }
        self.search_dirs(at)
            .into_iter()
            .map(|d| d.join(p))
            .find(|c| c.is_file() && self.may_read(c))
    }

    pub fn dir_include(&mut self, at: &Token) -> PResult<()> {
        let name = self.parse_string()?;
        if self.include_depth >= self.opts.limits.max_include_depth {
            return Err(self.limit(
                at,
                format!(
                    "includes nested more than {} levels deep",
                    self.opts.limits.max_include_depth
                ),
            ));
        }
        if self.call_depth >= self.opts.limits.max_call_depth {
            return Err(self.limit(
                at,
                format!(
                    "macros and includes nested more than {} levels deep",
                    self.opts.limits.max_call_depth
                ),
            ));
        }
        self.count_iteration(at, "including files")?;
        let (path, text) = self.resolve_include(at, &name)?;
        let (_, tokens) = self.add_file(path, &text)?;
        let len = tokens.len();
        let version_before = self.version;
        self.push_frame(tokens, 0, len, FrameKind::Include { version_before }, true);
        self.include_depth += 1;
        self.call_depth += 1;
        Ok(())
    }

    fn resolve_include(&self, at: &Token, name: &str) -> PResult<(PathBuf, String)> {
        let mut tried = Vec::new();
        let p = Path::new(name);
        let candidates: Vec<PathBuf> = if p.is_absolute() {
            vec![p.to_path_buf()]
        } else {
            self.search_dirs(at).into_iter().map(|d| d.join(p)).collect()
        };
        for c in candidates {
            if c.is_file() && !self.may_read(&c) {
                return Err(self.error(
                    at,
                    SceneErrorKind::MissingFile,
                    format!("include file `{name}` is outside the scene's directory, which this scene may not read"),
                ));
            }
            if c.is_file() {
                return match read_source(&c) {
                    Ok(text) => Ok((c, text)),
                    Err(e) => Err(self.error(
                        at,
                        SceneErrorKind::Io,
                        format!("cannot read include file `{}`: {e}", c.display()),
                    )),
                };
            }
            tried.push(c.display().to_string());
        }
        // Only where POV-Ray's own include files are not installed.
        if let Some(text) = builtin_include(name) {
            let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
            return Ok((PathBuf::from(format!("<spotray>/{base}")), text.to_string()));
        }
        let mut error = self
            .error(
                at,
                SceneErrorKind::MissingFile,
                format!("cannot find include file `{name}`"),
            )
            .with_note(format!("looked in: {}", tried.join(", ")));
        if self.opts.povray_include.is_empty() {
            error = error.with_note(
                "POV-Ray's standard include files are not installed here: apt-get install \
                 povray-includes, or name their folder with --povray-include",
            );
        }
        Err(error)
    }
}
