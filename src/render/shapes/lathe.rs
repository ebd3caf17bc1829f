//! `lathe`: a curve in the xy plane, x the radius, spun about the y axis. Along a ray
//! the curve's parameter w solves a polynomial of twice the segment's degree (up to a
//! sextic): the ray's height fixes t, and its squared distance from the axis must
//! equal the curve's squared radius there. Inside is the even-odd rule on the curve,
//! as POV-Ray 3.7 tests it.

use glam::{DVec2, DVec3};

use super::roots::roots_between;
use super::shell::may_meet;
use super::spline2d::{self, Segment};
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::SplineKind;

/// POV-Ray's DEPTH_TOLERANCE for lathes: nearer crossings are ignored.
const DEPTH_TOLERANCE: f64 = 1e-4;
/// POV-Ray's EPSILON: a ray's height change below it counts as level.
const EPSILON: f64 = 1e-10;
/// No crossing beyond this distance: POV-Ray's MAX_DISTANCE.
const MAX_DISTANCE: f64 = 1e7;
/// Roots this close outside 0..1 still lie on the segment.
const ENDS: f64 = 1e-9;

#[derive(Clone, Debug)]
pub struct Lathe {
    segments: Vec<Segment>,
    /// Per segment: the sign turning its left-hand normal outward in the xy plane.
    signs: Vec<f64>,
    /// Per segment: the radii it spans.
    radii: Vec<(f64, f64)>,
    /// The least x of the curve: POV-Ray counts points nearer the axis as outside.
    least_x: f64,
    bounds: Aabb,
}

/// The segments of the curve through `p`, one per point for each spline kind but
/// Bezier, one per four points for Bezier.
pub fn curve(kind: SplineKind, p: &[DVec2]) -> Vec<Segment> {
    let reach = match kind {
        SplineKind::Linear => 1,
        SplineKind::Quadratic => 2,
        SplineKind::Cubic | SplineKind::Bezier => 3,
    };
    let step = if kind == SplineKind::Bezier { 4 } else { 1 };
    (0..p.len().saturating_sub(reach))
        .step_by(step)
        .map(|i| Segment::of_kind(kind, p, i))
        .collect()
}

/// `a * b` for cubics, lowest power first.
fn product(a: &[f64; 4], b: &[f64; 4]) -> [f64; 7] {
    let mut out = [0.0; 7];
    for (i, x) in a.iter().enumerate() {
        for (j, y) in b.iter().enumerate() {
            out[i + j] += x * y;
        }
    }
    out
}

impl Lathe {
    pub fn new(shape: &crate::scene::Lathe) -> Lathe {
        let segments = curve(shape.spline, &shape.points);
        let signs = spline2d::outward_signs(&segments, |q| spline2d::inside(&segments, q.x, q.y));
        let radii: Vec<_> = segments
            .iter()
            .map(|s| {
                let outer = s.min.x.abs().max(s.max.x.abs());
                let inner = if s.min.x <= 0.0 && s.max.x >= 0.0 {
                    0.0
                } else {
                    s.min.x.abs().min(s.max.x.abs())
                };
                (inner, outer)
            })
            .collect();
        let (lo, hi) = spline2d::bounds(&segments);
        let reach = radii.iter().fold(0.0f64, |r, &(_, outer)| r.max(outer));
        let bounds = if segments.is_empty() {
            Aabb::EMPTY
        } else {
            Aabb::new(DVec3::new(-reach, lo.y, -reach), DVec3::new(reach, hi.y, reach))
        };
        Lathe {
            segments,
            signs,
            radii,
            least_x: lo.x,
            bounds,
        }
    }

    pub fn bounds(&self) -> Aabb {
        self.bounds
    }

