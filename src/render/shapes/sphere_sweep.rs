//! POV-Ray's `sphere_sweep`: the volume a sphere fills moving along a spline while its
//! radius changes, found the way POV-Ray 3.7 finds it so the pictures agree.
//!
//! Each segment of the spline is a polynomial centre `C(u)` and radius `R(u)`,
//! `0 <= u <= 1`. A point of the ray `P(t)` lies on the sweep's side where it is on
//! one sphere (`|P - C(u)|^2 = R(u)^2`) and that distance is stationary in `u`;
//! eliminating `t` leaves one polynomial in `u` (degree 2 for straight segments, 10
//! for cubic ones). Every candidate surface is collected: the spheres at the segments'
//! joins, the discs closing each segment's ends, the sides, and then one pass along
//! the ray keeps only the crossings into and out of the whole (POV-Ray's count of how
//! many parts the ray is in, which trusts the first and last candidates).

use glam::DVec3;

use super::sweep_roots::{may_have_unit_root, unit_roots};
use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::{SphereSweep as SweepSpec, SweepSpline};

/// POV-Ray's EPSILON, the threshold of its sphere test and closing discs.
const EPSILON: f64 = 1e-10;
/// POV-Ray's ZERO_TOLERANCE: a straight segment met nearly square to its axis is hit
/// through its sphere at the root, not by the formula for `t`.
const ZERO_TOLERANCE: f64 = 1e-4;
/// POV-Ray's MAX_DISTANCE: candidates farther than this are dropped.
const MAX_DISTANCE: f64 = 1e7;

/// Rows: the power coefficients of `u^0..u^3`; columns: the weights of the four
/// spheres. The matrices of POV-Ray 3.7 (and of the textbooks).
const CATMULL_ROM: [[f64; 4]; 4] = [
    [0.0, 1.0, 0.0, 0.0],
    [-0.5, 0.0, 0.5, 0.0],
    [1.0, -2.5, 2.0, -0.5],
    [-0.5, 1.5, -1.5, 0.5],
];
const B_SPLINE: [[f64; 4]; 4] = [
    [1.0 / 6.0, 4.0 / 6.0, 1.0 / 6.0, 0.0],
    [-3.0 / 6.0, 0.0, 3.0 / 6.0, 0.0],
    [3.0 / 6.0, -6.0 / 6.0, 3.0 / 6.0, 0.0],
    [-1.0 / 6.0, 3.0 / 6.0, -3.0 / 6.0, 1.0 / 6.0],
];

#[derive(Clone, Copy, Debug)]
struct Ball {
    centre: DVec3,
    /// Signed, as given: a negative one turns its normals inside out, as in POV-Ray.
    radius: f64,
}

/// One piece of the spline: `C(u) = sum centre[k] u^k`, `R(u) = sum radius[k] u^k`.
#[derive(Clone, Debug)]
struct Segment {
    centre: [DVec3; 4],
    radius: [f64; 4],
    cubic: bool,
    /// A sphere holding every sphere the segment sweeps: a line missing it finds no
    /// candidate there, so the segment's polynomial need not be solved (a shortcut
    /// POV-Ray lacks, which changes no crossing).
    reach: (DVec3, f64),
}

impl Segment {
    fn new(centre: [DVec3; 4], radius: [f64; 4], cubic: bool) -> Segment {
        // The Bernstein control points of the cubic hold the curve (and bound its
        // radius) between them.
        let [c0, c1, c2, c3] = centre;
        let [r0, r1, r2, r3] = radius;
        let points = [c0, c0 + c1 / 3.0, c0 + (2.0 * c1 + c2) / 3.0, c0 + c1 + c2 + c3];
        let radii = [r0, r0 + r1 / 3.0, r0 + (2.0 * r1 + r2) / 3.0, r0 + r1 + r2 + r3];
        let middle = points.iter().fold(DVec3::ZERO, |a, p| a + *p) / 4.0;
        let spread = points.iter().fold(0.0f64, |m, p| m.max((*p - middle).length()));
        let thickest = radii.iter().fold(0.0f64, |m, r| m.max(r.abs()));
        let reach = (spread + thickest) * (1.0 + 1e-9) + 1e-9;
        Segment {
            centre,
            radius,
            cubic,
            reach: (middle, reach),
        }
    }

