//! `poly`, `cubic`, `quartic` and `polynomial`: the surface where a polynomial in x, y
//! and z is zero, inside where it is negative.
//!
//! Along a ray the polynomial becomes one in the ray's parameter, whose real roots
//! [`roots`](super::roots) finds. The ray is first restarted at its point nearest the
//! origin, with a unit direction: the coefficients then stay of the size of the shape,
//! not of the camera's distance, and lose less to cancellation.

use glam::DVec3;

use super::roots::{roots_between, Roots, MAX_DEGREE};
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// Crossings nearer than this (along a unit direction in the shape's space) are
/// ignored: POV-Ray 3.7's DEPTH_TOLERANCE for polynomial shapes.
const DEPTH_TOLERANCE: f64 = 1e-4;
/// Points where the polynomial is below this count as inside: POV-Ray 3.7's
/// INSIDE_TOLERANCE for polynomial shapes.
const INSIDE_TOLERANCE: f64 = 1e-4;
/// No crossing beyond this distance: POV-Ray's MAX_DISTANCE.
const MAX_DISTANCE: f64 = 1e7;

/// One term `coefficient * x^i y^j z^k`.
#[derive(Clone, Copy, Debug)]
pub struct Term {
    pub powers: [u8; 3],
    pub coefficient: f64,
}

#[derive(Clone, Debug)]
pub struct Poly {
    pub order: usize,
    /// The non-zero terms only.
    pub terms: Vec<Term>,
    /// Where its crossings can show, in its own space, when it is clipped by finite
    /// objects: roots beyond are not searched for (the clip would drop them), which
    /// spares the root finder far roots of surfaces that run on without end.
    pub search: Option<Aabb>,
}

/// `a * b` for polynomials of degrees `da` and `db`, lowest power first.
fn multiply<const N: usize>(a: &[f64; N], da: usize, b: &[f64; N], db: usize) -> [f64; N] {
    let mut out = [0.0; N];
    for i in 0..=da {
        if a[i] == 0.0 {
            continue;
        }
        for j in 0..=db {
            out[i + j] += a[i] * b[j];
        }
    }
    out
}

impl Poly {
    /// From POV-Ray's coefficient list: x's power falling slowest, then y's, then z's,
    /// each from the most the order leaves down to zero.
    pub fn from_coefficients(order: usize, coefficients: &[f64]) -> Poly {
        let mut terms = Vec::new();
        let mut next = coefficients.iter();
        for i in (0..=order).rev() {
            for j in (0..=order - i).rev() {
                for k in (0..=order - i - j).rev() {
                    let Some(&coefficient) = next.next() else {
                        break;
                    };
                    if coefficient != 0.0 {
                        terms.push(Term {
                            powers: [i as u8, j as u8, k as u8],
                            coefficient,
                        });
                    }
                }
            }
        }
        Poly {
            search: None,
            order: order.min(MAX_DEGREE),
            terms,
        }
    }

    fn powers(&self, p: DVec3) -> [[f64; MAX_DEGREE + 1]; 3] {
        let mut pw = [[1.0; MAX_DEGREE + 1]; 3];
        for axis in 0..3 {
            for m in 1..=self.order {
                pw[axis][m] = pw[axis][m - 1] * p[axis];
            }
        }
        pw
    }

    pub fn value(&self, p: DVec3) -> f64 {
        let pw = self.powers(p);
        self.terms
            .iter()
            .map(|t| {
                let [i, j, k] = t.powers.map(usize::from);
                t.coefficient * pw[0][i] * pw[1][j] * pw[2][k]
            })
            .sum()
    }

    pub fn gradient(&self, p: DVec3) -> DVec3 {
        let pw = self.powers(p);
        let mut g = DVec3::ZERO;
        for t in &self.terms {
            let [i, j, k] = t.powers.map(usize::from);
            let c = t.coefficient;
            if i > 0 {
                g.x += c * i as f64 * pw[0][i - 1] * pw[1][j] * pw[2][k];
            }
            if j > 0 {
                g.y += c * j as f64 * pw[0][i] * pw[1][j - 1] * pw[2][k];
            }
            if k > 0 {
                g.z += c * k as f64 * pw[0][i] * pw[1][j] * pw[2][k - 1];
            }
        }
        if g.is_finite() && g != DVec3::ZERO {
            g
        } else {
            // Where the surface has no normal, POV-Ray takes +x.
            DVec3::X
        }
    }

    /// The polynomial along `origin + s * dir`, lowest power first; `N` is more than
    /// the order, and small for the usual orders so that the scratch stays small.
    fn along<const N: usize>(&self, origin: DVec3, dir: DVec3) -> [f64; N] {
        // (origin + s dir)^m per axis, m = 0..=order.
        let mut lines = [[[0.0; N]; N]; 3];
        for axis in 0..3 {
            lines[axis][0][0] = 1.0;
            let mut linear = [0.0; N];
            linear[0] = origin[axis];
            linear[1] = dir[axis];
            for m in 1..=self.order {
                lines[axis][m] = multiply(&lines[axis][m - 1], m - 1, &linear, 1);
            }
        }
        let mut sum = [0.0; N];
        for t in &self.terms {
            let [i, j, k] = t.powers.map(usize::from);
            let xy = multiply(&lines[0][i], i, &lines[1][j], j);
            let xyz = multiply(&xy, i + j, &lines[2][k], k);
            for (s, v) in sum.iter_mut().zip(xyz.iter()).take(i + j + k + 1) {
                *s += t.coefficient * v;
            }
        }
        sum
    }

