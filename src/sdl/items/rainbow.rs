//! `rainbow { ... }`: angle, width, distance, jitter, direction, up, arc and falloff
//! angles and the colour map, checked and set up as POV-Ray 3.7 reads them.

use glam::DVec3;

use crate::scene::Rainbow;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// POV-Ray's EPSILON for zero and co-linear vectors.
const TINY: f64 = 1e-10;

/// POV-Ray's unread arc and falloff angles: 180, kept as they are (not halved into
/// radians as read ones are), so every direction lies within the arc.
const UNREAD_ANGLE: f64 = 180.0;

impl Parser<'_> {
    /// `rainbow { ... }` after its keyword `t`.
    pub(crate) fn parse_rainbow_block(&mut self, t: &Token) -> PResult<Rainbow> {
        self.expect_sym(Sym::LBrace, "after `rainbow`")?;
        self.enter(t)?;
        let r = self.rainbow_body(t);
        self.leave();
        r
    }

    fn rainbow_body(&mut self, t: &Token) -> PResult<Rainbow> {
        let (mut angle, mut width, mut distance, mut jitter) = (0.0, 0.0, 1.0e7, 0.0);
        let (mut antisolar, mut up) = (DVec3::ZERO, DVec3::Y);
        let (mut arc, mut falloff) = (None, None);
        let mut colour_map = None;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            match item.word() {
                Some("angle") => angle = self.parse_float()?,
                Some("width") => width = self.parse_float()?,
                Some("distance") => distance = self.parse_float()?,
                Some("jitter") => jitter = self.parse_float()?,
                Some("direction") => antisolar = self.parse_vector3()?,
                Some("up") => up = self.parse_vector3()?,
                Some(w @ ("arc_angle" | "falloff_angle")) => {
                    let at = self.peek_at();
                    let v = self.parse_float()?;
                    if !(0.0..=360.0).contains(&v) {
                        return Err(self.semantic(
                            &at,
                            format!("the rainbow's `{w}` must be from 0 to 360 degrees, found {v}"),
                        ));
                    }
                    // POV-Ray keeps half the angle, in radians.
                    let half = v.to_radians() / 2.0;
                    if w == "arc_angle" {
                        arc = Some(half);
                    } else {
                        falloff = Some(half);
                    }
                }
                Some("colour_map" | "color_map") => colour_map = Some(self.parse_colour_map_block(&item)?),
                _ => return Err(self.expected("a rainbow item or `}` to close `rainbow`", &item)),
            }
        }
        let arc_angle = arc.unwrap_or(UNREAD_ANGLE);
        let falloff_angle = falloff.or(arc).unwrap_or(UNREAD_ANGLE);
        if arc_angle < falloff_angle {
            return Err(self.semantic(t, "the rainbow's arc_angle is smaller than its falloff_angle"));
        }
        if antisolar.length_squared() < TINY {
            return Err(self.semantic(t, "the rainbow's direction vector is zero"));
        }
        if up.length_squared() < TINY {
            return Err(self.semantic(t, "the rainbow's up vector is zero"));
        }
        let (antisolar, up) = (antisolar.normalize(), up.normalize());
        if (1.0 - up.dot(antisolar).abs()).abs() < TINY {
            return Err(self.semantic(t, "the rainbow's up and direction vectors point the same way"));
        }
        let right = up.cross(antisolar);
        let up = antisolar.cross(right).normalize();
        Ok(Rainbow {
            angle: (angle - 0.5 * width).to_radians(),
            width: width.to_radians(),
            distance,
            jitter,
            antisolar,
            up,
            right: right.normalize(),
            arc_angle,
            falloff_angle,
            falloff_width: arc_angle - falloff_angle,
            colour_map,
        })
    }
}
