//! `parametric`: POV-Ray 3.7's defaults, its ranges sorted, its containers and
//! `precompute` axes, and hostile parameters refused with their locations.

use glam::{DVec2, DVec3};

use super::support::{error, scene};
use crate::scene::{Container, Parametric, ParametricPrecompute, Shape};
use crate::sdl::SceneErrorKind;

fn parametric(text: &str) -> Parametric {
    match &scene(text).objects[0].shape {
        Shape::Parametric(p) => (**p).clone(),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn parametric_takes_povray_defaults() {
    let p = parametric("parametric { function { u } function { v } function { 0 } <0,0>, <1,1> }");
    assert_eq!((p.accuracy, p.max_gradient), (0.001, 1.0));
    assert_eq!(p.precompute, None);
    let Container::Box(min, max) = p.container else {
        panic!("{:?}", p.container);
    };
    assert_eq!((min, max), (DVec3::splat(-1.0), DVec3::ONE));
    // Implicit functions: u and v are their first two parameters.
    assert_eq!(p.functions[1].call(&[2.0, 3.0, 0.0]).unwrap(), 3.0);
}

#[test]
fn parametric_reads_its_keywords_in_any_order() {
    let p = parametric(
        "parametric { function { u }, function { v }, function { u*v } <2, 1>, <-1, 3> \
         precompute 12.9 x,,z contained_by { sphere { <1,2,3>, -2 } } accuracy 0.01 \
         max_gradient 4 scale 2 pigment { rgb 1 } }",
    );
    // Each range's ends sorted, as POV-Ray sorts them.
    assert_eq!(
        (p.uv_min, p.uv_max),
        (DVec2::new(-1.0, 1.0), DVec2::new(2.0, 3.0))
    );
    assert_eq!((p.accuracy, p.max_gradient), (0.01, 4.0));
    assert_eq!(
        p.precompute,
        Some(ParametricPrecompute {
            depth: 12,
            axes: [true, false, true]
        })
    );
    let Container::Sphere { center, radius } = p.container else {
        panic!("{:?}", p.container);
    };
    assert_eq!((center, radius), (DVec3::new(1.0, 2.0, 3.0), 2.0));
    // No axis named: nothing to precompute.
    let p =
        parametric("parametric { function { u } function { v } function { 0 } <0,0>, <1,1> precompute 5 }");
    assert_eq!(p.precompute, None);
}

#[test]
fn parametric_is_an_object_like_any_other() {
    let s = scene(
        "#declare P = parametric { function { u } function { v } function { u*v } <0,0>, <1,1> }\n\
         object { P pigment { rgb 1 } translate x }\n\
         union { object { P } sphere { 0, 1 } }",
    );
    assert_eq!(s.objects.len(), 2);
}

#[test]
fn hostile_parametrics_are_errors_with_a_location() {
    let cases = [
        (
            "parametric { function { u } function { v } function { 0 } <0,0>, <1,1> accuracy 0 }",
            "accuracy must be positive",
        ),
        (
            "parametric { function { u } function { v } function { 0 } <0,0>, <1,1> max_gradient -1 }",
            "max_gradient must be positive",
        ),
        (
            "parametric { function { u } function { v } function { 0 } <0,0>, <1e300*1e300,1> }",
            "not a finite number",
        ),
        (
            "parametric { function { u } function { v } function { 0 } <0,0>, <1,1> precompute 21 x }",
            "precompute depth must be 1 to 20",
        ),
        (
            "parametric { function { u } function { v } function { 0 } <0,0>, <1,1> precompute 0.5 x }",
            "precompute depth must be 1 to 20",
        ),
        (
            "parametric { function(a,b) { a } function { v } function { 0 } <0,0>, <1,1> }",
            "takes no parameter list",
        ),
        (
            "parametric { function { u } v, function { 0 } <0,0>, <1,1> }",
            "`function` for the parametric's y",
        ),
        ("parametric { function { u } function { v } }", ""),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
    let e = error("sphere { 0, 1 }\nparametric { function { u } function { v } function { 0 } <0,0>, <1,1> precompute 30 x }");
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert_eq!(e.location().unwrap().line, 2, "{e}");
}