    /// POV-Ray's surface coordinates at `p` on segment `j`: u the angle around y from
    /// +x towards +z (0 to 1), v the segment's index plus the curve's parameter there,
    /// over the number of segments.
    pub fn uv(&self, j: u32, p: DVec3) -> DVec2 {
        let u = super::sor::angle_around_y(p);
        let Some(s) = self.segments.get(j as usize) else {
            return DVec2::new(u, 0.0);
        };
        let r = (p.x * p.x + p.z * p.z).sqrt();
        // The parameter where the curve passes the point: at its height, or at its
        // radius where the segment is level; the one nearest the point.
        let level = (s.max.y - s.min.y).abs() <= EPSILON;
        let c = if level {
            [s.d.x - r, s.c.x, s.b.x, s.a.x]
        } else {
            [s.d.y - p.y, s.c.y, s.b.y, s.a.y]
        };
        let w = roots_between(&c, -ENDS, 1.0 + ENDS)
            .as_slice()
            .iter()
            .map(|w| w.clamp(0.0, 1.0))
            .min_by(|a, b| {
                let off = |w: f64| (s.at(w) - DVec2::new(r, p.y)).length_squared();
                off(*a).total_cmp(&off(*b))
            })
            .unwrap_or(0.0);
        DVec2::new(u, (w + j as f64) / self.segments.len() as f64)
    }

    pub fn inside(&self, p: DVec3) -> bool {
        if p.y < self.bounds.min.y || p.y > self.bounds.max.y {
            return false;
        }
        let r = (p.x * p.x + p.z * p.z).sqrt();
        if r < self.least_x || r > self.bounds.max.x {
            return false;
        }
        spline2d::inside(&self.segments, r, p.y)
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if self.segments.is_empty() || len == 0.0 || !len.is_finite() {
            return;
        }
        let d = ray.direction / len;
        let Some(enter) = enter(&self.bounds, ray.origin, d) else {
            return;
        };
        // Restarted where the ray meets the bounds, so that the polynomials' terms
        // stay of the lathe's size however far the ray came from.
        let p = ray.origin + enter * d;
        let t_least = t_min.max(DEPTH_TOLERANCE);
        let mut push = |k: f64, j: usize, w: f64| {
            let t = (k + enter) / len;
            if !(t > t_least && k + enter < MAX_DISTANCE) {
                return;
            }
            // The segment's index tells the surface coordinates (see `Lathe::uv`).
            out.push(Crossing {
                triangle: j as u32,
                ..Crossing::new(t, self.normal(p + k * d, j, w))
            });
        };
        let a = d.x * d.x + d.z * d.z;
        let m = p.x * d.x + p.z * d.z;
        let q = p.x * p.x + p.z * p.z;
        for (j, s) in self.segments.iter().enumerate() {
            let heights = (s.min.y, s.max.y);
            if !may_meet(p, d, heights, self.radii[j], -enter, MAX_DISTANCE) {
                continue;
            }
            let x = [s.d.x, s.c.x, s.b.x, s.a.x];
            let y = [s.d.y - p.y, s.c.y, s.b.y, s.a.y];
            if d.y.abs() > EPSILON {
                // |d.y (p - axis) + y(w) d|² = d.y² x(w)² in the xz plane.
                let qx = y.map(|k| k * d.x);
                let qz = y.map(|k| k * d.z);
                let mut qx = qx;
                let mut qz = qz;
                qx[0] += d.y * p.x;
                qz[0] += d.y * p.z;
                let (xx, zz, rr) = (product(&qx, &qx), product(&qz, &qz), product(&x, &x));
                let c: [f64; 7] = std::array::from_fn(|i| xx[i] + zz[i] - d.y * d.y * rr[i]);
                for &w in roots_between(&c, -ENDS, 1.0 + ENDS).as_slice() {
                    let w = w.clamp(0.0, 1.0);
                    let k = (((y[3] * w + y[2]) * w + y[1]) * w + y[0]) / d.y;
                    push(k, j, w);
                }
            } else {
                // Level: the ray stays at one height, where the curve has a radius.
                for &w in roots_between(&y, -ENDS, 1.0 + ENDS).as_slice() {
                    let w = w.clamp(0.0, 1.0);
                    let r = s.at(w).x;
                    let disc = m * m - a * (q - r * r);
                    if a > 0.0 && disc >= 0.0 {
                        let root = disc.sqrt();
                        push((-m - root) / a, j, w);
                        push((-m + root) / a, j, w);
                    }
                }
            }
        }
    }

