//! The POV-Ray scene description language (SDL) front end: text in, [`crate::scene::Scene`] out.
//!
//! [`parse_scene_file`] / [`parse_scene_str`] read a POV-Ray 3.7 scene (with its
//! `#include`s, macros, loops, ...) into the renderer's [`Scene`];
//! [`parse_ini_file`] / [`parse_ini_str`] read POV-Ray INI options.
//!
//! # What the renderer can rely on
//!
//! * `Object::transform` maps the object's space to its parent's (the world for
//!   top-level objects, the CSG's space for children).
//! * Texture layers live in the space of the object that holds them:
//!   `Pigment::transform` / `Normal::transform` map pattern space to that object's
//!   space. Textures given before a transform move with the object; textures given
//!   after one are fixed in the parent space (their transform includes the inverse of
//!   the object's transform at that point). Checker sub-pigments have transforms
//!   relative to the checker pigment.
//! * An object with an empty `texture` inside a textured CSG inherits the nearest
//!   textured ancestor's layers, evaluated in that ancestor's space. `#default`
//!   textures are applied at parse time to every other untextured object (leaves, and
//!   mesh objects), except the untextured cutters of a `cutaway_textures`
//!   difference/intersection, which stay empty so the renderer can use the texture of
//!   the object they cut.
//! * Finishes are complete values: `#default { finish { ... } }` affects textures and
//!   finishes created after it (a finish identifier declared earlier keeps the default
//!   it was made with, as in POV-Ray).
//! * `Scene::version` is `None` when the scene has no `#version`; `version` then reads
//!   3.7, as in POV-Ray 3.7.0, and `Scene::legacy_gamma` says whether POV-Ray would
//!   turn gamma correction off. `#version` switches inside standard include files that
//!   are restored leave `Scene::version` unset.
//! * Colours are stored as written (working/linear space); `srgb` colours are
//!   converted at parse time with the `assumed_gamma` known at that point. Image map
//!   texels are the file's encoded values in [0, 1]; transmit = 1 - alpha.

mod diagnostics;
mod error;
mod eval;
mod finish_table;
mod font;
pub mod function;
mod ini;
mod items;
mod keywords;
mod lexer;
pub mod not_rendered;
mod parser;
mod stream;
mod suggest;
mod token;

#[cfg(test)]
pub(crate) mod tests;

use std::path::{Path, PathBuf};

pub use error::{Location, MessageSink, SceneError, SceneErrorKind, Warning};
pub use eval::includes::{builtin_include, povray_include_dirs};
pub use ini::{parse_ini_file, parse_ini_str, IniOptions};

use crate::budget::{MemoryBudget, StopSignal};
use crate::scene::Scene;

/// Resource limits that keep hostile or buggy scenes from hanging or exhausting memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Loop iterations (`#while`, `#for`) plus macro calls and includes, over the
    /// whole parse.
    pub max_loop_iterations: u64,
    /// Nesting of macro calls and include files together.
    pub max_call_depth: usize,
    /// Nesting of include files.
    pub max_include_depth: usize,
    /// Objects (including CSG nodes and mesh triangles) created.
    pub max_objects: usize,
    /// Largest image (width × height) an `image_map` may decode.
    pub max_image_pixels: u64,
    /// Largest array (total elements).
    pub max_array_elements: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_loop_iterations: 10_000_000,
            max_call_depth: 200,
            max_include_depth: 32,
            max_objects: 1_000_000,
            max_image_pixels: 64 << 20,
            max_array_elements: 10_000_000,
        }
    }
}

/// Options for parsing a scene.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParseOptions {
    /// Extra include/image directories (INI `Library_Path`, `+L`).
    pub library_paths: Vec<PathBuf>,
    /// POV-Ray's own include folder (standard include files, fonts, their images),
    /// searched after the library paths; see [`povray_include_dirs`]. Without one,
    /// spotray's built-in versions of a few standard include files stand in.
    pub povray_include: Vec<PathBuf>,
    /// Float identifiers declared before parsing (INI `Declare=NAME=VALUE`).
    pub declares: Vec<(String, f64)>,
    /// The value of `clock` (INI `Clock`, `+K`); 0 by default.
    pub clock: f64,
    pub limits: Limits,
    /// Output size for `image_width`/`image_height`; POV-Ray's default 320×240 when
    /// `None`.
    pub image_size: Option<(u32, u32)>,
    /// Untrusted scenes: read includes and images only inside this directory (and the
    /// system POV-Ray include directories), so that a scene cannot reach other files.
    pub confine_to: Option<PathBuf>,
    /// Memory the job may use; the parse stops at the construct that would exceed it.
    pub memory: MemoryBudget,
    /// Polled while parsing: a shutdown or the job's time budget ends the parse.
    pub stop: Option<StopSignal>,
    /// Given each warning and message as it is made. The returned list still holds
    /// them all, and an error no longer repeats the scene's last messages.
    pub on_message: Option<MessageSink>,
}

