//! Images laid on objects against POV-Ray 3.7.0: `image_map` with `map_type` 1, 2 and 5
//! (spherical, cylindrical, torus) and `interpolate` 2, 4 and 3, a planar map with a
//! file `gamma`, `once` and turbulence, `bump_map` (planar and spherical), and
//! `image_pattern` through a colour map; the grey image is an 8-bit grey PNG, whose
//! levels POV-Ray keeps with its single precision loss. Also a paletted image's
//! `filter` and `transmit` by palette index, and a pre-3.7 scene's images, which come
//! in as stored when it sets `assumed_gamma`.

use std::path::Path;

use super::povray_probes::assert_matches_povray;

const W: u32 = 8;
const H: u32 = 6;

fn write_png(path: &Path, colour: png::ColorType, data: &[u8]) {
    let file = std::fs::File::create(path).expect("create PNG");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), W, H);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(data).expect("PNG data");
}

/// The images, made by formulas (POV-Ray rendered the same images).
fn write_images(dir: &Path) {
    let pixels = || (0..H).flat_map(|y| (0..W).map(move |x| (x, y)));
    let rgb: Vec<u8> = pixels()
        .flat_map(|(x, y)| {
            [
                ((x * 37 + y * 11) % 256) as u8,
                ((x * 13 + y * 71) % 256) as u8,
                ((x * y * 29 + 40) % 256) as u8,
            ]
        })
        .collect();
    write_png(&dir.join("rgb.png"), png::ColorType::Rgb, &rgb);
    let grey: Vec<u8> = pixels()
        .map(|(x, y)| ((x * x * 7 + y * 45 + x * y * 3) % 256) as u8)
        .collect();
    write_png(&dir.join("grey.png"), png::ColorType::Grayscale, &grey);
}

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -6> look_at <0, 0, 0> angle 60 }
light_source { <-4, 6, -8> color rgb 1 }
#default { finish { ambient 0.2 diffuse 0.7 } }
sphere { 0, 0.8 pigment { image_map { png "DIR/rgb.png" map_type 1 interpolate 2 } } rotate <20, 30, 0> translate <-2, 1, 0> }
cylinder { -y, y, 0.7 open pigment { image_map { png "DIR/rgb.png" map_type 2 interpolate 4 } } scale <1, 0.8, 1> rotate <10, 40, 0> translate <0, 1, 0> }
torus { 0.6, 0.3 pigment { image_map { png "DIR/rgb.png" map_type 5 interpolate 3 } } rotate <-70, 20, 0> translate <2, 1, 0> }
box { <-0.8, -0.8, 0>, <0.8, 0.8, 0.5> pigment { image_map { png "DIR/rgb.png" gamma 2.2 once } translate -0.5 scale 1.2 turbulence 0.3 octaves 2 rotate 15*z } translate <-2, -1, 0> }
box { <-0.8, -0.8, 0>, <0.8, 0.8, 0.5> pigment { rgb 0.9 } normal { bump_map { png "DIR/grey.png" interpolate 2 bump_size 3 } translate -0.5 scale 1.4 } finish { specular 0.6 } translate <0, -1, 0> }
box { <-0.8, -0.8, 0>, <0.8, 0.8, 0.5> pigment { image_pattern { png "DIR/grey.png" interpolate 2 } color_map { [0 rgb <0,0,1>] [1 rgb <1,1,0>] } translate -0.5 scale 1.5 } translate <2, -1, 0> }
sphere { 0, 0.5 pigment { rgb 0.8 } normal { bump_map { png "DIR/grey.png" map_type 1 bump_size 2 } } translate <0.9, 0, -1> }
"#;

/// Two or three pixels on each object, and two of the background.
const PROBES: [(u32, u32); 16] = [
    (12, 14),
    (15, 10),
    (29, 13),
    (34, 9),
    (48, 12),
    (53, 8),
    (11, 32),
    (15, 29),
    (29, 33),
    (35, 30),
    (47, 32),
    (53, 29),
    (40, 22),
    (43, 26),
    (5, 5),
    (60, 44),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): each probe's 16-bit
/// colour, read back from its PNG. Every other pixel of the image is within 2/65535
/// too.
const POVRAY: [[u32; 3]; 16] = [
    [35460, 13825, 26336],
    [27895, 48685, 38176],
    [52516, 21694, 22156],
    [22746, 19646, 28640],
    [14751, 10374, 12517],
    [6224, 494, 0],
    [21048, 37572, 34868],
    [52166, 33414, 47982],
    [44086, 44086, 44086],
    [65535, 65535, 65535],
    [23412, 23412, 22342],
    [48006, 48006, 29055],
    [55444, 55444, 55444],
    [28614, 28614, 28614],
    [0, 0, 0],
    [0, 0, 0],
];

#[test]
fn image_maps_bump_maps_and_image_patterns_match_povray() {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_images(dir.path());
    let text = SCENE.replace("DIR", &dir.path().display().to_string());
    assert_matches_povray(&text, 64, 48, &PROBES, &POVRAY);
}

