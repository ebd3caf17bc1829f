//! `height_field` against POV-Ray 3.7.0: fields from 8-bit grey, 8-bit colour,
//! paletted and 16-bit grey PNGs and from functions, with `water_level`, `smooth`, a
//! non-square grid, transforms and a difference (the inside test); from PGM and PPM
//! files; and hostile fields.

use std::path::Path;

use super::povray_probes::assert_matches_povray;
use crate::sdl::tests::support::parse;

const W: u32 = 9;
const H: u32 = 7;

/// Writes a `W` x `H` PNG of `colour` type and `depth` with rows `data`.
fn write_png(
    path: &Path,
    colour: png::ColorType,
    depth: png::BitDepth,
    palette: Option<Vec<u8>>,
    data: &[u8],
) {
    let file = std::fs::File::create(path).expect("create PNG");
    let mut encoder = png::Encoder::new(std::io::BufWriter::new(file), W, H);
    encoder.set_color(colour);
    encoder.set_depth(depth);
    if let Some(p) = palette {
        encoder.set_palette(p);
    }
    let mut writer = encoder.write_header().expect("PNG header");
    writer.write_image_data(data).expect("PNG data");
}

/// The test images, made by formulas (POV-Ray rendered the same images).
fn write_images(dir: &Path) {
    let pixels = || (0..H).flat_map(|y| (0..W).map(move |x| (x, y)));
    let grey8: Vec<u8> = pixels()
        .map(|(x, y)| ((x * 37 + y * 91 + x * y * 13) % 256) as u8)
        .collect();
    write_png(
        &dir.join("grey8.png"),
        png::ColorType::Grayscale,
        png::BitDepth::Eight,
        None,
        &grey8,
    );
    let rgb8: Vec<u8> = pixels()
        .flat_map(|(x, y)| {
            [
                ((x * 29 + y * 17) % 256) as u8,
                ((x * 71 + y * 53) % 256) as u8,
                9,
            ]
        })
        .collect();
    write_png(
        &dir.join("rgb8.png"),
        png::ColorType::Rgb,
        png::BitDepth::Eight,
        None,
        &rgb8,
    );
    let indices: Vec<u8> = pixels().map(|(x, y)| ((x * 5 + y * 3) % 16) as u8).collect();
    let palette = (0..16u8).flat_map(|i| [255 - i * 16, i * 16, 7]).collect();
    write_png(
        &dir.join("pal.png"),
        png::ColorType::Indexed,
        png::BitDepth::Eight,
        Some(palette),
        &indices,
    );
    let grey16: Vec<u8> = pixels()
        .flat_map(|(x, y)| (((x * 7919 + y * 5413 + x * y * 911) % 65536) as u16).to_be_bytes())
        .collect();
    write_png(
        &dir.join("grey16.png"),
        png::ColorType::Grayscale,
        png::BitDepth::Sixteen,
        None,
        &grey16,
    );
}

/// PGM and PPM versions: binary 8-bit grey, ASCII grey of maximum 100, binary 8- and
/// 16-bit colour.
fn write_netpbm(dir: &Path) {
    let pixels = || (0..H).flat_map(|y| (0..W).map(move |x| (x, y)));
    let grey = || pixels().map(|(x, y)| (x * 37 + y * 91 + x * y * 13) % 256);
    let mut pgm = b"P5\n# a comment\n9 7\n255\n".to_vec();
    pgm.extend(grey().map(|v| v as u8));
    std::fs::write(dir.join("g.pgm"), pgm).expect("write");
    let ascii: Vec<String> = grey().map(|v| (v * 100 / 255).to_string()).collect();
    std::fs::write(dir.join("ga.pgm"), format!("P2\n9 7\n100\n{}\n", ascii.join(" "))).expect("write");
    let rgb: Vec<u32> = pixels()
        .flat_map(|(x, y)| [(x * 29 + y * 17) % 256, (x * 71 + y * 53) % 256, 9])
        .collect();
    let mut ppm = b"P6\n9 7\n255\n".to_vec();
    ppm.extend(rgb.iter().map(|&v| v as u8));
    std::fs::write(dir.join("c.ppm"), ppm).expect("write");
    let mut ppm16 = b"P6\n9 7\n65535\n".to_vec();
    ppm16.extend(
        rgb.iter()
            .flat_map(|&v| (((v * 257 * 3 + 11) % 65536) as u16).to_be_bytes()),
    );
    std::fs::write(dir.join("c16.ppm"), ppm16).expect("write");
}

