//! One field element of a blob: a ball, the body of a cylinder, or one of a cylinder's
//! hemispherical ends, each defined in a unit space where its radius is 1.
//!
//! An element of strength `s` adds `s (1 - q)²` to the blob's field where `q < 1`, `q`
//! being the squared distance, in its unit space, to its centre (a ball or an end) or
//! to its axis (a body). Along a ray `q` is a quadratic, so the field is a quartic.

use glam::{DAffine3, DMat4, DVec3};

use crate::render::accel::bounds::Aabb;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Piece {
    /// The unit ball.
    Ball,
    /// The half of the unit ball where z >= 0: a cylinder's end, turned outwards.
    Cap,
    /// Distance from the z axis where 0 <= z <= `length`.
    Body { length: f64 },
}

#[derive(Clone, Debug)]
pub struct Element {
    pub piece: Piece,
    /// Blob space to the element's unit space.
    pub to_unit: DAffine3,
    /// The element's unit space to blob space.
    pub from_unit: DAffine3,
    pub strength: f64,
    /// The texture group whose share of the field this adds to (0: the blob's own).
    pub group: u32,
}

/// Where along a ray an element has a field, and that field as a polynomial in the
/// ray's parameter, lowest power first.
#[derive(Clone, Copy, Debug)]
pub struct Span {
    pub from: f64,
    pub to: f64,
    pub field: [f64; 5],
}

impl Element {
    pub fn new(piece: Piece, from_unit: DAffine3, strength: f64, group: u32) -> Element {
        Element {
            piece,
            to_unit: from_unit.inverse(),
            from_unit,
            strength,
            group,
        }
    }

    /// The vector from the element's centre (or axis) to unit-space point `u`, when the
    /// element has a field there.
    fn reach(&self, u: DVec3) -> Option<DVec3> {
        let v = match self.piece {
            Piece::Ball => u,
            Piece::Cap if u.z >= 0.0 => u,
            Piece::Body { length } if u.z >= 0.0 && u.z <= length => DVec3::new(u.x, u.y, 0.0),
            _ => return None,
        };
        (v.length_squared() < 1.0).then_some(v)
    }

    pub fn field(&self, p: DVec3) -> f64 {
        match self.reach(self.to_unit.transform_point3(p)) {
            Some(v) => {
                let w = 1.0 - v.length_squared();
                self.strength * w * w
            }
            None => 0.0,
        }
    }

    /// Minus the gradient of the element's field at `p`: outward for a positive strength.
    pub fn descent(&self, p: DVec3) -> DVec3 {
        match self.reach(self.to_unit.transform_point3(p)) {
            Some(v) => {
                let w = 1.0 - v.length_squared();
                self.to_unit.matrix3.transpose() * v * (4.0 * self.strength * w)
            }
            None => DVec3::ZERO,
        }
    }

