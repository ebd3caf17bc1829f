//! `ovus` against POV-Ray 3.7.0: a short-topped egg, a tall-topped one turned on its
//! side, and one cut open by a box (its inside test).

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-7> look_at <0,1,0> }
light_source { <-4,8,-6> rgb 1 }
plane { y, 0 pigment { checker rgb 0.9, rgb 0.4 } }
ovus { 1, 0.6 pigment { rgb <1,0.7,0.3> } translate <-1.6,1,0> }
ovus { 0.8, 1.2 pigment { rgb <0.3,0.7,1> } rotate <0,0,-30> translate <1.5,0.8,0> }
intersection { ovus { 1, 1 } box { <-2,0.7,-2>, <2,3,0> } pigment { rgb <0.6,1,0.5> } translate <0,0.3,2> }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): each egg's top, joining
/// band and bottom, the cut one's face and rim, its shadow, the sky and the floor;
/// every other pixel matches too.
#[test]
fn ovus_matches_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (18, 15),
            (20, 20),
            (21, 27),
            (16, 24),
            (30, 19),
            (31, 23),
            (44, 14),
            (46, 20),
            (42, 26),
            (50, 17),
            (10, 10),
            (32, 40),
        ],
        &[
            [55725, 47532, 32321],
            [49716, 42353, 28683],
            [31988, 27073, 17948],
            [47424, 40377, 27295],
            [43676, 54891, 40217],
            [28200, 28200, 28200],
            [31637, 46558, 54595],
            [26876, 39781, 46732],
            [22253, 33201, 39098],
            [24442, 36316, 42713],
            [0, 0, 0],
            [50225, 50225, 50225],
        ],
    );
}
