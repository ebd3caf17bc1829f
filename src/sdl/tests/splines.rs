//! Splines as values, with a kind given at the call, and as functions. The expected
//! values are POV-Ray 3.7.0's, printed with `#debug` from the same declarations.

use glam::DVec3;

use super::support::{error, scene, sphere_centres};

const POINTS: &str =
    "#declare P = spline { -1, <0,0,0> 0, <1,2,0>, 1.5, <2,0,1>, 2, <4,1,0>, 3, <5,5,5>, 4, <3,0,2> }\n";

/// The centres of the spheres the scene text places, after the shared points.
fn centres(text: &str) -> Vec<DVec3> {
    sphere_centres(&scene(&format!("{POINTS}{text}")))
}

fn assert_close(got: &[DVec3], want: &[[f64; 3]]) {
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(want) {
        let w = DVec3::from_array(*w);
        assert!((*g - w).abs().max_element() < 1e-5, "{g} != {w}");
    }
}

#[test]
fn each_kind_interpolates_as_povray_does() {
    let kinds = [
        "linear_spline",
        "quadratic_spline",
        "cubic_spline",
        "natural_spline",
    ];
    let times = "#declare Ts = array[5] { -2, 0.7, 1.6, 2.5, 3.9 }\n";
    let mut text = String::from(times);
    for (i, kind) in kinds.iter().enumerate() {
        text += &format!(
            "#declare S{i} = spline {{ P {kind} }}\n#for (I, 0, 4) sphere {{ S{i}(Ts[I]), 1 }} #end\n"
        );
    }
    let c = centres(&text);
    #[rustfmt::skip]
    let want = [
        // linear
        [0.0, 0.0, 0.0], [1.46667, 1.06667, 0.46667], [2.4, 0.2, 0.8], [4.5, 3.0, 2.5], [3.2, 0.5, 2.3],
        // quadratic
        [0.0, 0.0, 0.0], [1.54133, 1.81333, 0.31733], [2.33333, 0.13333, 0.85333], [5.0, 2.66667, 1.33333], [3.335, 0.905, 2.66],
        // cubic (Catmull-Rom): clamped to the second and next-to-last points
        [1.0, 2.0, 0.0], [1.20948, 1.10815, 0.63259], [2.31733, 0.07733, 0.82933], [4.875, 3.4375, 2.5625], [5.0, 5.0, 5.0],
        // natural
        [0.0, 0.0, 0.0], [0.89771, 1.05883, 1.08604], [2.36899, 0.06069, 0.72528], [5.06817, 3.46173, 2.26298], [3.249, 0.75637, 2.58486],
    ];
    assert_close(&c, &want);
}

#[test]
fn a_kind_given_at_the_call_and_small_splines() {
    let c = centres(
        "sphere { P(-0.5, natural_spline), 1 }\n\
         #declare Two = spline { cubic_spline 0, <1, 1>, 1, <3, 5> }\n\
         sphere { Two(0.3), 1 }\n\
         #declare F = spline { 0, 1, 1, 3 }\n\
         sphere { F(0.5), 1 }\n\
         #declare One = spline { natural_spline 7, <1, 2, 3> }\n\
         sphere { One(100), 1 }\n\
         #declare Twice = spline { 0, <1, 1, 1> 0, <2, 2, 2> 1, <4, 4, 4> }\n\
         sphere { Twice(0.5), 1 }",
    );
    assert_close(
        &c,
        &[
            [0.64997, 1.36580, -0.19645],
            // Two points: their mean, as a two-component vector.
            [2.0, 3.0, 0.0],
            // A float point is promoted to two equal components.
            [2.0, 2.0, 0.0],
            [1.0, 2.0, 3.0],
            // A time given twice keeps the later value.
            [3.0, 3.0, 3.0],
        ],
    );
}

#[test]
fn a_spline_function_in_other_functions() {
    let c = centres(
        "#declare SF = function { spline { P natural_spline } }\n\
         #declare G = function(a) { SF(a).y * 2 + SF(a).z }\n\
         #declare H = function { SF(x) }\n\
         sphere { <G(0.7), G(2.5), H(0.7, 0, 0)>, 1 }\n\
         sphere { SF(3.5), 1 }",
    );
    assert_close(&c, &[[3.20371, 9.18643, 0.89771], [4.18561, 3.47109, 4.57901]]);
}

#[test]
fn spline_misuse_gets_clear_errors() {
    let cases = [
        ("#declare S = spline { }", "at least one point"),
        ("#declare S = spline { 0, \"a\" }", "not a string"),
        (
            "#declare S = spline { 0, <1, 2> }\nsphere { S(0, bezier_spline), 1 }",
            "a spline kind",
        ),
        ("#declare S = spline { 0, <1, 2> }\nsphere { S(), 1 }", "expected"),
        (
            "#declare S = spline { 0, <1, 2> }\n#declare F = function { S(x).w }",
            "component name",
        ),
        ("#declare S = spline { 0, <1, 2> 1, <3, 4>", "to close `spline`"),
    ];
    for (text, want) in cases {
        let e = error(&format!("{text}\nsphere {{ 0, 1 }}"));
        assert!(e.to_string().contains(want), "{text}:\n{e}");
        assert!(e.location().is_some(), "{e}");
    }
}

#[test]
fn a_kind_from_a_directive_and_a_spline_from_an_array() {
    // meshmaker.inc's forms: `spline { #if (...) cubic_spline #end ... }` with points from
    // a `#while`, and `spline { SplineArray[I] }`.
    let c = centres(
        "#declare K = 1;\n\
         #declare S = spline { #if (K) natural_spline #else linear_spline #end\n\
           #declare I = 0; #while (I < 6) I - 1, P(I - 1) #declare I = I + 1; #end }\n\
         #declare A = array[2] { S, P }\n\
         #declare T = spline { A[0] }\n\
         sphere { T(0.7), 1 }\n\
         #declare D = function(a) { min(max(a, 0), 1) }\n\
         #declare V = S(0.7) + D(5) * x;\n\
         sphere { V, 1 }",
    );
    // POV-Ray 3.7.0 prints 1.331456,1.217719,0.714982 for T(0.7).
    assert_close(
        &c,
        &[[1.331456, 1.217719, 0.714982], [2.331456, 1.217719, 0.714982]],
    );
}
