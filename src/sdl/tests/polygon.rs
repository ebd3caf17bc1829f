//! `polygon`: its points (2D ones in the z = 0 plane), closing, and bad counts.

use glam::DVec3;

use super::support::{error, parse};
use crate::scene::Shape;

#[test]
fn points_are_read_and_an_open_polygon_is_closed_with_a_warning() {
    let (s, w) = parse("polygon { 4, <0, 0>, <1, 0>, <1, 1, 0>, <0, 1> pigment { rgb 1 } }").unwrap();
    let Shape::Polygon(points) = &s.objects[0].shape else {
        panic!("a polygon: {:?}", s.objects[0].shape);
    };
    assert_eq!(points.len(), 5, "closed by its first point");
    assert_eq!(points[4], DVec3::ZERO);
    assert_eq!(points[2], DVec3::new(1.0, 1.0, 0.0));
    assert!(w.iter().any(|w| w.message.contains("not closed")), "{w:?}");
    let (_, w) = parse("polygon { 4, <0, 0>, <1, 0>, <0, 1>, <0, 0> }").unwrap();
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn bad_counts_and_points_are_refused_where_they_are() {
    let e = error("polygon {\n  2, <0, 0>, <1, 0> }");
    assert!(e.message().contains("at least three points"), "{e}");
    assert_eq!(e.location().map(|l| (l.line, l.column)), Some((2, 3)), "{e}");
    let e = error("polygon { 1e12, <0, 0> }");
    assert!(e.message().contains("more than the limit"), "{e}");
    let e = error("polygon { 3, <0, 0>, <1, 0> }");
    assert!(e.message().contains("expected"), "{e}");
    let e = error("#declare Big = 1e300;\npolygon { 3, <0, 0>, <Big * Big, 0>, <0, 1> }");
    assert!(e.message().contains("finite"), "{e}");
}
