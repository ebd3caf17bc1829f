//! The token stream: include and macro frames, expansion of identifiers, one token of
//! look-ahead, nesting and the loop and object counters that bound a parse.

use std::rc::Rc;

use crate::budget::StopReason;
use crate::sdl::error::SceneErrorKind;
use crate::sdl::eval::value::Value;
use crate::sdl::parser::{Cond, Frame, FrameKind, PResult, Parser, Scope, MAX_NESTING};
use crate::sdl::token::{Sym, Tok, Token};

impl Parser<'_> {
    /// An end-of-file token placed just after the last token read.
    pub fn eof_token(&self) -> Token {
        match self.last_pos {
            Some((file, line, col, len)) => Token {
                tok: Tok::Eof,
                kw: false,
                file,
                line,
                col: col.saturating_add(len),
                len: 1,
            },
            None => Token {
                tok: Tok::Eof,
                kw: false,
                file: 0,
                line: 1,
                col: 1,
                len: 1,
            },
        }
    }

    /// Pushes a frame reading `tokens[start..end]`.
    pub fn push_frame(
        &mut self,
        tokens: Rc<Vec<Token>>,
        start: usize,
        end: usize,
        kind: FrameKind,
        with_scope: bool,
    ) {
        let scope = if with_scope {
            self.scopes.push(Scope::default());
            Some(self.scopes.len() - 1)
        } else {
            None
        };
        self.frames.push(Frame {
            tokens,
            pos: start,
            end,
            kind,
            conds: Vec::new(),
            by_ref: Vec::new(),
            scope,
        });
    }

    /// Pops the top frame, checking that its directives were all closed.
    fn pop_frame(&mut self) -> PResult<()> {
        let Some(frame) = self.frames.pop() else {
            return Ok(());
        };
        if let Some((cond, at)) = frame.conds.last() {
            let what = match cond {
                Cond::If => "#if",
                Cond::While { .. } => "#while",
                Cond::For { .. } => "#for",
                Cond::Switch { .. } => "#switch",
            };
            let place = match &frame.kind {
                FrameKind::Macro { name } => format!("end of macro `{name}`"),
                _ => "end of file".to_string(),
            };
            return Err(self.syntax(at, format!("expected `#end` to close `{what}`, found {place}")));
        }
        if frame.scope.is_some() {
            self.scopes.pop();
        }
        match frame.kind {
            FrameKind::Include { version_before } => {
                self.include_depth = self.include_depth.saturating_sub(1);
                self.call_depth = self.call_depth.saturating_sub(1);
                // Standard include files save `version`, switch, and restore it; treat a
                // restore to the same number as "unchanged" so an unset version stays unset.
                let before = version_before.unwrap_or(crate::sdl::eval::directives::DEFAULT_VERSION);
                if let Some(now) = self.version {
                    if (now - before).abs() < 1e-9 {
                        self.version = version_before;
                    }
                }
            }
            FrameKind::Macro { .. } => {
                self.call_depth = self.call_depth.saturating_sub(1);
            }
            FrameKind::Main => {}
        }
        Ok(())
    }

    /// The next token with no directive processing or macro expansion; pops finished
    /// frames. Returns an `Eof` token when everything is consumed.
    pub fn next_raw(&mut self) -> PResult<Token> {
        loop {
            let Some(frame) = self.frames.last_mut() else {
                return Ok(self.eof_token());
            };
            if frame.pos < frame.end {
                let t = frame.tokens[frame.pos].clone();
                frame.pos += 1;
                self.check_budget(&t)?;
                return Ok(t);
            }
            self.pop_frame()?;
        }
    }

    /// The next raw token of the top frame only (for skipping directive blocks), or
    /// `None` at the frame's end.
    pub fn next_in_frame(&mut self) -> Option<Token> {
        let frame = self.frames.last_mut()?;
        if frame.pos < frame.end {
            let t = frame.tokens[frame.pos].clone();
            frame.pos += 1;
            Some(t)
        } else {
            None
        }
    }

    /// Looks at the next raw token without processing or consuming anything.
    pub fn peek_raw(&self) -> Option<&Token> {
        if let Some(t) = &self.lookahead {
            return Some(t);
        }
        self.frames
            .iter()
            .rev()
            .find(|f| f.pos < f.end)
            .map(|f| &f.tokens[f.pos])
    }

    /// A position-only token for the next raw token (cheap; for error locations).
    pub fn peek_at(&self) -> Token {
        match self.peek_raw() {
            Some(t) => Token {
                tok: Tok::Eof,
                kw: false,
                file: t.file,
                line: t.line,
                col: t.col,
                len: t.len,
            },
            None => self.eof_token(),
        }
    }

    pub fn peek_raw_is_sym(&self, s: Sym) -> bool {
        self.peek_raw().is_some_and(|t| t.is_sym(s))
    }

    pub fn peek_raw_is_word(&self, w: &str) -> bool {
        self.peek_raw().is_some_and(|t| t.is_word(w))
    }

    /// The next token with directives processed and macros expanded.
    pub fn next(&mut self) -> PResult<Token> {
        self.next_inner(true)
    }

    /// Like [`Parser::next`] but does not expand macro names (for `defined(Name)` and
    /// similar places that take an identifier).
    pub fn next_noexpand(&mut self) -> PResult<Token> {
        self.next_inner(false)
    }

    fn next_inner(&mut self, expand: bool) -> PResult<Token> {
        if let Some(t) = self.lookahead.take() {
            return Ok(t);
        }
        loop {
            let t = self.next_raw()?;
            match &t.tok {
                Tok::Directive(_) => {
                    // Directives may nest (`#declare A = #declare B = ...`).
                    self.enter(&t)?;
                    let r = self.directive(t);
                    self.leave();
                    r?;
                    continue;
                }
                Tok::Word(w) if expand && !t.kw => {
                    if let Some(Value::Macro(m)) = self.lookup(w) {
                        let m = m.clone();
                        self.enter(&t)?;
                        let r = self.invoke_macro(m, t);
                        self.leave();
                        r?;
                        continue;
                    }
                }
                _ => {}
            }
            self.last_pos = Some((t.file, t.line, t.col, t.len));
            return Ok(t);
        }
    }

    /// Runs the directives that come next, so that a raw look at the next token sees
    /// what follows them: a macro whose value ends inside `#if ... #end` leaves the
    /// `#end` between its value and the `,` after it.
    pub fn run_pending_directives(&mut self) -> PResult<()> {
        if self.lookahead.is_none() && matches!(self.peek_raw().map(|t| &t.tok), Some(Tok::Directive(_))) {
            let t = self.next()?;
            self.unget(t);
        }
        Ok(())
    }

    /// Runs an `#else` or `#elseif` that comes next, and only that: it ends the branch
    /// being read, so that an expression ending just before it (a macro's value inside
    /// `#if ... #else ... #end`) sees the operator after the macro's call, as POV-Ray
    /// does. Nothing else runs: a `#declare` after the branch waits its turn.
    pub fn end_taken_branch(&mut self) -> PResult<()> {
        while self.lookahead.is_none() && self.branch_ends_next() {
            let t = self.next_raw()?;
            self.enter(&t)?;
            let r = self.directive(t);
            self.leave();
            r?;
        }
        Ok(())
    }

    /// Whether the next raw token is an `#else` or `#elseif`, or an `#end` that only
    /// closes an `#if` or `#switch` (a loop's `#end` would evaluate its condition).
    fn branch_ends_next(&self) -> bool {
        let Some(frame) = self.frames.last().filter(|f| f.pos < f.end) else {
            return false;
        };
        match frame.tokens[frame.pos].directive() {
            Some("else" | "elseif") => true,
            Some("end") => matches!(frame.conds.last(), Some((Cond::If | Cond::Switch { .. }, _))),
            _ => false,
        }
    }

    /// Puts a token back; the next call to `next` returns it.
    pub fn unget(&mut self, t: Token) {
        debug_assert!(self.lookahead.is_none());
        self.lookahead = Some(t);
    }

    pub fn expect_sym(&mut self, s: Sym, context: &str) -> PResult<Token> {
        let t = self.next()?;
        if t.is_sym(s) {
            Ok(t)
        } else if context.is_empty() {
            Err(self.expected(&format!("`{}`", s.text()), &t))
        } else {
            Err(self.expected(&format!("`{}` {context}", s.text()), &t))
        }
    }

    /// Consumes `s` when it is next (looking only at raw tokens, so no directive runs).
    pub fn accept_sym_raw(&mut self, s: Sym) -> PResult<bool> {
        if self.peek_raw_is_sym(s) {
            self.next()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Enters a nested construct, failing cleanly before the native stack runs out.
    pub fn enter(&mut self, t: &Token) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.limit(t, format!("nesting is deeper than {MAX_NESTING} levels")));
        }
        Ok(())
    }

    pub fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Fails at `t` once the job is over its memory budget or told to stop. Every token
    /// passes here, so no loop, macro or include escapes it.
    pub fn check_budget(&self, t: &Token) -> PResult<()> {
        if let Err(over) = self.opts.memory.check() {
            return Err(self.limit(t, over.to_string()));
        }
        match self.opts.stop.as_ref().and_then(|s| s.reason()) {
            None => Ok(()),
            Some(reason @ StopReason::TimeBudget(_)) => Err(self.limit(t, reason.to_string())),
            Some(StopReason::Requested) => Err(self.error(
                t,
                SceneErrorKind::Interrupted,
                "the job was stopped while its scene was being read",
            )),
        }
    }

    /// Fails at `t` when `bytes` more would not fit the job's memory budget.
    pub fn reserve_memory(&self, t: &Token, bytes: u64, what: &str) -> PResult<()> {
        self.opts.memory.reserve(bytes).map_err(|over| {
            self.limit(
                t,
                format!("{over}: {what} needs {}", crate::budget::format_bytes(bytes)),
            )
        })
    }

    /// Counts one loop iteration or macro call against the global budget.
    pub fn count_iteration(&mut self, at: &Token, what: &str) -> PResult<()> {
        self.iterations += 1;
        if self.iterations > self.opts.limits.max_loop_iterations {
            return Err(self.limit(
                at,
                format!(
                    "{what} exceeded the limit of {} loop iterations and macro calls",
                    self.opts.limits.max_loop_iterations
                ),
            ));
        }
        Ok(())
    }

    /// Counts `n` newly created objects against `max_objects`.
    pub fn count_objects(&mut self, at: &Token, n: usize) -> PResult<()> {
        self.objects_created = self.objects_created.saturating_add(n);
        if self.objects_created > self.opts.limits.max_objects {
            return Err(self.limit(
                at,
                format!(
                    "the scene creates more than {} objects",
                    self.opts.limits.max_objects
                ),
            ));
        }
        Ok(())
    }
}