    /// False when the line `o + t d` (`d` of unit length) passes clear of `reach`.
    fn may_meet(&self, o: DVec3, d: DVec3) -> bool {
        let w = self.reach.0 - o;
        let along = w.dot(d);
        w.length_squared() - along * along <= self.reach.1 * self.reach.1
    }

    fn ball_at(&self, u: f64) -> Ball {
        let (c, r) = (&self.centre, &self.radius);
        Ball {
            centre: c[0] + u * (c[1] + u * (c[2] + u * c[3])),
            radius: r[0] + u * (r[1] + u * (r[2] + u * r[3])),
        }
    }

    /// `C'(u)` and `R'(u)` at an end.
    fn slope_at(&self, u: f64) -> (DVec3, f64) {
        let (c, r) = (&self.centre, &self.radius);
        (
            c[1] + u * (2.0 * c[2] + 3.0 * u * c[3]),
            r[1] + u * (2.0 * r[2] + 3.0 * u * r[3]),
        )
    }
}

/// A candidate crossing along the unit-length object-space ray.
#[derive(Clone, Copy, Debug)]
struct Hit {
    t: f64,
    normal: DVec3,
}

#[derive(Clone, Debug)]
pub struct SphereSweep {
    segments: Vec<Segment>,
    /// The spheres where segments start, and where the last one ends.
    joins: Vec<Ball>,
    tolerance: f64,
    bounds: Aabb,
}

impl SphereSweep {
    /// The sweep's segments from its modelling spheres (as many as its spline needs:
    /// the parser sees to that).
    pub fn new(spec: &SweepSpec) -> SphereSweep {
        let s = &spec.spheres;
        let segments: Vec<Segment> = match spec.spline {
            SweepSpline::Linear => s
                .windows(2)
                .map(|w| {
                    Segment::new(
                        [w[0].0, w[1].0 - w[0].0, DVec3::ZERO, DVec3::ZERO],
                        [w[0].1, w[1].1 - w[0].1, 0.0, 0.0],
                        false,
                    )
                })
                .collect(),
            SweepSpline::BSpline => s.windows(4).map(|w| cubic_segment(&B_SPLINE, w)).collect(),
            SweepSpline::CatmullRom => s.windows(4).map(|w| cubic_segment(&CATMULL_ROM, w)).collect(),
        };
        let mut joins: Vec<Ball> = segments.iter().map(|g| g.ball_at(0.0)).collect();
        if let Some(last) = segments.last() {
            // The end sphere as POV-Ray sums it: coefficient by coefficient.
            joins.push(Ball {
                centre: last.centre.iter().fold(DVec3::ZERO, |a, c| a + *c),
                radius: last.radius.iter().sum(),
            });
        }
        // POV-Ray's box: the modelling spheres, padded to twice their radii for
        // Catmull-Rom splines, which overshoot their spheres.
        let pad = if spec.spline == SweepSpline::CatmullRom {
            2.0
        } else {
            1.0
        };
        let bounds = s.iter().fold(Aabb::EMPTY, |b, (c, r)| {
            b.union(&Aabb::new(
                *c - DVec3::splat(pad * r.abs()),
                *c + DVec3::splat(pad * r.abs()),
            ))
        });
        SphereSweep {
            segments,
            joins,
            tolerance: spec.tolerance,
            bounds,
        }
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let len = ray.direction.length();
        if len == 0.0 || !len.is_finite() {
            return;
        }
        let (o, d) = (ray.origin, ray.direction / len);
        // POV-Ray's room for candidates; a segment that would overflow it is skipped.
        let room = (self.joins.len() + self.segments.len()) * 2 + 64;
        let mut hits: Vec<Hit> = Vec::new();
        for ball in &self.joins {
            hits.extend(ball_hits(o, d, ball).into_iter().flatten());
        }
        let mut segment_hits = Vec::new();
        for segment in self.segments.iter().filter(|g| g.may_meet(o, d)) {
            segment_hits.clear();
            side_hits(o, d, segment, &mut segment_hits);
            if hits.len() + segment_hits.len() <= room {
                hits.extend_from_slice(&segment_hits);
            }
        }
        hits.retain(|h| h.t.abs() < MAX_DISTANCE);
        hits.sort_by(|a, b| a.t.total_cmp(&b.t));
        keep_outer_crossings(&mut hits, d);
        for h in hits {
            let t = h.t / len;
            if t > self.tolerance && t > t_min {
                out.push(Crossing::new(t, h.normal));
            }
        }
    }

