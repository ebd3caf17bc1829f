//! `rainbow` against POV-Ray 3.7.0: a bow over the sky and the ground (fading in with
//! distance, colours with filter and transmit) and a second, tilted bow cut to an arc
//! with a falloff; where both show, their colours are averaged.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,1,-5> look_at <0,3,0> angle 90 }
light_source { <0,10,-20> rgb 1 }
background { rgb <0.3,0.4,0.6> }
plane { y, 0 pigment { rgb 0.5 } }
sphere { <2,2,20>, 1.5 pigment { rgb <0.2,0.8,0.2> } }
rainbow { angle 42.5 width 6 distance 30 direction <0,-0.2,1>
  colour_map { [0 rgbf <1,0,0,0.5>] [0.5 rgb <0,1,0>] [1 rgbt <0,0,1,0.3>] } }
rainbow { angle 30 width 3 direction <0.1,-0.2,1> arc_angle 120 falloff_angle 60 up <0.2,1,0>
  colour_map { [0 rgb 1] [1 rgb <1,1,0>] } }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10); every other pixel of the
/// image matches too.
#[test]
fn rainbows_match_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (32, 17),
            (32, 19),
            (32, 21),
            (10, 25),
            (5, 35),
            (34, 26),
            (28, 26),
            (20, 29),
            (60, 10),
            (3, 44),
        ],
        &[
            [18367, 39059, 55491],
            [46063, 50204, 0],
            [38261, 43593, 52280],
            [16758, 43955, 51991],
            [62022, 24739, 0],
            [65535, 65535, 65119],
            [64240, 64427, 32894],
            [38261, 43593, 52280],
            [38261, 43593, 52280],
            [30325, 30325, 30325],
        ],
    );
}
