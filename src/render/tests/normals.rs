//! Normal patterns rendered against POV-Ray 3.7.0, pixel for pixel.

use super::povray_probes::assert_matches_povray;

/// Eight white tiles lit from the upper left, each with a normal: bumps, dents,
/// wrinkles, quilted (top row, left to right); granite with turbulence, a gradient
/// through a slope_map with no_bump_scale, checker normals, an average of two
/// normals (bottom row).
const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { orthographic location <2,1,-5> look_at <2,1,0> right 4*x up 2*y }
light_source { <-3,6,-8> color rgb 1 }
#default { pigment { rgb 1 } finish { ambient 0 diffuse 1 } }
box { <0,1,0>, <1,2,1> normal { bumps 1 scale 0.2 } }
box { <1,1,0>, <2,2,1> normal { dents 2 scale 0.3 } }
box { <2,1,0>, <3,2,1> normal { wrinkles 1 scale 0.3 rotate 30*z } }
box { <3,1,0>, <4,2,1> normal { quilted 0.8 control0 0.5 control1 0.9 scale 0.25 } }
box { <0,0,0>, <1,1,1> normal { granite 0.6 scale 0.5 turbulence 0.3 } }
box { <1,0,0>, <2,1,1> normal { gradient x 1.5 slope_map { [0 <0,1>] [0.5 <1,0>] [1 <0,-1>] } scale 0.3 no_bump_scale } }
box { <2,0,0>, <3,1,1> normal { checker normal { bumps 0.8 scale 0.1 } normal { marble 0.7 turbulence 0.4 scale 0.3 } scale 0.5 } }
box { <3,0,0>, <4,1,1> normal { average normal_map { [1 bumps 1 scale 0.1] [2 gradient y 1 scale 0.2 accuracy 0.01] } } }
"#;

/// Two pixels in each tile, top row first.
const PROBES: [(u32, u32); 16] = [
    (5, 5),
    (11, 10),
    (21, 5),
    (27, 10),
    (37, 5),
    (43, 10),
    (53, 5),
    (59, 10),
    (5, 21),
    (11, 26),
    (21, 21),
    (27, 26),
    (37, 21),
    (43, 26),
    (53, 21),
    (59, 26),
];

/// `povray +W64 +H32 -A +FN16` on SCENE (POV-Ray 3.7.0.10): the 16-bit grey at each
/// probe, read back from its PNG.
const POVRAY: [u32; 16] = [
    61530, 65288, 56686, 57673, 50966, 52300, 58598, 50029, 57117, 60268, 59330, 8275, 57672, 51222, 51082,
    52072,
];

#[test]
fn normal_patterns_shade_as_povray_shades_them() {
    let grey = POVRAY.map(|g| [g; 3]);
    assert_matches_povray(SCENE, 64, 32, &PROBES, &grey);
}
