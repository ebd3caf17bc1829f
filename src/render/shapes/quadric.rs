//! `quadric`: A x² + B y² + C z² + D xy + E xz + F yz + G x + H y + I z + J = 0,
//! inside where the left side is negative or zero (as POV-Ray 3.7 tests it).

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// No crossing beyond this distance: POV-Ray's MAX_DISTANCE.
const MAX_DISTANCE: f64 = 1e7;

#[derive(Clone, Debug)]
pub struct Quadric {
    /// A to J, in the order of the formula above.
    pub c: [f64; 10],
}

impl Quadric {
    pub fn value(&self, p: DVec3) -> f64 {
        let c = &self.c;
        p.x * (c[0] * p.x + c[3] * p.y + c[4] * p.z + c[6])
            + p.y * (c[1] * p.y + c[5] * p.z + c[7])
            + p.z * (c[2] * p.z + c[8])
            + c[9]
    }

    pub fn gradient(&self, p: DVec3) -> DVec3 {
        let g = self.gradient_raw(p);
        if g.is_finite() && g != DVec3::ZERO {
            g
        } else {
            // Where the surface has no normal, POV-Ray takes +x.
            DVec3::X
        }
    }

    /// The quadratic part's value for a direction.
    fn square(&self, d: DVec3) -> f64 {
        let c = &self.c;
        d.x * (c[0] * d.x + c[3] * d.y + c[4] * d.z) + d.y * (c[1] * d.y + c[5] * d.z) + c[2] * d.z * d.z
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let (o, d) = (ray.origin, ray.direction);
        // value(o + t d) = a t² + 2 b t + c.
        let a = self.square(d);
        let b = 0.5 * self.gradient_raw(o).dot(d);
        let c = self.value(o);
        let mut push = |t: f64| {
            if t > t_min && t < MAX_DISTANCE && t.is_finite() {
                out.push(Crossing::new(t, self.gradient(ray.at(t))));
            }
        };
        if a == 0.0 {
            if b != 0.0 {
                push(-0.5 * c / b);
            }
            return;
        }
        let disc = b * b - a * c;
        // A ray that only touches the surface misses it, as in POV-Ray.
        if disc.is_nan() || disc <= 0.0 {
            return;
        }
        // The root that does not subtract nearly equal numbers, then its partner.
        let q = -(b + disc.sqrt().copysign(b));
        push(q / a);
        if q != 0.0 {
            push(c / q);
        }
    }

    fn gradient_raw(&self, p: DVec3) -> DVec3 {
        let c = &self.c;
        DVec3::new(
            2.0 * c[0] * p.x + c[3] * p.y + c[4] * p.z + c[6],
            c[3] * p.x + 2.0 * c[1] * p.y + c[5] * p.z + c[7],
            c[4] * p.x + c[5] * p.y + 2.0 * c[2] * p.z + c[8],
        )
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.value(p) <= 0.0
    }

    /// Bounded along the axes where the inside is, for quadrics without mixed terms
    /// and with no negative square term (ellipsoids, and cylinders along an axis);
    /// everything otherwise, as POV-Ray also bounds only that form.
    pub fn bounds(&self) -> Aabb {
        let c = &self.c;
        let (square, linear) = ([c[0], c[1], c[2]], [c[6], c[7], c[8]]);
        let mixed = c[3] != 0.0 || c[4] != 0.0 || c[5] != 0.0;
        let open = (0..3).any(|i| square[i] < 0.0 || (square[i] == 0.0 && linear[i] != 0.0));
        if mixed || open {
            return Aabb::EVERYTHING;
        }
        // Completing the squares: sum of square_i (x_i - centre_i)² <= room.
        let room = (0..3)
            .filter(|&i| square[i] > 0.0)
            .fold(-c[9], |r, i| r + linear[i] * linear[i] / (4.0 * square[i]));
        if !(room.is_finite() && room >= 0.0) {
            return Aabb::EVERYTHING;
        }
        let mut b = Aabb::EVERYTHING;
        for i in 0..3 {
            if square[i] > 0.0 {
                let centre = -linear[i] / (2.0 * square[i]);
                // A little larger, so that rounding never cuts off the surface.
                let half = (room / square[i]).sqrt() * (1.0 + 1e-6) + 1e-9;
                b.min[i] = centre - half;
                b.max[i] = centre + half;
            }
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_ellipsoid_is_crossed_twice() {
        // x² + y²/4 + z² = 1.
        let q = Quadric {
            c: [1.0, 0.25, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0],
        };
        let mut out = Vec::new();
        q.crossings(&Ray::new(DVec3::new(0.0, -5.0, 0.0), DVec3::Y), 1e-6, &mut out);
        let mut ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        ts.sort_by(f64::total_cmp);
        assert_eq!(ts.len(), 2);
        assert!(
            (ts[0] - 3.0).abs() < 1e-12 && (ts[1] - 7.0).abs() < 1e-12,
            "{ts:?}"
        );
        assert!(q.inside(DVec3::ZERO) && !q.inside(DVec3::new(0.0, 2.5, 0.0)));
    }

    #[test]
    fn a_cylinder_has_its_axis_inside() {
        // Cylinder_Y of shapes_old.inc: x² + z² - 1.
        let q = Quadric {
            c: [1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0],
        };
        assert!(q.inside(DVec3::new(0.0, 100.0, 0.0)));
        let mut out = Vec::new();
        q.crossings(&Ray::new(DVec3::new(0.0, 0.0, -3.0), DVec3::Y), 1e-6, &mut out);
        assert!(out.is_empty());
        let b = q.bounds();
        assert!(b.max.x > 1.0 && b.max.x < 1.001 && b.min.z < -1.0 && b.max.y == f64::INFINITY);
    }

    #[test]
    fn a_shifted_ellipsoid_is_bounded_and_a_hyperboloid_is_not() {
        // (x - 1)² + 4 y² + z² <= 1.
        let q = Quadric {
            c: [1.0, 4.0, 1.0, 0.0, 0.0, 0.0, -2.0, 0.0, 0.0, 0.0],
        };
        let b = q.bounds();
        assert!(
            (b.min.x - 0.0).abs() < 1e-5 && (b.max.x - 2.0).abs() < 1e-5,
            "{b:?}"
        );
        assert!((b.max.y - 0.5).abs() < 1e-5, "{b:?}");
        let h = Quadric {
            c: [1.0, -1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -1.0],
        };
        assert!(!h.bounds().is_finite());
    }
}
