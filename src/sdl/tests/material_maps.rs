//! `material_map`, `interior_texture`, `density_file` and `tiling` as the scene reads
//! them, hostile files and numbers included.

use super::files::{temp_dir, write_png};
use super::support::{error, parse};
use crate::scene::pattern::PatternKind;
use crate::scene::Texture;
use crate::sdl::{parse_scene_str, ParseOptions, SceneErrorKind};

fn parse_in(dir: &std::path::Path, text: &str) -> Result<crate::scene::Scene, crate::sdl::SceneError> {
    parse_scene_str("t.pov", text, dir, &ParseOptions::default()).map(|(s, _)| s)
}

fn material_map_of(t: &Texture) -> &crate::scene::MaterialImage {
    match &t.map.as_ref().expect("patterned").pattern.kind {
        PatternKind::MaterialMap(m) => m,
        k => panic!("not a material map: {k:?}"),
    }
}

#[test]
fn material_maps_pick_textures_by_palette_index_or_red() {
    let d = temp_dir("matmap");
    // 3x1, 4-bit palette: indices 2, 0, 1 packed from the high bits.
    write_png(
        &d.join("pal.png"),
        3,
        1,
        png::ColorType::Indexed,
        png::BitDepth::Four,
        &[0x20, 0x10],
        Some(&[0, 0, 0, 255, 255, 255, 9, 9, 9]),
    );
    // 2x1 RGB: red 3 and 255 (the index is the red channel).
    write_png(
        &d.join("rgb.png"),
        2,
        1,
        png::ColorType::Rgb,
        png::BitDepth::Eight,
        &[3, 200, 200, 255, 0, 0],
        None,
    );
    let s = parse_in(
        &d,
        "sphere { 0, 1 texture { material_map { png \"pal.png\" map_type 0 once interpolate 2 \
         texture { pigment { rgb 1 } } texture { pigment { rgb x } } } scale 2 } }\n\
         sphere { 0, 1 texture { material_map { \"rgb.png\" texture { } texture { } } } }",
    )
    .unwrap();
    let m = material_map_of(&s.objects[0].texture[0]);
    assert_eq!(m.image.indices, vec![2, 0, 1]);
    assert_eq!((m.map_type, m.once, m.textures), (0, true, 2));
    // Index 2 of two textures wraps to the first; off the image, the first.
    use crate::render::pattern::material_index;
    assert_eq!(material_index(m, Some((0.5, 0.5))), 0);
    assert_eq!(material_index(m, Some((2.5, 0.5))), 1);
    assert_eq!(material_index(m, None), 0);
    let map = s.objects[0].texture[0].map.as_ref().unwrap();
    assert_eq!(map.entries.len(), 2);
    assert_eq!(map.pattern.frequency, 0.0);
    assert_eq!(
        material_map_of(&s.objects[1].texture[0]).image.indices,
        vec![3, 255]
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn bad_material_maps_are_errors() {
    let d = temp_dir("matmap-bad");
    std::fs::write(d.join("junk.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    for (text, kind) in [
        (
            "sphere { 0, 1 texture { material_map { png \"missing.png\" texture { } } } }",
            SceneErrorKind::MissingFile,
        ),
        (
            "sphere { 0, 1 texture { material_map { png \"junk.png\" texture { } } } }",
            SceneErrorKind::BadFile,
        ),
        (
            "sphere { 0, 1 texture { material_map { gif \"junk.gif\" texture { } } } }",
            SceneErrorKind::Unsupported,
        ),
    ] {
        let e = parse_in(&d, text).unwrap_err();
        assert_eq!(e.kind(), kind, "{text}: {e}");
    }
    // No texture, a pigment instead, or outside `texture { }`.
    for text in [
        "sphere { 0, 1 texture { material_map { png \"junk.png\" } } }",
        "sphere { 0, 1 pigment { material_map { png \"junk.png\" texture { } } } }",
        "sphere { 0, 1 texture { pigment { rgb 1 } material_map { png \"x.png\" texture { } } } }",
    ] {
        assert!(parse_in(&d, text).is_err(), "{text} accepted");
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn interior_textures_are_kept_and_need_a_texture() {
    let (s, _) = parse(
        "sphere { 0, 1 texture { pigment { rgb 1 } } interior_texture { pigment { rgb x } } translate y }",
    )
    .unwrap();
    assert_eq!(s.objects[0].interior_texture().len(), 1);
    assert!(error("sphere { 0, 1 interior_texture { pigment { rgb x } } }")
        .message()
        .contains("interior_texture"));
}

#[test]
fn tiling_numbers_are_1_to_27() {
    for bad in ["0", "0.99", "-1", "28", "300"] {
        let e = error(&format!("plane {{ y, 0 pigment {{ tiling {bad} }} }}"));
        assert!(e.message().contains("1 to 27"), "tiling {bad}: {e}");
    }
    let (s, _) = parse("plane { y, 0 pigment { tiling 5.9 } }").unwrap();
    let crate::scene::PigmentPattern::Mapped { pattern, .. } = &s.objects[0].texture[0].pigment.pattern
    else {
        panic!()
    };
    assert_eq!(pattern.kind, PatternKind::Tiling(5));
    assert_eq!(
        error("plane { y, 0 pigment { tiling 12 } }").kind(),
        SceneErrorKind::Unsupported
    );
}

#[test]
fn density_files_are_read_and_hostile_ones_refused() {
    let d = temp_dir("df3");
    let mut good = vec![0, 2, 0, 1, 0, 1];
    good.extend([0, 255]);
    std::fs::write(d.join("good.df3"), &good).unwrap();
    std::fs::write(d.join("short.df3"), [0, 2, 0, 2, 0, 2, 1, 2, 3]).unwrap();
    std::fs::write(d.join("huge.df3"), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1]).unwrap();
    std::fs::write(d.join("tiny.df3"), [0, 1]).unwrap();
    let s = parse_in(
        &d,
        "sphere { 0, 1 pigment { density_file df3 \"good.df3\" interpolate 2 } }\n\
         sphere { 0, 1 normal { density_file df3 \"good.df3\", 2.6 interpolate 1 } }",
    )
    .unwrap();
    let crate::scene::PigmentPattern::Mapped { pattern, .. } = &s.objects[0].texture[0].pigment.pattern
    else {
        panic!()
    };
    let PatternKind::DensityFile { file, interpolate } = &pattern.kind else {
        panic!()
    };
    assert_eq!((file.size, *interpolate), ([2, 1, 1], 2));
    assert_eq!(file.voxels, vec![0, 255]);
    let n = s.objects[1].texture[0].normal.as_ref().unwrap();
    assert_eq!(n.amount, 2.6);
    assert!(matches!(
        n.pattern.kind,
        PatternKind::DensityFile { interpolate: 1, .. }
    ));
    for (name, kind) in [
        ("short.df3", SceneErrorKind::BadFile),
        ("huge.df3", SceneErrorKind::BadFile),
        ("tiny.df3", SceneErrorKind::BadFile),
        ("missing.df3", SceneErrorKind::MissingFile),
    ] {
        let text = format!("sphere {{ 0, 1 pigment {{ density_file df3 \"{name}\" }} }}");
        let e = parse_in(&d, &text).unwrap_err();
        assert_eq!(e.kind(), kind, "{name}: {e}");
    }
    let _ = std::fs::remove_dir_all(&d);
}
