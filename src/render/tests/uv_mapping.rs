//! `uv_mapping` against POV-Ray 3.7.0: pigments, textures and normals evaluated at the
//! surface coordinates of spheres, boxes, tori, sors, lathes, planes (world x and y), `mesh2`
//! with `uv_vectors`, mesh triangles with their own, the object modifier (which leaves the
//! textures where the object's transforms would move them), and image maps laid by
//! them.

use std::path::Path;

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,3,-7> look_at <0,0.3,0> angle 55 }
light_source { <-4,8,-6> color rgb 1 }
sphere { <-2,1,0>, 1 pigment { uv_mapping checker rgb <1,0.2,0.1> rgb <0.9,0.9,0.2> scale <0.125,0.25,1> } rotate y*20 }
box { <0.5,0,-0.5>, <2,1.5,1> texture { uv_mapping pigment { gradient x color_map { [0 rgb <0,0,1>] [1 rgb <1,1,0>] } scale 0.25 } finish { ambient 0.2 } } rotate y*-30 }
torus { 0.8, 0.3 uv_mapping pigment { checker rgb 1 rgb <0,0.5,0> scale <0.125,0.25,1> } translate <0,0.3,-1.5> }
mesh2 {
  vertex_vectors { 4, <-3,0,2>, <3,0,2>, <3,3,2.5>, <-3,3,2.5> }
  uv_vectors { 4, <0,0>, <4,0>, <4,2>, <0,2> }
  face_indices { 2, <0,1,2>, <0,2,3> }
  pigment { uv_mapping checker rgb <0.2,0.3,1> rgb 1 }
  normal { uv_mapping bumps 0.3 scale 0.1 }
}
plane { y, 0 pigment { uv_mapping checker rgb 0.3 rgb 0.6 } }
"#;

/// The sphere, the box, the torus, the wall and the floor.
const PROBES: [(u32, u32); 12] = [
    (12, 14),
    (17, 17),
    (21, 12),
    (36, 16),
    (42, 18),
    (46, 13),
    (26, 28),
    (32, 31),
    (38, 27),
    (20, 4),
    (50, 6),
    (5, 44),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): each probe's 16-bit
/// colour, read back from its PNG. Every other pixel of the image is within 1/65535
/// too.
const POVRAY: [[u32; 3]; 12] = [
    [52523, 52523, 26387],
    [48283, 22931, 16275],
    [42403, 42403, 20980],
    [25382, 25382, 47608],
    [31259, 31259, 28390],
    [46887, 46887, 21741],
    [24481, 24481, 24481],
    [0, 39207, 0],
    [0, 38651, 0],
    [52104, 52104, 52104],
    [24713, 29925, 51768],
    [31460, 31460, 31460],
];

#[test]
fn uv_mapped_patterns_match_povray() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}

/// An 8x6 RGB image made by formulas (POV-Ray rendered the same image).
fn write_image(path: &Path) {
    let (w, h) = (8u32, 6u32);
    let data: Vec<u8> = (0..h)
        .flat_map(|y| (0..w).map(move |x| (x, y)))
        .flat_map(|(x, y)| {
            [
                ((x * 37 + y * 11) % 256) as u8,
                ((x * 13 + y * 71) % 256) as u8,
                ((x * y * 29 + 40) % 256) as u8,
            ]
        })
        .collect();
    let file = std::fs::File::create(path).expect("create PNG");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), w, h);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(&data).expect("PNG data");
}

const IMAGE_SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0.5, -5> look_at <0, 0, 0> angle 50 }
light_source { <-4, 6, -8> color rgb 1 }
#default { finish { ambient 0.2 diffuse 0.7 } }
sphere { 0, 1 pigment { uv_mapping image_map { png "DIR/rgb.png" interpolate 2 } } rotate y*30 translate <-1.4, 0, 0> }
box { -0.7, 0.7 texture { uv_mapping pigment { image_map { png "DIR/rgb.png" } } } rotate <20, 30, 0> translate <1.4, 0, 0> }
mesh { triangle { <-2,-1,1>, <2,-1,1>, <0,1.8,1.5> uv_vectors <0,0>, <2,0>, <1,1.5> } pigment { uv_mapping checker rgb <1,0.8,0.6> rgb <0.2,0.4,0.3> scale 0.25 } }
"#;

/// The sphere, the triangle, the box and the background.
const IMAGE_PROBES: [(u32, u32); 10] = [
    (8, 20),
    (12, 26),
    (17, 15),
    (30, 8),
    (32, 20),
    (28, 30),
    (42, 20),
    (48, 17),
    (52, 26),
    (5, 5),
];

/// `povray +W64 +H48 -A +FN16` on IMAGE_SCENE (POV-Ray 3.7.0.10), read back from its
/// PNG; every other pixel is within 1/65535 too.
const IMAGE_POVRAY: [[u32; 3]; 10] = [
    [52395, 51259, 36146],
    [38984, 31544, 27020],
    [3998, 39391, 49513],
    [29116, 40072, 35138],
    [59661, 54044, 47532],
    [14478, 20532, 17806],
    [5919, 56678, 46185],
    [5927, 56731, 46228],
    [61799, 8314, 11961],
    [0, 0, 0],
];

