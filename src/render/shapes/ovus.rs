//! POV-Ray's `ovus`: an egg standing on the origin, its bottom a sphere around the
//! origin, its top a sphere around `<0, bottom, 0>`, the two joined by the inner
//! ("lemon") part of a spindle torus around the y axis, with the proportions POV-Ray
//! 3.7 gives it.

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// Samples along the ray's stretch through the joining band, looking for the lemon's
/// surface (the shape is convex: at most two crossings).
const SAMPLES: usize = 64;
const REFINE_STEPS: usize = 60;

#[derive(Clone, Debug, PartialEq)]
pub struct Ovus {
    pub bottom: f64,
    pub top: f64,
    /// The joining surface: the circle of `radius` around `(-across, height)` in the
    /// plane of the axis, turned about the y axis; it joins the spheres between
    /// heights `band_low` and `band_high`.
    pub radius: f64,
    pub across: f64,
    pub height: f64,
    pub band_low: f64,
    pub band_high: f64,
}

impl Ovus {
    /// The ovus of POV-Ray 3.7 for radii `bottom` and `top` (both at least 0, `top`
    /// below twice `bottom`: a larger top makes a sphere, which the parser gives
    /// instead). POV-Ray's own proportions, of its parser.
    pub fn new(bottom: f64, top: f64) -> Ovus {
        let (b, t) = (bottom, top);
        if b > t {
            let radius = 2.0 * b;
            let height = 2.0 * t - b - t * t / (2.0 * b);
            let across = (b * b - height * height).max(0.0).sqrt();
            let band_high = (b - height) * t / (radius - t) + b;
            Ovus {
                bottom,
                top,
                radius,
                across,
                height,
                band_low: -height,
                band_high,
            }
        } else {
            let radius = 2.0 * t;
            let height = -2.0 * t + b + 1.5 * t * t / b;
            let across = (t * t - (height - b) * (height - b)).max(0.0).sqrt();
            Ovus {
                bottom,
                top,
                radius,
                across,
                height,
                band_low: -height * b / (radius - b),
                band_high: 2.0 * b - height,
            }
        }
    }

    /// Negative inside the lemon's solid, zero on its surface.
    fn lemon(&self, p: DVec3) -> f64 {
        let h = (p.x * p.x + p.z * p.z).sqrt() + self.across;
        let v = p.y - self.height;
        h * h + v * v - self.radius * self.radius
    }

    fn lemon_normal(&self, p: DVec3) -> DVec3 {
        let h = (p.x * p.x + p.z * p.z).sqrt();
        let k = if h > 0.0 { 1.0 + self.across / h } else { 1.0 };
        DVec3::new(p.x * k, p.y - self.height, p.z * k)
    }

    fn in_band(&self, y: f64) -> bool {
        y > self.band_low && y < self.band_high
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let caps = [
            (DVec3::ZERO, self.bottom, false),
            (DVec3::new(0.0, self.bottom, 0.0), self.top, true),
        ];
        for (centre, radius, upper) in caps {
            for t in sphere_roots(ray, centre, radius).into_iter().flatten() {
                let p = ray.at(t);
                let on_cap = if upper {
                    p.y > self.band_high
                } else {
                    p.y < self.band_low
                };
                if t > t_min && on_cap {
                    out.push(Crossing::new(t, p - centre));
                }
            }
        }
        self.lemon_crossings(ray, t_min, out);
    }

