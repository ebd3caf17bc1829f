//! Diagnostics: errors with their source snippet, warnings, and the helpers that report
//! an unexpected token, an unsupported feature or a limit.

use std::rc::Rc;

use crate::sdl::error::{Location, SceneError, SceneErrorKind, Snippet, Warning};
use crate::sdl::eval::value::{Poison, Value};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// Warnings and messages kept per scene; later ones are dropped.
const MAX_MESSAGES: usize = 1000;

impl Parser<'_> {
    pub fn location(&self, t: &Token) -> Option<Location> {
        let file = self.files.get(t.file as usize)?;
        Some(Location {
            file: file.path.clone(),
            line: t.line,
            column: t.col,
        })
    }

    fn snippet(&self, t: &Token) -> Option<Snippet> {
        let file = self.files.get(t.file as usize)?;
        let line = file.line(t.line)?;
        Some(Snippet {
            line_text: line.to_string(),
            span: t.len.max(1),
        })
    }

    pub fn error(&self, t: &Token, kind: SceneErrorKind, msg: impl Into<String>) -> SceneError {
        let e = SceneError::new(kind, msg);
        match self.location(t) {
            Some(loc) => e.at(loc, self.snippet(t)),
            None => e,
        }
    }

    pub fn syntax(&self, t: &Token, msg: impl Into<String>) -> SceneError {
        self.error(t, SceneErrorKind::Syntax, msg)
    }

    pub fn semantic(&self, t: &Token, msg: impl Into<String>) -> SceneError {
        self.error(t, SceneErrorKind::Semantic, msg)
    }

    pub fn limit(&self, t: &Token, msg: impl Into<String>) -> SceneError {
        self.error(t, SceneErrorKind::Limit, msg)
    }

    /// "expected X, found Y" — or the unsupported-feature / unknown-identifier message
    /// when that explains `found` better.
    pub fn expected(&self, what: &str, found: &Token) -> SceneError {
        if let Tok::Word(w) = &found.tok {
            if crate::sdl::keywords::is_unsupported_feature(w) {
                return self.unsupported(found, w);
            }
        }
        self.syntax(found, format!("expected {what}, found {}", found.tok))
    }

    pub fn unsupported(&self, t: &Token, feature: &str) -> SceneError {
        self.error(
            t,
            SceneErrorKind::Unsupported,
            format!("`{feature}` is a POV-Ray feature spotray does not support yet"),
        )
    }

    /// An unsupported feature at `t`: an error, or inside a declaration a poison that
    /// makes the declared identifier fail when (and only when) it is used. On `Ok` the
    /// caller skips the feature's syntax and carries on with a stand-in.
    pub fn unsupported_here(&mut self, t: &Token, feature: &str) -> PResult<()> {
        if self.lazy == 0 {
            return Err(self.unsupported(t, feature));
        }
        if self.poison.is_none() {
            self.poison = Some(Rc::new(Poison {
                feature: feature.to_string(),
                at: t.clone(),
            }));
        }
        Ok(())
    }

    /// Use of identifier `name` (at `at`) holding a poisoned declaration.
    pub fn use_poisoned(&mut self, p: &Rc<Poison>, name: &str, at: &Token) -> PResult<()> {
        if self.lazy > 0 {
            if self.poison.is_none() {
                self.poison = Some(p.clone());
            }
            return Ok(());
        }
        let mut e = self.unsupported(&p.at, &p.feature);
        if let Some(loc) = self.location(at) {
            e = e.with_note(format!("used through `{name}` at {loc}"));
        }
        Err(e)
    }

    /// The value of an identifier that opens a block of its own kind, as in
    /// `finish { Glossy ambient 0 }`: `Some` when `pick` accepts it, `None` for a
    /// declaration of an unsupported feature being skipped, an error otherwise.
    pub fn block_base<T>(
        &mut self,
        at: &Token,
        name: &str,
        kind: &str,
        pick: impl Fn(&Value) -> Option<T>,
    ) -> PResult<Option<T>> {
        /// What the identifier turned out to be, once the borrow of the table ends.
        enum Found<T> {
            Wanted(T),
            Poisoned(Rc<Poison>),
            Other(&'static str),
        }
        // An element of an array of such items: `texture { Textures[I][J] }`.
        if matches!(self.lookup(name), Some(Value::Array(_))) && self.peek_raw_is_sym(Sym::LBracket) {
            let element = self.array_element(name, at)?;
            return match element {
                Value::Poisoned(poison) => self.use_poisoned(&poison, name, at).map(|()| None),
                other => match pick(&other) {
                    Some(value) => Ok(Some(value)),
                    None => Err(self.semantic(
                        at,
                        format!(
                            "expected {kind} identifier, found an element of array `{name}` holding a {}",
                            other.type_name()
                        ),
                    )),
                },
            };
        }
        let found = match self.lookup(name) {
            None => return Err(self.unknown_identifier(at, name)),
            Some(Value::Poisoned(p)) => Found::Poisoned(p.clone()),
            Some(v) => pick(v).map_or_else(|| Found::Other(v.type_name()), Found::Wanted),
        };
        match found {
            Found::Wanted(value) => Ok(Some(value)),
            Found::Poisoned(poison) => self.use_poisoned(&poison, name, at).map(|()| None),
            Found::Other(type_name) => Err(self.semantic(
                at,
                format!("expected {kind} identifier, found {type_name} identifier `{name}`"),
            )),
        }
    }

    /// Consumes tokens up to and including the `}` that closes the current block.
    pub fn skip_rest_of_block(&mut self) -> PResult<()> {
        let mut depth = 0usize;
        loop {
            let t = self.next()?;
            match &t.tok {
                Tok::Sym(Sym::LBrace) => depth += 1,
                Tok::Sym(Sym::RBrace) if depth == 0 => return Ok(()),
                Tok::Sym(Sym::RBrace) => depth -= 1,
                Tok::Eof => return Err(self.expected("`}`", &t)),
                _ => {}
            }
        }
    }

    /// Skips a balanced `( ... )` group if one comes next.
    pub fn skip_parens_if_any(&mut self) -> PResult<()> {
        if !self.peek_raw_is_sym(Sym::LParen) {
            return Ok(());
        }
        let mut depth = 0usize;
        loop {
            let t = self.next()?;
            match &t.tok {
                Tok::Sym(Sym::LParen) => depth += 1,
                Tok::Sym(Sym::RParen) => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(());
                    }
                }
                Tok::Eof => return Err(self.expected("`)`", &t)),
                _ => {}
            }
        }
    }

    /// Records a warning; repeats of the same message are reported once (at the first
    /// place), so include files full of ignored modifiers do not flood the log.
    pub fn warn(&mut self, t: &Token, msg: impl Into<String>) {
        let message = msg.into();
        if self.warnings.iter().any(|w| w.message == message) {
            return;
        }
        self.user_message(t, message);
    }

    /// A `#debug` or `#warning` line: shown every time, as POV-Ray shows it, up to the
    /// bound on messages.
    pub fn user_message(&mut self, t: &Token, message: String) {
        if self.warnings.len() >= MAX_MESSAGES {
            return;
        }
        let location = self.location(t);
        let warning = Warning { location, message };
        if let Some(sink) = &self.opts.on_message {
            (sink.0)(&warning);
        }
        self.warnings.push(warning);
    }
}
