//! `prism`: a closed outline in the xz plane swept along y from one height to the
//! other, either moved (`linear_sweep`) or scaled from the origin (`conic_sweep`).
//! The walls are where the ray meets the outline's segments (a cubic in each
//! segment's parameter); the caps where it meets the end planes inside the outline,
//! by the even-odd rule, as POV-Ray 3.7 fills prisms.

use glam::{DVec2, DVec3};

use super::spline2d::{self, Segment};
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::SplineKind;

/// POV-Ray's DEPTH_TOLERANCE for prisms: nearer crossings are ignored.
const DEPTH_TOLERANCE: f64 = 1e-4;
/// POV-Ray's EPSILON: direction components below it count as zero.
const EPSILON: f64 = 1e-10;
/// No crossing beyond this distance: POV-Ray's MAX_DISTANCE.
const MAX_DISTANCE: f64 = 1e7;

#[derive(Clone, Debug)]
pub struct Prism {
    segments: Vec<Segment>,
    /// Per segment: the sign turning its left-hand normal outward.
    signs: Vec<f64>,
    /// Per segment: the box its wall stays in.
    boxes: Vec<(DVec3, DVec3)>,
    heights: [f64; 2],
    conic: bool,
    open: bool,
    bounds: Aabb,
}

/// The `t` span in which the ray is inside the box, clipped to `(lo, hi)`.
fn span(o: DVec3, d: DVec3, min: DVec3, max: DVec3, mut lo: f64, mut hi: f64) -> Option<(f64, f64)> {
    for axis in 0..3 {
        if d[axis] == 0.0 {
            if o[axis] < min[axis] || o[axis] > max[axis] {
                return None;
            }
            continue;
        }
        let inv = 1.0 / d[axis];
        let (a, b) = ((min[axis] - o[axis]) * inv, (max[axis] - o[axis]) * inv);
        lo = lo.max(a.min(b));
        hi = hi.min(a.max(b));
        if lo > hi {
            return None;
        }
    }
    Some((lo, hi))
}

/// The segments of a closed point list (none for one POV-Ray would refuse).
pub fn outline(kind: SplineKind, p: &[DVec2]) -> Vec<Segment> {
    crate::scene::Prism::segment_starts(kind, p)
        .unwrap_or_default()
        .into_iter()
        .map(|i| Segment::of_kind(kind, p, i))
        .collect()
}

impl Prism {
    pub fn new(shape: &crate::scene::Prism) -> Prism {
        let segments = outline(shape.spline, &shape.points);
        let signs = spline2d::outward_signs(&segments, |q| spline2d::inside(&segments, q.x, q.y));
        let [h1, h2] = shape.heights;
        let to_box = |lo: DVec2, hi: DVec2| {
            if shape.conic {
                let a = Aabb::new(
                    DVec3::new(lo.x * h1, h1, lo.y * h1),
                    DVec3::new(hi.x * h1, h1, hi.y * h1),
                );
                let b = Aabb::new(
                    DVec3::new(lo.x * h2, h2, lo.y * h2),
                    DVec3::new(hi.x * h2, h2, hi.y * h2),
                );
                let u = a.union(&b);
                (u.min, u.max)
            } else {
                (DVec3::new(lo.x, h1, lo.y), DVec3::new(hi.x, h2, hi.y))
            }
        };
        let boxes: Vec<_> = segments.iter().map(|s| to_box(s.min, s.max)).collect();
        let bounds = if segments.is_empty() {
            Aabb::EMPTY
        } else {
            let (lo, hi) = spline2d::bounds(&segments);
            let (min, max) = to_box(lo, hi);
            Aabb { min, max }
        };
        Prism {
            segments,
            signs,
            boxes,
            heights: shape.heights,
            conic: shape.conic,
            open: shape.open,
            bounds,
        }
    }

    pub fn bounds(&self) -> Aabb {
        self.bounds
    }

