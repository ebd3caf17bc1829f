//! Include files (resolution, scoping, built-ins) and PNG image maps.

use std::path::{Path, PathBuf};

use super::support::scene;
use crate::scene::{PigmentPattern, Shape};
use crate::sdl::{builtin_include, parse_scene_file, parse_scene_str, ParseOptions, SceneErrorKind};

pub(super) fn temp_dir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("spotray-scene-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

pub(super) fn write_png(
    path: &Path,
    width: u32,
    height: u32,
    colour: png::ColorType,
    depth: png::BitDepth,
    data: &[u8],
    palette: Option<&[u8]>,
) {
    let f = std::fs::File::create(path).unwrap();
    let mut enc = png::Encoder::new(std::io::BufWriter::new(f), width, height);
    enc.set_color(colour);
    enc.set_depth(depth);
    if let Some(p) = palette {
        enc.set_palette(p.to_vec());
    }
    let mut w = enc.write_header().unwrap();
    w.write_image_data(data).unwrap();
}

#[test]
fn builtin_includes_exist() {
    for name in ["colors.inc", "finish.inc", "rad_def.inc", "consts.inc"] {
        assert!(builtin_include(name).is_some(), "{name}");
    }
    assert!(builtin_include("nope.inc").is_none());
    let s = scene("#include \"colors.inc\"\n#include \"consts.inc\"\n#include \"finish.inc\"\nsphere { 0, Diamond_Ior pigment { MediumSlateBlue } finish { Mirror } }");
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if radius == 2.47));
}

#[test]
fn includes_resolve_relative_to_the_including_file_and_scope_locals() {
    let d = temp_dir("inc");
    std::fs::create_dir_all(d.join("sub")).unwrap();
    std::fs::write(
        d.join("sub/inner.inc"),
        "#local Hidden = 1;\n#declare Shown = Hidden + 1;\n",
    )
    .unwrap();
    std::fs::write(
        d.join("sub/outer.inc"),
        "#include \"inner.inc\"\n#declare FromOuter = Shown * 10;\n",
    )
    .unwrap();
    std::fs::write(
        d.join("scene.pov"),
        "#include \"sub/outer.inc\"\nsphere { FromOuter, 1 }\n#ifdef (Hidden) sphere { 0, 1 } #end\n",
    )
    .unwrap();
    let (s, _) = parse_scene_file(&d.join("scene.pov"), &ParseOptions::default()).unwrap();
    assert_eq!(s.objects.len(), 1);
    assert!(matches!(s.objects[0].shape, Shape::Sphere { center, .. } if center.x == 20.0));
    // Library paths.
    let lib = temp_dir("lib");
    std::fs::write(lib.join("mine.inc"), "#declare Mine = 3;").unwrap();
    let opts = ParseOptions {
        library_paths: vec![lib.clone()],
        ..Default::default()
    };
    let (s, _) = parse_scene_str("t.pov", "#include \"mine.inc\"\nsphere { 0, Mine }", &d, &opts).unwrap();
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if radius == 3.0));
    let e = parse_scene_str("t.pov", "#include \"absent.inc\"", &d, &ParseOptions::default()).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::MissingFile);
    assert!(e.message().contains("absent.inc"));
    let e = crate::sdl::parse_ini_file(&d.join("absent.ini")).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::MissingFile);
    assert!(e.message().contains("absent.ini"), "{}", e.message());
    // Self-inclusion is bounded.
    std::fs::write(d.join("loop.inc"), "#include \"loop.inc\"\n").unwrap();
    let e = parse_scene_str("t.pov", "#include \"loop.inc\"", &d, &ParseOptions::default()).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    let _ = std::fs::remove_dir_all(&d);
    let _ = std::fs::remove_dir_all(&lib);
}

