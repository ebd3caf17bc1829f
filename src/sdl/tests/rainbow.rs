//! `rainbow`: its items as POV-Ray 3.7 sets them up, and bad values with their places.

use glam::DVec3;

use super::support::{error, scene};

#[test]
fn a_rainbow_is_read_and_set_up_as_povray_sets_it_up() {
    let s = scene(
        "rainbow { angle 42 width 4 distance 1e5 jitter 0.01 direction <0, 0, 2> up <0, 1, 1>\n\
         arc_angle 120 colour_map { [0 rgb 1] [1 rgb x] } }\n\
         rainbow { direction z }",
    );
    let r = &s.rainbows[0];
    assert!((r.angle - 40f64.to_radians()).abs() < 1e-12, "the inner edge");
    assert!((r.width - 4f64.to_radians()).abs() < 1e-12);
    assert_eq!((r.distance, r.jitter), (1e5, 0.01));
    assert_eq!(r.antisolar, DVec3::Z);
    assert!(
        r.up.dot(r.antisolar).abs() < 1e-12 && (r.up - DVec3::Y).length() < 1e-12,
        "made square"
    );
    assert!((r.arc_angle - 60f64.to_radians()).abs() < 1e-12, "half the arc");
    assert_eq!(r.falloff_angle, r.arc_angle, "falloff follows the arc");
    assert_eq!(r.colour_map.as_ref().map(Vec::len), Some(2));
    assert_eq!(
        (s.rainbows[1].distance, s.rainbows[1].arc_angle),
        (1e7, 180.0),
        "POV-Ray's defaults"
    );
}

#[test]
fn bad_rainbows_are_refused_where_they_are() {
    let e = error("rainbow { }");
    assert!(e.message().contains("direction vector is zero"), "{e}");
    let e = error("rainbow { direction z up z }");
    assert!(e.message().contains("point the same way"), "{e}");
    let e = error("rainbow { direction z\n arc_angle 400 }");
    assert!(e.message().contains("from 0 to 360"), "{e}");
    assert_eq!(e.location().map(|l| l.line), Some(2), "{e}");
    let e = error("rainbow { direction z arc_angle 30 falloff_angle 90 }");
    assert!(e.message().contains("smaller than its falloff_angle"), "{e}");
    let e = error("rainbow { direction z bogus }");
    assert!(e.message().contains("rainbow item"), "{e}");
}
