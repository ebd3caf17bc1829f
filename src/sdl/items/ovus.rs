//! `ovus { BOTTOM, TOP }`: read as POV-Ray 3.7 reads it, a top radius of twice the
//! bottom or more making the sphere POV-Ray puts in its place.

use glam::DVec3;

use crate::scene::Shape;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::Token;

impl Parser<'_> {
    /// The two radii after `ovus {` (keyword `t`).
    pub(crate) fn parse_ovus(&mut self, t: &Token) -> PResult<Shape> {
        let bottom = self.parse_float()?;
        self.comma("ovus")?;
        let top = self.parse_float()?;
        let valid = |r: f64| r.is_finite() && r >= 0.0;
        if !valid(bottom) || !valid(top) {
            return Err(self.semantic(t, "both ovus radii must be positive and finite"));
        }
        if top >= 2.0 * bottom {
            self.warn(
                t,
                "an ovus top radius of twice the bottom radius or more makes a sphere: a sphere is used, as in POV-Ray",
            );
            return Ok(Shape::Sphere {
                center: DVec3::new(0.0, bottom, 0.0),
                radius: top,
            });
        }
        Ok(Shape::Ovus { bottom, top })
    }
}