    /// POV-Ray's test: inside when, along some segment, the point lies on one of the
    /// swept spheres (its distance polynomial has a root in `[0, 1]`).
    pub fn inside(&self, p: DVec3) -> bool {
        self.segments.iter().any(|g| {
            // Outside the segment's reach the point is on none of its spheres.
            if (p - g.reach.0).length_squared() > g.reach.1 * g.reach.1 {
                return false;
            }
            let v = p - g.centre[0];
            let (c, r) = (&g.centre, &g.radius);
            if !g.cubic {
                let coef = [
                    c[1].dot(c[1]) - r[1] * r[1],
                    -2.0 * (v.dot(c[1]) + r[0] * r[1]),
                    v.dot(v) - r[0] * r[0],
                ];
                return !unit_roots(&coef).is_empty();
            }
            let coef = distance_polynomial(g, v);
            may_have_unit_root(&coef) && !unit_roots(&coef).is_empty()
        })
    }

    pub fn bounds(&self) -> Aabb {
        self.bounds
    }
}

fn cubic_segment(matrix: &[[f64; 4]; 4], w: &[(DVec3, f64)]) -> Segment {
    let mut centre = [DVec3::ZERO; 4];
    let mut radius = [0.0; 4];
    for (k, row) in matrix.iter().enumerate() {
        for (weight, (c, r)) in row.iter().zip(w) {
            centre[k] += *weight * *c;
            radius[k] += weight * r;
        }
    }
    Segment::new(centre, radius, true)
}

/// `|v - (C(u) - C(0))|^2 - R(u)^2` for a cubic segment, highest power first: the
/// point `C(0) + v` is on the sphere at each root.
fn distance_polynomial(g: &Segment, v: DVec3) -> [f64; 7] {
    // Ascending: the offset from the centre is v - c1 u - c2 u^2 - c3 u^3.
    let offset = [v, -g.centre[1], -g.centre[2], -g.centre[3]];
    let mut asc = [0.0; 7];
    for i in 0..4 {
        for j in 0..4 {
            asc[i + j] += offset[i].dot(offset[j]) - g.radius[i] * g.radius[j];
        }
    }
    asc.reverse();
    asc
}

/// Where the line `o + t d` meets the sphere, both ways, as POV-Ray reckons it: none
/// when the sphere lies wholly behind an origin outside it.
fn ball_hits(o: DVec3, d: DVec3, ball: &Ball) -> [Option<Hit>; 2] {
    let r2 = ball.radius * ball.radius;
    let to_centre = ball.centre - o;
    let oc2 = to_centre.dot(to_centre);
    let closest = to_centre.dot(d);
    if oc2 >= r2 && closest < EPSILON {
        return [None, None];
    }
    let half_chord2 = r2 - oc2 + closest * closest;
    if half_chord2 <= EPSILON {
        return [None, None];
    }
    let half_chord = half_chord2.sqrt();
    let hit = |t: f64| Hit {
        t,
        normal: (o + t * d - ball.centre) / ball.radius,
    };
    [Some(hit(closest - half_chord)), Some(hit(closest + half_chord))]
}

