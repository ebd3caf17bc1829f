//! One glyph of a `text` object: its outline swept from z = 0 to z = depth. The
//! walls are found where the ray's shadow on the xy plane meets the outline's lines
//! and quadratic curves; the two faces where the ray meets z = 0 or z = depth inside
//! the outline, by the even-odd rule as POV-Ray fills glyphs.

use glam::{DVec2, DVec3};

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;
use crate::scene::{Glyph, Segment};

/// Below this, a ray is taken to run parallel to the faces or walls it would meet.
const PARALLEL: f64 = 1e-12;

impl Glyph {
    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        let origin = ray.origin - DVec3::new(self.offset.x, self.offset.y, 0.0);
        let d = ray.direction;
        if d.z.abs() > PARALLEL {
            for (z, normal) in [(0.0, -DVec3::Z), (self.depth, DVec3::Z)] {
                let t = (z - origin.z) / d.z;
                if t > t_min && inside_outline(self, origin.x + t * d.x, origin.y + t * d.y) {
                    out.push(Crossing::new(t, normal));
                }
            }
        }
        if d.x.abs() <= PARALLEL && d.y.abs() <= PARALLEL {
            return;
        }
        // The ray's shadow on the xy plane is a x + b y + c = 0.
        let (a, b) = (d.y, -d.x);
        let c = origin.y * d.x - origin.x * d.y;
        let along_x = d.x.abs() >= d.y.abs();
        let mut wall = |point: DVec2, tangent: DVec2| {
            let t = if along_x {
                (point.x - origin.x) / d.x
            } else {
                (point.y - origin.y) / d.y
            };
            let z = origin.z + t * d.z;
            if t > t_min && z >= 0.0 && z <= self.depth {
                // TrueType winds outer contours clockwise: outward is to the left.
                out.push(Crossing::new(t, DVec3::new(-tangent.y, tangent.x, 0.0)));
            }
        };
        for segment in &self.outline.segments {
            match *segment {
                Segment::Line([p0, p1]) => {
                    let edge = p1 - p0;
                    let denominator = a * edge.x + b * edge.y;
                    if denominator.abs() <= PARALLEL * edge.length() {
                        continue;
                    }
                    let s = -(a * p0.x + b * p0.y + c) / denominator;
                    if (0.0..=1.0).contains(&s) {
                        wall(p0 + s * edge, edge);
                    }
                }
                Segment::Quad([p0, p1, p2]) => {
                    let k2 = p0 - 2.0 * p1 + p2;
                    let k1 = 2.0 * (p1 - p0);
                    let roots =
                        quadratic_roots(a * k2.x + b * k2.y, a * k1.x + b * k1.y, a * p0.x + b * p0.y + c);
                    for s in roots.into_iter().flatten() {
                        if (0.0..=1.0).contains(&s) {
                            wall((k2 * s + k1) * s + p0, 2.0 * s * k2 + k1);
                        }
                    }
                }
            }
        }
    }

    pub fn inside(&self, p: DVec3) -> bool {
        let z_inside = if self.depth >= 0.0 {
            p.z >= 0.0 && p.z <= self.depth
        } else {
            p.z <= 0.0 && p.z >= self.depth
        };
        z_inside && inside_outline(self, p.x - self.offset.x, p.y - self.offset.y)
    }

    pub fn bounds(&self) -> Aabb {
        let o = &self.outline;
        Aabb::new(
            DVec3::new(
                o.min.x + self.offset.x,
                o.min.y + self.offset.y,
                self.depth.min(0.0),
            ),
            DVec3::new(
                o.max.x + self.offset.x,
                o.max.y + self.offset.y,
                self.depth.max(0.0),
            ),
        )
    }
}

/// Whether (x, y), in the outline's own space, is inside it: an odd number of
/// crossings on the horizontal line to its right. Each segment is monotonic in y,
/// and counts when its ends lie on opposite sides of the line (one end strictly
/// above), so a line through a joint between two segments counts once.
fn inside_outline(glyph: &Glyph, x: f64, y: f64) -> bool {
    let o = &glyph.outline;
    if x < o.min.x || x > o.max.x || y < o.min.y || y > o.max.y {
        return false;
    }
    let mut odd = false;
    for segment in &o.segments {
        let (start, end) = match segment {
            Segment::Line([p0, p1]) => (*p0, *p1),
            Segment::Quad([p0, _, p2]) => (*p0, *p2),
        };
        if (start.y > y) == (end.y > y) {
            continue;
        }
        let crossing_x = match *segment {
            Segment::Line([p0, p1]) => p0.x + (y - p0.y) * (p1.x - p0.x) / (p1.y - p0.y),
            Segment::Quad([p0, p1, p2]) => {
                let k2 = p0 - 2.0 * p1 + p2;
                let k1 = 2.0 * (p1 - p0);
                let s = monotonic_root(k2.y, k1.y, p0.y - y);
                (k2.x * s + k1.x) * s + p0.x
            }
        };
        if crossing_x > x {
            odd = !odd;
        }
    }
    odd
}

/// Real roots of a s² + b s + c = 0 (one when it is linear), computed without the
/// cancellation of the schoolbook formula.
fn quadratic_roots(a: f64, b: f64, c: f64) -> [Option<f64>; 2] {
    let scale = a.abs().max(b.abs()).max(c.abs());
    if scale == 0.0 {
        return [None, None];
    }
    if a.abs() <= 1e-12 * scale {
        return [(b != 0.0).then(|| -c / b), None];
    }
    let discriminant = b * b - 4.0 * a * c;
    if discriminant < 0.0 {
        return [None, None];
    }
    let q = -0.5 * (b + b.signum() * discriminant.sqrt());
    if q == 0.0 {
        return [Some(0.0), None];
    }
    [Some(q / a), Some(c / q)]
}

