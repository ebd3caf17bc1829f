//! Torus around the y axis: major radius in the xz plane, minor radius of the tube.
//!
//! The quartic is solved numerically: the ray's span inside the bounding box is
//! sampled for sign changes and each bracket refined by bisection, which is robust
//! where closed-form quartic solvers lose precision.

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

const SAMPLES: usize = 64;
const REFINE_STEPS: usize = 48;

#[derive(Clone, Debug)]
pub struct Torus {
    pub major: f64,
    pub minor: f64,
}

impl Torus {
    fn implicit(&self, p: DVec3) -> f64 {
        let (r2, m2) = (self.major * self.major, self.minor * self.minor);
        let s = p.length_squared() + r2 - m2;
        s * s - 4.0 * r2 * (p.x * p.x + p.z * p.z)
    }

    fn gradient(&self, p: DVec3) -> DVec3 {
        let (r2, m2) = (self.major * self.major, self.minor * self.minor);
        let s = p.length_squared() + r2 - m2;
        DVec3::new(p.x * (s - 2.0 * r2), p.y * s, p.z * (s - 2.0 * r2))
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let bounds = self.bounds();
        let inv = ray.direction.recip();
        let Some(enter) = bounds.hit(ray, inv, t_min, f64::INFINITY) else {
            return;
        };
        let t0 = (bounds.min - ray.origin) * inv;
        let t1 = (bounds.max - ray.origin) * inv;
        let exit = t0.max(t1).min_element();
        if exit.is_nan() || exit <= enter {
            return;
        }
        let step = (exit - enter) / SAMPLES as f64;
        let mut prev_t = enter;
        let mut prev_f = self.implicit(ray.at(prev_t));
        for i in 1..=SAMPLES {
            let t = enter + step * i as f64;
            let f = self.implicit(ray.at(t));
            if (prev_f < 0.0) != (f < 0.0) {
                let (mut lo, mut hi, mut flo) = (prev_t, t, prev_f);
                for _ in 0..REFINE_STEPS {
                    let mid = 0.5 * (lo + hi);
                    let fm = self.implicit(ray.at(mid));
                    if (fm < 0.0) == (flo < 0.0) {
                        lo = mid;
                        flo = fm;
                    } else {
                        hi = mid;
                    }
                }
                let root = 0.5 * (lo + hi);
                if root > t_min {
                    out.push(Crossing::new(root, self.gradient(ray.at(root))));
                }
            }
            prev_t = t;
            prev_f = f;
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
}
