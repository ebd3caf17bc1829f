//! `superellipsoid { <e, n> }`: (|x|^(2/e) + |y|^(2/e))^(e/n) + |z|^(2/n) = 1, within
//! the cube -1..1, inside where the left side is below 1.
//!
//! The ray is searched numerically. Its span inside the cube is cut where it crosses
//! the planes x = 0, x = ±y, ... on which the formula changes branch, and each piece
//! into a few steps: a sign change in a step is refined by bisection, and a step whose
//! ends are both outside but which dips in between (a ray grazing the surface) is
//! searched for its lowest point first.

use glam::DVec3;

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// Crossings nearer than this (along a unit direction in the shape's space) are
/// ignored: POV-Ray 3.7's DEPTH_TOLERANCE for superellipsoids.
const DEPTH_TOLERANCE: f64 = 1e-4;
/// Points where the function is below this count as inside: POV-Ray's EPSILON, which
/// its superellipsoid inside test uses.
const INSIDE_TOLERANCE: f64 = 1e-10;
/// The search runs within this cube, a little larger than the shape: POV-Ray 3.7's
/// MIN_VALUE and MAX_VALUE for superellipsoids.
const SEARCH_BOX: f64 = 1.01;
/// Steps per piece of the ray between two branch planes.
const STEPS: usize = 4;
const BISECTIONS: usize = 60;
/// The most the function can change along a unit of ray where both powers are at
/// least 1: each part of its gradient is at most 1, so its length at most the square
/// root of 3.
const SLOPE_BOUND: f64 = 1.732_050_808_0;
const GOLDEN_STEPS: usize = 48;

/// The planes through the origin on which the formula changes branch.
const PLANES: [DVec3; 9] = [
    DVec3::new(1.0, 1.0, 0.0),
    DVec3::new(1.0, -1.0, 0.0),
    DVec3::new(1.0, 0.0, 1.0),
    DVec3::new(1.0, 0.0, -1.0),
    DVec3::new(0.0, 1.0, 1.0),
    DVec3::new(0.0, 1.0, -1.0),
    DVec3::X,
    DVec3::Y,
    DVec3::Z,
];

#[derive(Clone, Debug)]
pub struct Superellipsoid {
    /// 2 / e, the power of x and y.
    pub east_west: f64,
    /// 2 / n, the power of z and of the xy term.
    pub north_south: f64,
}

/// (a^p + b^p)^(1/p) for a, b >= 0, written so that large powers do not overflow.
fn norm(a: f64, b: f64, p: f64) -> f64 {
    let (big, small) = if a > b { (a, b) } else { (b, a) };
    if big == 0.0 {
        return 0.0;
    }
    let sum = 1.0 + (small / big).powf(p);
    if sum == 1.0 {
        big
    } else {
        big * sum.powf(1.0 / p)
    }
}

impl Superellipsoid {
    pub fn value(&self, p: DVec3) -> f64 {
        let xy = norm(p.x.abs(), p.y.abs(), self.east_west);
        norm(xy, p.z.abs(), self.north_south) - 1.0
    }

