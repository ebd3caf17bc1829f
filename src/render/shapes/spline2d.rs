//! Plane curve segments shared by `prism` and `lathe`: each segment is a cubic in its
//! parameter w from 0 to 1 (linear and quadratic splines have zero leading terms),
//! built from control points the way POV-Ray 3.7 reads each spline kind, with the
//! box it stays in and an even-odd crossing count for inside tests.

use glam::DVec2;

use super::roots::roots_between;
use crate::scene::SplineKind;

/// Roots this close outside 0..1 still lie on the segment, so that rays through a
/// joint between two segments do not slip through.
const ENDS: f64 = 1e-9;

/// `((a w + b) w + c) w + d` for w in 0..1, with its bounding box.
#[derive(Clone, Copy, Debug)]
pub struct Segment {
    pub a: DVec2,
    pub b: DVec2,
    pub c: DVec2,
    pub d: DVec2,
    pub min: DVec2,
    pub max: DVec2,
    /// Whether the segment's coefficients are those of a straight line.
    pub linear: bool,
}

impl Segment {
    pub fn new(a: DVec2, b: DVec2, c: DVec2, d: DVec2) -> Segment {
        let mut s = Segment {
            a,
            b,
            c,
            d,
            min: DVec2::ZERO,
            max: DVec2::ZERO,
            linear: a == DVec2::ZERO && b == DVec2::ZERO,
        };
        let (start, end) = (s.at(0.0), s.at(1.0));
        s.min = start.min(end);
        s.max = start.max(end);
        // The curve's extremes inside the segment are where its derivative vanishes.
        for axis in 0..2 {
            let dc = [c[axis], 2.0 * b[axis], 3.0 * a[axis]];
            for &w in roots_between(&dc, 0.0, 1.0).as_slice() {
                let p = s.at(w);
                s.min[axis] = s.min[axis].min(p[axis]);
                s.max[axis] = s.max[axis].max(p[axis]);
            }
        }
        s
    }

    /// The segment from `p[0]` to `p[1]`.
    pub fn line(p: [DVec2; 2]) -> Segment {
        Segment::new(DVec2::ZERO, DVec2::ZERO, p[1] - p[0], p[0])
    }

    /// From `p[1]` to `p[2]`, its start tangent set by `p[0]`.
    pub fn quadratic(p: [DVec2; 3]) -> Segment {
        let b = 0.5 * p[0] - p[1] + 0.5 * p[2];
        let c = 0.5 * (p[2] - p[0]);
        Segment::new(DVec2::ZERO, b, c, p[1])
    }

    /// Catmull-Rom, from `p[1]` to `p[2]`.
    pub fn catmull_rom(p: [DVec2; 4]) -> Segment {
        let a = -0.5 * p[0] + 1.5 * p[1] - 1.5 * p[2] + 0.5 * p[3];
        let b = p[0] - 2.5 * p[1] + 2.0 * p[2] - 0.5 * p[3];
        let c = 0.5 * (p[2] - p[0]);
        Segment::new(a, b, c, p[1])
    }

    /// Bezier, from `p[0]` to `p[3]`.
    pub fn bezier(p: [DVec2; 4]) -> Segment {
        let a = p[3] - 3.0 * p[2] + 3.0 * p[1] - p[0];
        let b = 3.0 * p[2] - 6.0 * p[1] + 3.0 * p[0];
        let c = 3.0 * (p[1] - p[0]);
        Segment::new(a, b, c, p[0])
    }

    /// The segment of `kind` that starts at `points[i]` (its first control point).
    pub fn of_kind(kind: SplineKind, points: &[DVec2], i: usize) -> Segment {
        let p = |k: usize| points[i + k];
        match kind {
            SplineKind::Linear => Segment::line([p(0), p(1)]),
            SplineKind::Quadratic => Segment::quadratic([p(0), p(1), p(2)]),
            SplineKind::Cubic => Segment::catmull_rom([p(0), p(1), p(2), p(3)]),
            SplineKind::Bezier => Segment::bezier([p(0), p(1), p(2), p(3)]),
        }
    }

    pub fn at(&self, w: f64) -> DVec2 {
        ((self.a * w + self.b) * w + self.c) * w + self.d
    }

    pub fn tangent(&self, w: f64) -> DVec2 {
        (3.0 * self.a * w + 2.0 * self.b) * w + self.c
    }

    /// The coefficients, lowest power first, of `k . segment(w) + k0`.
    pub fn project(&self, k: DVec2, k0: f64) -> [f64; 4] {
        [k.dot(self.d) + k0, k.dot(self.c), k.dot(self.b), k.dot(self.a)]
    }

