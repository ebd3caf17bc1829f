//! Cones and cylinders in canonical form: axis from z = 0 (radius 1) to z = 1
//! (radius `cap_radius`), capped unless open.

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

#[derive(Clone, Debug)]
pub struct Cone {
    pub cap_radius: f64,
    pub open: bool,
}

impl Cone {
    fn slope(&self) -> f64 {
        self.cap_radius - 1.0
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let (o, d) = (ray.origin, ray.direction);
        let k = self.slope();
        let r0 = 1.0 + k * o.z;
        let a = d.x * d.x + d.y * d.y - k * k * d.z * d.z;
        let b = 2.0 * (o.x * d.x + o.y * d.y - k * d.z * r0);
        let c = o.x * o.x + o.y * o.y - r0 * r0;
        let mut push_side = |t: f64| {
            if t > t_min {
                let p = ray.at(t);
                if (0.0..=1.0).contains(&p.z) {
                    out.push(Crossing::new(t, DVec3::new(p.x, p.y, -k * (1.0 + k * p.z))));
                }
            }
        };
        if a.abs() > 1e-12 {
            let disc = b * b - 4.0 * a * c;
            if disc >= 0.0 {
                let root = disc.sqrt();
                let q = if b < 0.0 {
                    -0.5 * (b - root)
                } else {
                    -0.5 * (b + root)
                };
                push_side(q / a);
                if q != 0.0 {
                    push_side(c / q);
                }
            }
        } else if b.abs() > 1e-12 {
            push_side(-c / b);
        }
        if self.open || d.z == 0.0 {
            return;
        }
        for (z, radius, nz) in [(0.0, 1.0, -1.0), (1.0, self.cap_radius.abs(), 1.0)] {
            let t = (z - o.z) / d.z;
            if t > t_min {
                let p = ray.at(t);
                if p.x * p.x + p.y * p.y <= radius * radius {
                    out.push(Crossing::new(t, DVec3::new(0.0, 0.0, nz)));
                }
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        if self.open || p.z <= 0.0 || p.z >= 1.0 {
            return false;
        }
        let r = 1.0 + self.slope() * p.z;
        p.x * p.x + p.y * p.y < r * r
    }

    pub fn bounds(&self) -> Aabb {
        let r = self.cap_radius.abs().max(1.0);
        Aabb::new(DVec3::new(-r, -r, 0.0), DVec3::new(r, r, 1.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cylinder_side_and_caps() {
        let cyl = Cone {
            cap_radius: 1.0,
            open: false,
        };
        let mut out = Vec::new();
        cyl.crossings(&Ray::new(DVec3::new(-5.0, 0.0, 0.5), DVec3::X), 0.0, &mut out);
        let mut ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        ts.sort_by(f64::total_cmp);
        assert_eq!(ts, vec![4.0, 6.0]);
        out.clear();
        cyl.crossings(&Ray::new(DVec3::new(0.2, 0.0, -1.0), DVec3::Z), 0.0, &mut out);
        assert_eq!(out.len(), 2);
        assert!(cyl.inside(DVec3::new(0.0, 0.0, 0.5)));
        assert!(!cyl.inside(DVec3::new(0.0, 0.0, 1.5)));
    }

    #[test]
    fn cone_to_a_point() {
        let cone = Cone {
            cap_radius: 0.0,
            open: true,
        };
        let mut out = Vec::new();
        cone.crossings(&Ray::new(DVec3::new(-5.0, 0.0, 0.5), DVec3::X), 0.0, &mut out);
        let mut ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        ts.sort_by(f64::total_cmp);
        assert!((ts[0] - 4.5).abs() < 1e-9 && (ts[1] - 5.5).abs() < 1e-9, "{ts:?}");
    }
}
