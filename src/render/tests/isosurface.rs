//! `isosurface` against POV-Ray 3.7.0: a solid cut by its container box (whose face
//! shows), one in a container sphere, scaled and turned, one with all its
//! intersections taken away from a box, and an open one entered from inside; then
//! hostile settings, which must finish without panicking.

use std::time::{Duration, Instant};

use super::povray_probes::{assert_matches_povray, render_plain};
use crate::sdl::tests::support::parse;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-6> look_at <0,0,0> angle 60 }
light_source { <-4,8,-6> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
isosurface { function { x*x + y*y + z*z - 1 + 0.2*sin(5*x) } threshold 0.1 max_gradient 3
  contained_by { box { <-1.2,-1.2,-1.2>, <1.2,0.4,1.2> } } pigment { rgb <1,0.6,0.3> } translate <-2.2,0,0> }
isosurface { function { y - 0.2*cos(4*x) } contained_by { sphere { 0, 0.9 } } pigment { rgb <0.3,0.7,1> } scale <1,1.5,1> rotate y*30 }
difference {
  box { -0.7, 0.7 }
  isosurface { function { abs(x) + abs(y) + abs(z) - 0.9 } all_intersections accuracy 0.0005 contained_by { box { -1, 1 } } translate <0,0.5,-0.5> }
  pigment { rgb <0.9,0.9,0.4> } translate <2.2,0,0>
}
isosurface { function { z + 0.3*x } open contained_by { box { -0.6, 0.6 } } pigment { rgb 1 } rotate y*20 translate <0,1.1,2.5> }
plane { y, -1 pigment { rgb 0.5 } }
"#;

/// The container's face and the function's surface on each, the cut into the box, the
/// open plane, and a shadow on the floor.
const PROBES: [(u32, u32); 12] = [
    (12, 19),
    (8, 26),
    (16, 28),
    (30, 26),
    (35, 22),
    (28, 30),
    (48, 28),
    (53, 20),
    (51, 22),
    (32, 11),
    (31, 9),
    (40, 37),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG.
const POVRAY: [[u32; 3]; 12] = [
    [55953, 44535, 32459],
    [47477, 37684, 27327],
    [38505, 30432, 21894],
    [29157, 43028, 50500],
    [26501, 39247, 46113],
    [25361, 37625, 44231],
    [44853, 44853, 30959],
    [59612, 59612, 41486],
    [59556, 59556, 41446],
    [57193, 57193, 57193],
    [57448, 57448, 57448],
    [42043, 42043, 42043],
];

#[test]
fn isosurfaces_show_what_povray_shows() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}

/// Renders `text` small and returns how long it took.
fn render_small(text: &str) -> Duration {
    let start = Instant::now();
    render_plain(text, 32, 24, 2);
    start.elapsed()
}

fn with_isosurface(iso: &str) -> String {
    format!(
        "camera {{ location <0,0,-4> look_at 0 }}\nlight_source {{ <2,4,-3> rgb 1 }}\n\
         isosurface {{ {iso} pigment {{ rgb 1 }} }}\n"
    )
}

#[test]
fn hostile_settings_finish_quickly() {
    for iso in [
        // Every interval may hold a root: the search halves all of them, to a limit.
        "function { x*x + y*y + z*z - 0.5 } max_gradient 1e300 accuracy 1e-300",
        "function { x*x + y*y + z*z - 2 } max_gradient 1e300 accuracy 1e-12",
        // Not positive or not a number: POV-Ray's defaults, with a warning.
        "function { x*x + y*y + z*z - 0.5 } accuracy 0 max_gradient -1",
        // Functions of no value or of infinite value.
        "function { sqrt(-1 - x*x) }",
        "function { 1/(x - x) }",
        "function { -1/(x - x) }",
        "function { ln(x) } all_intersections",
        // Containers of no size.
        "function { x } contained_by { box { 0, 0 } }",
        "function { x } contained_by { sphere { 0, 0 } }",
        "function { x } contained_by { box { <-1,0,-1>, <1,0,1> } } open",
        "function { x } max_trace 1000 evaluate 1, 10, 0.99",
        "function { x } max_trace -3 threshold 1e300",
    ] {
        let took = render_small(&with_isosurface(iso));
        assert!(took < Duration::from_secs(20), "{iso}: {took:?}");
    }
}

#[test]
fn settings_no_search_can_use_are_corrected_or_refused() {
    let (_, warnings) = parse(&with_isosurface(
        "function { x } accuracy -1 max_gradient 0 max_trace 20",
    ))
    .expect("parses");
    let text: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    for word in ["accuracy", "max_gradient", "max_trace"] {
        assert!(
            text.iter().any(|w| w.contains(word)),
            "no warning for {word}: {text:?}"
        );
    }
    assert!(parse(&with_isosurface("function { x } threshold 1e300*1e300")).is_err());
    assert!(parse(&with_isosurface(
        "function { x } contained_by { sphere { 0, 1e300*1e300 } }"
    ))
    .is_err());
    assert!(parse(&with_isosurface("function(a, b) { a + b }")).is_err());
    assert!(parse(&with_isosurface("contained_by { box { -1, 1 } }")).is_err());
}
