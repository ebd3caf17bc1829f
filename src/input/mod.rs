//! Scene inputs (.zip, directory, .ini, .pov) turned into a scene file to parse, safely.
//!
//! `locate` is the entry point: it extracts archives with `archive::extract_zip` (safe
//! against hostile uploads), then picks the scene file with `select::select_scene`.

pub mod archive;
pub mod error;
mod host_paths;
pub mod select;
pub mod source;

#[cfg(test)]
mod test_zip;

pub use archive::{extract_zip, ArchiveLimits, Extracted};
pub use error::{InputError, LimitKind, SceneProblem};
pub use host_paths::without_host_paths;
pub use select::{select_scene, SceneFile, Selection};
pub use source::{locate, SceneSource};
