//! Transformations: `translate`, `rotate`, `scale`, `matrix`, `transform { ... }`, and
//! the POV-Ray conventions for building their matrices (column vectors, object → world).

use glam::{DMat4, DVec3, DVec4};

use crate::sdl::eval::value::Value;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::{Sym, Token};

/// `rotate <x, y, z>` in degrees: about x, then y, then z (POV-Ray's left-handed
/// convention gives the same matrices as the usual right-handed formulas).
pub fn rotation_matrix(deg: DVec3) -> DMat4 {
    DMat4::from_rotation_z(deg.z.to_radians())
        * DMat4::from_rotation_y(deg.y.to_radians())
        * DMat4::from_rotation_x(deg.x.to_radians())
}

/// `matrix <a,b,c, d,e,f, g,h,i, j,k,l>`: POV-Ray's rows are our columns.
pub fn pov_matrix(m: &[f64; 12]) -> DMat4 {
    DMat4::from_cols(
        DVec4::new(m[0], m[1], m[2], 0.0),
        DVec4::new(m[3], m[4], m[5], 0.0),
        DVec4::new(m[6], m[7], m[8], 0.0),
        DVec4::new(m[9], m[10], m[11], 1.0),
    )
}

/// `m` composed after an optional existing transform.
pub fn compose(m: DMat4, existing: Option<DMat4>) -> DMat4 {
    match existing {
        Some(e) => m * e,
        None => m,
    }
}

/// True when `m` can be inverted reliably.
pub fn invertible(m: &DMat4) -> bool {
    let d = m.determinant();
    d.is_finite() && d.abs() > 1e-300 && m.is_finite()
}

/// True for the keywords that start a transformation.
pub fn is_transform_keyword(w: &str) -> bool {
    matches!(w, "translate" | "rotate" | "scale" | "matrix" | "transform")
}

impl Parser<'_> {
    /// Parses the transformation started by keyword token `t` (already consumed).
    /// Returns `None` when `t` is not a transformation keyword.
    pub fn parse_transform_item(&mut self, t: &Token) -> PResult<Option<DMat4>> {
        let Some(w) = t.word() else {
            return Ok(None);
        };
        let m = match w {
            "translate" => DMat4::from_translation(self.parse_vector3()?),
            "rotate" => rotation_matrix(self.parse_vector3()?),
            "scale" => {
                let mut s = self.parse_vector3()?;
                for c in [&mut s.x, &mut s.y, &mut s.z] {
                    if *c == 0.0 {
                        *c = 1.0;
                        self.warn(t, "zero scale component replaced by 1 (as POV-Ray does)");
                    }
                }
                DMat4::from_scale(s)
            }
            "matrix" => self.parse_matrix_literal(t)?,
            "transform" => self.parse_transform_value(t)?,
            _ => return Ok(None),
        };
        if !m.is_finite() {
            return Err(self.semantic(t, "transformation is not finite"));
        }
        Ok(Some(m))
    }

    fn parse_matrix_literal(&mut self, t: &Token) -> PResult<DMat4> {
        let open = self.next()?;
        if !open.is_sym(Sym::Lt) {
            return Err(self.expected("`<` to start the 12 matrix values", &open));
        }
        let mut vals = [0.0; 12];
        for (i, v) in vals.iter_mut().enumerate() {
            if i > 0 {
                // Optional, as between the components of any vector.
                self.accept_sym_raw(Sym::Comma)?;
            }
            *v = match self.parse_additive()? {
                crate::sdl::eval::expr::Operand::Num(crate::sdl::eval::value::Num::Float(f)) => f,
                _ => return Err(self.semantic(t, "matrix values must be floats")),
            };
        }
        self.expect_sym(Sym::Gt, "after the 12 matrix values")?;
        Ok(pov_matrix(&vals))
    }

    /// After `transform`: `{ [ITEMS] [inverse] }` or a transform identifier.
    pub fn parse_transform_value(&mut self, t: &Token) -> PResult<DMat4> {
        let first = self.next()?;
        if let Some(w) = first.word() {
            match self.lookup(w) {
                Some(Value::Transform(m)) => return Ok(**m),
                Some(Value::Poisoned(p)) => {
                    let p = p.clone();
                    let name = w.to_string();
                    self.use_poisoned(&p, &name, &first)?;
                    return Ok(DMat4::IDENTITY);
                }
                _ => {}
            }
            if !crate::sdl::keywords::is_keyword(w) {
                return match self.lookup(w) {
                    Some(v) => Err(self.semantic(
                        &first,
                        format!("expected a transform, found {} identifier `{w}`", v.type_name()),
                    )),
                    None => Err(self.unknown_identifier(&first, w)),
                };
            }
        }
        if !first.is_sym(Sym::LBrace) {
            return Err(self.expected("`{` or a transform identifier after `transform`", &first));
        }
        self.enter(t)?;
        let r = self.transform_block_body(t);
        self.leave();
        r
    }

    fn transform_block_body(&mut self, t: &Token) -> PResult<DMat4> {
        let mut m = DMat4::IDENTITY;
        let mut inverse = false;
        loop {
            let item = self.next()?;
            if item.is_sym(Sym::RBrace) {
                break;
            }
            if item.is_word("inverse") {
                inverse = !inverse;
                continue;
            }
            if let Some(w) = item.word() {
                if let Some(Value::Transform(x)) = self.lookup(w) {
                    m = **x * m;
                    continue;
                }
            }
            match self.parse_transform_item(&item)? {
                Some(x) => m = x * m,
                None => {
                    return Err(
                        self.expected("a transformation, `inverse` or `}` to close `transform`", &item)
                    )
                }
            }
        }
        if inverse {
            if !invertible(&m) {
                return Err(self.semantic(t, "cannot invert a singular transform"));
            }
            m = m.inverse();
        }
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rotation_is_x_then_y_then_z_left_handed() {
        // POV-Ray: rotate 90*y takes +x to -z.
        let p = rotation_matrix(DVec3::new(0.0, 90.0, 0.0)).transform_point3(DVec3::X);
        assert!((p - DVec3::new(0.0, 0.0, -1.0)).length() < 1e-12);
        // rotate 90*x takes +y to +z.
        let p = rotation_matrix(DVec3::new(90.0, 0.0, 0.0)).transform_point3(DVec3::Y);
        assert!((p - DVec3::Z).length() < 1e-12);
        // rotate <90, 90, 0>: x first (y -> z), then y (z -> x).
        let p = rotation_matrix(DVec3::new(90.0, 90.0, 0.0)).transform_point3(DVec3::Y);
        assert!((p - DVec3::X).length() < 1e-12);
    }

    #[test]
    fn matrix_rows_are_pov_rows() {
        let m = pov_matrix(&[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.5, 0.0, 1.0, 2.0, 3.0, 4.0]);
        let p = m.transform_point3(DVec3::new(0.0, 0.0, 1.0));
        assert_eq!(p, DVec3::new(2.5, 3.0, 5.0));
    }
}