    /// Where the ray crosses the lemon's surface inside the band.
    fn lemon_crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        if self.band_high <= self.band_low {
            return;
        }
        // Padded: the lemon's widest point lies on the box's sides, and a ray entering
        // there would see no change of sign.
        let r = self.reach() * (1.0 + 1e-6) + 1e-9;
        let bounds = Aabb::new(
            DVec3::new(-r, self.band_low, -r),
            DVec3::new(r, self.band_high, r),
        );
        let Some((enter, exit)) = bounds.span(ray) else {
            return;
        };
        let enter = enter.max(t_min);
        if exit.is_nan() || exit <= enter {
            return;
        }
        let step = (exit - enter) / SAMPLES as f64;
        let mut prev = (enter, self.lemon(ray.at(enter)));
        for i in 1..=SAMPLES {
            let t = enter + step * i as f64;
            let f = self.lemon(ray.at(t));
            if (prev.1 < 0.0) != (f < 0.0) {
                let root = bisect(|t| self.lemon(ray.at(t)), prev, t);
                let p = ray.at(root);
                if root > t_min && self.in_band(p.y) {
                    out.push(Crossing::new(root, self.lemon_normal(p)));
                }
            }
            prev = (t, f);
        }
    }

    /// The widest the shape gets from its axis.
    fn reach(&self) -> f64 {
        (self.radius - self.across).max(self.bottom).max(self.top)
    }

    pub fn inside(&self, p: DVec3) -> bool {
        p.length_squared() < self.bottom * self.bottom
            || (p - DVec3::new(0.0, self.bottom, 0.0)).length_squared() < self.top * self.top
            || (self.in_band(p.y) && self.lemon(p) < 0.0)
    }

    pub fn bounds(&self) -> Aabb {
        let r = self.reach() * (1.0 + 1e-6) + 1e-9;
        Aabb::new(
            DVec3::new(-r, -self.bottom, -r),
            DVec3::new(r, self.bottom + self.top, r),
        )
    }
}

/// The two distances at which `ray` meets the sphere, if it does.
fn sphere_roots(ray: &Ray, centre: DVec3, radius: f64) -> Option<[f64; 2]> {
    let oc = ray.origin - centre;
    let a = ray.direction.length_squared();
    let b = oc.dot(ray.direction);
    let c = oc.length_squared() - radius * radius;
    let d = b * b - a * c;
    if d.is_nan() || d <= 0.0 || a == 0.0 {
        return None;
    }
    let s = d.sqrt();
    Some([(-b - s) / a, (-b + s) / a])
}

/// A root of `f` between `lo.0` (where `f` is `lo.1`) and `hi`, by halving.
fn bisect(f: impl Fn(f64) -> f64, lo: (f64, f64), hi: f64) -> f64 {
    let (mut lo, mut flo, mut hi) = (lo.0, lo.1, hi);
    for _ in 0..REFINE_STEPS {
        let mid = 0.5 * (lo + hi);
        let fm = f(mid);
        if (fm < 0.0) == (flo < 0.0) {
            lo = mid;
            flo = fm;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(o: &Ovus, ray: Ray) -> Vec<f64> {
        let mut out = Vec::new();
        o.crossings(&ray, 1e-9, &mut out);
        let mut ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        ts.sort_by(f64::total_cmp);
        ts
    }

    #[test]
    fn the_axis_meets_the_bottom_and_the_top() {
        let o = Ovus::new(1.0, 0.5);
        let t = ts(&o, Ray::new(DVec3::new(0.0, -5.0, 0.0), DVec3::Y));
        assert_eq!(t.len(), 2, "{t:?}");
        assert!((t[0] - 4.0).abs() < 1e-9 && (t[1] - 6.5).abs() < 1e-9, "{t:?}");
    }

    #[test]
    fn the_joining_surface_meets_the_spheres_smoothly() {
        for (b, t) in [(1.0, 0.5), (1.0, 1.0), (1.0, 1.6), (2.0, 0.3)] {
            let o = Ovus::new(b, t);
            // At the band's edges the lemon lies on the spheres.
            let edge = |y: f64, centre: f64, r: f64| {
                let h = (r * r - (y - centre) * (y - centre)).max(0.0).sqrt();
                o.lemon(DVec3::new(h, y, 0.0))
            };
            assert!(edge(o.band_low, 0.0, b).abs() < 1e-9, "{b} {t}: {o:?}");
            assert!(edge(o.band_high, b, t).abs() < 1e-9, "{b} {t}: {o:?}");
            // A horizontal ray through the band crosses twice, the normals facing out.
            let y = 0.5 * (o.band_low + o.band_high);
            let mut out = Vec::new();
            o.crossings(&Ray::new(DVec3::new(-9.0, y, 0.0), DVec3::X), 0.0, &mut out);
            assert_eq!(out.len(), 2, "{b} {t}: {out:?}");
            out.sort_by(|a, c| a.t.total_cmp(&c.t));
            assert!(out[0].normal.x < 0.0 && out[1].normal.x > 0.0, "{out:?}");
            assert!(o.inside(DVec3::new(0.0, y, 0.0)) && !o.inside(DVec3::new(o.reach() + 0.1, y, 0.0)));
        }
    }
}