const HEAD: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 2.2, -3.2> look_at <0, 0.1, 0> angle 60 }
light_source { <-3, 6, -5> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
plane { y, -0.01 pigment { checker rgb 0.3 rgb 0.6 scale 0.25 } }
"#;

const IMAGES: &str = r#"
height_field { png "DIR/grey8.png" pigment { rgb <1, 0.6, 0.3> } translate <-1.6, 0, -0.5> }
height_field { "DIR/rgb8.png" water_level 0.2 pigment { rgb <0.3, 0.7, 1> } translate <-0.5, 0, -0.5> }
height_field { png "DIR/pal.png" smooth pigment { rgb <0.9, 0.9, 0.4> } scale <1, 0.5, 1> translate <0.6, 0, -0.5> }
"#;

const FUNCTIONS: &str = r#"
height_field { png "DIR/grey16.png" smooth pigment { rgb <1, 0.6, 0.3> } scale <1, 0.6, 1.3> rotate y*20 translate <-1.7, 0, -0.4> }
height_field { function 12, 10 { 0.5 + 0.45 * sin(x * 7) * cos(y * 5) } water_level 0.35 pigment { rgb <0.3, 0.7, 1> } translate <-0.5, 0, -0.5> }
difference {
  box { <0.05, 0.02, 0.05>, <0.95, 0.8, 0.95> }
  height_field { function 8, 8 { 0.3 + 0.4 * x * y } smooth }
  pigment { rgb <0.9, 0.9, 0.4> }
  translate <0.6, 0, -0.5>
}
"#;

fn scene_with_images(body: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temporary directory");
    write_images(dir.path());
    write_netpbm(dir.path());
    let text = format!("{HEAD}{}", body.replace("DIR", &dir.path().display().to_string()));
    (dir, text)
}

#[test]
fn image_fields_show_what_povray_shows() {
    let (_dir, text) = scene_with_images(IMAGES);
    const PROBES: [(u32, u32); 12] = [
        (17, 13),
        (22, 13),
        (12, 14),
        (34, 14),
        (9, 16),
        (28, 19),
        (23, 20),
        (15, 21),
        (50, 22),
        (24, 23),
        (17, 24),
        (48, 25),
    ];
    // `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10), read back from its PNG.
    const POVRAY: [[u32; 3]; 12] = [
        [58490, 46585, 33996],
        [60159, 47934, 35006],
        [57514, 45796, 33404],
        [28489, 42077, 49397],
        [57839, 46059, 33601],
        [28710, 42392, 49762],
        [22884, 17806, 12435],
        [55207, 43932, 32008],
        [51164, 51164, 35460],
        [29052, 42878, 50326],
        [22884, 17806, 12435],
        [51756, 51756, 35883],
    ];
    assert_matches_povray(&text, 64, 48, &PROBES, &POVRAY);
}

#[test]
fn smooth_function_and_csg_fields_show_what_povray_shows() {
    let (_dir, text) = scene_with_images(FUNCTIONS);
    const PROBES: [(u32, u32); 12] = [
        (27, 13),
        (42, 13),
        (50, 13),
        (30, 14),
        (35, 15),
        (56, 17),
        (34, 18),
        (51, 18),
        (32, 20),
        (10, 21),
        (50, 21),
        (13, 24),
    ];
    // `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10), read back from its PNG.
    const POVRAY: [[u32; 3]; 12] = [
        [35159, 51571, 60412],
        [50131, 50131, 34724],
        [49585, 49585, 34334],
        [12435, 19226, 22884],
        [34087, 50045, 58641],
        [50138, 50138, 34729],
        [34112, 50080, 58682],
        [48056, 48056, 33244],
        [34163, 50154, 58767],
        [59873, 47703, 34833],
        [47801, 47801, 33062],
        [53381, 42456, 30902],
    ];
    assert_matches_povray(&text, 64, 48, &PROBES, &POVRAY);
}

const NETPBM: &str = r#"
height_field { pgm "DIR/g.pgm" pigment { rgb <1, 0.6, 0.3> } translate <-1.6, 0, -0.5> }
height_field { ppm "DIR/c.ppm" pigment { rgb <0.3, 0.7, 1> } translate <-0.5, 0, -0.5> }
height_field { "DIR/ga.pgm" pigment { rgb <0.9, 0.9, 0.4> } translate <0.6, 0, -0.5> }
height_field { ppm "DIR/c16.ppm" pigment { rgb <0.9, 0.4, 0.9> } translate <-0.5, 0, 0.7> }
"#;

#[test]
fn pgm_and_ppm_fields_show_what_povray_shows() {
    let (_dir, text) = scene_with_images(NETPBM);
    const PROBES: [(u32, u32); 12] = [
        (30, 10),
        (50, 12),
        (34, 14),
        (52, 16),
        (56, 16),
        (30, 17),
        (57, 19),
        (22, 22),
        (38, 22),
        (52, 24),
        (8, 25),
        (36, 27),
    ];
    // `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10), read back from its PNG.
    const POVRAY: [[u32; 3]; 12] = [
        [56633, 39361, 56633],
        [58776, 58776, 40890],
        [28489, 42077, 49397],
        [21746, 21746, 14478],
        [57374, 57374, 39890],
        [28345, 41873, 49159],
        [21746, 21746, 14478],
        [22884, 17806, 12435],
        [32631, 47973, 56237],
        [49066, 49066, 33964],
        [22884, 17806, 12435],
        [12435, 19226, 22884],
    ];
    assert_matches_povray(&text, 64, 48, &PROBES, &POVRAY);
}

/// What parsing `body` (after the head) says, error or not.
fn outcome(body: &str) -> Result<(), String> {
    let (_dir, text) = scene_with_images(body);
    parse(&text).map(|_| ()).map_err(|e| e.to_string())
}

#[test]
fn hostile_fields_are_refused_clearly() {
    for body in [
        "height_field { function 1, 1 { x } }",
        "height_field { function 0, 5 { x } }",
        "height_field { function -3, 5 { x } }",
        "height_field { function 100000, 100000 { x } }",
        "height_field { function 1e300, 2 { x } }",
    ] {
        let err = outcome(body).expect_err(body);
        assert!(err.contains("height"), "{body}: {err}");
    }
    let dir = tempfile::tempdir().expect("temporary directory");
    let tiny = dir.path().join("tiny.png");
    let mut encoder = png::Encoder::new(std::fs::File::create(&tiny).expect("create"), 1, 1);
    encoder.set_color(png::ColorType::Grayscale);
    encoder
        .write_header()
        .expect("header")
        .write_image_data(&[7])
        .expect("data");
    let err = outcome(&format!("height_field {{ png \"{}\" }}", tiny.display())).expect_err("1x1");
    assert!(err.contains("2x2"), "{err}");
    let err = outcome(r#"height_field { tga "DIR/x.tga" }"#).expect_err("tga");
    assert!(err.contains("tga"), "{err}");
    let err = outcome(r#"height_field { png "DIR/missing.png" }"#).expect_err("missing");
    assert!(err.contains("missing.png"), "{err}");
    std::fs::write(dir.path().join("bad.pgm"), b"P5\n4000000000 2\n255\n").expect("write");
    let err = outcome(&format!(
        "height_field {{ pgm \"{}\" }}",
        dir.path().join("bad.pgm").display()
    ))
    .expect_err("huge pgm");
    assert!(err.contains("limit"), "{err}");
    std::fs::write(dir.path().join("short.pgm"), b"P5\n4 4\n255\nab").expect("write");
    let err = outcome(&format!(
        "height_field {{ pgm \"{}\" }}",
        dir.path().join("short.pgm").display()
    ))
    .expect_err("short pgm");
    assert!(err.contains("truncated"), "{err}");
    let err = outcome(r#"height_field { png "DIR/missing.png" }"#).expect_err("missing");
    assert!(err.contains("missing.png"), "{err}");
}

#[test]
fn nan_and_out_of_range_heights_render() {
    // NaN counts as 0; values beyond 0..1 are clipped, as POV-Ray's 16-bit store does.
    let body = "height_field { function 16, 16 { sqrt(x - 0.5) } pigment { rgb 1 } translate -0.5 }
        height_field { function 5, 3 { 3 * x - 1 } smooth pigment { rgb 1 } scale <2, 1, 0.5> }";
    let (_dir, text) = scene_with_images(body);
    let scene = crate::sdl::tests::support::scene(&text);
    let options = crate::render::options::RenderOptions {
        width: 32,
        height: 24,
        threads: 2,
        ..Default::default()
    };
    super::povray_probes::render_with(&scene, &options);
}

/// `function W, H { pigment { ... } }`: the pigment's colour kept as a 16-bit colour
/// image, its grey the height. `povray +W64 +H48 -A +FN16` (POV-Ray 3.7.0.10).
#[test]
fn pigment_function_heights_match_povray() {
    let scene = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0.5,1.0,-0.4> look_at <0.5,0.1,0.5> }
light_source { <5,10,-10> rgb 1 }
height_field {
  function 60, 60 { pigment { agate color_map { [0 rgb 0] [0.5 rgb <0.2,0.9,0.3>] [1 rgb 1] } scale 0.3 } }
  smooth pigment { rgb 0.8 } scale <1,0.3,1>
}
"#;
    super::povray_probes::assert_matches_povray(
        scene,
        64,
        48,
        &[(10, 40), (20, 20), (40, 15), (45, 30), (15, 30), (55, 20)],
        &[
            [20532, 20532, 20532],
            [43355, 43355, 43355],
            [47022, 47022, 47022],
            [45549, 45549, 45549],
            [46292, 46292, 46292],
            [0, 0, 0],
        ],
    );
}
