//! `#macro` definitions and macro invocation (re-reading the body's tokens in a new scope).

use std::rc::Rc;

use crate::sdl::eval::value::Value;
use crate::sdl::keywords::is_keyword;
use crate::sdl::parser::{FrameKind, PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// A macro: its parameter names and where its body lies in a token vector.
#[derive(Debug)]
pub struct MacroDef {
    pub name: Rc<str>,
    pub params: Vec<Rc<str>>,
    pub tokens: Rc<Vec<Token>>,
    /// Body is `tokens[start..end]` (`end` is the index of the closing `#end`).
    pub start: usize,
    pub end: usize,
}

impl Parser<'_> {
    /// `#macro Name(P1, P2, ...) BODY #end` — records the body and skips it.
    pub fn dir_macro(&mut self, at: &Token) -> PResult<()> {
        let name_tok = self.next_raw()?;
        let name = match &name_tok.tok {
            Tok::Word(w) if !is_keyword(w) => w.clone(),
            _ => {
                return Err(self.syntax(
                    &name_tok,
                    format!("expected a macro name after `#macro`, found {}", name_tok.tok),
                ))
            }
        };
        let open = self.next_raw()?;
        if !open.is_sym(Sym::LParen) {
            return Err(self.expected(&format!("`(` after `#macro {name}`"), &open));
        }
        let mut params: Vec<Rc<str>> = Vec::new();
        // Like POV-Ray, tolerate missing and trailing commas in the parameter list.
        loop {
            let t = self.next_raw()?;
            match &t.tok {
                Tok::Sym(Sym::RParen) => break,
                Tok::Sym(Sym::Comma) => {}
                Tok::Word(w) if !is_keyword(w) => {
                    if params.iter().any(|p| p == w) {
                        return Err(
                            self.syntax(&t, format!("parameter `{w}` appears twice in macro `{name}`"))
                        );
                    }
                    params.push(w.clone());
                }
                _ => return Err(self.expected("a parameter name, `,` or `)`", &t)),
            }
        }
        let Some(frame) = self.frames.last() else {
            return Ok(());
        };
        let tokens = frame.tokens.clone();
        let start = frame.pos;
        self.skip_macro_body(at)?;
        let end = self.frames.last().map(|f| f.pos - 1).unwrap_or(start);
        let def = MacroDef {
            name: name.clone(),
            params,
            tokens,
            start,
            end,
        };
        // Macro names are always global.
        self.scopes[0].insert(name, Value::Macro(Rc::new(def)));
        Ok(())
    }

    /// Skips to the `#end` matching a `#macro`, counting nested blocks.
    fn skip_macro_body(&mut self, at: &Token) -> PResult<()> {
        let mut depth = 0usize;
        loop {
            let Some(t) = self.next_in_frame() else {
                return Err(self.syntax(at, "expected `#end` to close `#macro`, found end of file"));
            };
            if let Tok::Directive(d) = &t.tok {
                match &**d {
                    "if" | "ifdef" | "ifndef" | "switch" | "while" | "for" | "macro" => depth += 1,
                    "end" if depth == 0 => return Ok(()),
                    "end" => depth -= 1,
                    _ => {}
                }
            }
        }
    }

    /// The raw token `n` places ahead (0 = next), looking through frame ends.
    pub fn peek_raw_nth(&self, n: usize) -> Option<&Token> {
        let mut skip = n;
        if let Some(t) = &self.lookahead {
            if skip == 0 {
                return Some(t);
            }
            skip -= 1;
        }
        for f in self.frames.iter().rev() {
            let avail = f.end.saturating_sub(f.pos);
            if skip < avail {
                return Some(&f.tokens[f.pos + skip]);
            }
            skip -= avail;
        }
        None
    }

    /// Invokes `m` (its name token was `at`): parses the arguments in the caller's scope,
    /// then pushes the body as a new frame with the parameters as locals.
    pub fn invoke_macro(&mut self, m: Rc<MacroDef>, at: Token) -> PResult<()> {
        if self.call_depth >= self.opts.limits.max_call_depth {
            return Err(self.limit(
                &at,
                format!(
                    "macro `{}` nested more than {} levels deep (runaway recursion?)",
                    m.name, self.opts.limits.max_call_depth
                ),
            ));
        }
        self.count_iteration(&at, &format!("calling macro `{}`", m.name))?;
        let open = self.next()?;
        if !open.is_sym(Sym::LParen) {
            return Err(self.expected(&format!("`(` after macro name `{}`", m.name), &open));
        }
        let mut args: Vec<(Value, Option<Rc<str>>)> = Vec::new();
        if self.peek_raw_is_sym(Sym::RParen) {
            self.next()?;
        } else {
            loop {
                // A lone identifier is passed by reference.
                let by_ref = match (self.peek_raw_nth(0), self.peek_raw_nth(1)) {
                    (Some(a), Some(b))
                        if (b.is_sym(Sym::Comma) || b.is_sym(Sym::RParen))
                            && a.word().is_some_and(|w| !is_keyword(w)) =>
                    {
                        a.word().map(Rc::from)
                    }
                    _ => None,
                };
                let start = self.peek_at();
                let v = self.parse_rvalue(&start)?;
                args.push((v, by_ref));
                let sep = self.next()?;
                if sep.is_sym(Sym::RParen) {
                    break;
                }
                if !sep.is_sym(Sym::Comma) && args.len() < m.params.len() {
                    // POV-Ray reads on without the comma (shapes.pov's demo leaves
                    // one out after an object argument).
                    self.unget(sep);
                } else if !sep.is_sym(Sym::Comma) {
                    return Err(self.expected(
                        &format!("`,` or `)` in the arguments of macro `{}`", m.name),
                        &sep,
                    ));
                }
            }
        }
        if args.len() != m.params.len() {
            return Err(self.semantic(
                &at,
                format!(
                    "macro `{}` takes {} parameter(s) but {} were given",
                    m.name,
                    m.params.len(),
                    args.len()
                ),
            ));
        }
        self.push_frame(
            m.tokens.clone(),
            m.start,
            m.end,
            FrameKind::Macro { name: m.name.clone() },
            true,
        );
        self.call_depth += 1;
        let scope = self.local_scope();
        let mut by_ref = Vec::new();
        for (param, (value, outer)) in m.params.iter().zip(args) {
            self.scopes[scope].insert(param.clone(), value);
            if let Some(o) = outer {
                by_ref.push((param.clone(), o));
            }
        }
        if let Some(f) = self.frames.last_mut() {
            f.by_ref = by_ref;
        }
        Ok(())
    }
}
