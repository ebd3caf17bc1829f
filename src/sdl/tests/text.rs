//! `text`: POV-Ray's layout of a string, fonts found with or without `.ttf`, and
//! clear errors for a missing, damaged or oversized font. Uses POV-Ray's fonts
//! (Debian's povray-includes, which the test command installs).

use std::path::Path;

use crate::scene::{Scene, Shape};
use crate::sdl::{parse_scene_str, povray_include_dirs, ParseOptions, SceneError, SceneErrorKind};

/// Parse options that find POV-Ray's fonts, failing loudly when they are not installed.
pub fn with_povray_fonts() -> ParseOptions {
    let include = povray_include_dirs(None);
    assert!(
        include.iter().any(|d| d.join("timrom.ttf").is_file()),
        "POV-Ray's fonts (Debian's povray-includes) are not installed; scripts/test.sh installs them"
    );
    ParseOptions {
        povray_include: include,
        ..ParseOptions::default()
    }
}

fn parse_with_fonts(text: &str, dir: &Path) -> Result<Scene, SceneError> {
    parse_scene_str("text.pov", text, dir, &with_povray_fonts()).map(|(s, _)| s)
}

/// Each glyph's left edge of ink, right edge, and its offset.
fn glyphs(scene: &Scene) -> Vec<(f64, f64, f64)> {
    let Shape::Csg { children, .. } = &scene.objects[0].shape else {
        panic!("text is a union");
    };
    children
        .iter()
        .map(|c| match &c.shape {
            Shape::Glyph(g) => (
                g.outline.min.x + g.offset.x,
                g.outline.max.x + g.offset.x,
                g.offset.y,
            ),
            other => panic!("expected a glyph, found {other:?}"),
        })
        .collect()
}

#[test]
fn a_string_is_laid_out_as_povray_lays_it_out() {
    let s = parse_with_fonts(r#"text { ttf "timrom.ttf" "AV a" 1, 0 }"#, Path::new(".")).unwrap();
    let g = glyphs(&s);
    assert_eq!(g.len(), 4, "a glyph for each character, the space included");
    // The first glyph's ink starts at the origin.
    assert!(g[0].0.abs() < 1e-12, "{g:?}");
    // timrom kerns "AV" by -0.135 em: the V starts left of the A's right edge.
    assert!(g[1].0 < g[0].1, "{g:?}");
    // An offset moves each later glyph by one more step.
    let o = parse_with_fonts(
        r#"text { ttf "timrom", "AV a", 1, <0.1, 0.2, 0> }"#,
        Path::new("."),
    )
    .unwrap();
    let h = glyphs(&o);
    for (i, (plain, offset)) in g.iter().zip(&h).enumerate() {
        assert!(
            (offset.0 - plain.0 - 0.1 * i as f64).abs() < 1e-12,
            "{i}: {g:?} {h:?}"
        );
        assert!((offset.2 - 0.2 * i as f64).abs() < 1e-12);
    }
}

#[test]
fn font_errors_say_which_font_and_why() {
    let missing = parse_with_fonts(r#"text { ttf "nosuch.ttf" "A" 1, 0 }"#, Path::new(".")).unwrap_err();
    assert_eq!(missing.kind(), SceneErrorKind::MissingFile);
    assert!(
        missing.message().contains("cannot find font file `nosuch.ttf`"),
        "{missing}"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("junk.ttf"), b"not a font at all").unwrap();
    let junk = parse_with_fonts(r#"text { ttf "junk.ttf" "A" 1, 0 }"#, dir.path()).unwrap_err();
    assert_eq!(junk.kind(), SceneErrorKind::BadFile);
    assert!(junk.message().contains("not a TrueType font"), "{junk}");

    // A real font cut short.
    let whole = std::fs::read(
        povray_include_dirs(None)
            .iter()
            .map(|d| d.join("timrom.ttf"))
            .find(|p| p.is_file())
            .unwrap(),
    )
    .unwrap();
    std::fs::write(dir.path().join("cut.ttf"), &whole[..3000]).unwrap();
    let cut = parse_with_fonts(r#"text { ttf "cut.ttf" "AVWay" 1, 0 }"#, dir.path()).unwrap_err();
    assert_eq!(cut.kind(), SceneErrorKind::BadFile, "{cut}");

    let no_ttf = parse_with_fonts(r#"text { "timrom.ttf" "A" 1, 0 }"#, Path::new(".")).unwrap_err();
    assert!(no_ttf.message().contains("`ttf`"), "{no_ttf}");
    let huge = parse_with_fonts(r#"text { ttf "timrom.ttf" "A" 1e400, 0 }"#, Path::new("."));
    assert!(huge.is_err());
}

#[test]
fn an_empty_string_is_an_empty_union_and_long_strings_count_as_objects() {
    let s = parse_with_fonts(r#"text { ttf "timrom.ttf" "" 1, 0 }"#, Path::new(".")).unwrap();
    // An empty union adds nothing to the scene.
    assert!(s.objects.is_empty() || glyphs(&s).is_empty());
    let options = ParseOptions {
        povray_include: povray_include_dirs(None),
        limits: crate::sdl::Limits {
            max_objects: 100,
            ..Default::default()
        },
        ..ParseOptions::default()
    };
    let long = format!(r#"text {{ ttf "timrom.ttf" "{}" 1, 0 }}"#, "x".repeat(500));
    let e = parse_scene_str("t.pov", &long, Path::new("."), &options).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
}