/// The candidates of one segment: its closing discs and its side.
fn side_hits(o: DVec3, d: DVec3, g: &Segment, out: &mut Vec<Hit>) {
    for (u, facing) in [(0.0, -1.0), (1.0, 1.0)] {
        let end = g.ball_at(u);
        let (slope, radius_slope) = g.slope_at(u);
        // POV-Ray sums the end sphere coefficient by coefficient.
        let end = if u == 0.0 {
            end
        } else {
            Ball {
                centre: g.centre.iter().fold(DVec3::ZERO, |a, c| a + *c),
                radius: g.radius.iter().sum(),
            }
        };
        let along = d.dot(slope);
        if along.abs() <= EPSILON {
            continue;
        }
        // The plane where the sweep's side meets the end sphere.
        let t = -((o - end.centre).dot(slope) + end.radius * radius_slope) / along;
        if t.abs() >= MAX_DISTANCE {
            continue;
        }
        let p = o + t * d;
        if (p - end.centre).length_squared() < end.radius * end.radius {
            out.push(Hit {
                t,
                normal: facing * slope.normalize(),
            });
        }
    }
    let v = o - g.centre[0];
    if g.cubic {
        cubic_side_hits(o, d, g, v, out);
    } else {
        straight_side_hits(o, d, g, v, out);
    }
}

/// `F(u, t) = t^2 + t (c + b u) + (f + e u + a u^2)` is the squared distance to the
/// sphere at `u` less its radius squared; the side is where also `dF/du = 0`.
fn straight_side_hits(o: DVec3, d: DVec3, g: &Segment, v: DVec3, out: &mut Vec<Hit>) {
    let (c1, r0, r1) = (g.centre[1], g.radius[0], g.radius[1]);
    let b = -2.0 * c1.dot(d);
    let c = 2.0 * v.dot(d);
    let a = c1.dot(c1) - r1 * r1;
    let e = -2.0 * (v.dot(c1) + r0 * r1);
    let f = v.dot(v) - r0 * r0;
    // dF/du = 0 gives t = -(2 a u + e) / b; put into F = 0 and times b^2:
    let coef = [
        4.0 * a * a - b * b * a,
        4.0 * a * e - 2.0 * b * c * a,
        e * e - b * c * e + b * b * f,
    ];
    for u in unit_roots(&coef) {
        if b.abs() > ZERO_TOLERANCE {
            let t = -(2.0 * a * u + e) / b;
            if t.abs() < MAX_DISTANCE {
                let p = o + t * d;
                out.push(Hit {
                    t,
                    normal: (p - (g.centre[0] + u * c1)).normalize(),
                });
            }
        } else {
            out.extend(ball_hits(o, d, &g.ball_at(u)).into_iter().flatten());
        }
    }
}

/// As for a straight side, with `F(u, t) = t^2 + t B(u) + G(u)`, `B` cubic and `G`
/// sextic: `dF/du = t B' + G' = 0` put into `F = 0` gives `G'^2 - G' B' B + G B'^2 = 0`,
/// of degree 10. POV-Ray then takes both crossings of the sphere at each root (its
/// formula for `t` is switched off there), and so does this.
fn cubic_side_hits(o: DVec3, d: DVec3, g: &Segment, v: DVec3, out: &mut Vec<Hit>) {
    let c = &g.centre;
    // B(u), ascending.
    let big_b = [
        2.0 * v.dot(d),
        -2.0 * c[1].dot(d),
        -2.0 * c[2].dot(d),
        -2.0 * c[3].dot(d),
    ];
    let mut big_g = distance_polynomial(g, v);
    big_g.reverse();
    let db = derivative(&big_b);
    let dg = derivative(&big_g);
    let mut coef = [0.0; 11];
    add_product(&mut coef, &dg, &dg, 1.0);
    let mut dg_db = [0.0; 8];
    add_product(&mut dg_db, &dg, &db, 1.0);
    add_product(&mut coef, &dg_db, &big_b, -1.0);
    let mut db2 = [0.0; 5];
    add_product(&mut db2, &db, &db, 1.0);
    add_product(&mut coef, &big_g, &db2, 1.0);
    coef.reverse();
    if !may_have_unit_root(&coef) {
        return;
    }
    for u in unit_roots(&coef) {
        out.extend(ball_hits(o, d, &g.ball_at(u)).into_iter().flatten());
    }
}