/// Stack size for the parsing thread (deeply nested scenes recurse).
const PARSER_STACK: usize = 256 << 20;

/// Runs `f` on a thread with [`PARSER_STACK`] of stack; a panic in it (a bug in the
/// parser) becomes a [`SceneErrorKind::Internal`] error.
fn on_big_stack(
    f: impl FnOnce() -> Result<(Scene, Vec<Warning>), SceneError> + Send,
) -> Result<(Scene, Vec<Warning>), SceneError> {
    std::thread::scope(|s| {
        let handle = std::thread::Builder::new()
            .name("spotray-sdl".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(s, || catch_parser_panic(f));
        match handle {
            Ok(h) => h.join().unwrap_or_else(|panic| Err(internal_error(&*panic))),
            Err(e) => Err(SceneError::new(
                SceneErrorKind::Io,
                format!("cannot start the parser thread: {e}"),
            )),
        }
    })
}

/// `f()`, or a [`SceneErrorKind::Internal`] error when it panics.
pub(crate) fn catch_parser_panic<T>(f: impl FnOnce() -> Result<T, SceneError>) -> Result<T, SceneError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f))
        .unwrap_or_else(|panic| Err(internal_error(&*panic)))
}

/// The error for a parser panic with payload `panic`. The panic's own report (with the
/// place in spotray's source) has already gone to stderr through the panic hook; which
/// place in the scene the parser had reached is not known, so the error has no location.
fn internal_error(panic: &(dyn std::any::Any + Send)) -> SceneError {
    let message = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    SceneError::new(
        SceneErrorKind::Internal,
        format!("internal error in spotray's scene parser: {message}; please report this scene"),
    )
}

/// Test-only: scene or INI text containing this makes the parser panic, so that the tests
/// can check how a parser bug is reported.
#[cfg(test)]
pub(crate) const PANIC_FOR_TESTS: &str = "__spotray_test_parser_panic__";

#[cfg(test)]
pub(crate) fn panic_if_asked(text: &str) {
    if text.contains(PANIC_FOR_TESTS) {
        panic!("panic requested by the test scene");
    }
}

/// The kind of error for a file at `path` that could not be read: missing is the input's
/// fault ([`SceneErrorKind::MissingFile`], permanent); any other failure may pass
/// ([`SceneErrorKind::Io`]).
pub(crate) fn unreadable_file_kind(path: &Path) -> SceneErrorKind {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => SceneErrorKind::MissingFile,
        _ => SceneErrorKind::Io,
    }
}

/// Parses the scene file at `path`. Include files and images are searched relative to
/// the including file, the scene's directory and `opts.library_paths`.
pub fn parse_scene_file(path: &Path, opts: &ParseOptions) -> Result<(Scene, Vec<Warning>), SceneError> {
    let text = eval::includes::read_source(path).map_err(|e| {
        SceneError::new(
            unreadable_file_kind(path),
            format!("cannot read scene file `{}`: {e}", path.display()),
        )
    })?;
    let base = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    on_big_stack(|| {
        #[cfg(test)]
        panic_if_asked(&text);
        items::toplevel::run(path, &text, &base, opts)
    })
}

/// Parses scene text. `name` is used in messages; relative includes and images are
/// looked up in `base_dir` (then `opts.library_paths`).
pub fn parse_scene_str(
    name: &str,
    text: &str,
    base_dir: &Path,
    opts: &ParseOptions,
) -> Result<(Scene, Vec<Warning>), SceneError> {
    on_big_stack(|| {
        #[cfg(test)]
        panic_if_asked(text);
        items::toplevel::run(Path::new(name), text, base_dir, opts)
    })
}
