//! The parser state: source files, the token stream with its include/macro frames,
//! symbol tables, diagnostics, and the scene being built.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;
use std::sync::Arc;

use crate::scene::{Colour, Finish, GlobalSettings, ImageData, Light, Object, Pigment, SkySphere, Texture};
use crate::sdl::error::{SceneError, SceneErrorKind, Warning};
use crate::sdl::eval::value::{Poison, Value};
use crate::sdl::finish_table::FinishTable;
use crate::sdl::items::camera::CameraSpec;
use crate::sdl::lexer::lex_within;
use crate::sdl::token::{Tok, Token};
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
    pub tokens: Rc<Vec<Token>>,
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
    /// The `background` was read under a language version below 3.7 (or none yet).
    pub legacy_background: bool,
    pub sky_sphere: Option<SkySphere>,
    pub fogs: Vec<crate::scene::Fog>,
    pub rainbows: Vec<crate::scene::Rainbow>,
    pub atmosphere: Vec<crate::scene::Media>,
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
    /// One copy of each distinct finish in the scene.
    pub finishes: FinishTable,
    /// Data files opened with `#fopen`, by slot; `None` once closed.
    pub user_files: Vec<Option<crate::sdl::eval::fileio::UserFile>>,
    /// Bytes written to data files so far.
    pub written_bytes: u64,
    /// Declared objects compiled for `trace`, `inside` and the extents.
    pub geometry: crate::sdl::eval::geometry::GeometryCache,
    /// `#version` in force (`None` until a directive sets it).
    pub version: Option<f64>,
    /// Whether the main scene file itself used `#version`.
    pub version_set_in_scene: bool,
    /// Whether any `#version` ran, an include file's included.
    pub version_seen: bool,
    pub scene: SceneBuilder,
    pub rand_streams: Vec<u32>,
    pub image_cache: HashMap<PathBuf, Arc<ImageData>>,
    /// Fonts read so far, by path, with the glyph outlines taken from them.
    pub fonts: HashMap<PathBuf, Rc<std::cell::RefCell<crate::sdl::font::Font>>>,
    /// `global_settings { charset }`: picks the character map `text` reads.
    pub charset: crate::sdl::font::Charset,
    /// Each source file's index and tokens, by path, for files included again.
    pub lexed: HashMap<PathBuf, (u32, Rc<Vec<Token>>)>,
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
                finish: Arc::new(Finish::default()),
                normal: None,
                map: None,
                uv: false,
            },
            finishes: FinishTable::default(),
            user_files: Vec::new(),
            geometry: Default::default(),
            written_bytes: 0,
            version: None,
            version_set_in_scene: false,
            version_seen: false,
            scene: SceneBuilder {
                camera: None,
                objects: Vec::new(),
                lights: Vec::new(),
                background: Colour {
                    transmit: 1.0,
                    ..Colour::BLACK
                },
                legacy_background: false,
                sky_sphere: None,
                fogs: Vec::new(),
                rainbows: Vec::new(),
                atmosphere: Vec::new(),
                global: GlobalSettings::default(),
            },
            rand_streams: Vec::new(),
            image_cache: HashMap::new(),
            fonts: HashMap::new(),
            charset: Default::default(),
            lexed: HashMap::new(),
            depth: 0,
            include_depth: 0,
            call_depth: 0,
            lazy: 0,
            poison: None,
        }
    }

    /// Registers and lexes a source file, returning its tokens. A file included again
    /// (in a loop, say) is lexed and held once.
    pub fn add_file(&mut self, path: PathBuf, text: &str) -> PResult<(u32, Rc<Vec<Token>>)> {
        if let Some((idx, tokens)) = self.lexed.get(&path) {
            if self.files[*idx as usize].text.as_ref() == text {
                return Ok((*idx, tokens.clone()));
            }
        }
        let idx = u32::try_from(self.files.len())
            .map_err(|_| SceneError::new(SceneErrorKind::Limit, "too many source files"))?;
        self.files.push(SourceFile::new(path.clone(), Rc::from(text)));
        match lex_within(text, idx, self.opts.memory) {
            Ok(mut tokens) => {
                tokens.shrink_to_fit();
                let tokens: Rc<Vec<Token>> = Rc::new(tokens);
                self.lexed.insert(path, (idx, tokens.clone()));
                Ok((idx, tokens))
            }
            Err(e) => {
                let t = Token {
                    tok: Tok::Eof,
                    kw: false,
                    file: idx,
                    line: e.line,
                    col: e.col,
                    len: e.len,
                };
                let kind = if e.over_budget {
                    SceneErrorKind::Limit
                } else {
                    SceneErrorKind::Syntax
                };
                Err(self.error(&t, kind, e.message))
            }
        }
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
