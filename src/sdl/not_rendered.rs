//! Settings spotray reads but does not render yet: each gets a warning naming it, never
//! silence, so a user knows why the picture differs from POV-Ray's.
//!
//! [`NOT_RENDERED`] lists the scene-model fields that hold such settings, with a scene
//! that sets one; a test checks that every model field is either read by the renderer
//! or listed here, and that each listed scene really warns.

use crate::sdl::parser::Parser;
use crate::sdl::token::Token;

/// A scene-model field the renderer does not read yet.
pub struct NotRendered {
    /// `Type.field` in `crate::scene`.
    pub field: &'static str,
    /// A scene that sets it to a value that would change POV-Ray's picture.
    pub example: &'static str,
    /// What the warning for `example` names, as the scene wrote it.
    pub keyword: &'static str,
}

pub const NOT_RENDERED: &[NotRendered] = &[NotRendered {
    field: "Scene.version",
    example: "#version 3.5;",
    keyword: "#version 3.5",
}];

impl Parser<'_> {
    /// Warns that `setting` (as the scene wrote it) does not change spotray's picture yet,
    /// and what spotray does instead.
    pub(crate) fn not_rendered(&mut self, at: &Token, setting: &str, instead: &str) {
        self.warn(
            at,
            format!("`{setting}` is read but not rendered by spotray yet: {instead}"),
        );
    }
}
