//! `parametric` against POV-Ray 3.7.0: a sine-waved tube with every bound precomputed,
//! a screw cut by a container sphere (its functions calling a declared one, y left out
//! of the precomputed table) and a saddle whose slope exceeds the default max_gradient,
//! so that POV-Ray's subdivision leaves only part of it, as spotray's does.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-6> look_at <0,0.5,0> }
light_source { <-4,8,-6> rgb 1 }
plane { y, -1 pigment { checker rgb 0.9, rgb 0.4 } }
parametric {
  function { sin(u) + 0.25*sin(v*2*pi) } function { cos(u) } function { v }
  <0,-2>, <2*pi,2>
  contained_by { box { <-2,-2,-2>, <2,2,2> } }
  max_gradient 7 accuracy 0.005 precompute 16 x,y,z
  pigment { rgb <1,0.7,0.3> }
  scale 0.6 rotate <0,30,0> translate <-1.4,0.3,0>
}
#declare R = function(u,v) { u*v };
parametric {
  function { R(u,v)*sin(15*v) }, function { v }, function { u*v*cos(15*v) }
  <0,-1>, <1,1>
  contained_by { sphere { 0, 1 } }
  max_gradient 5 accuracy 0.0035 precompute 14 x,,z
  pigment { rgb <0.4,0.8,1> } finish { phong 0.5 }
  translate <1.4,0.4,0>
}
parametric {
  function { u } function { u*v*0.5 } function { v }
  <-1,-1>, <1,1>
  accuracy 0.01
  pigment { rgb <0.6,1,0.5> }
  scale <0.8,1,0.5> translate <0,1.6,2>
}
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): the saddle's remnants and
/// the gap between them, the tube's faces, the screw's turns and the gaps between,
/// the sky and the floor; every other pixel matches too (its silhouettes included:
/// the same subdivision finds the same patches).
#[test]
fn parametric_matches_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (30, 14),
            (28, 12),
            (36, 16),
            (14, 22),
            (20, 26),
            (15, 30),
            (42, 20),
            (40, 28),
            (44, 28),
            (46, 18),
            (10, 6),
            (50, 40),
        ],
        &[
            [17806, 22884, 16240],
            [23523, 23523, 23523],
            [39760, 50045, 36587],
            [49957, 42560, 28828],
            [46247, 39363, 26582],
            [54837, 46766, 31783],
            [31299, 42986, 47525],
            [33966, 46546, 51432],
            [29961, 41201, 45566],
            [25031, 25031, 25031],
            [0, 0, 0],
            [33438, 33438, 33438],
        ],
    );
}
