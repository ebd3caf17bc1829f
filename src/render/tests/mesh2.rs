//! `mesh2` against POV-Ray 3.7.0: vertex and normal lists with their own indices,
//! a texture list with a texture for each face, trailing commas, and a flat mesh
//! taking the object's pigment.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-4> look_at <0,0.3,0> angle 50 }
light_source { <-4,8,-6> color rgb 1 }
mesh2 {
  vertex_vectors { 5, <-1,0,-1>, <1,0,-1>, <1,0,1>, <-1,0,1>, <0,1.2,0>, }
  normal_vectors { 5, <-1,0.5,-1>, <1,0.5,-1>, <1,0.5,1>, <-1,0.5,1>, <0,1,0> }
  texture_list { 3, texture { pigment { rgb <1,0.3,0.2> } }, texture { pigment { rgb <0.2,0.8,0.3> } } texture { pigment { rgb <0.3,0.4,1> } } }
  face_indices { 5, <0,1,4>, 0, <1,2,4>, 1, <2,3,4>, 2, <3,0,4>, 1, <0,2,1>, 0 }
  normal_indices { 5, <0,1,4>, <1,2,4>, <2,3,4>, <3,0,4>, <0,2,1> }
  rotate y*20
}
mesh2 {
  vertex_vectors { 4, <1.2,0,0>, <2,0,0>, <2,1,0>, <1.2,1,0> }
  face_indices { 2, <0,1,2>, <0,2,3> }
  pigment { rgb 0.8 }
  translate z*0.5
}
plane { y, 0 pigment { rgb 0.5 } }
"#;

/// The red and green faces (two each), the apex, the flat mesh, the floor.
const PROBES: [(u32, u32); 9] = [
    (22, 24),
    (28, 20),
    (36, 20),
    (38, 24),
    (31, 14),
    (52, 14),
    (50, 20),
    (10, 40),
    (56, 40),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG;
/// over the whole image no channel differs by more than 1/65535.
const POVRAY: [[u32; 3]; 9] = [
    [55569, 32227, 26657],
    [54567, 31620, 26145],
    [24377, 46253, 29527],
    [23854, 45322, 28908],
    [51322, 29655, 24485],
    [41619, 41619, 41619],
    [41304, 41304, 41304],
    [38048, 38048, 38048],
    [36835, 36835, 36835],
];

#[test]
fn mesh2_shows_what_povray_shows() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}