    /// The element's field along `origin + s * dir` (blob space), if the ray passes
    /// through it.
    pub fn span(&self, origin: DVec3, dir: DVec3) -> Option<Span> {
        let o = self.to_unit.transform_point3(origin);
        let d = self.to_unit.transform_vector3(dir);
        let (o2, d2) = match self.piece {
            Piece::Body { .. } => (DVec3::new(o.x, o.y, 0.0), DVec3::new(d.x, d.y, 0.0)),
            _ => (o, d),
        };
        // q(s) = a s² + b s + c.
        let (a, b, c) = (d2.dot(d2), 2.0 * o2.dot(d2), o2.dot(o2));
        let (mut from, mut to) = if a > 1e-300 {
            let disc = b * b - 4.0 * a * (c - 1.0);
            if disc <= 0.0 {
                return None;
            }
            // The root without cancellation first, the other from the product of roots.
            let root = disc.sqrt();
            let q = -0.5 * (b + b.signum() * root);
            let (r1, r2) = (q / a, if q != 0.0 { (c - 1.0) / q } else { -q / a });
            (r1.min(r2), r1.max(r2))
        } else if c < 1.0 {
            (f64::NEG_INFINITY, f64::INFINITY)
        } else {
            return None;
        };
        let above = |from: &mut f64, to: &mut f64, bound: f64| {
            if d.z > 0.0 {
                *from = from.max((bound - o.z) / d.z);
            } else if d.z < 0.0 {
                *to = to.min((bound - o.z) / d.z);
            } else if o.z < bound {
                *to = f64::NEG_INFINITY;
            }
        };
        let below = |from: &mut f64, to: &mut f64, bound: f64| {
            if d.z > 0.0 {
                *to = to.min((bound - o.z) / d.z);
            } else if d.z < 0.0 {
                *from = from.max((bound - o.z) / d.z);
            } else if o.z > bound {
                *to = f64::NEG_INFINITY;
            }
        };
        match self.piece {
            Piece::Ball => {}
            Piece::Cap => above(&mut from, &mut to, 0.0),
            Piece::Body { length } => {
                above(&mut from, &mut to, 0.0);
                below(&mut from, &mut to, length);
            }
        }
        if from >= to || from.is_nan() || to.is_nan() {
            return None;
        }
        let k = c - 1.0;
        let s = self.strength;
        Some(Span {
            from,
            to,
            field: [
                s * k * k,
                s * 2.0 * b * k,
                s * (b * b + 2.0 * a * k),
                s * 2.0 * a * b,
                s * a * a,
            ],
        })
    }

    /// Blob-space bounds of where the element has a field.
    pub fn bounds(&self) -> Aabb {
        let (bottom, top) = match self.piece {
            Piece::Ball => (-1.0, 1.0),
            Piece::Cap => (0.0, 1.0),
            Piece::Body { length } => (0.0, length),
        };
        Aabb::new(DVec3::new(-1.0, -1.0, bottom), DVec3::new(1.0, 1.0, top))
            .transformed(&DMat4::from(self.from_unit))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(c: &[f64; 5], s: f64) -> f64 {
        c.iter().rev().fold(0.0, |acc, k| acc * s + k)
    }

    #[test]
    fn the_span_polynomial_is_the_field_along_the_ray() {
        let m = DAffine3::from_scale_rotation_translation(
            DVec3::new(2.0, 1.0, 1.5),
            glam::DQuat::from_rotation_y(0.4),
            DVec3::new(0.3, -0.2, 0.1),
        );
        for piece in [Piece::Ball, Piece::Cap, Piece::Body { length: 2.0 }] {
            let e = Element::new(piece, m, 1.7, 0);
            let d = DVec3::new(1.0, 0.05, 0.3).normalize();
            let o = m.transform_point3(DVec3::new(0.1, 0.1, 0.5)) - d * 4.0;
            let span = e.span(o, d).expect("the ray crosses the element");
            for i in 1..10 {
                let s = span.from + (span.to - span.from) * f64::from(i) / 10.0;
                let inside = e.field(o + d * s);
                assert!(
                    (eval(&span.field, s) - inside).abs() < 1e-9,
                    "{piece:?} at {s}: {} {inside} {span:?}",
                    eval(&span.field, s)
                );
            }
            assert!(e.field(o + d * (span.from - 1e-3)) == 0.0);
            assert!(e.field(o + d * (span.to + 1e-3)) == 0.0);
        }
    }

    #[test]
    fn descent_is_minus_the_gradient() {
        let m = DAffine3::from_scale_rotation_translation(
            DVec3::new(1.5, 0.7, 1.0),
            glam::DQuat::from_rotation_x(0.7),
            DVec3::ZERO,
        );
        let e = Element::new(Piece::Body { length: 1.0 }, m, -2.0, 0);
        let p = DVec3::new(0.2, 0.1, 0.3);
        let h = 1e-6;
        let g = DVec3::new(
            e.field(p + DVec3::X * h) - e.field(p - DVec3::X * h),
            e.field(p + DVec3::Y * h) - e.field(p - DVec3::Y * h),
            e.field(p + DVec3::Z * h) - e.field(p - DVec3::Z * h),
        ) / (2.0 * h);
        assert!((e.descent(p) + g).length() < 1e-6, "{:?} {g:?}", e.descent(p));
    }
}
