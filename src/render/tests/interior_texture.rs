//! `interior_texture` against POV-Ray 3.7.0: a sphere seen through the clear squares
//! of its checker shows its inside's texture; a clipped sphere and a clipped union
//! (whose children inherit the interior texture, one with a texture of its own) show
//! theirs through the openings; the filtering interior texture colours the shadow.
//! The floor is `tiling 5`.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-5> look_at <0,0,0> angle 60 }
light_source { <-4,8,-6> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
sphere { 0, 1 texture { pigment { checker rgb <1,0.5,0.2> rgbt 1 scale 0.5 } }
  interior_texture { pigment { rgb <0.2,0.4,1> } } translate <-1.6,0,0> }
sphere { 0, 1 texture { pigment { rgb <0.9,0.9,0.3> } }
  interior_texture { pigment { rgbf <0.3,1,0.3,0.6> } }
  clipped_by { plane { y, 0.3 } } rotate x*-20 translate <1.4,0,0> }
union { sphere { 0, 0.5 } sphere { y*0.5, 0.4 texture { pigment { rgbt <1,1,1,0.7> } } }
  texture { pigment { rgb <1,0.3,0.3> } } interior_texture { pigment { rgb <0.5,0.2,0.9> } }
  clipped_by { plane { -z, 0 } } translate <0,-0.3,1.8> }
plane { y, -1 pigment { tiling 5 color_map { [0 rgb 0.2] [0.34 rgb 0.9] [0.67 rgb <0.4,0.6,0.8>] [1 rgb 0.5] } scale 0.5 } }
"#;

/// On the spheres' outsides and insides, on the floor's tiles and in the shadows.
const PROBES: [(u32, u32); 14] = [
    (10, 22),
    (14, 26),
    (8, 28),
    (30, 22),
    (31, 18),
    (33, 16),
    (42, 22),
    (46, 24),
    (44, 27),
    (48, 30),
    (12, 40),
    (55, 40),
    (20, 36),
    (40, 34),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG.
const POVRAY: [[u32; 3]; 14] = [
    [9942, 14478, 22884],
    [51043, 37335, 24342],
    [49850, 36441, 23732],
    [40889, 26768, 53236],
    [16240, 9942, 21746],
    [41006, 26848, 53386],
    [25596, 47291, 28721],
    [27719, 49430, 29274],
    [24144, 42406, 24368],
    [40073, 40073, 24030],
    [45464, 50175, 54368],
    [39841, 42691, 45315],
    [35610, 35610, 35610],
    [52555, 52555, 52555],
];

#[test]
fn interior_textures_show_where_povray_shows_them() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}
