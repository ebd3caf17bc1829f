//! The patterns `mandel`, `julia`, `magnet`, `ripples` and `waves`, and the fractal
//! modifiers `exponent`, `exterior` and `interior`, read as POV-Ray 3.7.0 reads them.

use glam::DVec2;

use crate::scene::pattern::{Fractal, FractalKind, PatternKind};
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// The most iterations spotray lets a fractal pattern run per point (POV-Ray has no
/// limit; every pattern point pays for them).
pub const MAX_ITERATIONS: f64 = 100_000.0;

/// Whether `w` is one of the pattern names this file reads.
pub(crate) fn is_fractal_pattern_name(w: &str) -> bool {
    matches!(w, "mandel" | "julia" | "magnet" | "ripples" | "waves")
}

/// Whether `w` is a fractal modifier.
pub(crate) fn is_fractal_modifier(w: &str) -> bool {
    matches!(w, "exponent" | "exterior" | "interior")
}

/// A float as POV-Ray's `(int)` cast takes it, `None` when out of the 32-bit range.
fn whole(v: f64) -> Option<i64> {
    (v > -2_147_483_649.0 && v < 2_147_483_648.0).then(|| v.trunc() as i64)
}

impl Parser<'_> {
    /// The arguments of the pattern `w` (for which [`is_fractal_pattern_name`] holds)
    /// after its keyword `t`: `mandel ITERATIONS`, `julia <c>, ITERATIONS`,
    /// `magnet 1|2 mandel ITERATIONS`, `magnet 1|2 julia <c>, ITERATIONS`; `ripples`
    /// and `waves` take none.
    pub(crate) fn parse_fractal_pattern(&mut self, t: &Token, w: &str) -> PResult<PatternKind> {
        let kind = match w {
            "ripples" => return Ok(PatternKind::Ripples),
            "waves" => return Ok(PatternKind::Waves),
            "mandel" => FractalKind::Mandel,
            "julia" => FractalKind::Julia(self.parse_julia_parameter()?),
            _ => {
                let at = self.peek_at();
                let v = self.parse_float()?;
                let second = match whole(v) {
                    Some(1) => false,
                    Some(2) => true,
                    _ => return Err(self.semantic(&at, format!("`magnet` is of type 1 or 2, not {v}"))),
                };
                let which = self.next()?;
                match which.word() {
                    Some("mandel") => FractalKind::MagnetMandel { second },
                    Some("julia") => FractalKind::MagnetJulia {
                        second,
                        c: self.parse_julia_parameter()?,
                    },
                    _ => {
                        return Err(
                            self.expected("`mandel` or `julia` after `magnet 1` or `magnet 2`", &which)
                        )
                    }
                }
            }
        };
        let at = self.peek_at();
        let v = self.parse_float()?;
        let iterations = match whole(v) {
            Some(n) if n >= 0 && n as f64 <= MAX_ITERATIONS => n as u32,
            _ => {
                return Err(self.limit(
                    &at,
                    format!("`{w}` takes 0 to {MAX_ITERATIONS} iterations, not {v}"),
                ))
            }
        };
        let _ = t;
        Ok(PatternKind::Fractal(Fractal::new(kind, iterations)))
    }

    /// `<c>,` of a julia pattern: a 2D vector (a float is taken for both) and an
    /// optional comma.
    fn parse_julia_parameter(&mut self) -> PResult<DVec2> {
        let v = self.parse_vector_n(2)?;
        self.accept_sym_raw(Sym::Comma)?;
        Ok(DVec2::new(v.c[0], v.c[1]))
    }

    /// `exponent N`, `exterior TYPE, FACTOR` or `interior TYPE, FACTOR` (the word `w`,
    /// token `t`) on the pattern `kind`, which must be a fractal (POV-Ray refuses them
    /// on others). An exponent outside 2 to 33 gives exponent 2 with a warning, as in
    /// POV-Ray; types out of range are refused.
    pub(crate) fn fractal_modifier(&mut self, t: &Token, w: &str, kind: &mut PatternKind) -> PResult<()> {
        let PatternKind::Fractal(fractal) = kind else {
            let what = if w == "exponent" {
                "mandel and julia"
            } else {
                "mandel, julia and magnet"
            };
            return Err(self.semantic(t, format!("`{w}` is only for the {what} patterns")));
        };
        if w == "exponent" {
            if !matches!(fractal.kind, FractalKind::Mandel | FractalKind::Julia(_)) {
                return Err(self.semantic(t, "`exponent` is only for the mandel and julia patterns"));
            }
            let v = self.parse_float()?;
            fractal.exponent = match whole(v) {
                Some(n) if (2..=Fractal::MAX_EXPONENT as i64).contains(&n) => n as u32,
                _ => {
                    self.warn(
                        t,
                        format!(
                            "fractal `exponent` is 2 to {}, not {v}; using exponent 2",
                            Fractal::MAX_EXPONENT
                        ),
                    );
                    2
                }
            };
            return Ok(());
        }
        let (max, exterior) = if w == "exterior" {
            (Fractal::MAX_EXTERIOR, true)
        } else {
            (Fractal::MAX_INTERIOR, false)
        };
        let at = self.peek_at();
        let v = self.parse_float()?;
        let kind = match whole(v) {
            Some(n) if (0..=max as i64).contains(&n) => n as u8,
            _ => return Err(self.semantic(&at, format!("`{w}` types are 0 to {max}, not {v}"))),
        };
        self.accept_sym_raw(Sym::Comma)?;
        let factor = self.parse_float()?;
        if exterior {
            fractal.exterior = (kind, factor);
        } else {
            fractal.interior = (kind, factor);
        }
        Ok(())
    }
}
