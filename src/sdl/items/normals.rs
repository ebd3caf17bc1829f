//! `normal { ... }`: the perturbation patterns and their modifiers.

use crate::scene::{Normal, NormalPattern};
use crate::sdl::eval::value::Value;
use crate::sdl::items::pigments::{is_ignored_pattern_modifier, is_pattern_name, is_unsupported_pattern};
use crate::sdl::items::transform::compose;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `normal { ... }` after keyword `t`, modifying `start`.
    pub fn parse_normal_block(&mut self, t: &Token, start: Option<Normal>) -> PResult<Option<Normal>> {
        self.expect_sym(Sym::LBrace, "after `normal`")?;
        self.enter(t)?;
        let r = self.normal_body(start);
        self.leave();
        r
    }

    fn normal_body(&mut self, start: Option<Normal>) -> PResult<Option<Normal>> {
        let mut n = start;
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(n);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a normal item or `}` to close `normal`", &item));
            };
            if !item.kw {
                let base = self.block_base(&item, &w, "a normal", |v| match v {
                    Value::Normal(x) if first => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    n = Some(base);
                }
                first = false;
                continue;
            }
            first = false;
            let kind = match w.as_str() {
                "bumps" => Some(NormalPattern::Bumps),
                "dents" => Some(NormalPattern::Dents),
                "ripples" => Some(NormalPattern::Ripples),
                "waves" => Some(NormalPattern::Waves),
                "wrinkles" => Some(NormalPattern::Wrinkles),
                _ => None,
            };
            if let Some(kind) = kind {
                // `bumps 0.5` or, as POV-Ray also reads it, `bumps, 0.5`.
                self.accept_sym_raw(Sym::Comma)?;
                let amount = if self.starts_float() {
                    self.parse_float()?
                } else {
                    0.5
                };
                let transform = n.as_ref().and_then(|x| x.transform.clone());
                n = Some(Normal {
                    kind,
                    amount,
                    transform,
                });
                continue;
            }
            match w.as_str() {
                "bump_size" => {
                    let a = self.parse_float()?;
                    if let Some(x) = &mut n {
                        x.amount = a;
                    }
                }
                _ if crate::sdl::items::transform::is_transform_keyword(&w) => {
                    let m = self.parse_transform_item(&item)?.expect("transform keyword");
                    if let Some(x) = &mut n {
                        x.transform = Some(Box::new(compose(m, x.transform.as_deref().copied())));
                    }
                }
                _ if is_ignored_pattern_modifier(&w) => {
                    self.skip_modifier_value(&w)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "warp" | "normal_map" | "slope_map" => {
                    self.skip_braced_block(&item)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                "no_bump_scale" | "accuracy" => {
                    if self.starts_float() {
                        self.parse_float()?;
                    }
                }
                _ if is_pattern_name(&w)
                    || is_unsupported_pattern(&w)
                    || w == "checker"
                    || w == "bump_map" =>
                {
                    if w == "bump_map" || w == "gradient" {
                        if w == "gradient" {
                            self.parse_vector3()?;
                        } else {
                            self.skip_braced_block(&item)?;
                        }
                    }
                    self.accept_sym_raw(Sym::Comma)?;
                    if self.starts_float() {
                        self.parse_float()?;
                    }
                    self.warn(
                        &item,
                        format!("normal pattern `{w}` is not supported by spotray; the normal is ignored"),
                    );
                    n = None;
                }
                _ => return Err(self.expected("a normal pattern, modifier or `}` to close `normal`", &item)),
            }
        }
    }
}