    fn roots_along(&self, origin: DVec3, dir: DVec3, lo: f64, hi: f64) -> Roots {
        if self.order < 8 {
            let series = self.along::<8>(origin, dir);
            roots_between(&series[..=self.order], lo, hi)
        } else {
            let series = self.along::<{ MAX_DEGREE + 1 }>(origin, dir);
            roots_between(&series[..=self.order], lo, hi)
        }
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if !(len.is_finite() && len > 0.0) {
            return;
        }
        let dir = ray.direction / len;
        let t0 = -ray.origin.dot(ray.direction) / (len * len);
        let start = ray.at(t0);
        let mut lo = t_min.max(DEPTH_TOLERANCE / len);
        let mut hi = MAX_DISTANCE / len;
        if let Some(search) = &self.search {
            let Some((enter, exit)) = search.span(ray) else {
                return;
            };
            lo = lo.max(enter);
            hi = hi.min(exit);
            if lo.is_nan() || hi.is_nan() || lo >= hi {
                return;
            }
        }
        let roots = self.roots_along(start, dir, (lo - t0) * len, (hi - t0) * len);
        for &s in roots.as_slice() {
            let t = t0 + s / len;
            if t > lo {
                out.push(Crossing::new(t, self.gradient(start + dir * s)));
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        self.value(p) < INSIDE_TOLERANCE
    }

    pub fn bounds(&self) -> Aabb {
        Aabb::EVERYTHING
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x^2 + y^2 + z^2 - 1 as an order-2 `poly`.
    fn unit_sphere() -> Poly {
        let mut c = [0.0; 10];
        c[0] = 1.0; // x^2
        c[4] = 1.0; // y^2
        c[7] = 1.0; // z^2
        c[9] = -1.0;
        Poly::from_coefficients(2, &c)
    }

    #[test]
    fn coefficients_follow_povrays_order() {
        let p = unit_sphere();
        assert!((p.value(DVec3::new(1.0, 2.0, 3.0)) - 13.0).abs() < 1e-12);
        assert!(p.inside(DVec3::ZERO));
        assert!(!p.inside(DVec3::new(0.0, 1.1, 0.0)));
    }

    #[test]
    fn a_far_ray_finds_both_sides_of_a_sphere() {
        let p = unit_sphere();
        let mut out = Vec::new();
        let ray = Ray::new(DVec3::new(0.3, 0.2, -1e4), DVec3::new(0.0, 0.0, 2.0));
        p.crossings(&ray, 1e-6, &mut out);
        let expected = (1.0f64 - 0.13).sqrt();
        assert_eq!(out.len(), 2, "{out:?}");
        assert!((out[0].t * 2.0 - (1e4 - expected)).abs() < 1e-7, "{out:?}");
        assert!((out[1].t * 2.0 - (1e4 + expected)).abs() < 1e-7, "{out:?}");
        assert!(out[0].normal.z < 0.0);
    }

    #[test]
    fn a_clipped_poly_searches_only_where_its_clip_lies() {
        let mut p = unit_sphere();
        p.search = Some(Aabb::new(DVec3::splat(-2.0), DVec3::new(2.0, 2.0, 0.0)));
        let mut out = Vec::new();
        let ray = Ray::new(DVec3::new(0.0, 0.0, -5.0), DVec3::Z);
        p.crossings(&ray, 1e-6, &mut out);
        assert_eq!(out.len(), 1, "only the near side lies in the box: {out:?}");
        assert!((out[0].t - 4.0).abs() < 1e-9, "{out:?}");
        out.clear();
        p.crossings(&Ray::new(DVec3::new(5.0, 5.0, -5.0), DVec3::Z), 1e-6, &mut out);
        assert!(out.is_empty(), "a ray missing the box finds nothing");
    }

    #[test]
    fn a_torus_as_a_quartic_crosses_four_times() {
        // (x^2 + y^2 + z^2 + R^2 - r^2)^2 - 4 R^2 (x^2 + z^2) with R = 2, r = 0.5.
        let (r2, m2) = (4.0, 0.25);
        let k = r2 - m2;
        let mut c = [0.0; 35];
        c[0] = 1.0; // x^4
        c[4] = 2.0; // x^2 y^2
        c[7] = 2.0; // x^2 z^2
        c[9] = 2.0 * k - 4.0 * r2; // x^2
        c[20] = 1.0; // y^4
        c[23] = 2.0; // y^2 z^2
        c[25] = 2.0 * k; // y^2
        c[30] = 1.0; // z^4
        c[32] = 2.0 * k - 4.0 * r2; // z^2
        c[34] = k * k;
        let torus = Poly::from_coefficients(4, &c);
        let mut out = Vec::new();
        torus.crossings(&Ray::new(DVec3::new(-5.0, 0.0, 0.0), DVec3::X), 1e-6, &mut out);
        let ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        assert_eq!(ts.len(), 4, "{ts:?}");
        for (t, e) in ts.iter().zip([2.5, 3.5, 6.5, 7.5]) {
            assert!((t - e).abs() < 1e-9, "{ts:?}");
        }
    }
}
