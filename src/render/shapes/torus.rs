//! Torus around the y axis: major radius in the xz plane, minor radius of the tube.
//!
//! The quartic along the ray is solved within the bounding box by isolating its roots
//! between the critical points ([`super::roots`]), which is robust where closed-form
//! quartic solvers lose precision.

use glam::DVec3;

use super::roots::roots_between;
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Torus {
    pub major: f64,
    pub minor: f64,
}

impl Torus {
    fn gradient(&self, p: DVec3) -> DVec3 {
        let (r2, m2) = (self.major * self.major, self.minor * self.minor);
        let s = p.length_squared() + r2 - m2;
        DVec3::new(p.x * (s - 2.0 * r2), p.y * s, p.z * (s - 2.0 * r2))
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let bounds = self.bounds();
        let Some((enter, exit)) = bounds.span(ray) else {
            return;
        };
        let enter = enter.max(t_min);
        if exit.is_nan() || exit <= enter {
            return;
        }
        // The quartic along the ray, measured from where it enters the box, so that the
        // parameter stays small and the coefficients keep their precision.
        let o = ray.at(enter);
        let d = ray.direction;
        let (r2, k) = (
            self.major * self.major,
            self.major * self.major - self.minor * self.minor,
        );
        let (a, b, c) = (d.dot(d), 2.0 * o.dot(d), o.dot(o) + k);
        let (e, f, g) = (
            d.x * d.x + d.z * d.z,
            2.0 * (o.x * d.x + o.z * d.z),
            o.x * o.x + o.z * o.z,
        );
        let quartic = [
            c * c - 4.0 * r2 * g,
            2.0 * b * c - 4.0 * r2 * f,
            b * b + 2.0 * a * c - 4.0 * r2 * e,
            2.0 * a * b,
            a * a,
        ];
        // Slightly past the box's ends: a root on a face still counts.
        let span = exit - enter;
        let roots = roots_between(&quartic, -1e-9 * span, span * (1.0 + 1e-9));
        for &s in roots.as_slice() {
            let t = enter + s;
            if t > t_min {
                out.push(Crossing::new(t, self.gradient(ray.at(t))));
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        let ring = (p.x * p.x + p.z * p.z).sqrt() - self.major;
        ring * ring + p.y * p.y < self.minor * self.minor
    }

    pub fn bounds(&self) -> Aabb {
        let outer = self.major + self.minor;
        Aabb::new(
            DVec3::new(-outer, -self.minor, -outer),
            DVec3::new(outer, self.minor, outer),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ray_through_the_ring_crosses_four_times() {
        let torus = Torus {
            major: 2.0,
            minor: 0.5,
        };
        let mut out = Vec::new();
        torus.crossings(&Ray::new(DVec3::new(-5.0, 0.0, 0.0), DVec3::X), 0.0, &mut out);
        let ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        let expected = [2.5, 3.5, 6.5, 7.5];
        assert_eq!(ts.len(), 4, "{ts:?}");
        for (t, e) in ts.iter().zip(expected) {
            assert!((t - e).abs() < 1e-9, "{ts:?}");
        }
    }

    #[test]
    fn rays_from_inside_the_tube_and_far_away_find_their_crossings() {
        let torus = Torus {
            major: 2.0,
            minor: 0.5,
        };
        let mut out = Vec::new();
        torus.crossings(&Ray::new(DVec3::new(2.0, 0.0, 0.0), DVec3::X), 1e-9, &mut out);
        assert_eq!(out.len(), 1, "{out:?}");
        assert!((out[0].t - 0.5).abs() < 1e-9 && out[0].normal.x > 0.0, "{out:?}");
        out.clear();
        // From far off, along a slanted direction of length 2.
        let ray = Ray::new(DVec3::new(-1e4, 0.1, 0.0), DVec3::new(2.0, 0.0, 0.0));
        torus.crossings(&ray, 1e-9, &mut out);
        let ts: Vec<f64> = out.iter().map(|c| c.t * 2.0 - 1e4).collect();
        let half = (0.25f64 - 0.01).sqrt();
        let expected = [-2.0 - half, -2.0 + half, 2.0 - half, 2.0 + half];
        assert_eq!(ts.len(), 4, "{ts:?}");
        for (t, e) in ts.iter().zip(expected) {
            assert!((t - e).abs() < 1e-6, "{ts:?}");
        }
    }
}
