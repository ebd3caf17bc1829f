//! `sphere_sweep` against POV-Ray 3.7.0: a linear sweep scaled unevenly, a b_spline
//! sweep cut by a box (its inside test) and a cubic_spline one with a `tolerance`,
//! cut open by another box and turned.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-7> look_at <0,1,0> }
light_source { <-4,8,-6> rgb 1 }
plane { y, 0 pigment { checker rgb 0.9, rgb 0.4 } }
sphere_sweep { linear_spline 3, <-3,0.3,0>, 0.3, <-2,2,0>, 0.5, <-1,0.5,-1>, 0.2
  pigment { rgb <1,0.7,0.3> } scale <1,0.8,1.2> }
intersection {
  sphere_sweep { b_spline 5, <-1,0,0>, 0.2, <-0.5,2,0>, 0.4, <0.5,2,-1>, 0.3, <1,0.5,0>, 0.5, <1.5,3,0>, 0.2 }
  box { <-2,0,-0.6>, <2,3,2> }
  pigment { rgb <0.3,0.7,1> }
}
difference {
  sphere_sweep { cubic_spline 6, <1,0,1>, 0.3, <1.5,0.5,0>, 0.3, <2.5,2,0>, 0.5, <3,1,-1>, 0.3,
    <2,0.3,-1>, 0.25, <1,1,1>, 0.2 tolerance 1e-4 }
  box { <2,1,-2>, <4,3,0> }
  pigment { rgb <0.6,1,0.5> }
  rotate y*10
}
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): each sweep's bends and
/// ends, the b_spline's cut face, the cubic one's inside seen through its cut, a
/// shadow, the sky and the floor. Every other pixel matches too (within 1/65535),
/// and so does every pixel of a 320x240 render.
#[test]
fn sphere_sweep_matches_povray() {
    assert_matches_povray(
        SCENE,
        64,
        48,
        &[
            (12, 26),
            (18, 19),
            (22, 25),
            (28, 18),
            (36, 21),
            (40, 23),
            (49, 15),
            (47, 19),
            (43, 25),
            (52, 29),
            (24, 31),
            (10, 5),
            (32, 40),
        ],
        &[
            [46037, 39181, 26455],
            [53030, 45209, 30689],
            [48634, 41420, 28027],
            [28305, 41815, 49092],
            [25990, 38520, 45269],
            [25565, 37914, 44567],
            [37790, 47609, 34762],
            [17806, 22884, 16240],
            [39691, 49960, 36524],
            [41403, 52079, 38111],
            [14478, 14478, 14478],
            [0, 0, 0],
            [50225, 50225, 50225],
        ],
    );
}
