//! Language directives handled in the token stream: `#declare`/`#local`/`#undef`,
//! conditionals (`#if`, `#ifdef`, `#switch`), loops (`#while`, `#for`, `#break`),
//! `#version`, `#default`, `#include` and the message directives.

use std::rc::Rc;

use crate::sdl::error::SceneErrorKind;
use crate::sdl::keywords::is_keyword;
use crate::sdl::parser::{FrameKind, PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// What `version` reads before any `#version` directive: POV-Ray 3.7.0.10 prints 3.700.
/// (A scene with no `#version` at all is still treated as older for gamma; see
/// `Scene::legacy_gamma`.)
pub const DEFAULT_VERSION: f64 = 3.7;

impl Parser<'_> {
    /// Runs one directive; `t` is the `#name` token.
    pub fn directive(&mut self, t: Token) -> PResult<()> {
        let Tok::Directive(name) = &t.tok else {
            return Ok(());
        };
        let name = name.clone();
        match &*name {
            "declare" => self.dir_declare(&t, false),
            "local" => self.dir_declare(&t, true),
            "undef" => self.dir_undef(&t),
            "if" => {
                let c = self.parse_condition(&t)?;
                self.begin_if(&t, c)
            }
            "ifdef" | "ifndef" => {
                let defined = self.parse_ifdef_arg(&t)?;
                self.begin_if(&t, defined == (&*name == "ifdef"))
            }
            "elseif" | "else" => self.dir_else(&t),
            "end" => self.dir_end(&t),
            "switch" => {
                let v = self.parse_condition_value(&t)?;
                self.switch_scan(&t, v)
            }
            "case" | "range" => self.dir_case(&t),
            "break" => self.dir_break(&t),
            "while" => self.dir_while(&t),
            "for" => self.dir_for(&t),
            "macro" => self.dir_macro(&t),
            "include" => self.dir_include(&t),
            "version" => {
                let v = self.parse_float()?;
                self.accept_sym_raw(Sym::Semicolon)?;
                if !v.is_finite() {
                    return Err(self.semantic(&t, "`#version` needs a finite number"));
                }
                self.version = Some(v);
                self.version_seen = true;
                if !self
                    .frames
                    .iter()
                    .any(|f| matches!(f.kind, FrameKind::Include { .. }))
                {
                    self.version_set_in_scene = true;
                    if v < 3.7 {
                        self.not_rendered(
                            &t,
                            &format!("#version {v}"),
                            "spotray follows POV-Ray 3.7's rules; what POV-Ray does differently for older scenes is not reproduced",
                        );
                    }
                }
                Ok(())
            }
            "default" => self.dir_default(&t),
            "debug" | "render" | "statistics" => {
                // POV-Ray's debug, render and statistics streams, which its console shows
                // by default: shown with the warnings, with their location.
                let s = self.parse_string()?;
                let msg = s.trim_end().to_string();
                if !msg.is_empty() {
                    self.user_message(&t, format!("#{name}: {msg}"));
                }
                Ok(())
            }
            "warning" => {
                let s = self.parse_string()?;
                let msg = s.trim_end().to_string();
                self.user_message(&t, format!("#warning: {msg}"));
                Ok(())
            }
            "error" => {
                let s = self.parse_string()?;
                Err(self.semantic(&t, format!("#error: {}", s.trim_end())))
            }
            "fopen" => self.dir_fopen(&t),
            "fclose" => self.dir_fclose(&t),
            "read" => self.dir_read(&t),
            "write" => self.dir_write(&t),
            "max_trace_level" | "max_intersections" => {
                let v = self.parse_float()?;
                if &*name == "max_trace_level" {
                    self.scene.global.max_trace_level = self.float_to_u32(&t, v, "max_trace_level")?;
                }
                self.warn(
                    &t,
                    format!("`#{name}` is obsolete; put it in global_settings without `#`"),
                );
                Ok(())
            }
            _ => {
                let mut e = self.syntax(&t, format!("unknown directive `#{name}`"));
                const KNOWN: &[&str] = &[
                    "declare", "local", "undef", "if", "ifdef", "ifndef", "elseif", "else", "end", "switch",
                    "case", "range", "break", "while", "for", "macro", "include", "version", "default",
                    "debug", "warning", "error", "fopen", "fclose", "read", "write",
                ];
                if let Some(s) = crate::sdl::suggest::closest(&name, KNOWN.iter().copied()) {
                    e = e.with_note(format!("did you mean `#{s}`?"));
                }
                Err(e)
            }
        }
    }

    /// Reads an identifier name without expanding it.
    pub(crate) fn read_identifier_name(&mut self, context: &str) -> PResult<(Rc<str>, Token)> {
        let t = self.next_raw()?;
        match &t.tok {
            Tok::Word(w) if is_keyword(w) => Err(self.syntax(
                &t,
                format!("expected an identifier {context}, found POV-Ray keyword `{w}` (keywords cannot be redefined)"),
            )),
            Tok::Word(w) => Ok((w.clone(), t.clone())),
            _ => Err(self.syntax(
                &t,
                format!("expected an identifier {context}, found {}", t.tok),
            )),
        }
    }

    fn dir_undef(&mut self, _at: &Token) -> PResult<()> {
        let (name, _) = self.read_identifier_name("after `#undef`")?;
        if let Some(s) = self.scope_of(&name) {
            self.scopes[s].remove(&*name);
        }
        Ok(())
    }

    // ----- #default -----------------------------------------------------------------------

    pub(crate) fn dir_default(&mut self, at: &Token) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `#default`")?;
        loop {
            let t = self.next()?;
            match t.word() {
                Some("texture") => {
                    let layers = self.parse_texture_block(&t)?;
                    if layers.len() > 1 {
                        self.warn(&t, "a layered texture cannot be a default; using its top layer");
                    }
                    if let Some(top) = layers.last() {
                        self.default_texture = top.clone();
                    }
                }
                Some("pigment") => {
                    let start = self.default_texture.pigment.clone();
                    self.default_texture.pigment = self.parse_pigment_block(&t, start)?;
                }
                Some("finish") => {
                    let start = (*self.default_texture.finish).clone();
                    let f = self.parse_finish_block(&t, start)?;
                    self.default_texture.finish = self.finishes.share(f);
                }
                Some("normal") => {
                    let start = self.default_texture.normal.clone();
                    self.default_texture.normal = self.parse_normal_block(&t, start)?;
                }
                _ if t.is_sym(Sym::RBrace) => return Ok(()),
                _ => {
                    return Err(self.expected(
                        "`texture`, `pigment`, `finish`, `normal` or `}` to close `#default`",
                        &t,
                    ))
                }
            }
            let _ = at;
        }
    }

    /// Converts a float to an unsigned integer setting, rejecting negative, non-finite or
    /// huge values.
    pub fn float_to_u32(&self, at: &Token, v: f64, what: &str) -> PResult<u32> {
        if v.is_finite() && v >= 0.0 && v <= u32::MAX as f64 {
            Ok(v as u32)
        } else {
            Err(self.error(
                at,
                SceneErrorKind::Semantic,
                format!("`{what}` needs a non-negative whole number, found {v}"),
            ))
        }
    }
}
