//! `prism`, `lathe` and `sor`: their parameters, POV-Ray's closing of prisms, and
//! clear errors for hostile point lists.

use super::support::{error, parse, scene};
use crate::scene::{Shape, SplineKind};

#[test]
fn prism_reads_its_kinds_heights_and_points() {
    let s = scene(
        "prism { conic_sweep cubic_spline 2, -1, 6, <0,0>, <1,0>, <1,1>, <0,1>, <1,0>, <5,5> open sturm }",
    );
    let Shape::Prism(p) = &s.objects[0].shape else {
        panic!("{:?}", s.objects[0].shape);
    };
    assert_eq!(p.spline, SplineKind::Cubic);
    assert!(p.conic && p.open);
    assert_eq!(p.heights, [-1.0, 2.0]);
    assert_eq!(p.points.len(), 6);
}

#[test]
fn an_unclosed_linear_prism_is_closed_with_a_warning() {
    let (s, warnings) = parse("prism { 0, 1, 3, <0,0>, <1,0>, <1,1> }").unwrap();
    let Shape::Prism(p) = &s.objects[0].shape else {
        panic!();
    };
    assert_eq!(p.points.len(), 4);
    assert_eq!(p.points[3], p.points[0]);
    assert!(
        warnings.iter().any(|w| w.message.contains("not closed")),
        "{warnings:?}"
    );
    let (s, warnings) = parse("prism { bezier_spline 0, 1, 4, <0,0>, <1,0>, <1,1>, <2,2> }").unwrap();
    let Shape::Prism(p) = &s.objects[0].shape else {
        panic!();
    };
    assert!(p.points.is_empty());
    assert!(
        warnings.iter().any(|w| w.message.contains("ignored")),
        "{warnings:?}"
    );
}

#[test]
fn hostile_prisms_are_errors_with_a_location() {
    let cases = [
        ("prism { 0, 1, 2, <0,0>, <1,0> }", "at least three points"),
        (
            "prism { quadratic_spline 0, 1, 4, <0,0>, <1,0>, <1,1>, <0,0> }",
            "at least five",
        ),
        (
            "prism { cubic_spline 0, 1, 5, <0,0>, <1,0>, <1,1>, <0,0>, <1,0> }",
            "at least six",
        ),
        (
            "prism { bezier_spline 0, 1, 6, <0,0>, <1,0>, <1,1>, <0,0>, <0,0>, <0,0> }",
            "four points for each",
        ),
        (
            "prism { 0, 1e300*1e300, 4, <0,0>, <1,0>, <1,1>, <0,0> }",
            "finite",
        ),
        (
            "prism { 0, 1, 4, <0,0>, <1,0>, <1,1e300*1e300>, <0,0> }",
            "finite",
        ),
        ("prism { 0, 1, 1e12, <0,0> }", "limit"),
        (
            "prism { quadratic_spline 0, 1, 11, <0,-1>, <1,0>, <0,1>, <-1,0>, <0,-1>, <1,0>, \
             <0.3,-0.3>, <0.3,0.3>, <-0.3,0.3>, <-0.3,-0.3>, <0.3,-0.3> }",
            "too few points",
        ),
        ("prism { 0, 1, 4, <0,0>, <1,0>, <1,1> }", ""),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
}

#[test]
fn lathe_and_sor_read_their_points() {
    let s = scene("lathe { bezier_spline 4, <0,0>, <1,0>, <1,1>, <0,1> sturm }\nsor { 4, <0,0>, <1,0>, <1,1>, <0,2> open }");
    assert!(
        matches!(&s.objects[0].shape, Shape::Lathe(l) if l.spline == SplineKind::Bezier && l.points.len() == 4)
    );
    assert!(matches!(&s.objects[1].shape, Shape::Sor(o) if o.open && o.points.len() == 4));
}

#[test]
fn hostile_lathes_and_sors_are_errors_with_a_location() {
    let cases = [
        ("lathe { 1, <0,0> }", "at least two points"),
        ("lathe { quadratic_spline 2, <0,0>, <1,1> }", "at least three"),
        ("lathe { cubic_spline 3, <0,0>, <1,1>, <1,2> }", "at least four"),
        (
            "lathe { bezier_spline 5, <0,0>, <1,0>, <1,1>, <0,1>, <0,2> }",
            "four points for each",
        ),
        ("lathe { 3, <0,0>, <-1,1>, <0,2> }", "negative radius"),
        ("lathe { 2, <0,0>, <0,1e300*1e300> }", "finite"),
        ("lathe { 1e12, <0,0> }", "limit"),
        ("sor { 3, <0,0>, <1,1>, <0,2> }", "at least four"),
        ("sor { 4, <0,0>, <-1,1>, <1,2>, <0,3> }", "negative radius"),
        ("sor { 5, <0,0>, <1,1>, <1,2>, <1,2>, <0,3> }", "must rise"),
        ("sor { 5, <0,0>, <1,1>, <1,3>, <1,2>, <0,3> }", "must rise"),
        ("sor { 4, <0,2>, <1,1>, <1,2>, <0,3> }", "level"),
        ("sor { 4, <0,0>, <1,1>, <1,2>, <0,1e300*1e300> }", "finite"),
        ("sor { 4, <0,0>, <1,1>, <1,2> }", ""),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
}

#[test]
fn points_count_against_the_object_limit() {
    let opts = crate::sdl::ParseOptions {
        limits: crate::sdl::Limits {
            max_objects: 100,
            ..Default::default()
        },
        ..Default::default()
    };
    let points = ["<0,0>, <1,0>, <1,1>, <0,0>"; 10].join(", ");
    let text = format!("#for (I, 0, 5) prism {{ 0, 1, 40, {points} }} #end");
    let e = crate::sdl::parse_scene_str("t.pov", &text, std::path::Path::new("."), &opts).unwrap_err();
    assert!(e.message().contains("more than 100 objects"), "{e}");
    assert!(e.location().is_some());
}
