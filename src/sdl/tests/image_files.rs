//! JPEG images (for image maps and height fields) and image `gamma`, with their bad
//! inputs. The JPEG fixtures are small images of ours, made by formulas and saved by
//! libjpeg at quality 100, so that a decoder may differ from libjpeg by a level or two.

use std::path::{Path, PathBuf};

use crate::scene::{FileGamma, PigmentPattern, Shape};
use crate::sdl::error::SceneErrorKind;
use crate::sdl::{parse_scene_str, ParseOptions, SceneError};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/images")
}

fn parse_in(dir: &Path, text: &str) -> Result<crate::scene::Scene, SceneError> {
    parse_scene_str("t.pov", text, dir, &ParseOptions::default()).map(|(s, _)| s)
}

fn near(got: f64, want: f64) -> bool {
    (got - want).abs() <= 3.0 / 255.0
}

#[test]
fn jpeg_image_maps_decode_grey_and_colour() {
    let s = parse_in(
        &fixtures(),
        "sphere { 0, 1 pigment { image_map { jpeg \"ramp.jpg\" } } }\n\
         sphere { 0, 1 pigment { image_map { \"grey.jpg\" gamma 2.2 } } }",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let PigmentPattern::ImageMap(ramp, _) = &s.objects[0].texture[0].pigment.pattern else {
        panic!("image map expected")
    };
    assert_eq!((ramp.image.width, ramp.image.height), (8, 6));
    // Pixel (x, y) of the ramp is (30x + 10, 40y + 20, 128).
    for (x, y) in [(0, 0), (7, 0), (3, 5), (7, 5)] {
        let c = ramp.image.texels[y * 8 + x].rgb;
        let want = [30 * x + 10, 40 * y + 20, 128].map(|v| v as f64 / 255.0);
        assert!(
            near(c.x, want[0]) && near(c.y, want[1]) && near(c.z, want[2]),
            "({x}, {y}): {c} for {want:?}"
        );
    }
    let PigmentPattern::ImageMap(grey, _) = &s.objects[1].texture[0].pigment.pattern else {
        panic!("image map expected")
    };
    assert_eq!(grey.gamma, Some(FileGamma::Power(2.2)));
    let c = grey.image.texels[5 * 8 + 7].rgb;
    assert!(near(c.x, 235.0 / 255.0) && c.x == c.y && c.y == c.z, "{c}");
}

#[test]
fn jpeg_height_fields_read_grey_levels_and_red_green_bytes() {
    let s = parse_in(
        &fixtures(),
        "height_field { jpeg \"grey.jpg\" }\nheight_field { \"ramp.jpg\" }",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let grids: Vec<_> = s
        .objects
        .iter()
        .map(|o| match &o.shape {
            Shape::HeightField(h) => h.grid.clone(),
            other => panic!("height field expected, found {other:?}"),
        })
        .collect();
    // Rows run bottom first: the image's last row is the grid's first.
    let grey = &grids[0];
    assert_eq!((grey.width, grey.depth), (8, 6));
    let level = f64::from(grey.heights[7]) / 65535.0;
    assert!(near(level, 235.0 / 255.0), "{level}");
    // Colour: red is the high byte, green the low one.
    let ramp = &grids[1];
    let h = ramp.heights[7];
    assert!((i32::from(h >> 8) - 220).abs() <= 3, "{h}");
}

#[test]
fn damaged_and_oversized_jpegs_are_refused_where_they_are_named() {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(dir.path().join("bad.jpg"), b"\xff\xd8\xff\xe0 not a jpeg at all").expect("write");
    let e = parse_in(
        dir.path(),
        "sphere { 0, 1\n  pigment { image_map { jpeg \"bad.jpg\" } } }",
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::BadFile, "{e}");
    let at = e.location().expect("location");
    assert_eq!((at.line, at.column), (2, 30), "{e}");
    assert!(e.to_string().contains("cannot decode JPEG"), "{e}");

    let mut options = ParseOptions::default();
    options.limits.max_image_pixels = 40;
    let e = parse_scene_str(
        "t.pov",
        "height_field { jpeg \"ramp.jpg\" }",
        &fixtures(),
        &options,
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit, "{e}");
    assert!(e.to_string().contains("more than the limit of 40 pixels"), "{e}");
}

#[test]
fn an_image_gamma_must_be_a_positive_number() {
    for bad in ["0", "-2.2"] {
        let text = format!("sphere {{ 0, 1 pigment {{ image_map {{ jpeg \"ramp.jpg\" gamma {bad} }} }} }}");
        let e = parse_in(&fixtures(), &text).unwrap_err();
        assert!(
            e.to_string().contains("`gamma` must be a positive number"),
            "{bad}: {e}"
        );
    }
    let s = parse_in(
        &fixtures(),
        "sphere { 0, 1 pigment { image_map { jpeg \"ramp.jpg\" gamma srgb } } }",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let PigmentPattern::ImageMap(map, _) = &s.objects[0].texture[0].pigment.pattern else {
        panic!("image map expected")
    };
    assert_eq!(map.gamma, Some(FileGamma::Srgb));
}

#[test]
fn filter_by_index_on_an_image_without_a_palette_says_it_is_ignored() {
    let text = "sphere { 0, 1 pigment { image_map { jpeg \"ramp.jpg\" filter 2, 0.5 transmit all 0.1 } } }";
    let (s, warnings) = parse_scene_str("t.pov", text, &fixtures(), &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    let said: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        said.len() == 1 && said[0].contains("needs an image with a palette") && said[0].contains("t.pov:1:"),
        "{said:?}"
    );
    let PigmentPattern::ImageMap(map, _) = &s.objects[0].texture[0].pigment.pattern else {
        panic!("image map expected")
    };
    assert_eq!(map.transmit_all, 0.1);
    assert!(map.image.texels.iter().all(|t| t.filter == 0.0));
}