#[test]
fn png_image_maps_decode_all_formats() {
    let d = temp_dir("png");
    // 2x1 RGBA 8-bit: opaque red, half-transparent blue.
    write_png(
        &d.join("rgba.png"),
        2,
        1,
        png::ColorType::Rgba,
        png::BitDepth::Eight,
        &[255, 0, 0, 255, 0, 0, 255, 0],
        None,
    );
    // 1x2 gray 16-bit.
    write_png(
        &d.join("gray16.png"),
        1,
        2,
        png::ColorType::Grayscale,
        png::BitDepth::Sixteen,
        &[0xff, 0xff, 0x80, 0x00],
        None,
    );
    // 2x1 palette 8-bit.
    write_png(
        &d.join("pal.png"),
        2,
        1,
        png::ColorType::Indexed,
        png::BitDepth::Eight,
        &[1, 0],
        Some(&[0, 0, 0, 0, 255, 0]),
    );
    let text = "sphere { 0, 1 pigment { image_map { png \"rgba.png\" map_type 1 once interpolate 2 filter all 0.2 transmit all 0.3 } } }\n\
                sphere { 0, 1 pigment { image_map { \"gray16.png\" } } }\n\
                #declare F = \"pal.png\"\n\
                sphere { 0, 1 pigment { image_map { png F } } }";
    let (s, _) = parse_scene_str("t.pov", text, &d, &ParseOptions::default()).unwrap();
    let PigmentPattern::ImageMap(im, _) = &s.objects[0].texture[0].pigment.pattern else {
        panic!()
    };
    assert_eq!(
        (
            im.map_type,
            im.once,
            im.interpolate,
            im.filter_all,
            im.transmit_all
        ),
        (1, true, 2, 0.2, 0.3)
    );
    assert_eq!((im.image.width, im.image.height), (2, 1));
    assert_eq!(im.image.texels[0].rgb, glam::DVec3::X);
    assert_eq!(im.image.texels[0].transmit, 0.0);
    assert_eq!(im.image.texels[1].rgb, glam::DVec3::Z);
    assert_eq!(im.image.texels[1].transmit, 1.0);
    let PigmentPattern::ImageMap(im, _) = &s.objects[1].texture[0].pigment.pattern else {
        panic!()
    };
    assert_eq!(im.image.texels[0].rgb, glam::DVec3::ONE);
    assert!((im.image.texels[1].rgb.x - 32768.0 / 65535.0).abs() < 1e-12);
    let PigmentPattern::ImageMap(im, _) = &s.objects[2].texture[0].pigment.pattern else {
        panic!()
    };
    assert_eq!(im.image.texels[0].rgb, glam::DVec3::new(0.0, 1.0, 0.0));
    assert_eq!(im.image.texels[1].rgb, glam::DVec3::ZERO);
    // The pixel cap applies before decoding.
    let opts = ParseOptions {
        limits: crate::sdl::Limits {
            max_image_pixels: 1,
            ..Default::default()
        },
        ..Default::default()
    };
    let e = parse_scene_str(
        "t.pov",
        "sphere { 0, 1 pigment { image_map { png \"rgba.png\" } } }",
        &d,
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    // Garbage is a damaged file (the archive's fault, permanent), not a panic.
    std::fs::write(d.join("bad.png"), b"not a png at all").unwrap();
    let e = parse_scene_str(
        "t.pov",
        "sphere { 0, 1 pigment { image_map { png \"bad.png\" } } }",
        &d,
        &ParseOptions::default(),
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::BadFile);
    // An image that fits the pixel cap but not the memory budget stops before decoding.
    let e = parse_scene_str(
        "t.pov",
        "sphere { 0, 1 pigment { image_map { png \"rgba.png\" } } }",
        &d,
        &ParseOptions {
            memory: crate::budget::MemoryBudget::new(1 << 10),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    assert!(e.to_string().contains("budget of 1.0 KiB"), "{e}");
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn povray_include_folder_comes_after_the_scene_and_before_the_built_ins() {
    let d = temp_dir("povray-include");
    let povray = d.join("povray");
    let scene_dir = d.join("scene");
    std::fs::create_dir_all(&povray).unwrap();
    std::fs::create_dir_all(&scene_dir).unwrap();
    // A stand-in for POV-Ray's colors.inc, and a file only it has.
    std::fs::write(povray.join("colors.inc"), "#declare Red = rgb <0.5, 0, 0>;\n").unwrap();
    std::fs::write(povray.join("extra.inc"), "#declare Extra = 7;\n").unwrap();
    let text = "#include \"colors.inc\"\n#include \"extra.inc\"\nsphere { 0, Extra pigment { Red } }\n";
    std::fs::write(scene_dir.join("scene.pov"), text).unwrap();
    let opts = ParseOptions {
        povray_include: vec![povray.clone()],
        confine_to: Some(scene_dir.clone()),
        ..ParseOptions::default()
    };
    let red = |s: &crate::scene::Scene| match &s.objects[0].texture[0].pigment.pattern {
        PigmentPattern::Solid(c) => c.rgb.x,
        other => panic!("{other:?}"),
    };
    // POV-Ray's folder, readable even by a scene confined to its own folder.
    let (s, _) = parse_scene_file(&scene_dir.join("scene.pov"), &opts).unwrap();
    assert_eq!(red(&s), 0.5);
    assert!(matches!(s.objects[0].shape, Shape::Sphere { radius, .. } if radius == 7.0));
    // The scene's own file comes first.
    std::fs::write(scene_dir.join("colors.inc"), "#declare Red = rgb <0.25, 0, 0>;\n").unwrap();
    let (s, _) = parse_scene_file(&scene_dir.join("scene.pov"), &opts).unwrap();
    assert_eq!(red(&s), 0.25);
    std::fs::remove_file(scene_dir.join("colors.inc")).unwrap();
    // Without POV-Ray's folder, spotray's own colors.inc stands in; extra.inc is missing
    // and the error says how to install POV-Ray's files.
    let bare = ParseOptions::default();
    let (s, _) = parse_scene_str(
        "t.pov",
        "#include \"colors.inc\"\nsphere { 0, 1 pigment { Red } }",
        &scene_dir,
        &bare,
    )
    .unwrap();
    assert_eq!(red(&s), 1.0);
    let e = parse_scene_file(&scene_dir.join("scene.pov"), &bare).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::MissingFile);
    assert!(e.to_string().contains("povray-includes"), "{e}");
    std::fs::remove_dir_all(&d).ok();
}
