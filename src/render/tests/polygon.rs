//! `polygon` against POV-Ray 3.7.0: a 2D outline with a hole (a sub-polygon inside
//! another) and a concave outline on a tilted plane.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-8> look_at <0,1.5,0> }
light_source { <5,10,-10> rgb 1 }
background { rgb <0.2,0.3,0.5> }
polygon { 10, <0,0>, <0,3>, <2,3>, <2,0>, <0,0>, <0.5,0.5>, <0.5,2.5>, <1.5,2.5>, <1.5,0.5>, <0.5,0.5>
  pigment { checker rgb <1,0,0> rgb 1 scale 0.5 } translate -3*x }
polygon { 6, <0,0,0>, <2,0,1>, <2,3,1>, <1,1.5,0.5>, <0,3,0> <0,0,0>
  pigment { rgb <0,1,0.3> } finish { phong 1 } rotate y*20 translate x*0.5 }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): the outline, the hole,
/// the tilted polygon and the notch of its concave top; every other pixel matches too.
#[test]
fn polygons_match_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (15, 20),
            (16, 25),
            (19, 24),
            (24, 30),
            (36, 20),
            (40, 25),
            (44, 30),
            (36, 30),
            (42, 18),
            (50, 28),
        ],
        &[
            [48287, 0, 0],
            [47849, 0, 0],
            [31754, 38261, 48192],
            [47955, 47955, 47955],
            [209, 50931, 29432],
            [1, 50408, 29102],
            [0, 49801, 28734],
            [0, 49540, 28576],
            [31754, 38261, 48192],
            [31754, 38261, 48192],
        ],
    );
}