/// A `bump_map` of a paletted PNG with `use_index`: its heights are the palette
/// indices (interpolated and truncated), not the colours.
const INDEX_SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -4> look_at <0, 0, 0> angle 50 }
light_source { <-4, 6, -8> color rgb 1 }
#default { finish { ambient 0.2 diffuse 0.7 } }
box { <-1.5, -1.5, 0>, <1.5, 1.5, 0.5> pigment { rgb 0.9 } normal { bump_map { png "DIR/pal.png" use_index bump_size 0.1 interpolate 2 } translate -0.5 scale 2.5 } finish { specular 0.6 } }
"#;

const INDEX_PROBES: [(u32, u32); 8] = [
    (20, 12),
    (32, 24),
    (40, 30),
    (25, 35),
    (45, 15),
    (30, 20),
    (38, 10),
    (16, 34),
];

/// `povray +W64 +H48 -A +FN16` on INDEX_SCENE (POV-Ray 3.7.0.10); every other pixel
/// is within 1/65535 too.
const INDEX_POVRAY: [[u32; 3]; 8] = [
    [45767, 45767, 45767],
    [46863, 46863, 46863],
    [65535, 65535, 65535],
    [60096, 60096, 60096],
    [57837, 57837, 57837],
    [65535, 65535, 65535],
    [49758, 49758, 49758],
    [65447, 65447, 65447],
];

/// A paletted PNG of 16 indices in diagonal stripes.
fn write_palette_image(dir: &Path) {
    let indices: Vec<u8> = (0..H)
        .flat_map(|y| (0..W).map(move |x| ((x * 5 + y * 3) % 16) as u8))
        .collect();
    let palette: Vec<u8> = (0..16u8).flat_map(|i| [255 - i * 16, i * 16, 7]).collect();
    let file = std::fs::File::create(dir.join("pal.png")).expect("create PNG");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), W, H);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_palette(palette);
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(&indices).expect("PNG data");
}

#[test]
fn bump_maps_of_palette_indices_match_povray() {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_palette_image(dir.path());
    let text = INDEX_SCENE.replace("DIR", &dir.path().display().to_string());
    assert_matches_povray(&text, 64, 48, &INDEX_PROBES, &INDEX_POVRAY);
}

/// Indices 3 and 9 let the background through (wholly, and half), index 5 filters it.
const PER_INDEX_SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -4> look_at <0, 0, 0> angle 50 }
light_source { <-4, 6, -8> color rgb 1 }
background { rgb <0.1, 0.3, 0.9> }
box { <-1.5, -1.5, 0>, <1.5, 1.5, 0.5> pigment { image_map { png "DIR/pal.png" transmit 3, 1 filter 5, 0.6 transmit 9, 0.5 } translate -0.5 scale 3 } finish { ambient 0.2 diffuse 0.7 } }
"#;

#[test]
fn filter_and_transmit_by_palette_index_match_povray() {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_palette_image(dir.path());
    let text = PER_INDEX_SCENE.replace("DIR", &dir.path().display().to_string());
    // `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10): the background through index 3
    // (twice), through index 9 and index 5, an opaque texel; every pixel within 1.
    assert_matches_povray(
        &text,
        64,
        48,
        &[(51, 4), (38, 4), (41, 4), (13, 4), (43, 4), (10, 10), (32, 24)],
        &[
            [22884, 38261, 62565],
            [24376, 33958, 33614],
            [21933, 31146, 33593],
            [30520, 11198, 555],
            [17778, 30005, 841],
            [22884, 38261, 62565],
            [10062, 46118, 1293],
        ],
    );
}

/// `#version 3.6` with `assumed_gamma 1.0`: POV-Ray 3.7 decodes the image with the
/// working gamma, so its stored values are taken as they are, not as sRGB.
const LEGACY_GAMMA_SCENE: &str = r#"
#version 3.6;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -4> look_at <0, 0, 0> angle 50 }
light_source { <-4, 6, -8> color rgb 1 }
box { <-1.5, -1.5, 0>, <1.5, 1.5, 0.5> pigment { image_map { png "DIR/rgb.png" } translate -0.5 scale 3 } finish { ambient 0.2 diffuse 0.7 } }
"#;

#[test]
fn a_pre_3_7_scene_with_assumed_gamma_takes_images_as_stored() {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_images(dir.path());
    let text = LEGACY_GAMMA_SCENE.replace("DIR", &dir.path().display().to_string());
    // `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10); every pixel within 1 (decoded
    // as sRGB, the first was <2189, 16019, 8864>).
    assert_matches_povray(
        &text,
        64,
        48,
        &[(6, 7), (32, 24), (50, 7), (20, 30), (45, 40)],
        &[
            [13153, 32842, 25091],
            [48625, 11352, 42187],
            [54528, 44648, 52504],
            [38394, 55099, 52457],
            [11679, 37267, 52218],
        ],
    );
}