    /// The parameters in 0..1 where `k . segment(w) + k0` is zero.
    pub fn meets(&self, k: DVec2, k0: f64, out: &mut [f64; 3]) -> usize {
        let c = self.project(k, k0);
        if self.linear {
            if c[1] == 0.0 {
                return 0;
            }
            let w = -c[0] / c[1];
            if (-ENDS..=1.0 + ENDS).contains(&w) {
                out[0] = w.clamp(0.0, 1.0);
                return 1;
            }
            return 0;
        }
        let roots = roots_between(&c, -ENDS, 1.0 + ENDS);
        let mut n = 0;
        for &w in roots.as_slice().iter().take(3) {
            out[n] = w.clamp(0.0, 1.0);
            n += 1;
        }
        n
    }

    /// How often the half line from `(u, v)` towards +x crosses this segment.
    fn crossings_right_of(&self, u: f64, v: f64) -> usize {
        if v < self.min.y || v > self.max.y || u > self.max.x {
            return 0;
        }
        if self.linear {
            // Half-open in y, so that a vertex shared by two lines counts once.
            let (p, q) = (self.d, self.d + self.c);
            if (p.y > v) == (q.y > v) {
                return 0;
            }
            let x = p.x + (v - p.y) / (q.y - p.y) * (q.x - p.x);
            return usize::from(x >= u);
        }
        let c = [self.d.y - v, self.c.y, self.b.y, self.a.y];
        roots_between(&c, -ENDS, 1.0 + ENDS)
            .as_slice()
            .iter()
            .filter(|&&w| self.at(w).x >= u)
            .count()
    }
}

/// Whether `(u, v)` is inside `segments` by the even-odd rule.
pub fn inside(segments: &[Segment], u: f64, v: f64) -> bool {
    segments.iter().map(|s| s.crossings_right_of(u, v)).sum::<usize>() % 2 == 1
}

/// The box around every segment: (min, max); empty (min above max) for no segments.
pub fn bounds(segments: &[Segment]) -> (DVec2, DVec2) {
    segments.iter().fold(
        (DVec2::splat(f64::INFINITY), DVec2::splat(f64::NEG_INFINITY)),
        |(lo, hi), s| (lo.min(s.min), hi.max(s.max)),
    )
}

/// For each segment, the sign (1 or -1) that turns its left-hand normal
/// `(-tangent.y, tangent.x)` out of the region `inside` describes.
pub fn outward_signs(segments: &[Segment], inside: impl Fn(DVec2) -> bool) -> Vec<f64> {
    let (lo, hi) = bounds(segments);
    let step = 1e-7 * (hi - lo).max_element().max(1e-9);
    segments
        .iter()
        .map(|s| {
            for w in [0.5, 0.25, 0.75, 0.1, 0.9] {
                let t = s.tangent(w);
                if t.length_squared() == 0.0 {
                    continue;
                }
                let right = DVec2::new(t.y, -t.x).normalize() * step;
                let p = s.at(w);
                let (r, l) = (inside(p + right), inside(p - right));
                if r != l {
                    return if r { 1.0 } else { -1.0 };
                }
            }
            1.0
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square() -> Vec<Segment> {
        let p = [
            DVec2::new(0.0, 0.0),
            DVec2::new(1.0, 0.0),
            DVec2::new(1.0, 1.0),
            DVec2::new(0.0, 1.0),
        ];
        (0..4).map(|i| Segment::line([p[i], p[(i + 1) % 4]])).collect()
    }

    #[test]
    fn even_odd_inside() {
        let s = square();
        assert!(inside(&s, 0.5, 0.5));
        assert!(!inside(&s, 1.5, 0.5));
        assert!(!inside(&s, -0.5, 0.5));
        // Through a vertex's height: counted once.
        assert!(inside(&s, 0.5, 0.0) != inside(&s, 0.5, 1.0) || !inside(&s, 0.5, 1.0));
    }

    #[test]
    fn curve_bounds_include_the_bulge() {
        let b = Segment::bezier([
            DVec2::new(0.0, 0.0),
            DVec2::new(0.0, 1.0),
            DVec2::new(1.0, 1.0),
            DVec2::new(1.0, 0.0),
        ]);
        assert!((b.max.y - 0.75).abs() < 1e-12, "{:?}", b.max);
        assert_eq!(b.at(1.0), DVec2::new(1.0, 0.0));
        let q = Segment::quadratic([DVec2::new(0.0, 0.0), DVec2::new(1.0, 0.0), DVec2::new(2.0, 1.0)]);
        assert_eq!(q.at(0.0), DVec2::new(1.0, 0.0));
        assert_eq!(q.at(1.0), DVec2::new(2.0, 1.0));
    }

    #[test]
    fn outward_signs_of_a_square_either_way_round() {
        let s = square();
        let signs = outward_signs(&s, |p| inside(&s, p.x, p.y));
        // Counter-clockwise: the left normal points in, so it is turned around.
        assert!(signs.iter().all(|&k| k < 0.0), "{signs:?}");
    }
}