/// The derivative of an ascending polynomial, ascending.
fn derivative(p: &[f64]) -> Vec<f64> {
    p.iter().enumerate().skip(1).map(|(k, c)| k as f64 * c).collect()
}

/// `out += scale * p * q`, all ascending.
fn add_product(out: &mut [f64], p: &[f64], q: &[f64], scale: f64) {
    for (i, a) in p.iter().enumerate() {
        for (j, b) in q.iter().enumerate() {
            out[i + j] += scale * a * b;
        }
    }
}

/// POV-Ray's pass along the sorted candidates: the first and last are kept; between
/// them, one entering is kept only from outside every part, one leaving only into
/// outside, counting parts as the ray goes.
fn keep_outer_crossings(hits: &mut Vec<Hit>, d: DVec3) {
    let mut depth = 1i32;
    let mut i = 1;
    while i + 1 < hits.len() {
        let entering = hits[i].normal.dot(d) < 0.0;
        let keep = if entering { depth == 0 } else { depth == 1 };
        depth += if entering { 1 } else { -1 };
        if keep {
            i += 1;
        } else {
            hits.remove(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn sweep(spline: SweepSpline, spheres: &[(DVec3, f64)]) -> SphereSweep {
        SphereSweep::new(&SweepSpec {
            spline,
            spheres: Arc::from(spheres),
            tolerance: 1e-6,
        })
    }

    fn crossings(s: &SphereSweep, o: DVec3, d: DVec3) -> Vec<Crossing> {
        let mut out = Vec::new();
        s.crossings(&Ray::new(o, d), 1e-9, &mut out);
        out.sort_by(|a, b| a.t.total_cmp(&b.t));
        out
    }

    #[test]
    fn a_straight_sweep_is_a_capsule() {
        let s = sweep(
            SweepSpline::Linear,
            &[(DVec3::ZERO, 1.0), (DVec3::new(4.0, 0.0, 0.0), 1.0)],
        );
        // Across the middle: the cylinder's side, normals outward.
        let c = crossings(&s, DVec3::new(2.0, 0.0, -5.0), DVec3::Z);
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(
            (c[0].t - 4.0).abs() < 1e-9 && (c[1].t - 6.0).abs() < 1e-9,
            "{c:?}"
        );
        assert!(c[0].normal.normalize().dot(-DVec3::Z) > 0.999 && c[1].normal.normalize().z > 0.999);
        // Along the axis: the two end spheres only, the inner discs dropped.
        let c = crossings(&s, DVec3::new(-5.0, 0.0, 0.0), DVec3::X);
        assert_eq!(c.len(), 2, "{c:?}");
        assert!(
            (c[0].t - 4.0).abs() < 1e-9 && (c[1].t - 10.0).abs() < 1e-9,
            "{c:?}"
        );
        assert!(s.inside(DVec3::new(2.0, 0.5, 0.0)) && !s.inside(DVec3::new(2.0, 1.5, 0.0)));
    }

    #[test]
    fn a_cone_segment_meets_its_side_where_the_tangent_cone_is() {
        // Radii 1 to 2 over 10: the side touches each sphere a little behind its centre.
        let s = sweep(
            SweepSpline::Linear,
            &[(DVec3::ZERO, 1.0), (DVec3::new(10.0, 0.0, 0.0), 2.0)],
        );
        let c = crossings(&s, DVec3::new(5.0, 10.0, 0.0), -DVec3::Y);
        assert_eq!(c.len(), 2, "{c:?}");
        // The envelope of spheres r = 1 + x/10 about the x axis: y^2 = r^2 (1 - 0.01)
        // at the foot of the sphere whose tangent point has x = 5.
        // The sphere touched at x = 5 has its centre c ahead by r(c) / 10.
        let centre = 5.1 / 0.99;
        let r = 1.0 + centre / 10.0;
        let height = 10.0 - c[0].t;
        assert!((height - r * 0.99f64.sqrt()).abs() < 1e-9, "{height} {r}");
    }

    #[test]
    fn a_straight_cubic_sweep_is_the_same_capsule() {
        let pts: Vec<(DVec3, f64)> = (0..5).map(|i| (DVec3::new(i as f64, 0.0, 0.0), 0.5)).collect();
        for spline in [SweepSpline::CatmullRom, SweepSpline::BSpline] {
            let s = sweep(spline, &pts);
            let c = crossings(&s, DVec3::new(2.0, 0.0, -5.0), DVec3::Z);
            assert_eq!(c.len(), 2, "{spline:?}: {c:?}");
            assert!(
                (c[0].t - 4.5).abs() < 1e-6 && (c[1].t - 5.5).abs() < 1e-6,
                "{c:?}"
            );
            assert!(s.inside(DVec3::new(2.0, 0.2, 0.0)) && !s.inside(DVec3::new(2.0, 0.7, 0.0)));
        }
    }

    #[test]
    fn a_curved_b_spline_sweep_is_hit_where_its_spheres_touch_the_ray() {
        let pts = [
            (DVec3::new(-2.0, 0.0, 0.0), 0.3),
            (DVec3::new(-1.0, 1.0, 0.0), 0.3),
            (DVec3::new(1.0, 1.0, 0.0), 0.5),
            (DVec3::new(2.0, 0.0, 0.0), 0.5),
        ];
        let s = sweep(SweepSpline::BSpline, &pts);
        let g = &s.segments[0];
        let mid = g.ball_at(0.5);
        let c = crossings(&s, mid.centre - DVec3::new(0.0, 0.0, 5.0), DVec3::Z);
        // The ray is square to the curve's plane: the side's polynomial is a square,
        // its roots double.
        assert_eq!(c.len(), 2, "{c:?}");
        // The nearest point is on the sphere swept through the middle, or beyond it.
        assert!(c[0].t <= 5.0 - mid.radius + 1e-9 && c[0].t > 4.0, "{c:?}");
        assert!(s.inside(mid.centre) || s.inside(mid.centre + DVec3::new(0.0, 0.0, mid.radius * 0.9)));
        assert!(!s.inside(DVec3::new(0.0, -3.0, 0.0)));
    }

    #[test]
    fn each_segments_reach_holds_every_sphere_it_sweeps() {
        let pts = [
            (DVec3::new(-2.0, 0.0, 1.0), 0.3),
            (DVec3::new(-1.0, 3.0, 0.0), -0.6),
            (DVec3::new(1.0, -1.0, 2.0), 0.5),
            (DVec3::new(2.0, 0.0, 0.0), 0.1),
            (DVec3::new(4.0, 2.0, -1.0), 0.9),
        ];
        for spline in [SweepSpline::Linear, SweepSpline::BSpline, SweepSpline::CatmullRom] {
            for g in &sweep(spline, &pts).segments {
                for k in 0..=100 {
                    let b = g.ball_at(k as f64 / 100.0);
                    let far = (b.centre - g.reach.0).length() + b.radius.abs();
                    assert!(far <= g.reach.1, "{spline:?}: {far} > {}", g.reach.1);
                }
            }
        }
    }
}
