//! `clipped_by` against POV-Ray 3.7.0: a clipped sphere turned after clipping, a box
//! clipped by a sphere, a clipped sphere taken away by a difference (POV-Ray turns
//! the sphere inside out but not its clipping plane, so the box's near half goes
//! too), and `clipped_by { bounded_by }`.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,1.5,-5> look_at <0,0,0> angle 60 }
light_source { <-4,8,-6> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
sphere { 0, 1 pigment { rgb <1,0.6,0.3> } clipped_by { plane { y, 0.2 } } rotate z*30 translate <-2,0,0> }
box { -0.8, 0.8 pigment { rgb <0.3,0.7,1> } clipped_by { sphere { 0, 1 } } rotate y*35 }
difference {
  box { <-0.7,-0.7,-0.7>, <0.7,0.7,0.7> }
  sphere { <0,0.7,0>, 0.6 clipped_by { plane { -z, 0 } } }
  pigment { rgb <0.9,0.9,0.4> }
  translate <2,0,0>
}
union { sphere { 0, 0.5 } sphere { y*0.6, 0.4 } pigment { rgb 1 } bounded_by { box { -1, <1,0.75,1> } } clipped_by { bounded_by } translate <0,-1.2,1.5> }
plane { y, -1 pigment { rgb 0.5 } }
"#;

/// On each object, through the clipped openings, and on the floor in their shadows.
const PROBES: [(u32, u32); 12] = [
    (8, 24),
    (14, 20),
    (26, 22),
    (32, 18),
    (38, 24),
    (48, 17),
    (52, 22),
    (56, 26),
    (31, 36),
    (33, 40),
    (40, 30),
    (20, 30),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG.
const POVRAY: [[u32; 3]; 12] = [
    [53238, 42340, 30815],
    [50928, 40474, 29417],
    [30534, 44987, 52773],
    [35938, 35938, 35938],
    [12435, 19226, 22884],
    [38584, 38584, 26488],
    [53069, 53069, 36819],
    [21746, 21746, 14478],
    [42113, 42113, 42113],
    [42454, 42454, 42454],
    [12435, 19226, 22884],
    [16240, 16240, 16240],
];

#[test]
fn clipped_objects_show_what_povray_shows() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}
