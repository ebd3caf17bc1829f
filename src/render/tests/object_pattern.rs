//! The `object` pattern against POV-Ray 3.7.0: colours on a floor inside and outside a
//! union, textures on a wall inside and outside a sphere, and normals on a ball.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,3,-5> look_at <0,0.5,0> }
light_source { <3,10,-10> rgb 1 }
#declare Blob = union { sphere { <-0.5,0,0>, 0.6 } box { <0,-0.4,-0.4>, <0.8,0.4,0.4> rotate y*30 } }
plane { y, 0 pigment { object { Blob rgb <0.2,0.3,0.8>, rgb <1,0.8,0> } scale 1.5 } }
box { <-1.5,0,1>, <1.5,1.5,1.2> texture { object { sphere { 0, 0.5 translate <0,0.7,1> }
  texture { pigment { rgb 0.9 } } texture { pigment { rgb <1,0,0> } finish { phong 1 } } } } }
sphere { <1.8,0.6,-0.5>, 0.6 pigment { rgb 0.8 } normal { object { Blob normal { bumps 0.8 scale 0.05 }, normal { dents 0.5 scale 0.1 } } scale 0.8 translate <1.8,0.6,-0.5> } }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10); every other pixel of the
/// image matches too.
#[test]
fn object_patterns_match_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (30, 18),
            (24, 18),
            (14, 28),
            (22, 27),
            (28, 30),
            (49, 24),
            (52, 20),
            (5, 40),
            (50, 26),
            (47, 28),
        ],
        &[
            [50268, 0, 0],
            [47726, 47726, 47726],
            [22946, 27832, 43702],
            [48458, 43836, 0],
            [49232, 44540, 0],
            [48850, 48850, 48850],
            [22410, 27198, 42747],
            [23647, 28662, 44951],
            [48051, 48051, 48051],
            [39428, 39428, 39428],
        ],
    );
}
