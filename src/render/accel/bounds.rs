//! Axis-aligned bounding boxes and their slab test.

use glam::{DMat4, DVec3};

use crate::render::ray::Ray;

/// Matrix entries this small beside their row's largest are rounding, not a tilt.
const ROUNDING: f64 = 1e-14;
/// How far in an object's own space an unbounded side is followed when it is tilted
/// only by rounding: beyond POV-Ray's MAX_DISTANCE (1e7) even for an object scaled
/// down a thousand times.
const LOCAL_REACH: f64 = 1e10;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Aabb {
    pub min: DVec3,
    pub max: DVec3,
}

impl Aabb {
    pub const EMPTY: Aabb = Aabb {
        min: DVec3::splat(f64::INFINITY),
        max: DVec3::splat(f64::NEG_INFINITY),
    };

    pub const EVERYTHING: Aabb = Aabb {
        min: DVec3::splat(f64::NEG_INFINITY),
        max: DVec3::splat(f64::INFINITY),
    };

    pub fn new(a: DVec3, b: DVec3) -> Aabb {
        Aabb {
            min: a.min(b),
            max: a.max(b),
        }
    }

    pub fn union(&self, other: &Aabb) -> Aabb {
        Aabb {
            min: self.min.min(other.min),
            max: self.max.max(other.max),
        }
    }

    pub fn intersection(&self, other: &Aabb) -> Aabb {
        Aabb {
            min: self.min.max(other.min),
            max: self.max.min(other.max),
        }
    }

    pub fn grow(&self, p: DVec3) -> Aabb {
        Aabb {
            min: self.min.min(p),
            max: self.max.max(p),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.min.x > self.max.x || self.min.y > self.max.y || self.min.z > self.max.z
    }

    pub fn is_finite(&self) -> bool {
        self.min.is_finite() && self.max.is_finite()
    }

    pub fn center(&self) -> DVec3 {
        (self.min + self.max) * 0.5
    }

    pub fn surface_area(&self) -> f64 {
        if self.is_empty() {
            return 0.0;
        }
        let d = self.max - self.min;
        2.0 * (d.x * d.y + d.y * d.z + d.z * d.x)
    }

    /// The box that holds this one after the affine map `m`, by interval arithmetic:
    /// as tight as the eight corners for a finite box, and a box unbounded along some
    /// axes stays bounded along the axes of the result that do not depend on those (a
    /// clipped quadric cylinder turned about its axis).
    pub fn transformed(&self, m: &DMat4) -> Aabb {
        if self.is_empty() {
            return Aabb::EVERYTHING;
        }
        let mut min = m.w_axis.truncate();
        let mut max = min;
        for row in 0..3 {
            let scale = (0..3).fold(0.0f64, |s, col| s.max(m.col(col)[row].abs()));
            for col in 0..3 {
                let k = m.col(col)[row];
                let (lo, hi) = (self.min[col], self.max[col]);
                if k == 0.0 {
                    // Skipped, not multiplied: zero times an infinite side is no number.
                    continue;
                }
                if (!lo.is_finite() || !hi.is_finite()) && k.abs() <= ROUNDING * scale {
                    // The rounding left by a right-angle turn (cos 90° is 6e-17): an
                    // unbounded side tilted by it is followed only to LOCAL_REACH, beyond
                    // which nothing is seen, and widens the result by that tilt's share.
                    let reach = k.abs() * LOCAL_REACH;
                    min[row] -= reach;
                    max[row] += reach;
                    continue;
                }
                let (a, b) = (k * lo, k * hi);
                min[row] += a.min(b);
                max[row] += a.max(b);
            }
        }
        if min.is_nan() || max.is_nan() {
            return Aabb::EVERYTHING;
        }
        Aabb { min, max }
    }

    /// Entry distance of the ray into the box if it enters within `[t_min, t_max]`.
    #[inline]
    /// Where `ray` enters and leaves the box (the entry may be behind its origin).
    pub fn span(&self, ray: &Ray) -> Option<(f64, f64)> {
        let inv = ray.direction.recip();
        let t0 = (self.min - ray.origin) * inv;
        let t1 = (self.max - ray.origin) * inv;
        let enter = t0.min(t1).max_element();
        let exit = t0.max(t1).min_element();
        (enter <= exit).then_some((enter, exit))
    }

    pub fn hit(&self, ray: &Ray, inv_dir: DVec3, t_min: f64, t_max: f64) -> Option<f64> {
        let t0 = (self.min - ray.origin) * inv_dir;
        let t1 = (self.max - ray.origin) * inv_dir;
        let near = t0.min(t1);
        let far = t0.max(t1);
        let enter = near.max_element().max(t_min);
        let exit = far.min_element().min(t_max);
        if enter <= exit {
            Some(enter)
        } else {
            None
        }
    }

    pub fn contains(&self, p: DVec3) -> bool {
        p.cmpge(self.min).all() && p.cmple(self.max).all()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_right_angle_turn_keeps_a_bounded_side_bounded() {
        // Bounded in x and z, unbounded in y, turned 90 degrees about x: y's rounding
        // must not make z unbounded.
        let slab = Aabb::new(
            DVec3::new(-1.0, f64::NEG_INFINITY, -2.0),
            DVec3::new(1.0, f64::INFINITY, 2.0),
        );
        let turned = slab.transformed(&DMat4::from_rotation_x(90f64.to_radians()));
        assert!((turned.max.x - 1.0).abs() < 1e-9, "{turned:?}");
        assert!(
            turned.min.y.abs() < 2.001 && turned.max.y.abs() < 2.001,
            "{turned:?}"
        );
        assert!(turned.max.z == f64::INFINITY, "{turned:?}");
        let finite = Aabb::new(DVec3::splat(-1.0), DVec3::new(1.0, 2.0, 3.0));
        let moved = finite.transformed(&DMat4::from_translation(DVec3::X));
        assert_eq!(
            moved,
            Aabb::new(DVec3::new(0.0, -1.0, -1.0), DVec3::new(2.0, 2.0, 3.0))
        );
    }
}