/// The one root in [0, 1] of a curve piece known to cross there, clamped against
/// rounding.
fn monotonic_root(a: f64, b: f64, c: f64) -> f64 {
    let roots = quadratic_roots(a, b, c);
    roots
        .into_iter()
        .flatten()
        .min_by(|r, s| distance_outside_unit(*r).total_cmp(&distance_outside_unit(*s)))
        .unwrap_or(0.0)
        .clamp(0.0, 1.0)
}

fn distance_outside_unit(s: f64) -> f64 {
    (-s).max(s - 1.0).max(0.0)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use glam::{DVec2, DVec3};

    use crate::render::ray::Ray;
    use crate::scene::{Glyph, GlyphOutline};

    /// A unit square wound clockwise (as TrueType winds outer contours) with a
    /// counter-clockwise square hole; its bottom side is a curve bulging down.
    fn framed_square() -> Glyph {
        let p = |x: f64, y: f64| DVec2::new(x, y);
        let mut o = GlyphOutline::default();
        o.push_line(p(0.0, 0.0), p(0.0, 1.0));
        o.push_line(p(0.0, 1.0), p(1.0, 1.0));
        o.push_line(p(1.0, 1.0), p(1.0, 0.0));
        o.push_quad(p(1.0, 0.0), p(0.5, -1.0), p(0.0, 0.0));
        o.push_line(p(0.25, 0.25), p(0.75, 0.25));
        o.push_line(p(0.75, 0.25), p(0.75, 0.75));
        o.push_line(p(0.75, 0.75), p(0.25, 0.75));
        o.push_line(p(0.25, 0.75), p(0.25, 0.25));
        o.finish_bounds();
        Glyph {
            outline: Arc::new(o),
            offset: DVec2::new(10.0, 0.0),
            depth: 0.5,
        }
    }

    #[test]
    fn the_curve_is_split_where_it_turns() {
        let g = framed_square();
        // The bulge turns at its lowest point, so it is two monotonic pieces.
        assert_eq!(g.outline.segments.len(), 9);
        assert_eq!(g.outline.min, DVec2::new(0.0, -0.5));
        assert_eq!(g.outline.max, DVec2::new(1.0, 1.0));
    }

    #[test]
    fn inside_follows_the_even_odd_rule_and_the_depth() {
        let g = framed_square();
        let at = |x: f64, y: f64, z: f64| g.inside(DVec3::new(10.0 + x, y, z));
        assert!(at(0.1, 0.5, 0.25));
        assert!(!at(0.5, 0.5, 0.25), "in the hole");
        assert!(at(0.5, -0.3, 0.25), "in the bulge");
        assert!(!at(0.5, -0.6, 0.25), "below the bulge");
        assert!(!at(1.1, 0.5, 0.25));
        assert!(!at(0.1, 0.5, 0.6), "beyond the depth");
        assert!(!at(0.1, 0.5, -0.1));
        // A horizontal line through the joint of the bulge's two pieces, and through
        // the hole's corners, counts each once.
        assert!(at(0.5, -0.5 + 1e-12, 0.25));
        assert!(at(0.1, 0.25, 0.25));
        assert!(at(0.1, 0.75, 0.25));
    }

    #[test]
    fn a_ray_meets_faces_walls_and_the_hole() {
        let g = framed_square();
        let mut out = Vec::new();
        // Along x through the middle: outer wall, hole's two walls, the bulge.
        g.crossings(&Ray::new(DVec3::new(5.0, 0.5, 0.25), DVec3::X), 0.0, &mut out);
        let mut ts: Vec<f64> = out.iter().map(|c| c.t).collect();
        ts.sort_by(f64::total_cmp);
        assert_eq!(ts.len(), 4, "{ts:?}");
        for (t, want) in ts.iter().zip([5.0, 5.25, 5.75, 6.0]) {
            assert!((t - want).abs() < 1e-12, "{ts:?}");
        }
        // The first wall faces the ray, the bulge faces away: normals point out.
        let first = out.iter().min_by(|a, b| a.t.total_cmp(&b.t)).unwrap();
        assert!(first.normal.x < 0.0);
        let last = out.iter().max_by(|a, b| a.t.total_cmp(&b.t)).unwrap();
        assert!(last.normal.x > 0.0);
        // Up through the bulge: its outward normal points down.
        out.clear();
        g.crossings(&Ray::new(DVec3::new(10.5, -5.0, 0.25), DVec3::Y), 0.0, &mut out);
        let bulge = out.iter().min_by(|a, b| a.t.total_cmp(&b.t)).unwrap();
        assert!((bulge.t - 4.5).abs() < 1e-9 && bulge.normal.y < 0.0, "{out:?}");
        // Along z: the front face and the back face, not in the hole.
        out.clear();
        g.crossings(&Ray::new(DVec3::new(10.1, 0.5, -1.0), DVec3::Z), 0.0, &mut out);
        let faces: Vec<(f64, f64)> = out.iter().map(|c| (c.t, c.normal.z)).collect();
        assert_eq!(faces, vec![(1.0, -1.0), (1.5, 1.0)]);
        out.clear();
        g.crossings(&Ray::new(DVec3::new(10.5, 0.5, -1.0), DVec3::Z), 0.0, &mut out);
        assert!(out.is_empty(), "through the hole");
    }
}
