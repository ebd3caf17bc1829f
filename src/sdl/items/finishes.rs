//! `finish { ... }`, `reflection { ... }` included.

use crate::scene::Finish;
use crate::sdl::eval::value::Value;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// `finish { ... }` after keyword `t`, modifying `start`.
    pub fn parse_finish_block(&mut self, t: &Token, start: Finish) -> PResult<Finish> {
        self.expect_sym(Sym::LBrace, "after `finish`")?;
        self.enter(t)?;
        let r = self.finish_body(start);
        self.leave();
        r
    }

    fn finish_body(&mut self, start: Finish) -> PResult<Finish> {
        let mut f = start;
        let mut first = true;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(f);
            }
            let Some(w) = item.word().map(str::to_string) else {
                return Err(self.expected("a finish item or `}` to close `finish`", &item));
            };
            if !item.kw {
                let base = self.block_base(&item, &w, "a finish", |v| match v {
                    Value::Finish(x) if first => Some((**x).clone()),
                    _ => None,
                })?;
                if let Some(base) = base {
                    f = base;
                }
                first = false;
                continue;
            }
            first = false;
            match w.as_str() {
                "ambient" => f.ambient = self.parse_colour_rgb()?,
                "emission" => f.emission = self.parse_colour_rgb()?,
                "diffuse" => {
                    if self.peek_raw_is_word("albedo") {
                        self.next()?;
                    }
                    f.diffuse = self.parse_float()?;
                    if self.accept_sym_raw(Sym::Comma)? {
                        self.parse_float()?;
                        self.warn(&item, "the backside `diffuse` value is ignored");
                    }
                }
                "brilliance" => f.brilliance = self.parse_float()?,
                "specular" => {
                    if self.peek_raw_is_word("albedo") {
                        self.next()?;
                    }
                    f.specular = self.parse_float()?;
                }
                "roughness" => {
                    let r = self.parse_float()?;
                    if r <= 0.0 {
                        return Err(self.semantic(&item, "`roughness` must be greater than 0"));
                    }
                    f.roughness = r;
                }
                "phong" => {
                    if self.peek_raw_is_word("albedo") {
                        self.next()?;
                    }
                    f.phong = self.parse_float()?;
                }
                "phong_size" => f.phong_size = self.parse_float()?,
                "metallic" => {
                    f.metallic = if self.starts_float() {
                        self.parse_float()?
                    } else {
                        1.0
                    };
                }
                "reflection" => {
                    if self.peek_raw_is_sym(Sym::LBrace) {
                        self.parse_reflection_block(&item, &mut f)?;
                    } else {
                        let c = self.parse_colour_rgb()?;
                        f.reflection_min = c;
                        f.reflection_max = c;
                    }
                }
                "reflection_exponent" => {
                    f.reflection_falloff = self.parse_float()?;
                }
                "conserve_energy" => f.conserve_energy = self.parse_optional_bool()?,
                "fresnel" => f.reflection_fresnel = self.parse_optional_bool()?,
                "crand" => {
                    self.parse_float()?;
                    self.warn(&item, "`crand` is ignored by spotray");
                }
                "irid" | "subsurface" => {
                    self.skip_braced_block(&item)?;
                    self.warn(&item, format!("`{w}` is ignored by spotray"));
                }
                _ => return Err(self.expected("a finish item or `}` to close `finish`", &item)),
            }
        }
    }

    /// `reflection { [min,] max [fresnel b] [falloff f] [exponent f] [metallic f] }`.
    fn parse_reflection_block(&mut self, t: &Token, f: &mut Finish) -> PResult<()> {
        self.expect_sym(Sym::LBrace, "after `reflection`")?;
        let first = self.parse_colour_rgb()?;
        // The comma between the two is optional, as everywhere in POV-Ray.
        if self.accept_sym_raw(Sym::Comma)? || self.starts_colour() {
            let max = self.parse_colour_rgb()?;
            f.reflection_min = first;
            f.reflection_max = max;
        } else {
            f.reflection_min = first;
            f.reflection_max = first;
        }
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                return Ok(());
            }
            match item.word() {
                Some("fresnel") => f.reflection_fresnel = self.parse_optional_bool()?,
                Some("falloff") => f.reflection_falloff = self.parse_float()?,
                Some("exponent") => {
                    self.parse_float()?;
                    self.warn(&item, "reflection `exponent` is ignored by spotray");
                }
                Some("metallic") => {
                    f.reflection_metallic = if self.starts_float() {
                        self.parse_float()?
                    } else {
                        1.0
                    };
                }
                _ => {
                    return Err(self.expected(
                        "`fresnel`, `falloff`, `exponent`, `metallic` or `}` to close `reflection`",
                        &item,
                    ))
                }
            }
            let _ = t;
        }
    }
}