    fn normal(&self, at: DVec3, j: usize, w: f64) -> DVec3 {
        let t = self.segments[j].tangent(w);
        let n = self.signs[j] * DVec2::new(-t.y, t.x);
        let r = (at.x * at.x + at.z * at.z).sqrt();
        if r > 1e-10 {
            DVec3::new(n.x * at.x / r, n.y, n.x * at.z / r)
        } else {
            DVec3::new(0.0, if n.y < 0.0 { -1.0 } else { 1.0 }, 0.0)
        }
    }
}

/// Where the ray (unit `d`) enters the box, or 0 when it starts inside; `None` when it
/// misses the box.
pub fn enter(b: &Aabb, o: DVec3, d: DVec3) -> Option<f64> {
    let (mut lo, mut hi) = (0.0f64, MAX_DISTANCE);
    for axis in 0..3 {
        if d[axis] == 0.0 {
            if o[axis] < b.min[axis] || o[axis] > b.max[axis] {
                return None;
            }
            continue;
        }
        let (s, e) = (
            (b.min[axis] - o[axis]) / d[axis],
            (b.max[axis] - o[axis]) / d[axis],
        );
        lo = lo.max(s.min(e));
        hi = hi.min(s.max(e));
    }
    // A little before the box, so that a crossing on its face is not lost.
    (lo <= hi).then(|| (lo - 1e-6 * (1.0 + lo)).max(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene;

    fn lathe(kind: SplineKind, points: &[(f64, f64)]) -> Lathe {
        Lathe::new(&scene::Lathe {
            spline: kind,
            points: points
                .iter()
                .map(|&(x, y)| DVec2::new(x, y))
                .collect::<Vec<_>>()
                .into(),
        })
    }

    fn hits(l: &Lathe, o: DVec3, d: DVec3) -> Vec<Crossing> {
        let mut out = Vec::new();
        l.crossings(&Ray::new(o, d), 1e-6, &mut out);
        out.sort_by(|a, b| a.t.total_cmp(&b.t));
        out
    }

    /// A closed profile: a square ring from radius 1 to 2, height 0 to 1.
    const RING: [(f64, f64); 5] = [(1.0, 0.0), (2.0, 0.0), (2.0, 1.0), (1.0, 1.0), (1.0, 0.0)];

    #[test]
    fn a_square_profile_makes_a_thick_tube() {
        let l = lathe(SplineKind::Linear, &RING);
        let h = hits(&l, DVec3::new(-5.0, 0.5, 0.0), DVec3::X);
        let ts: Vec<f64> = h.iter().map(|c| c.t).collect();
        assert_eq!(ts.len(), 4, "{ts:?}");
        for (t, want) in ts.iter().zip([3.0, 4.0, 6.0, 7.0]) {
            assert!((t - want).abs() < 1e-9, "{ts:?}");
        }
        assert!(h[0].normal.x < 0.0 && h[1].normal.x > 0.0, "{h:?}");
        // Straight down onto the top.
        let h = hits(&l, DVec3::new(1.5, 5.0, 0.0), DVec3::NEG_Y);
        assert_eq!(h.len(), 2);
        assert!((h[0].t - 4.0).abs() < 1e-9 && h[0].normal.y > 0.0, "{h:?}");
        assert!(l.inside(DVec3::new(0.0, 0.5, 1.5)));
        assert!(!l.inside(DVec3::new(0.0, 0.5, 0.5)));
        assert!(!l.inside(DVec3::new(0.0, 1.5, 1.5)));
    }

    #[test]
    fn a_bezier_sphere_is_round() {
        let k = 0.5523;
        let l = lathe(
            SplineKind::Bezier,
            &[
                (0.0, -1.0),
                (k, -1.0),
                (1.0, -k),
                (1.0, 0.0),
                (1.0, 0.0),
                (1.0, k),
                (k, 1.0),
                (0.0, 1.0),
            ],
        );
        let d = DVec3::new(1.0, 0.3, 0.2).normalize();
        let o = -4.0 * d;
        let h = hits(&l, o, d);
        assert_eq!(h.len(), 2, "{h:?}");
        assert!(
            (h[0].t - 3.0).abs() < 1e-3 && (h[1].t - 5.0).abs() < 1e-3,
            "{h:?}"
        );
        assert!(h[0].normal.normalize().dot(-d) > 0.99);
        assert!(l.inside(DVec3::new(0.3, 0.2, 0.1)));
    }
}
