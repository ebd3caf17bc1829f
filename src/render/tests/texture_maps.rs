//! Patterned textures rendered against POV-Ray 3.7.0, pixel for pixel.

use super::povray_probes::assert_matches_povray;

/// Tiles, top row left to right: checker textures, a gradient texture_map, an average
/// of two textures, a bozo texture_map with turbulence and an entry of its own
/// (wrinkles); bottom row: hexagon textures, a radial texture_map holding a nested
/// gradient texture_map and a half-transparent entry over a grey wall. The entries'
/// normals (bumps, wrinkles) tilt in the pattern's space.
const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { orthographic location <2,1,-5> look_at <2,1,0> right 4*x up 2*y }
light_source { <-3,6,-8> color rgb 1 }
#declare A = texture { pigment { rgb <1,0.2,0.1> } finish { ambient 0.3 diffuse 0.6 } }
#declare B = texture { pigment { rgb <0.1,0.4,1> } normal { bumps 0.8 scale 0.1 } finish { phong 0.8 } }
box { <0,1,0>, <1,2,1> texture { checker texture { A } texture { B } scale 0.25 } }
box { <1,1,0>, <2,2,1> texture { gradient x texture_map { [0.2 A] [0.8 B] } scale 0.5 } }
box { <2,1,0>, <3,2,1> texture { average texture_map { [1 A] [3 B] } } }
box { <3,1,0>, <4,2,1> texture { bozo texture_map { [0.4 A] [0.6 pigment { rgb 1 } normal { wrinkles 1 scale 0.2 }] } scale 0.2 turbulence 0.3 } }
box { <0,0,0>, <2,1,1> texture { hexagon texture { A } texture { B } texture { pigment { granite } } rotate x*90 scale 0.2 } }
box { <2,0,0>, <4,1,1> texture { radial frequency 4 texture_map { [0.5 gradient y texture_map { [0 A] [1 B] } scale 0.3] [0.5 pigment { rgbt <1,1,1,0.5> }] } translate <3,0.5,0> } }
plane { z, 2 pigment { rgb 0.5 } }
"#;

/// Two pixels in each tile, top row first.
const PROBES: [(u32, u32); 16] = [
    (4, 4),
    (11, 11),
    (20, 4),
    (27, 11),
    (36, 4),
    (43, 11),
    (52, 4),
    (59, 11),
    (4, 20),
    (11, 27),
    (20, 20),
    (27, 27),
    (36, 20),
    (43, 27),
    (52, 20),
    (59, 27),
];

/// `povray +W64 +H32 -A +FN16` on SCENE (POV-Ray 3.7.0.10): each probe's 16-bit
/// colour, read back from its PNG.
const POVRAY: [[u32; 3]; 16] = [
    [17482, 33965, 51431],
    [17060, 33214, 50332],
    [40289, 29706, 38840],
    [47202, 28866, 33442],
    [33792, 31446, 44270],
    [34745, 34125, 47871],
    [57209, 27496, 19694],
    [51929, 34416, 31304],
    [24237, 24237, 24237],
    [26582, 26582, 26582],
    [16888, 32908, 49883],
    [29497, 29497, 29497],
    [38653, 38653, 38653],
    [41264, 41264, 41264],
    [38475, 37203, 38258],
    [45669, 38674, 39154],
];

#[test]
fn patterned_textures_shade_as_povray_shades_them() {
    assert_matches_povray(SCENE, 64, 32, &PROBES, &POVRAY);
}

/// `tiles { TEXTURE... tile2 TEXTURE... }`: a checker texture whose first tile is the
/// checker's second square, each tile's textures layered (a half-transparent blue over
/// red). `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10); every pixel is within 2/65535.
#[test]
fn tiles_match_povray() {
    let scene = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,3,-4> look_at 0 }
light_source { <5,10,-10> rgb 1 }
plane { y, 0 texture { tiles {
  texture { pigment { rgb <1,0,0> } } texture { pigment { rgbt <0,0,1,0.5> } }
  tile2 texture { pigment { rgb <0,1,0> } finish { phong 1 } }
} scale 0.7 rotate y*20 } }
"#;
    assert_matches_povray(
        scene,
        64,
        48,
        &[(10, 40), (20, 20), (30, 25), (40, 15), (45, 30), (50, 40)],
        &[
            [0, 48909, 0],
            [34430, 0, 34430],
            [0, 48324, 0],
            [34350, 0, 34350],
            [36097, 0, 36097],
            [0, 50272, 0],
        ],
    );
}