    pub fn gradient(&self, p: DVec3) -> DVec3 {
        let a = p.abs();
        let xy = norm(a.x, a.y, self.east_west);
        let all = norm(xy, a.z, self.north_south);
        // d norm(a, b, p) / da = (a / norm)^(p - 1).
        let slope = |part: f64, whole: f64, power: f64| {
            if part == 0.0 {
                0.0
            } else {
                (part / whole).powf(power - 1.0)
            }
        };
        let outer = slope(xy, all, self.north_south);
        let g = DVec3::new(
            outer * slope(a.x, xy, self.east_west) * p.x.signum(),
            outer * slope(a.y, xy, self.east_west) * p.y.signum(),
            slope(a.z, all, self.north_south) * p.z.signum(),
        );
        if g.is_finite() && g != DVec3::ZERO {
            g
        } else if p != DVec3::ZERO {
            // On a sharp edge of a very flat or pinched shape: the radial direction.
            p
        } else {
            DVec3::X
        }
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if !(len.is_finite() && len > 0.0) {
            return;
        }
        let dir = ray.direction / len;
        let origin = ray.origin;
        let Some((enter, exit)) = slab(origin, dir) else {
            return;
        };
        let lo = enter.max(DEPTH_TOLERANCE).max(t_min * len);
        if lo.is_nan() || exit.is_nan() || lo >= exit {
            return;
        }
        let mut cuts = [0.0; PLANES.len() + 2];
        cuts[0] = lo;
        cuts[1] = exit;
        let mut n = 2;
        for plane in PLANES {
            let along = plane.dot(dir);
            if along.abs() > 1e-12 {
                let s = -plane.dot(origin) / along;
                if s > lo && s < exit {
                    cuts[n] = s;
                    n += 1;
                }
            }
        }
        let cuts = &mut cuts[..n];
        cuts.sort_by(f64::total_cmp);
        let f = |s: f64| self.value(origin + dir * s);
        let mut push = |s: f64| {
            out.push(Crossing::new(s / len, self.gradient(origin + dir * s)));
        };
        // With both powers at least 1 the function's slope along the ray is at most
        // SLOPE_BOUND, so a step that starts and ends this far outside cannot dip in.
        let steep = self.east_west < 1.0 || self.north_south < 1.0;
        let mut a = lo;
        let mut fa = f(a);
        for piece in cuts.windows(2) {
            let step = (piece[1] - piece[0]) / STEPS as f64;
            for i in 1..=STEPS {
                let b = if i == STEPS {
                    piece[1]
                } else {
                    piece[0] + step * i as f64
                };
                let fb = f(b);
                if (fa < 0.0) != (fb < 0.0) {
                    push(bisect(&f, a, b, fa));
                } else if fa >= 0.0 && b > a && (steep || fa + fb <= SLOPE_BOUND * (b - a)) {
                    let h = 1e-6 * (b - a);
                    if f(a + h) < fa && f(b - h) < fb {
                        let (m, fm) = lowest(&f, a, b);
                        if fm < 0.0 {
                            push(bisect(&f, a, m, fa));
                            push(bisect(&f, m, b, fm));
                        }
                    }
                }
                a = b;
                fa = fb;
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.value(p) < INSIDE_TOLERANCE
    }

    pub fn bounds(&self) -> Aabb {
        Aabb::new(DVec3::splat(-1.0001), DVec3::splat(1.0001))
    }
}

/// Where a unit-direction ray enters and leaves the search cube.
fn slab(origin: DVec3, dir: DVec3) -> Option<(f64, f64)> {
    let (mut enter, mut exit) = (f64::NEG_INFINITY, f64::INFINITY);
    for axis in 0..3 {
        let (o, d) = (origin[axis], dir[axis]);
        if d.abs() < 1e-15 {
            if o.abs() > SEARCH_BOX {
                return None;
            }
            continue;
        }
        let (t0, t1) = ((-SEARCH_BOX - o) / d, (SEARCH_BOX - o) / d);
        enter = enter.max(t0.min(t1));
        exit = exit.min(t0.max(t1));
    }
    (enter < exit).then_some((enter, exit))
}

/// The sign change of `f` between `a` and `b`: false position with the Illinois
/// halving (which keeps the root bracketed as bisection does, in far fewer steps),
/// down to a bracket of a few ulps or BISECTIONS steps.
fn bisect(f: &impl Fn(f64) -> f64, mut a: f64, mut b: f64, fa: f64) -> f64 {
    let (mut fa, mut fb) = (fa, f(b));
    if fa == 0.0 {
        return a;
    }
    if fb == 0.0 || (fa < 0.0) == (fb < 0.0) {
        return b;
    }
    let mut side = 0i8;
    for _ in 0..BISECTIONS {
        if (b - a).abs() <= 4.0 * f64::EPSILON * a.abs().max(b.abs()).max(1e-300) {
            break;
        }
        let mut m = (a * fb - b * fa) / (fb - fa);
        if !(m > a.min(b) && m < a.max(b)) {
            m = 0.5 * (a + b);
        }
        let fm = f(m);
        if fm == 0.0 {
            return m;
        }
        if (fm < 0.0) == (fa < 0.0) {
            a = m;
            fa = fm;
            if side == -1 {
                fb *= 0.5;
            }
            side = -1;
        } else {
            b = m;
            fb = fm;
            if side == 1 {
                fa *= 0.5;
            }
            side = 1;
        }
    }
    0.5 * (a + b)
}

/// Golden-section search for the lowest point of `f` between `a` and `b`.
fn lowest(f: &impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> (f64, f64) {
    const R: f64 = 0.618_033_988_749_894_8;
    let mut c = b - R * (b - a);
    let mut d = a + R * (b - a);
    let (mut fc, mut fd) = (f(c), f(d));
    for _ in 0..GOLDEN_STEPS {
        if fc < 0.0 {
            return (c, fc);
        }
        if fd < 0.0 {
            return (d, fd);
        }
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - R * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + R * (b - a);
            fd = f(d);
        }
    }
    if fc < fd {
        (c, fc)
    } else {
        (d, fd)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(e: f64, n: f64) -> Superellipsoid {
        Superellipsoid {
            east_west: 2.0 / e,
            north_south: 2.0 / n,
        }
    }

    #[test]
    fn exponents_of_one_make_a_sphere() {
        let s = shape(1.0, 1.0);
        let mut out = Vec::new();
        s.crossings(
            &Ray::new(DVec3::new(0.3, 0.4, -5.0), DVec3::Z * 2.0),
            1e-6,
            &mut out,
        );
        let expected = (1.0f64 - 0.25).sqrt();
        let ts: Vec<f64> = out.iter().map(|c| c.t * 2.0).collect();
        assert_eq!(ts.len(), 2, "{ts:?}");
        assert!((ts[0] - (5.0 - expected)).abs() < 1e-9, "{ts:?}");
        assert!((ts[1] - (5.0 + expected)).abs() < 1e-9, "{ts:?}");
        let n = out[0].normal.normalize();
        assert!((n - DVec3::new(0.3, 0.4, -expected)).length() < 1e-6, "{n}");
        assert!(s.inside(DVec3::splat(0.5)) && !s.inside(DVec3::splat(0.6)));
    }

    #[test]
    fn small_exponents_make_a_rounded_box() {
        let s = shape(0.05, 0.05);
        assert!(s.inside(DVec3::splat(0.95)));
        let mut out = Vec::new();
        s.crossings(&Ray::new(DVec3::new(0.9, 0.9, -5.0), DVec3::Z), 1e-6, &mut out);
        assert_eq!(out.len(), 2);
        assert!((out[0].t - 4.0).abs() < 0.01, "{out:?}");
        assert!(out[0].normal.normalize().z < -0.99);
    }

    #[test]
    fn a_grazing_ray_finds_the_thin_slice() {
        let s = shape(1.0, 1.0);
        let mut out = Vec::new();
        // Passes 0.999 from the centre: inside for about 0.09 of its length.
        s.crossings(&Ray::new(DVec3::new(0.999, 0.0, -5.0), DVec3::Z), 1e-6, &mut out);
        assert_eq!(out.len(), 2, "{out:?}");
    }

    #[test]
    fn extreme_exponents_do_not_panic() {
        for (e, n) in [(1e-9, 1e-9), (1e6, 1e6), (1e-9, 50.0), (3.0, 3.0)] {
            let s = shape(e, n);
            let mut out = Vec::new();
            s.crossings(&Ray::new(DVec3::new(0.2, 0.1, -5.0), DVec3::Z), 1e-6, &mut out);
            for c in &out {
                assert!(c.t.is_finite() && c.normal.is_finite(), "{e} {n}: {out:?}");
            }
        }
    }
}
