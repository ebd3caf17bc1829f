//! Control flow in the token stream: `#if`/`#ifdef`/`#ifndef`/`#else`/`#elseif`, `#switch`/
//! `#case`/`#range`/`#break`, `#while`, `#for` and the `#end` that closes them.

use crate::sdl::eval::value::Value;
use crate::sdl::keywords::is_keyword;
use crate::sdl::parser::{Cond, FrameKind, PResult, Parser};
use crate::sdl::token::{Sym, Tok, Token};

/// Where a skip over a directive block stopped.
#[derive(Debug, PartialEq, Eq)]
enum Stop {
    Else,
    ElseIf,
    Case,
    Range,
    End,
}

fn is_block_opener(d: &str) -> bool {
    matches!(
        d,
        "if" | "ifdef" | "ifndef" | "switch" | "while" | "for" | "macro"
    )
}

impl Parser<'_> {
    /// `( Float )` for `#if`, `#while`, `#elseif`: true when non-zero.
    pub fn parse_condition(&mut self, at: &Token) -> PResult<bool> {
        let v = self.parse_condition_value(at)?;
        Ok(v.abs() > 1e-10)
    }

    /// `( Float )`, parsed structurally so that what follows is not taken as an operator.
    pub fn parse_condition_value(&mut self, at: &Token) -> PResult<f64> {
        let open = self.next()?;
        if !open.is_sym(Sym::LParen) {
            let name = at.directive().unwrap_or("if");
            return Err(self.expected(&format!("`(` after `#{name}`"), &open));
        }
        let v = self.parse_float_expr()?;
        let close = self.next()?;
        if !close.is_sym(Sym::RParen) {
            let name = at.directive().unwrap_or("if");
            return Err(self.expected(&format!("`)` to close the `#{name}` condition"), &close));
        }
        Ok(v)
    }

    pub(crate) fn parse_ifdef_arg(&mut self, at: &Token) -> PResult<bool> {
        let name = at.directive().unwrap_or("ifdef").to_string();
        let open = self.next()?;
        if !open.is_sym(Sym::LParen) {
            return Err(self.expected(&format!("`(` after `#{name}`"), &open));
        }
        let defined = self.parse_defined_target()?;
        self.expect_sym(Sym::RParen, &format!("to close `#{name}`"))?;
        Ok(defined)
    }

    /// The argument of `#ifdef`, `#ifndef` and `defined()`: an identifier, optionally
    /// an array element.
    pub fn parse_defined_target(&mut self) -> PResult<bool> {
        let t = self.next_noexpand()?;
        let name = match &t.tok {
            Tok::Word(w) => w.clone(),
            _ => return Err(self.expected("an identifier", &t)),
        };
        if is_keyword(&name) {
            // Keywords are always "defined" in the sense of existing; POV-Ray reports
            // built-ins like `pi` as not declared identifiers.
            return Ok(false);
        }
        let indices = self.parse_array_indices()?;
        match self.lookup(&name) {
            None => Ok(false),
            Some(_) if indices.is_empty() => Ok(true),
            Some(Value::Array(arr)) => {
                let flat = self.flat_index(&name, arr, &indices)?;
                Ok(arr.items.get(flat).is_some_and(|x| x.is_some()))
            }
            Some(v) => Err(self.semantic(&t, format!("`{name}` is a {}, not an array", v.type_name()))),
        }
    }

    pub(crate) fn begin_if(&mut self, at: &Token, cond: bool) -> PResult<()> {
        if cond {
            self.push_cond(Cond::If, at);
            return Ok(());
        }
        loop {
            match self.skip_block(at, 0, true)? {
                Stop::Else => {
                    self.push_cond(Cond::If, at);
                    return Ok(());
                }
                Stop::ElseIf => {
                    if self.parse_condition(at)? {
                        self.push_cond(Cond::If, at);
                        return Ok(());
                    }
                }
                Stop::End => return Ok(()),
                Stop::Case | Stop::Range => {}
            }
        }
    }

    pub fn push_cond(&mut self, c: Cond, at: &Token) {
        if let Some(f) = self.frames.last_mut() {
            f.conds.push((c, at.clone()));
        }
    }

    fn top_cond(&self) -> Option<&Cond> {
        self.frames.last().and_then(|f| f.conds.last()).map(|(c, _)| c)
    }

    fn pop_cond(&mut self) -> Option<(Cond, Token)> {
        self.frames.last_mut().and_then(|f| f.conds.pop())
    }

    /// Skips raw tokens of the top frame. With `depth` 0 it stops at the first `#end`
    /// (and, when `stop_at_else`, at `#else`/`#elseif`/`#case`/`#range`) that is not
    /// inside a nested block; a positive `depth` first closes that many open blocks.
    fn skip_block(&mut self, at: &Token, mut depth: usize, stop_at_else: bool) -> PResult<Stop> {
        loop {
            let Some(t) = self.next_in_frame() else {
                let what = at.directive().unwrap_or("if").to_string();
                return Err(self.syntax(
                    at,
                    format!("expected `#end` to close `#{what}`, found end of file"),
                ));
            };
            if let Tok::Directive(d) = &t.tok {
                match &**d {
                    d if is_block_opener(d) => depth += 1,
                    "end" => {
                        if depth == 0 {
                            return Ok(Stop::End);
                        }
                        depth -= 1;
                    }
                    "else" if depth == 0 && stop_at_else => return Ok(Stop::Else),
                    "elseif" if depth == 0 && stop_at_else => return Ok(Stop::ElseIf),
                    "case" if depth == 0 && stop_at_else => return Ok(Stop::Case),
                    "range" if depth == 0 && stop_at_else => return Ok(Stop::Range),
                    _ => {}
                }
            }
        }
    }

    pub(crate) fn dir_else(&mut self, at: &Token) -> PResult<()> {
        match self.top_cond() {
            Some(Cond::If) | Some(Cond::Switch { .. }) => {
                let (_, opener) = self.pop_cond().expect("checked");
                // The taken branch is done: skip everything up to the matching `#end`.
                self.skip_block(&opener, 0, false)?;
                Ok(())
            }
            _ => {
                let d = at.directive().unwrap_or("else");
                Err(self.syntax(at, format!("`#{d}` without a matching `#if`")))
            }
        }
    }

    pub(crate) fn dir_end(&mut self, at: &Token) -> PResult<()> {
        let Some(fi) = self.frames.len().checked_sub(1) else {
            return Ok(());
        };
        enum Action {
            Pop,
            While { cond_pos: usize, after: usize },
            For { step: f64, end: f64, body_pos: usize },
        }
        let action = match self.frames[fi].conds.last() {
            None => {
                return Err(self.syntax(
                    at,
                    "`#end` without a matching `#if`, `#while`, `#for`, `#switch` or `#macro`",
                ))
            }
            Some((Cond::If | Cond::Switch { .. }, _)) => Action::Pop,
            Some((
                Cond::While {
                    cond_pos, after_end, ..
                },
                _,
            )) => Action::While {
                cond_pos: *cond_pos,
                after: after_end.unwrap_or(self.frames[fi].pos),
            },
            Some((
                Cond::For {
                    end, step, body_pos, ..
                },
                _,
            )) => Action::For {
                step: *step,
                end: *end,
                body_pos: *body_pos,
            },
        };
        match action {
            Action::Pop => {
                self.frames[fi].conds.pop();
                Ok(())
            }
            Action::While { cond_pos, after } => {
                self.count_loop(fi, "`#while` loop")?;
                if let Some((Cond::While { after_end, .. }, _)) = self.frames[fi].conds.last_mut() {
                    *after_end = Some(after);
                }
                self.frames[fi].pos = cond_pos;
                let opener = self.frames[fi]
                    .conds
                    .last()
                    .map(|(_, t)| t.clone())
                    .unwrap_or_else(|| at.clone());
                if !self.parse_condition(&opener)? {
                    let f = &mut self.frames[fi];
                    f.conds.pop();
                    f.pos = after;
                }
                Ok(())
            }
            Action::For { step, end, body_pos } => {
                self.count_loop(fi, "`#for` loop")?;
                let var = match self.frames[fi].conds.last() {
                    Some((Cond::For { var, .. }, _)) => var.clone(),
                    _ => return Ok(()),
                };
                let scope = self.scope_of(&var).unwrap_or(self.local_scope());
                let current = match self.scopes[scope].get(&*var) {
                    Some(Value::Float(f)) => *f,
                    _ => {
                        let opener = self.frames[fi]
                            .conds
                            .last()
                            .map(|(_, t)| t.clone())
                            .unwrap_or_else(|| at.clone());
                        return Err(self.semantic(
                            &opener,
                            format!("the `#for` loop counter `{var}` must stay a float"),
                        ));
                    }
                };
                let next = current + step;
                self.scopes[scope].insert(var, Value::Float(next));
                let go_on = if step > 0.0 {
                    next <= end + 1e-10
                } else {
                    next >= end - 1e-10
                };
                if go_on {
                    self.frames[fi].pos = body_pos;
                } else {
                    self.frames[fi].conds.pop();
                }
                Ok(())
            }
        }
    }

    /// Counts a loop iteration; on exceeding the limit, reports the loop's opener.
    fn count_loop(&mut self, fi: usize, what: &str) -> PResult<()> {
        self.iterations += 1;
        if self.iterations > self.opts.limits.max_loop_iterations {
            let opener = self.frames[fi]
                .conds
                .last()
                .map(|(_, t)| t.clone())
                .unwrap_or_else(|| self.eof_token());
            return Err(self.limit(
                &opener,
                format!(
                    "{what} exceeded the limit of {} loop iterations and macro calls",
                    self.opts.limits.max_loop_iterations
                ),
            ));
        }
        Ok(())
    }

    /// After `#switch (v)` (or a false clause), finds the clause to run.
    pub(crate) fn switch_scan(&mut self, at: &Token, v: f64) -> PResult<()> {
        loop {
            match self.skip_block(at, 0, true)? {
                Stop::Case => {
                    let c = self.parse_condition_value(at)?;
                    if (c - v).abs() < 1e-10 {
                        self.push_cond(Cond::Switch { value: v }, at);
                        return Ok(());
                    }
                }
                Stop::Range => {
                    let (lo, hi) = self.parse_range_args(at)?;
                    if lo <= v && v <= hi {
                        self.push_cond(Cond::Switch { value: v }, at);
                        return Ok(());
                    }
                }
                Stop::Else => {
                    self.push_cond(Cond::Switch { value: v }, at);
                    return Ok(());
                }
                Stop::ElseIf => {
                    return Err(self.syntax(at, "`#elseif` is not allowed directly inside `#switch`"))
                }
                Stop::End => return Ok(()),
            }
        }
    }

    fn parse_range_args(&mut self, at: &Token) -> PResult<(f64, f64)> {
        let open = self.next()?;
        if !open.is_sym(Sym::LParen) {
            return Err(self.expected("`(` after `#range`", &open));
        }
        let lo = self.parse_float_expr()?;
        self.expect_sym(Sym::Comma, "between the `#range` bounds")?;
        let hi = self.parse_float_expr()?;
        self.expect_sym(Sym::RParen, "to close `#range`")?;
        let _ = at;
        Ok((lo, hi))
    }

    /// `#case`/`#range` reached while running a clause: fall through if it matches.
    pub(crate) fn dir_case(&mut self, at: &Token) -> PResult<()> {
        let Some(Cond::Switch { value: v }) = self.top_cond().cloned() else {
            let d = at.directive().unwrap_or("case");
            return Err(self.syntax(at, format!("`#{d}` outside of `#switch`")));
        };
        let matched = if at.directive() == Some("case") {
            let c = self.parse_condition_value(at)?;
            (c - v).abs() < 1e-10
        } else {
            let (lo, hi) = self.parse_range_args(at)?;
            lo <= v && v <= hi
        };
        if matched {
            return Ok(());
        }
        let (_, opener) = self.pop_cond().expect("checked");
        self.switch_scan(&opener, v)
    }

    pub(crate) fn dir_break(&mut self, at: &Token) -> PResult<()> {
        let fi = self.frames.len().saturating_sub(1);
        let Some(frame) = self.frames.get(fi) else {
            return Ok(());
        };
        let target = frame.conds.iter().rposition(|(c, _)| !matches!(c, Cond::If));
        match target {
            Some(idx) => {
                let ifs = self.frames[fi].conds.len() - 1 - idx;
                let opener = self.frames[fi].conds[idx].1.clone();
                self.frames[fi].conds.truncate(idx);
                self.skip_block(&opener, ifs, false)?;
                Ok(())
            }
            None if matches!(self.frames[fi].kind, FrameKind::Macro { .. }) => {
                let f = &mut self.frames[fi];
                f.conds.clear();
                f.pos = f.end;
                Ok(())
            }
            None => Err(self.syntax(at, "`#break` outside of `#switch`, `#while`, `#for` or `#macro`")),
        }
    }

    // ----- loops ------------------------------------------------------------------------

    pub(crate) fn dir_while(&mut self, at: &Token) -> PResult<()> {
        let cond_pos = self.frames.last().map(|f| f.pos).unwrap_or(0);
        if self.parse_condition(at)? {
            self.push_cond(
                Cond::While {
                    cond_pos,
                    after_end: None,
                },
                at,
            );
        } else {
            self.skip_block(at, 0, false)?;
        }
        Ok(())
    }

    pub(crate) fn dir_for(&mut self, at: &Token) -> PResult<()> {
        let open = self.next()?;
        if !open.is_sym(Sym::LParen) {
            return Err(self.expected("`(` after `#for`", &open));
        }
        let (var, var_tok) = self.read_identifier_name("as the `#for` loop counter")?;
        self.expect_sym(Sym::Comma, "after the `#for` loop counter")?;
        let start = self.parse_float_expr()?;
        self.expect_sym(Sym::Comma, "after the `#for` start value")?;
        let end = self.parse_float_expr()?;
        let step = if self.accept_sym_raw(Sym::Comma)? {
            self.parse_float_expr()?
        } else {
            1.0
        };
        self.expect_sym(Sym::RParen, "to close `#for (...)`")?;
        if step == 0.0 || !step.is_finite() || !start.is_finite() || !end.is_finite() {
            return Err(self.semantic(at, "`#for` needs finite start and end values and a non-zero step"));
        }
        self.assign(&var_tok, &var, Value::Float(start), true)?;
        let run = if step > 0.0 {
            start <= end + 1e-10
        } else {
            start >= end - 1e-10
        };
        if run {
            let body_pos = self.frames.last().map(|f| f.pos).unwrap_or(0);
            self.push_cond(
                Cond::For {
                    var,
                    end,
                    step,
                    body_pos,
                },
                at,
            );
        } else {
            self.skip_block(at, 0, false)?;
        }
        Ok(())
    }
}
