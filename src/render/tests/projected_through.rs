//! `projected_through` against POV-Ray 3.7.0: a light shining only through a window of
//! two panes (its shadows cast only by what lies before the window), and a shadowless
//! one through a sphere that is not itself in the scene.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,4,-8> look_at <0,1,0> }
plane { y, 0 pigment { rgb 1 } }
box { <-3,0,3>, <3,4,3.2> pigment { rgb 0.8 } }
#declare Win = union { box { <-1,-1,-0.1>, <-0.1,1,0.1> } box { <0.1,-1,-0.1>, <1,1,0.1> } translate <0,2,-3> }
light_source { <0,3,-9> rgb <1,0.8,0.5> projected_through { Win } }
light_source { <2,5,-6> rgb <0.2,0.3,0.5> shadowless projected_through { sphere { <1,3,-3>, 0.8 } } }
sphere { <0.5,0.6,0.5>, 0.6 pigment { rgb <0.3,0.6,1> } }
light_source { <-5,8,-5> rgb 0.2 }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): the wall lit through each
/// pane, the bar between them, the floor in and out of both projections and the
/// sphere; every other pixel matches too.
#[test]
fn projected_lights_match_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (25, 15),
            (32, 15),
            (40, 15),
            (27, 22),
            (20, 22),
            (12, 25),
            (44, 20),
            (50, 30),
            (10, 40),
            (35, 25),
            (28, 27),
        ],
        &[
            [53310, 49547, 43078],
            [27606, 27606, 27606],
            [52860, 49072, 42545],
            [55722, 53802, 51552],
            [33502, 36028, 40498],
            [31127, 31127, 31127],
            [26621, 26621, 26621],
            [30083, 30083, 30083],
            [32653, 32653, 32653],
            [35508, 47044, 56973],
            [45275, 45217, 45926],
        ],
    );
}