#[test]
fn uv_mapped_image_maps_and_mesh_triangles_match_povray() {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_image(&dir.path().join("rgb.png"));
    let text = IMAGE_SCENE.replace("DIR", &dir.path().display().to_string());
    assert_matches_povray(&text, 64, 48, &IMAGE_PROBES, &IMAGE_POVRAY);
}

/// Surfaces of revolution: the curve's pieces share v by height, the base and the cap
/// take v from their radius (below 0 and above 1).
const SOR_SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,3,-6> look_at <0,0.8,0> angle 50 }
light_source { <-4,8,-6> color rgb 1 }
sor { 6, <0,-0.5>, <1,0>, <0.5,0.6>, <0.8,1.2>, <0.6,1.8>, <0,2.2> pigment { uv_mapping checker rgb <1,0.3,0.2> rgb <0.9,0.9,0.5> scale <0.125,0.1,1> } translate x*-1.3 }
sor { 5, <0,-0.5>, <0.8,0>, <0.4,0.8>, <0.9,1.5>, <0,2> pigment { uv_mapping gradient y color_map { [0 rgb <0,0,1>] [1 rgb <1,1,0>] } scale 2 translate -y } rotate x*-30 translate <1.3,0.3,0> }
"#;

/// The checkered sor, the tilted one's cap and side, and the background.
const SOR_PROBES: [(u32, u32); 11] = [
    (10, 20),
    (14, 14),
    (12, 30),
    (20, 12),
    (44, 15),
    (50, 12),
    (47, 26),
    (46, 32),
    (40, 20),
    (58, 18),
    (5, 5),
];

/// `povray +W64 +H48 -A +FN16` on SOR_SCENE (POV-Ray 3.7.0.10), read back from its
/// PNG; every other pixel is within 1/65535 too.
const SOR_POVRAY: [[u32; 3]; 11] = [
    [49760, 28709, 23686],
    [49367, 28471, 23485],
    [53253, 53253, 40902],
    [45815, 45815, 35080],
    [29646, 29646, 45116],
    [19158, 19158, 48903],
    [1311, 1311, 52546],
    [38001, 38001, 30059],
    [18288, 18288, 50493],
    [14561, 14561, 49775],
    [0, 0, 0],
];

#[test]
fn uv_mapped_surfaces_of_revolution_match_povray() {
    assert_matches_povray(SOR_SCENE, 64, 48, &SOR_PROBES, &SOR_POVRAY);
}

/// Lathes (cubic, linear with a level segment, Bezier): v is the segment's index plus
/// the curve's parameter at the point, over the number of segments.
const LATHE_SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,3,-6> look_at <0,0.8,0> angle 50 }
light_source { <-4,8,-6> color rgb 1 }
lathe { cubic_spline 6, <0.2,-0.5>, <1,0>, <0.5,0.6>, <0.8,1.2>, <0.6,1.8>, <0.2,2.2> pigment { uv_mapping checker rgb <1,0.3,0.2> rgb <0.9,0.9,0.5> scale <0.125,0.1,1> } translate x*-1.5 }
lathe { linear_spline 5, <0.3,0>, <1,0>, <0.6,1>, <0.6,1.5>, <0.3,1.5> pigment { uv_mapping gradient y color_map { [0 rgb <0,0,1>] [1 rgb <1,1,0>] } } rotate x*-30 translate <1.2,0.3,0> }
lathe { bezier_spline 8, <0.2,0>, <0.6,0>, <0.6,0.4>, <0.3,0.6>, <0.3,0.6>, <0.1,0.8>, <0.4,1>, <0.2,1.2> pigment { uv_mapping checker rgb 1 rgb <0,0.5,0> scale <0.1,0.1,1> } translate <0,-0.3,-1.5> }
"#;

/// The cubic lathe, the linear one's side and level top, the Bezier one, and the
/// background.
const LATHE_PROBES: [(u32, u32); 11] = [
    (8, 22),
    (12, 14),
    (14, 30),
    (44, 18),
    (50, 22),
    (40, 24),
    (48, 14),
    (31, 38),
    (32, 33),
    (33, 42),
    (5, 5),
];

/// `povray +W64 +H48 -A +FN16` on LATHE_SCENE (POV-Ray 3.7.0.10), read back from its
/// PNG; every other pixel is within 1/65535 too.
const LATHE_POVRAY: [[u32; 3]; 11] = [
    [40900, 40900, 31233],
    [30959, 17325, 14071],
    [52646, 52646, 40427],
    [14824, 14824, 17526],
    [47627, 47627, 24203],
    [31480, 31480, 30191],
    [49782, 49782, 17251],
    [52751, 52751, 52751],
    [0, 30263, 0],
    [48455, 48455, 48455],
    [0, 0, 0],
];

#[test]
fn uv_mapped_lathes_match_povray() {
    assert_matches_povray(LATHE_SCENE, 64, 48, &LATHE_PROBES, &LATHE_POVRAY);
}
