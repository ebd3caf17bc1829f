//! The `object` pattern, `object { OBJECT LIST_ITEM_A, LIST_ITEM_B }`: its object
//! (an identifier alone or an object statement) before the list, and the `}` after it.

use std::sync::Arc;

use crate::scene::pattern::{ObjectShape, PatternKind};
use crate::sdl::items::objects::SceneObject;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `{ OBJECT` after the pattern's keyword `t`; the list and the closing `}` follow.
    pub(crate) fn parse_object_pattern_start(&mut self, t: &Token) -> PResult<PatternKind> {
        self.expect_sym(Sym::LBrace, "after `object`")?;
        let first = self.next()?;
        if !self.starts_object_or_identifier(&first) {
            return Err(self.expected("an object inside the `object` pattern", &first));
        }
        self.unget(first.clone());
        match self.parse_object_reference(&first)? {
            SceneObject::Shape { object, lights } if lights.is_empty() => {
                Ok(PatternKind::Object(ObjectShape(Arc::new(object))))
            }
            _ => Err(self.semantic(
                t,
                "the `object` pattern's object cannot be or hold a light source",
            )),
        }
    }

    /// The `}` that closes an `object` pattern after its list; nothing for other patterns.
    pub(crate) fn close_object_pattern(&mut self, kind: &PatternKind) -> PResult<()> {
        if matches!(kind, PatternKind::Object(_)) {
            self.expect_sym(Sym::RBrace, "to close the `object` pattern")?;
        }
        Ok(())
    }
}
