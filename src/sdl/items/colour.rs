//! Colour expressions: `color`/`colour`, `rgb`/`rgbf`/`rgbt`/`rgbft`, `srgb...`,
//! component keywords (`red 1 green .5`), identifiers and colour arithmetic.

use crate::sdl::eval::expr::Operand;
use crate::sdl::eval::value::Vector;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Tok, Token};

/// sRGB transfer function decode (encoded value to linear).
pub fn srgb_to_linear(v: f64) -> f64 {
    if v <= 0.04045 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

fn component_index(w: &str) -> Option<usize> {
    match w {
        "red" => Some(0),
        "green" => Some(1),
        "blue" => Some(2),
        "filter" => Some(3),
        "transmit" => Some(4),
        _ => None,
    }
}

fn is_colour_vector_keyword(w: &str) -> bool {
    matches!(
        w,
        "rgb" | "rgbf" | "rgbt" | "rgbft" | "srgb" | "srgbf" | "srgbt" | "srgbft"
    )
}

impl Parser<'_> {
    /// A colour, as a 5-component vector (r, g, b, filter, transmit).
    pub fn parse_colour(&mut self) -> PResult<Vector> {
        let mut t = self.next()?;
        if t.is_word("color") || t.is_word("colour") {
            t = self.next()?;
        }
        let mut col = match t.word() {
            Some(w) if is_colour_vector_keyword(w) => {
                let w = w.to_string();
                self.colour_vector(&t, &w)?
            }
            Some(w) if component_index(w).is_some() => {
                self.unget(t);
                Vector::splat(0.0, 5)
            }
            _ => {
                let at = t.clone();
                self.unget(t);
                match self.parse_expr()? {
                    Operand::Num(n) => n.to_vector(5),
                    Operand::Str(_) => return Err(self.semantic(&at, "expected a colour, found a string")),
                }
            }
        };
        // Component keywords may follow (and override) the colour so far.
        while let Some(idx) = self.peek_raw().and_then(|t| t.word()).and_then(component_index) {
            self.next()?;
            col.c[idx] = self.parse_float()?;
        }
        col.n = 5;
        Ok(col)
    }

    /// `rgb <...>` and friends; `kw` (token `t`) was just read.
    fn colour_vector(&mut self, t: &Token, kw: &str) -> PResult<Vector> {
        let v = match self.parse_additive()? {
            Operand::Num(n) => n,
            Operand::Str(_) => return Err(self.semantic(t, format!("`{kw}` needs a vector, found a string"))),
        };
        let base = kw.trim_start_matches('s');
        let mut c = [0.0; 5];
        match base {
            "rgb" => {
                let v = v.to_vector(3);
                c[..3].copy_from_slice(&v.c[..3]);
            }
            "rgbf" => {
                let v = v.to_vector(4);
                c[..4].copy_from_slice(&v.c[..4]);
            }
            "rgbt" => {
                let v = v.to_vector(4);
                c[..3].copy_from_slice(&v.c[..3]);
                c[4] = v.c[3];
            }
            _ => {
                let v = v.to_vector(5);
                c = v.c;
            }
        }
        if kw.starts_with('s') {
            let gamma = self.scene.global.assumed_gamma.unwrap_or(1.0);
            for x in c.iter_mut().take(3) {
                let lin = srgb_to_linear(*x);
                *x = if gamma > 0.0 && gamma != 1.0 {
                    lin.powf(1.0 / gamma)
                } else {
                    lin
                };
            }
        }
        Ok(Vector { n: 5, c })
    }

    /// True when the next raw token can begin a colour.
    pub fn starts_colour(&self) -> bool {
        match self.peek_raw().map(|t| &t.tok) {
            Some(Tok::Word(w)) => {
                matches!(&**w, "color" | "colour")
                    || is_colour_vector_keyword(w)
                    || component_index(w).is_some()
                    || (!crate::sdl::keywords::is_keyword(w)
                        && matches!(
                            self.lookup(w),
                            Some(crate::sdl::eval::value::Value::Vector(_))
                                | Some(crate::sdl::eval::value::Value::Float(_))
                        ))
                    || matches!(&**w, "x" | "y" | "z")
            }
            Some(Tok::Number(_)) => true,
            Some(Tok::Sym(
                crate::sdl::token::Sym::Lt | crate::sdl::token::Sym::LParen | crate::sdl::token::Sym::Minus,
            )) => true,
            _ => false,
        }
    }

    /// A colour's rgb part as a float-or-colour value (for `ambient`, `reflection`, ...).
    pub fn parse_colour_rgb(&mut self) -> PResult<glam::DVec3> {
        Ok(self.parse_colour()?.to_dvec3())
    }
}
