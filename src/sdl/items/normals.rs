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
                // A list pattern's own normals (`checker normal { } normal { }`) and the
                // modifiers of the patterns above, read so that the rest parses.
                "normal" => {
                    self.skip_braced_block(&item)?;
                }
                "control0" | "control1" | "metric" | "offset" | "mortar" | "coords" | "size"
                | "interpolate" | "exponent" => {
                    self.parse_float()?;
                }
                "form" | "brick_size" => {
                    self.parse_vector3()?;
                }
                "interior" | "exterior" => {
                    self.parse_float()?;
                    self.accept_sym_raw(Sym::Comma)?;
                    self.parse_float()?;
                }
                "solid" | "repeat" => {}
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
                    self.skip_pattern_arguments(&w, &item)?;
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

    /// Consumes what follows an unmodelled pattern's name before its amount, as POV-Ray
    /// reads it: `mandel 200`, `julia <0.35, 0.3> 30`, `magnet 1 mandel 50`,
    /// `density_file df3 "f.df3"`, `pigment_pattern { }`, `gradient x`.
    fn skip_pattern_arguments(&mut self, w: &str, item: &Token) -> PResult<()> {
        match w {
            "gradient" => {
                self.parse_vector3()?;
            }
            "mandel" | "spiral1" | "spiral2" => {
                self.parse_float()?;
            }
            "julia" => {
                self.parse_vector_n(2)?;
                self.accept_sym_raw(Sym::Comma)?;
                self.parse_float()?;
            }
            "magnet" => {
                self.parse_float()?;
                let kind = self.next()?;
                if kind.is_word("julia") {
                    self.parse_vector_n(2)?;
                    self.accept_sym_raw(Sym::Comma)?;
                } else if !kind.is_word("mandel") {
                    return Err(self.expected("`mandel` or `julia` after `magnet`'s type", &kind));
                }
                self.parse_float()?;
            }
            "density_file" => {
                let kind = self.next()?;
                if !kind.is_word("df3") {
                    return Err(self.expected("`df3` after `density_file`", &kind));
                }
                self.parse_string()?;
            }
            "bump_map" | "pigment_pattern" | "image_pattern" | "object" | "function" | "slope" => {
                if self.peek_raw_is_sym(Sym::LBrace) {
                    self.skip_braced_block(item)?;
                } else if w == "slope" {
                    self.parse_vector3()?;
                }
            }
            _ => {}
        }
        Ok(())
    }
}
