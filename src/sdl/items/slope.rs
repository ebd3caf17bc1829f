//! `slope <V>` and `slope { [point_at] <V> [, lo, hi] [altitude <A> [, lo, hi]] }`, kept
//! as POV-Ray 3.7.0 keeps them.

use crate::scene::pattern::SlopeSettings;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

impl Parser<'_> {
    /// The slope pattern's settings after its keyword `t`.
    pub(crate) fn parse_slope(&mut self, t: &Token) -> PResult<SlopeSettings> {
        let mut s = SlopeSettings {
            direction: glam::DVec3::ZERO,
            slope_weight: 0.0,
            slope_range: (0.0, 0.0),
            altitude: glam::DVec3::ZERO,
            altitude_weight: 0.0,
            altitude_range: (0.0, 0.0),
            point_at: false,
        };
        if self.peek_raw_is_sym(Sym::LBrace) {
            self.next()?;
            if self.peek_raw_is_word("point_at") {
                self.next()?;
                s.point_at = true;
            }
            s.direction = self.parse_vector3()?;
            s.slope_range = self.slope_range(t, "slope")?;
            if self.peek_raw_is_word("altitude") {
                let a = self.next()?;
                if s.point_at {
                    return Err(
                        self.semantic(&a, "`altitude` cannot be used with `point_at` in a slope pattern")
                    );
                }
                s.altitude = self.parse_vector3()?;
                s.altitude_range = self.slope_range(&a, "altitude")?;
            }
            self.expect_sym(Sym::RBrace, "to close `slope`")?;
        } else {
            s.direction = self.parse_vector3()?;
        }
        if s.point_at {
            s.slope_weight = 1.0;
            return Ok(s);
        }
        let (slope_len, altitude_len) = (s.direction.length(), s.altitude.length());
        if !(slope_len + altitude_len).is_finite() {
            return Err(self.semantic(t, "the slope and altitude vectors must be finite"));
        }
        if slope_len + altitude_len == 0.0 {
            return Err(self.semantic(t, "zero length for both the slope and the altitude vector"));
        }
        if slope_len != 0.0 {
            s.direction /= slope_len;
        }
        if altitude_len != 0.0 {
            s.altitude /= altitude_len;
        }
        s.slope_weight = slope_len / (slope_len + altitude_len);
        s.altitude_weight = 1.0 - s.slope_weight;
        Ok(s)
    }

    /// `[, lo [, hi]]` after a slope or altitude vector, as (lo, hi - lo); a range of
    /// zero width is ignored with a warning, as POV-Ray does.
    fn slope_range(&mut self, at: &Token, what: &str) -> PResult<(f64, f64)> {
        let bound = |p: &mut Self| -> PResult<f64> {
            p.accept_sym_raw(Sym::Comma)?;
            if p.starts_float() {
                p.parse_float()
            } else {
                Ok(0.0)
            }
        };
        let low = bound(self)?;
        let high = bound(self)?;
        if high != 0.0 && high == low {
            self.warn(at, format!("zero {what} range, ignored"));
            return Ok((0.0, 0.0));
        }
        Ok((low, high - low))
    }
}
