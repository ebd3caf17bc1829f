//! `looks_like` against POV-Ray 3.7.0: the object stands where its light is, moves with
//! it (declared, then placed again with `object { }`), and does not block the light.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,3,-6> look_at <0,0.5,0> }
plane { y, 0 pigment { checker rgb 1 rgb 0.4 } }
sphere { <1.5,0.5,0>, 0.5 pigment { rgb <0,0.5,1> } }
#declare L = light_source { <0,0,0> rgb 1
  looks_like { sphere { 0, 0.3 pigment { rgb <1,1,0> } finish { ambient 1 diffuse 0 } } }
  translate <-0.5,1.2,0> }
light_source { L }
object { L translate <1,0.5,0.5> }
light_source { <-2,4,-3> rgb 0.3 looks_like { box { -0.2, 0.2 pigment { rgb <1,0,0> } } rotate y*45 } }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): both bulbs, the lit sphere,
/// its shadows and the floor; every other pixel matches too.
#[test]
fn looks_like_objects_match_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (28, 18),
            (35, 13),
            (45, 24),
            (50, 29),
            (52, 28),
            (20, 40),
            (10, 10),
            (40, 20),
        ],
        &[
            [65535, 65535, 0],
            [65535, 65535, 0],
            [0, 20013, 27920],
            [21175, 21175, 21175],
            [20884, 20884, 20884],
            [39039, 39039, 39039],
            [21097, 21097, 21097],
            [36820, 36820, 36820],
        ],
    );
}