    pub fn inside(&self, p: DVec3) -> bool {
        let [h1, h2] = self.heights;
        if !(p.y >= h1 && p.y < h2) {
            return false;
        }
        if self.conic {
            if p.y.abs() <= EPSILON {
                return false;
            }
            return spline2d::inside(&self.segments, p.x / p.y, p.z / p.y);
        }
        spline2d::inside(&self.segments, p.x, p.z)
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if self.segments.is_empty() || len == 0.0 || !len.is_finite() {
            return;
        }
        let (p, d) = (ray.origin, ray.direction / len);
        let Some((k_lo, k_hi)) = span(p, d, self.bounds.min, self.bounds.max, 0.0, MAX_DISTANCE) else {
            return;
        };
        let t_least = t_min.max(DEPTH_TOLERANCE);
        let mut push = |k: f64, normal: DVec3| {
            let t = k / len;
            if t > t_least && k < MAX_DISTANCE && normal.is_finite() {
                out.push(Crossing::new(t, normal));
            }
        };
        let [h1, h2] = self.heights;
        if d.y.abs() < EPSILON {
            if p.y < h1 || p.y > h2 {
                return;
            }
        } else if !self.open {
            for (h, normal) in [(h2, DVec3::Y), (h1, DVec3::NEG_Y)] {
                let scale = if self.conic { h } else { 1.0 };
                if scale.abs() <= EPSILON {
                    continue;
                }
                let k = (h - p.y) / d.y;
                if k > 0.0 {
                    let (u, v) = ((p.x + k * d.x) / scale, (p.z + k * d.z) / scale);
                    if spline2d::inside(&self.segments, u, v) {
                        push(k, normal);
                    }
                }
            }
        }
        if d.x.abs() <= EPSILON && d.z.abs() <= EPSILON {
            return;
        }
        // The plane through the ray and the sweep's direction: in it the outline
        // point's parameter solves a cubic.
        let (normal_line, offset) = if self.conic {
            (
                DVec2::new(p.y * d.z - p.z * d.y, p.x * d.y - p.y * d.x),
                p.z * d.x - p.x * d.z,
            )
        } else {
            let k = DVec2::new(d.z, -d.x);
            (k, -k.dot(DVec2::new(p.x, p.z)))
        };
        let mut ws = [0.0; 3];
        for (j, s) in self.segments.iter().enumerate() {
            let (min, max) = self.boxes[j];
            if span(p, d, min, max, k_lo - 1e-9, k_hi + 1e-9).is_none() {
                continue;
            }
            let found = s.meets(normal_line, offset, &mut ws);
            for &w in &ws[..found] {
                let q = s.at(w);
                let k = if self.conic {
                    let (ax, az) = (d.x - d.y * q.x, d.z - d.y * q.y);
                    if ax.abs() >= az.abs() {
                        (p.y * q.x - p.x) / ax
                    } else {
                        (p.y * q.y - p.z) / az
                    }
                } else {
                    let d2 = DVec2::new(d.x, d.z);
                    (q - DVec2::new(p.x, p.z)).dot(d2) / d2.length_squared()
                };
                let y = p.y + k * d.y;
                if !(y >= h1 && y <= h2) {
                    continue;
                }
                let tangent = s.tangent(w);
                let n = self.signs[j] * DVec2::new(-tangent.y, tangent.x);
                let normal = if self.conic {
                    let at = p + k * d;
                    DVec3::new(y * n.x, -(at.x * n.x + at.z * n.y), y * n.y)
                } else {
                    DVec3::new(n.x, 0.0, n.y)
                };
                push(k, normal);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene;

    fn prism(kind: SplineKind, conic: bool, points: &[(f64, f64)]) -> Prism {
        Prism::new(&scene::Prism {
            spline: kind,
            conic,
            heights: [0.0, 1.0],
            points: points
                .iter()
                .map(|&(x, y)| DVec2::new(x, y))
                .collect::<Vec<_>>()
                .into(),
            open: false,
        })
    }

    fn hits(p: &Prism, o: DVec3, d: DVec3) -> Vec<Crossing> {
        let mut out = Vec::new();
        p.crossings(&Ray::new(o, d), 1e-6, &mut out);
        out.sort_by(|a, b| a.t.total_cmp(&b.t));
        out
    }

    const SQUARE: [(f64, f64); 5] = [(-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0)];

    #[test]
    fn a_square_prism_is_a_box() {
        let p = prism(SplineKind::Linear, false, &SQUARE);
        let h = hits(&p, DVec3::new(-5.0, 0.5, 0.0), DVec3::X);
        assert_eq!(h.len(), 2);
        assert!((h[0].t - 4.0).abs() < 1e-12 && (h[1].t - 6.0).abs() < 1e-12);
        assert!(
            h[0].normal.normalize().dot(DVec3::NEG_X) > 0.999,
            "{:?}",
            h[0].normal
        );
        assert!(h[1].normal.normalize().dot(DVec3::X) > 0.999);
        let h = hits(&p, DVec3::new(0.2, 5.0, 0.3), DVec3::NEG_Y);
        assert_eq!(h.len(), 2);
        assert!((h[0].t - 4.0).abs() < 1e-12 && h[0].normal == DVec3::Y);
        assert!(p.inside(DVec3::new(0.5, 0.5, 0.5)));
        assert!(!p.inside(DVec3::new(1.5, 0.5, 0.5)));
        assert!(!p.inside(DVec3::new(0.5, 1.5, 0.5)));
        let b = p.bounds();
        assert_eq!(b.min, DVec3::new(-1.0, 0.0, -1.0));
        assert_eq!(b.max, DVec3::new(1.0, 1.0, 1.0));
    }

    #[test]
    fn a_second_outline_inside_is_a_hole() {
        let mut pts = SQUARE.to_vec();
        pts.extend([(-0.5, -0.5), (0.5, -0.5), (0.5, 0.5), (-0.5, 0.5), (-0.5, -0.5)]);
        let p = prism(SplineKind::Linear, false, &pts);
        assert_eq!(p.segments.len(), 8);
        assert!(!p.inside(DVec3::new(0.0, 0.5, 0.0)));
        assert!(p.inside(DVec3::new(0.75, 0.5, 0.0)));
        let h = hits(&p, DVec3::new(-5.0, 0.5, 0.0), DVec3::X);
        assert_eq!(h.len(), 4);
        // The hole's wall faces into the hole.
        assert!(h[1].normal.x > 0.0 && h[2].normal.x < 0.0, "{h:?}");
    }

    #[test]
    fn a_conic_prism_narrows_to_the_apex() {
        let p = prism(SplineKind::Linear, true, &SQUARE);
        assert!(p.inside(DVec3::new(0.4, 0.5, 0.0)));
        assert!(!p.inside(DVec3::new(0.6, 0.5, 0.0)));
        let h = hits(&p, DVec3::new(-5.0, 0.5, 0.0), DVec3::X);
        assert_eq!(h.len(), 2);
        assert!(
            (h[0].t - 4.5).abs() < 1e-9 && (h[1].t - 5.5).abs() < 1e-9,
            "{h:?}"
        );
        // Outward and tilted up: the wall leans in towards the apex.
        assert!(h[1].normal.x > 0.0 && h[1].normal.y < 0.0, "{:?}", h[1].normal);
    }

    #[test]
    fn a_bezier_circle_is_round() {
        let k = 0.5523;
        let pts = [
            (1.0, 0.0),
            (1.0, k),
            (k, 1.0),
            (0.0, 1.0),
            (0.0, 1.0),
            (-k, 1.0),
            (-1.0, k),
            (-1.0, 0.0),
            (-1.0, 0.0),
            (-1.0, -k),
            (-k, -1.0),
            (0.0, -1.0),
            (0.0, -1.0),
            (k, -1.0),
            (1.0, -k),
            (1.0, 0.0),
        ];
        let p = prism(SplineKind::Bezier, false, &pts);
        let d = DVec3::new(1.0, 0.0, 1.0).normalize();
        let h = hits(&p, DVec3::new(-5.0, 0.5, -5.0), d);
        assert_eq!(h.len(), 2);
        let r = (DVec3::new(-5.0, 0.5, -5.0) + h[0].t * d).length_squared() - 0.25;
        assert!((r.sqrt() - 1.0).abs() < 1e-3, "{r}");
        assert!(p.inside(DVec3::new(0.6, 0.2, 0.6)) && !p.inside(DVec3::new(0.8, 0.2, 0.8)));
    }
}
