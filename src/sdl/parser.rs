//! The parser state: source files, the token stream with its include/macro frames,
//! symbol tables, diagnostics, and the scene being built.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use crate::scene::{Colour, Finish, GlobalSettings, ImageData, Light, Object, Pigment, Texture};
use crate::sdl::error::{Location, SceneError, SceneErrorKind, Snippet, Warning};
use crate::sdl::eval::value::{Poison, Value};
use crate::sdl::items::camera::CameraSpec;
use crate::sdl::lexer::lex;
use crate::sdl::token::{Sym, Tok, Token};
use crate::sdl::ParseOptions;

pub type PResult<T> = Result<T, SceneError>;

/// FNV-1a: a fast hash for short identifier keys (hostile keys only cost time, and the
/// number of identifiers is bounded by the input size).
#[derive(Default)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

/// A symbol table.
pub type Scope = HashMap<Rc<str>, Value, std::hash::BuildHasherDefault<Fnv>>;

/// Deepest nesting of blocks and parenthesised expressions the parser accepts.
pub const MAX_NESTING: usize = 400;

/// A source file, kept for error snippets.
pub struct SourceFile {
    pub path: PathBuf,
    pub text: Rc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn new(path: PathBuf, text: Rc<str>) -> SourceFile {
        let mut line_starts = vec![0];
        for (i, b) in text.bytes().enumerate() {
            if b == b'\n' {
                line_starts.push(i + 1);
            }
        }
        SourceFile {
            path,
            text,
            line_starts,
        }
    }

    pub fn line(&self, line: u32) -> Option<&str> {
        let idx = (line as usize).checked_sub(1)?;
        let start = *self.line_starts.get(idx)?;
        let end = self.line_starts.get(idx + 1).copied().unwrap_or(self.text.len());
        let s = self.text.get(start..end)?;
        Some(s.trim_end_matches(['\n', '\r']))
    }
}

/// An open conditional or loop directive in a frame.
#[derive(Clone, Debug)]
pub enum Cond {
    /// Executing the taken branch of an `#if`/`#ifdef`/`#ifndef`.
    If,
    /// Executing a `#while` body; `cond_pos` is where the condition starts.
    While {
        cond_pos: usize,
        after_end: Option<usize>,
    },
    /// Executing a `#for` body.
    For {
        var: Rc<str>,
        end: f64,
        step: f64,
        body_pos: usize,
    },
    /// Executing a clause of a `#switch` on `value`.
    Switch { value: f64 },
}

#[derive(Clone, Debug)]
pub enum FrameKind {
    Main,
    /// An included file; the version in force before it, to undo save/restore idioms.
    Include {
        version_before: Option<f64>,
    },
    Macro {
        name: Rc<str>,
    },
}

/// One level of the token stream: the main file, an include file, or a macro body.
pub struct Frame {
    pub tokens: Rc<[Token]>,
    pub pos: usize,
    pub end: usize,
    pub kind: FrameKind,
    pub conds: Vec<(Cond, Token)>,
    /// Macro parameters passed as bare identifiers: parameter name to the caller's name.
    pub by_ref: Vec<(Rc<str>, Rc<str>)>,
    /// Index of the scope this frame owns (include files and macros), if any.
    pub scope: Option<usize>,
}

/// The scene under construction.
pub struct SceneBuilder {
    pub camera: Option<CameraSpec>,
    pub objects: Vec<Object>,
    pub lights: Vec<Light>,
    pub background: Colour,
    pub global: GlobalSettings,
}

pub struct Parser<'o> {
    pub opts: &'o ParseOptions,
    /// Directory of the main scene file.
    pub base_dir: PathBuf,
    pub files: Vec<SourceFile>,
    pub frames: Vec<Frame>,
    pub lookahead: Option<Token>,
    /// Position (file, line, column, length) of the last token handed out, for
    /// positioning end-of-file errors.
    pub last_pos: Option<(u32, u32, u32, u32)>,
    pub scopes: Vec<Scope>,
    pub warnings: Vec<Warning>,
    /// Loop iterations and macro calls so far (bounded by `max_loop_iterations`).
    pub iterations: u64,
    pub objects_created: usize,
    /// The default texture (`#default`).
    pub default_texture: Texture,
    /// `#version` in force (`None` until a directive sets it).
    pub version: Option<f64>,
    /// Whether the main scene file itself used `#version`.
    pub version_set_in_scene: bool,
    pub scene: SceneBuilder,
    pub rand_streams: Vec<u32>,
    pub image_cache: HashMap<PathBuf, Arc<ImageData>>,
    /// Current nesting of blocks / expressions (guards the native stack).
    pub depth: usize,
    pub include_depth: usize,
    pub call_depth: usize,
    /// Inside a declaration: unsupported features poison the declared identifier
    /// instead of failing at once.
    pub lazy: usize,
    pub poison: Option<Rc<Poison>>,
}

