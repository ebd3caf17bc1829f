//! `julia_fractal`: POV-Ray 3.7's defaults, its keywords in any order, the slice
//! normalised, and hostile parameters refused with their locations.

use super::support::{error, scene};
use crate::scene::{ComplexFunction, JuliaAlgebra, JuliaFractal, JuliaFunction, Shape};
use crate::sdl::SceneErrorKind;

fn julia(text: &str) -> JuliaFractal {
    match &scene(text).objects[0].shape {
        Shape::JuliaFractal(j) => (**j).clone(),
        other => panic!("{text}: {other:?}"),
    }
}

#[test]
fn julia_fractal_takes_povray_defaults() {
    let j = julia("julia_fractal { <0.1, 0.2, 0.3, 0.4> }");
    assert_eq!(j, JuliaFractal::new([0.1, 0.2, 0.3, 0.4]));
    assert_eq!(j.algebra, JuliaAlgebra::Quaternion);
    assert_eq!(j.function, JuliaFunction::Sqr);
    assert_eq!((j.max_iteration, j.step), (20, 0.05));
    assert_eq!((j.slice, j.slice_distance), ([0.0, 0.0, 0.0, 1.0], 0.0));
}

#[test]
fn julia_fractal_reads_its_keywords_in_any_order() {
    let j = julia(
        "julia_fractal { <-0.083, 0, -0.83, -0.025> max_iteration 8.7 precision 15 cube quaternion \
         slice <0, 0, 3, 4>, 0.5 scale 2 }",
    );
    assert_eq!(j.function, JuliaFunction::Cube);
    assert_eq!(j.max_iteration, 8);
    assert!((j.step - 1.0 / 15.0).abs() < 1e-15);
    assert_eq!(j.slice, [0.0, 0.0, 0.6, 0.8]);
    assert_eq!(j.slice_distance, 0.5);
    let j = julia("julia_fractal { <0, 0, 0, 0> hypercomplex pwr(2.5, -1) max_iteration 0 precision 0.5 }");
    assert_eq!(j.algebra, JuliaAlgebra::Hypercomplex);
    assert_eq!(
        j.function,
        JuliaFunction::Complex(ComplexFunction::Pwr(2.5, -1.0))
    );
    // POV-Ray reads fewer than one iteration as one and a precision below 1 as 1.
    assert_eq!((j.max_iteration, j.step), (1, 1.0));
    for (word, f) in [
        ("sin", ComplexFunction::Sin),
        ("atanh", ComplexFunction::Atanh),
        ("ln", ComplexFunction::Ln),
    ] {
        let j = julia(&format!("julia_fractal {{ <0, 0, 0, 0> hypercomplex {word} }}"));
        assert_eq!(j.function, JuliaFunction::Complex(f), "{word}");
    }
    let j = julia("julia_fractal { <0, 0, 0, 0> reciprocal hypercomplex }");
    assert_eq!(j.function, JuliaFunction::Reciprocal);
}

#[test]
fn julia_fractal_is_an_object_like_any_other() {
    let s = scene(
        "#declare J = julia_fractal { <0.3, 0, 0, 0> quaternion sqr }\n\
         object { J pigment { rgb 1 } translate x }\n\
         intersection { object { J } box { -1, 1 } }",
    );
    assert_eq!(s.objects.len(), 2);
}

#[test]
fn hostile_julia_fractals_are_errors_with_a_location() {
    let cases = [
        (
            "julia_fractal { <0, 0, 0, 0> precision 0 }",
            "precision must be a positive number",
        ),
        (
            "julia_fractal { <0, 0, 0, 0> precision -3 }",
            "precision must be a positive number",
        ),
        (
            "julia_fractal { <0, 0, 0, 0> slice <0, 0, 0, 0>, 0 }",
            "slice vector is zero",
        ),
        (
            "julia_fractal { <0, 0, 0, 0> slice <1, 0, 0, 0>, 0 }",
            "zero t (fourth) component",
        ),
        (
            "julia_fractal { <0, 0, 0, 0> quaternion sin }",
            "supports only sqr and cube",
        ),
        (
            "julia_fractal { <0, 0, 0, 0> reciprocal }",
            "supports only sqr and cube",
        ),
        // Infinities are refused by the arithmetic itself.
        ("julia_fractal { <1e300*1e300, 0, 0, 0> }", "not a finite number"),
        (
            "julia_fractal { <0, 0, 0, 0> hypercomplex pwr(1e300*1e300, 0) }",
            "not a finite number",
        ),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
    // Work limits: the error names the limit and points at the number or the shape.
    let e = error("sphere { 0, 1 }\njulia_fractal { <0, 0, 0, 0> max_iteration 1e12 }");
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(e.message().contains("limit of 10000"), "{e}");
    let at = e.location().unwrap();
    assert_eq!((at.line, at.column), (2, 44), "{e}");
    let e = error("julia_fractal { <0, 0, 0, 0> max_iteration 5000 precision 1000 }");
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(
        e.message().contains("max_iteration × precision is 5000000"),
        "{e}"
    );
    assert!(e.message().contains("limit of 100000"), "{e}");
    // A missing parameter is a syntax error, not a panic.
    assert!(error("julia_fractal { }").location().is_some());
}
