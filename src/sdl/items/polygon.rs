//! `polygon { N, <point>, ... }`: the points, closed as POV-Ray 3.7 closes them.

use glam::DVec3;

use crate::scene::Shape;
use crate::sdl::parser::{PResult, Parser};
use crate::sdl::token::Token;

/// POV-Ray's EPSILON: points closer than this on every axis are the same point.
const SAME: f64 = 1e-10;

fn same(a: DVec3, b: DVec3) -> bool {
    (a - b).abs().max_element() < SAME
}

/// Makes the points that close a sub-polygon (those equal to the sub-polygon's first
/// point) exactly equal to it, and closes the last sub-polygon if it is open, as
/// POV-Ray's parser does; returns whether it had to close it.
pub fn close_sub_polygons(points: &mut Vec<DVec3>) -> bool {
    let mut first = points[0];
    let mut closed = false;
    let mut i = 1;
    while i < points.len() {
        closed = false;
        if same(first, points[i]) {
            points[i] = first;
            i += 1;
            if i < points.len() {
                first = points[i];
            }
            closed = true;
        }
        i += 1;
    }
    if !closed {
        points.push(first);
    }
    !closed
}

impl Parser<'_> {
    /// `N, <p1>, <p2>, ...` after `polygon {`; 2D points lie in the z = 0 plane.
    pub(crate) fn parse_polygon(&mut self, t: &Token) -> PResult<Shape> {
        let at = self.peek_at();
        let n = self.parse_float()?;
        if !n.is_finite() || n.trunc() < 3.0 {
            return Err(self.semantic(&at, format!("a polygon needs at least three points, found {n}")));
        }
        let n = n.trunc();
        let limit = self.opts.limits.max_objects;
        if n > limit as f64 {
            return Err(self.limit(
                &at,
                format!("the polygon has {n} points, more than the limit of {limit}"),
            ));
        }
        let n = n as usize;
        // Each point counts as an object, as each mesh triangle does.
        self.count_objects(&at, n)?;
        let mut points = Vec::with_capacity(n + 1);
        for _ in 0..n {
            self.comma("polygon")?;
            let at = self.peek_at();
            let p = self.parse_vector3()?;
            if !p.is_finite() {
                return Err(self.semantic(&at, format!("a polygon's points must be finite, found {p}")));
            }
            points.push(p);
        }
        if close_sub_polygons(&mut points) {
            self.warn(t, "the polygon is not closed; closing it, as POV-Ray does");
        }
        Ok(Shape::Polygon(points.into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: f64, y: f64) -> DVec3 {
        DVec3::new(x, y, 0.0)
    }

    #[test]
    fn closed_sub_polygons_stay_as_written() {
        let mut points = vec![v(0.0, 0.0), v(1.0, 0.0), v(0.0, 1.0), v(0.0, 0.0)];
        assert!(!close_sub_polygons(&mut points));
        assert_eq!(points.len(), 4);
        let mut two = vec![
            v(0.0, 0.0),
            v(4.0, 0.0),
            v(0.0, 4.0),
            v(0.0, 1e-12),
            v(1.0, 1.0),
            v(2.0, 1.0),
            v(1.0, 2.0),
            v(1.0, 1.0),
        ];
        assert!(!close_sub_polygons(&mut two));
        assert_eq!(two[3], v(0.0, 0.0), "snapped to the first point");
    }

    #[test]
    fn an_open_polygon_is_closed_with_its_last_sub_polygons_first_point() {
        let mut points = vec![v(0.0, 0.0), v(1.0, 0.0), v(0.0, 1.0)];
        assert!(close_sub_polygons(&mut points));
        assert_eq!(points, vec![v(0.0, 0.0), v(1.0, 0.0), v(0.0, 1.0), v(0.0, 0.0)]);
    }
}
