//! User-defined functions: POV-Ray 3.7's function language, calls from the scene's own
//! expressions, and the bounds on what a hostile function may cost.

use glam::DVec3;

use super::support::{error, scene, sphere_radii};
use crate::sdl::SceneErrorKind;

/// The radii of the scene's spheres: each test writes the values it checks as radii.
fn radii(text: &str) -> Vec<f64> {
    sphere_radii(&scene(text))
}

#[test]
fn functions_evaluate_as_povray_does() {
    // The same declarations rendered by POV-Ray 3.7 print F=12 G=5 H=15.
    let r = radii(
        "#declare K = 2;\n\
         #declare F = function { x*x + y*K - z }\n\
         #declare G = function(a, b) { select(a - b, a, b) + F(a, b, 1) }\n\
         #declare H = function { -pow(x,2) + select(x - 1, 20, 20, 10) + (x > 1) + sqrt(y) + mod(7, 4) + min(x, y) }\n\
         #declare K = 100;\n\
         sphere { 0, F(3, 4, 5) }\n\
         sphere { 0, G(1, 2) }\n\
         sphere { 0, H(2, 9, 0) }\n\
         #declare UV = function { u + v * 10 }\n\
         sphere { 0, UV(1, 2, 3) }",
    );
    // K is read when F is compiled, not when it is called.
    assert_eq!(r, [12.0, 5.0, 15.0, 21.0]);
}

#[test]
fn logic_comparisons_and_maths() {
    let r = radii(
        "#declare L = function { (x < y) + 2 * (x = y) + 4 * (x & y) + 8 * (x | 0) + 16 * !x }\n\
         #declare M = function(t) { abs(sin(t)) + floor(2.7) + ceil(0.2) + int(-1.5) + degrees(pi) / 180 + exp(0) + ln(1) + log(100) + atan2(0, 1) + max(3, 4) + min(5, 2, 7) }\n\
         sphere { 0, L(1, 2, 0) }\n\
         sphere { 0, M(0) }",
    );
    assert_eq!(r[0], 1.0 + 4.0 + 8.0);
    assert_eq!(
        r[1],
        0.0 + 2.0 + 1.0 - 1.0 + 1.0 + 1.0 + 0.0 + 2.0 + 0.0 + 4.0 + 2.0
    );
}

#[test]
fn mistakes_in_functions_are_reported_where_they_are() {
    let cases = [
        ("#declare F = function { x ? 1 : 2 }", "`}` to close the function"),
        ("#declare F = function { x ^ 2 }", "`}` to close the function"),
        ("#declare F = function { nope(x) }", "nope"),
        (
            "#declare V = <1, 2, 3>;\n#declare F = function { V }",
            "not the vector `V`",
        ),
        ("#declare F = function(a, a) { a }", "named twice"),
        (
            "#declare F = function(a) { a }\n#declare G = function { F(x, y) }",
            "after the 1 argument(s) of `F`",
        ),
        (
            "#declare F = function(a) { a }\nsphere { 0, F(1, 2) }",
            "takes 1 argument(s), not 2",
        ),
        ("#declare F = function { select(x, 1) }", "3 or 4 arguments"),
    ];
    for (text, expected) in cases {
        let e = error(&format!("{text}\nsphere {{ 0, 1 }}"));
        assert!(e.to_string().contains(expected), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
}

#[test]
fn pigment_functions_with_unsupported_patterns_fail_where_they_are_used() {
    // Declaring one is fine; using one is an error that names what it lacks.
    let e = error("#declare P = function { pigment { pavement } }\nsphere { 0, P(1, 0, 0).red }");
    assert_eq!(e.kind(), SceneErrorKind::Unsupported, "{e}");
    assert!(e.to_string().contains("`pavement`"), "{e}");
    // So is using one inside another function (math.inc's fn_Gradient does): the
    // function that uses it is poisoned too, and fails where it is used in turn.
    let e = error(
        "#declare P = function { pigment { pavement } }
         #declare G = function { P(x + 0.1, y, z).gray - P(x, y, z).gray }
         sphere { 0, G(1, 0, 0) }",
    );
    assert_eq!(e.kind(), SceneErrorKind::Unsupported, "{e}");
    assert!(e.to_string().contains("`pavement`"), "{e}");
    assert_eq!(e.location().map(|l| l.line), Some(1), "{e}");
    // A pigment function without a component gives red; an unknown component is named.
    let e = error("#declare P = function { pigment { rgb 1 } }\n#declare G = function { P(x, y, z).shiny }");
    assert!(e.to_string().contains("a colour component"), "{e}");
}

#[test]
fn a_function_that_would_cost_too_much_is_refused() {
    // Each function calls the last twice: 2^40 operations per call if it were allowed.
    let mut text = String::from("#declare F0 = function { x + 1 }\n");
    for i in 1..=40 {
        text.push_str(&format!(
            "#declare F{i} = function {{ F{}(x, y, z) + F{}(y, x, z) }}\n",
            i - 1,
            i - 1
        ));
    }
    text.push_str("sphere { 0, F40(1, 2, 3) }\n");
    let e = error(&text);
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(e.to_string().contains("operations per evaluation"), "{e}");
}

#[test]
fn a_transform_function_transforms_a_point() {
    // transforms.inc's vtransform; POV-Ray 3.7.0 prints 4.813798,5.939693,4.97394 for U.
    let s = scene(
        "#declare T = transform { rotate <10, 20, 30> scale <1, 2, 3> translate <4, 5, 6> }\n\
         #declare F = function { transform { T } }\n\
         #declare U = F(1, 0, 0);\n\
         #declare G = function { transform { T inverse } }\n\
         sphere { U, 1 } sphere { G(U.x, U.y, U.z), 1 }",
    );
    let c: Vec<DVec3> = s
        .objects
        .iter()
        .map(|o| match o.shape {
            crate::scene::Shape::Sphere { center, .. } => center,
            _ => unreachable!(),
        })
        .collect();
    assert!(
        (c[0] - DVec3::new(4.813798, 5.939693, 4.97394))
            .abs()
            .max_element()
            < 1e-6,
        "{}",
        c[0]
    );
    assert!((c[1] - DVec3::X).abs().max_element() < 1e-9, "{}", c[1]);
    let e = error("#declare F = function { transform { scale 2 } }\nsphere { F(1, 2), 1 }");
    assert!(e.to_string().contains("it takes 3"), "{e}");
}
