//! `polygon`: flat sub-polygons in the z = 0 plane of their own frame, filled by the
//! even-odd rule (a sub-polygon inside another makes a hole), as POV-Ray 3.7 fills them.

use glam::{DMat4, DVec2, DVec3};

use super::Crossing;
use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

/// POV-Ray's EPSILON for a frame axis of zero length (on squared lengths).
const NO_LENGTH: f64 = 1e-10;

/// POV-Ray's ZERO_TOLERANCE: how far from the plane a point may lie, and how nearly
/// parallel to it a ray may run, before it counts.
const ZERO_TOLERANCE: f64 = 1e-10;

#[derive(Clone, Debug)]
pub struct Polygon {
    /// The points in the polygon's plane; a sub-polygon ends where its first point
    /// comes again.
    points: Box<[DVec2]>,
}

impl Polygon {
    /// The polygon through `points` (closed as the parser closes them) and where its
    /// frame stands: the first point, an axis towards the next distinct point, and the
    /// plane's normal. None, as POV-Ray ignores them, for points on one line or not on
    /// one plane.
    pub fn new(points: &[DVec3]) -> Option<(Polygon, DMat4)> {
        let origin = *points.first()?;
        let mut rest = points.iter().map(|p| *p - origin).enumerate().skip(1);
        let (_, u) = rest.find(|(_, u)| u.length_squared() > NO_LENGTH)?;
        let (v, w) = rest.find_map(|(_, v)| {
            let w = u.cross(v);
            (v.length_squared() > NO_LENGTH && w.length_squared() > NO_LENGTH).then_some((v, w))
        })?;
        // POV-Ray's frame: u across v and the normal, then v across the normal and u.
        let u = v.cross(w);
        let v = w.cross(u);
        let (u, v, w) = (u.normalize(), v.normalize(), w.normalize());
        let mut flat = Vec::with_capacity(points.len());
        for p in points {
            let d = *p - origin;
            if d.dot(w).abs() > ZERO_TOLERANCE {
                return None;
            }
            flat.push(DVec2::new(d.dot(u), d.dot(v)));
        }
        let placement = DMat4::from_cols(u.extend(0.0), v.extend(0.0), w.extend(0.0), origin.extend(1.0));
        Some((Polygon { points: flat.into() }, placement))
    }

    pub fn crossings(&self, ray: &Ray, t_min: f64, out: &mut Vec<Crossing>) {
        if ray.direction.z.abs() < ZERO_TOLERANCE * ray.direction.length() {
            return;
        }
        let t = -ray.origin.z / ray.direction.z;
        if t <= t_min || !t.is_finite() {
            return;
        }
        let p = ray.at(t);
        if self.contains(p.x, p.y) {
            out.push(Crossing::new(t, DVec3::Z));
        }
    }

    /// Whether (x, y) is inside by the even-odd rule: edges join consecutive points, and
    /// a point equal to its sub-polygon's first one ends that sub-polygon (the next
    /// point starts another).
    fn contains(&self, x: f64, y: f64) -> bool {
        let points = &self.points;
        let n = points.len();
        let mut inside = false;
        let (mut a, mut first) = (points[0], points[0]);
        let mut i = 1;
        while i < n {
            let b = points[i];
            let (above_a, above_b) = (a.y >= y, b.y >= y);
            // An edge straddling the horizontal line through the point, crossed to
            // the point's right.
            if above_a != above_b && (((b.y - y) * (a.x - b.x) >= (b.x - x) * (a.y - b.y)) == above_b) {
                inside = !inside;
            }
            if i + 2 < n && b == first {
                a = points[i + 1];
                first = a;
                i += 2;
            } else {
                a = b;
                i += 1;
            }
        }
        inside
    }

    pub fn bounds(&self) -> Aabb {
        let mut min = DVec3::splat(f64::INFINITY);
        let mut max = DVec3::splat(f64::NEG_INFINITY);
        for p in self.points.iter() {
            min = min.min(p.extend(0.0));
            max = max.max(p.extend(0.0));
        }
        Aabb::new(min, max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A polygon with these points in its own plane (no frame).
    fn polygon(points: &[(f64, f64)]) -> Polygon {
        Polygon {
            points: points.iter().map(|&(x, y)| DVec2::new(x, y)).collect(),
        }
    }

    #[test]
    fn a_sub_polygon_inside_another_is_a_hole() {
        // POV-Ray's "O": a square with a square hole.
        let o = polygon(&[
            (0.0, 0.0),
            (0.0, 6.0),
            (4.0, 6.0),
            (4.0, 0.0),
            (0.0, 0.0),
            (1.0, 1.0),
            (1.0, 5.0),
            (3.0, 5.0),
            (3.0, 1.0),
            (1.0, 1.0),
        ]);
        assert!(o.contains(0.5, 3.0));
        assert!(!o.contains(2.0, 3.0), "in the hole");
        assert!(!o.contains(5.0, 3.0));
        assert!(o.contains(2.0, 5.5));
    }

    #[test]
    fn concave_outlines_follow_the_even_odd_rule() {
        let v = polygon(&[
            (1.0, 0.0),
            (0.0, 6.0),
            (1.0, 6.0),
            (2.0, 1.0),
            (3.0, 6.0),
            (4.0, 6.0),
            (3.0, 0.0),
            (1.0, 0.0),
        ]);
        assert!(v.contains(2.0, 0.5));
        assert!(!v.contains(2.0, 4.0), "between the arms");
        assert!(v.contains(0.9, 5.0));
    }

    #[test]
    fn rays_meet_the_plane_once_with_the_plane_normal() {
        let square = polygon(&[(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0), (0.0, 0.0)]);
        let mut out = Vec::new();
        square.crossings(&Ray::new(DVec3::new(0.5, 0.5, -2.0), DVec3::Z), 1e-6, &mut out);
        assert_eq!(out.len(), 1);
        assert!((out[0].t - 2.0).abs() < 1e-12);
        assert_eq!(out[0].normal, DVec3::Z);
        out.clear();
        square.crossings(&Ray::new(DVec3::new(1.5, 0.5, -2.0), DVec3::Z), 1e-6, &mut out);
        square.crossings(&Ray::new(DVec3::new(0.5, 0.5, -2.0), DVec3::X), 1e-6, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn the_frame_puts_tilted_points_in_its_plane() {
        let points = [
            DVec3::new(1.0, 0.0, 0.0),
            DVec3::new(0.0, 1.0, 0.0),
            DVec3::new(0.0, 0.0, 1.0),
            DVec3::new(1.0, 0.0, 0.0),
        ];
        let (p, placement) = Polygon::new(&points).expect("flat");
        for (flat, world) in p.points.iter().zip(points) {
            let back = placement.transform_point3(flat.extend(0.0));
            assert!((back - world).length() < 1e-12, "{back} {world}");
        }
        let normal = placement.transform_vector3(DVec3::Z);
        assert!(
            (normal.normalize() - DVec3::ONE.normalize()).length() < 1e-12,
            "{normal}"
        );
    }

    #[test]
    fn points_on_a_line_or_off_the_plane_make_no_polygon() {
        let line = [DVec3::ZERO, DVec3::X, DVec3::X * 2.0, DVec3::ZERO];
        assert!(Polygon::new(&line).is_none());
        let bent = [
            DVec3::ZERO,
            DVec3::X,
            DVec3::Y,
            DVec3::new(1.0, 1.0, 0.5),
            DVec3::ZERO,
        ];
        assert!(Polygon::new(&bent).is_none());
    }
}