impl<'o> Parser<'o> {
    pub fn new(opts: &'o ParseOptions, base_dir: &Path) -> Parser<'o> {
        Parser {
            opts,
            base_dir: base_dir.to_path_buf(),
            files: Vec::new(),
            frames: Vec::new(),
            lookahead: None,
            last_pos: None,
            scopes: vec![Scope::default()],
            warnings: Vec::new(),
            iterations: 0,
            objects_created: 0,
            default_texture: Texture {
                pigment: Pigment::solid(Colour::BLACK),
                finish: Finish::default(),
                normal: None,
            },
            version: None,
            version_set_in_scene: false,
            scene: SceneBuilder {
                camera: None,
                objects: Vec::new(),
                lights: Vec::new(),
                background: Colour::BLACK,
                global: GlobalSettings::default(),
            },
            rand_streams: Vec::new(),
            image_cache: HashMap::new(),
            depth: 0,
            include_depth: 0,
            call_depth: 0,
            lazy: 0,
            poison: None,
        }
    }

    /// Registers and lexes a source file, returning its tokens.
    pub fn add_file(&mut self, path: PathBuf, text: &str) -> PResult<(u32, Rc<[Token]>)> {
        let idx = u32::try_from(self.files.len())
            .map_err(|_| SceneError::new(SceneErrorKind::Limit, "too many source files"))?;
        self.files.push(SourceFile::new(path, Rc::from(text)));
        match lex(text, idx) {
            Ok(tokens) => Ok((idx, Rc::from(tokens))),
            Err(e) => {
                let t = Token {
                    tok: Tok::Eof,
                    kw: false,
                    file: idx,
                    line: e.line,
                    col: e.col,
                    len: e.len,
                };
                Err(self.error(&t, SceneErrorKind::Syntax, e.message))
            }
        }
    }

    // ----- diagnostics -------------------------------------------------------------

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
        if self.warnings.len() >= 1000 || self.warnings.iter().any(|w| w.message == message) {
            return;
        }
        let location = self.location(t);
        self.warnings.push(Warning { location, message });
    }

    // ----- token stream ------------------------------------------------------------

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
        tokens: Rc<[Token]>,
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

    // ----- symbols -----------------------------------------------------------------

    pub fn lookup(&self, name: &str) -> Option<&Value> {
        self.scopes.iter().rev().find_map(|s| s.get(name))
    }

    /// Index of the innermost scope that declares `name`.
    pub fn scope_of(&self, name: &str) -> Option<usize> {
        (0..self.scopes.len())
            .rev()
            .find(|&i| self.scopes[i].contains_key(name))
    }

    /// Index of the scope `#local` writes to (the innermost).
    pub fn local_scope(&self) -> usize {
        self.scopes.len() - 1
    }

    /// All identifiers visible now (for "did you mean" suggestions).
    pub fn visible_names(&self) -> Vec<Rc<str>> {
        let mut names: Vec<Rc<str>> = self.scopes.iter().flat_map(|s| s.keys().cloned()).collect();
        names.sort();
        names.dedup();
        names
    }

    /// "unknown identifier `Foo`", with a suggestion when a close name exists.
    pub fn unknown_identifier(&self, t: &Token, name: &str) -> SceneError {
        let mut e = self.error(
            t,
            SceneErrorKind::UnknownIdentifier,
            format!("unknown identifier `{name}`"),
        );
        if let Some(s) = crate::sdl::suggest::closest(name, self.visible_names().iter().map(|n| &**n)) {
            e = e.with_note(format!("did you mean `{s}`?"));
        }
        e
    }
}
