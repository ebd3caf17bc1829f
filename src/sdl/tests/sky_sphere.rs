//! `sky_sphere`: what is read, in what order, and the errors, as POV-Ray 3.7.0 reads it.

use glam::{DMat4, DVec3};

use super::support::{error, parse, scene};
use crate::scene::{Colour, PigmentPattern, SkySphere};
use crate::sdl::SceneErrorKind;

fn sky(text: &str) -> SkySphere {
    scene(text).sky_sphere.expect("a sky_sphere")
}

fn solid(sky: &SkySphere, i: usize) -> Colour {
    match &sky.pigments[i].pattern {
        PigmentPattern::Solid(c) => *c,
        other => panic!("expected a solid pigment, found {other:?}"),
    }
}

fn close(a: DMat4, b: DMat4) -> bool {
    a.abs_diff_eq(b, 1e-12)
}

#[test]
fn pigments_emission_and_transforms_are_read() {
    let s = sky(
        "sky_sphere { translate x pigment { rgb 1 } scale 2 pigment { rgbt <0, 0.5, 1, 0.25> } \
         emission rgb <2, 1, 0.5> }",
    );
    assert_eq!(s.pigments.len(), 2);
    // In the order written: the last layer is the outermost.
    assert_eq!(solid(&s, 0), Colour::WHITE);
    assert_eq!(solid(&s, 1).transmit, 0.25);
    assert_eq!(s.emission, DVec3::new(2.0, 1.0, 0.5));
    // Transforms apply to the whole sky (every layer), in the order written.
    let want = DMat4::from_scale(DVec3::splat(2.0)) * DMat4::from_translation(DVec3::X);
    assert!(close(s.transform, want), "{:?}", s.transform);
    // With none, no emission scaling and no transform.
    let plain = sky("sky_sphere { pigment { rgb 1 } }");
    assert_eq!(plain.emission, DVec3::ONE);
    assert_eq!(plain.transform, DMat4::IDENTITY);
    // A layer starts black, not from the default texture's pigment.
    let blank = sky("#default { pigment { rgb 1 } }\nsky_sphere { pigment { } }");
    assert_eq!(solid(&blank, 0), Colour::BLACK);
}

#[test]
fn a_declared_sky_is_copied_and_added_to() {
    let s = sky(
        "#declare S = sky_sphere { pigment { rgb 1 } rotate 90*y emission 0.5 }\n\
         sky_sphere { S pigment { rgb 0 } translate z }",
    );
    assert_eq!(s.pigments.len(), 2);
    assert_eq!(solid(&s, 1), Colour::BLACK);
    assert_eq!(s.emission, DVec3::splat(0.5));
    let rotate = crate::sdl::items::transform::rotation_matrix(DVec3::new(0.0, 90.0, 0.0));
    assert!(close(s.transform, DMat4::from_translation(DVec3::Z) * rotate));
    // The declaration itself is unchanged by the copy's additions.
    let again = sky(
        "#declare S = sky_sphere { pigment { rgb 1 } }\nsky_sphere { S pigment { rgb 0 } }\nsky_sphere { S }",
    );
    assert_eq!(again.pigments.len(), 1);
}

#[test]
fn a_sky_declared_from_an_unsupported_one_fails_only_where_used() {
    // As arches.pov does with skies.inc's skies: `#declare New = sky_sphere { S }`.
    let head = "#declare A = sky_sphere { pigment { pavement } }\n\
                #declare B = sky_sphere { A }\n";
    assert!(parse(&format!("{head}sphere {{ 0, 1 }}")).is_ok());
    let e = error(&format!("{head}sky_sphere {{ B }}"));
    assert_eq!(e.kind(), SceneErrorKind::Unsupported, "{e}");
    assert!(e.message().contains("pavement"), "{e}");
}

#[test]
fn the_last_sky_sphere_is_used_with_a_warning() {
    let (s, warnings) =
        parse("sky_sphere { pigment { rgb 1 } }\nsky_sphere { pigment { rgb 0 } pigment { rgb 1 } }")
            .unwrap();
    assert_eq!(s.sky_sphere.unwrap().pigments.len(), 2);
    let w = warnings
        .iter()
        .find(|w| w.message.contains("sky_sphere"))
        .expect("a warning");
    assert_eq!(w.location.as_ref().map(|l| (l.line, l.column)), Some((2, 1)));
}

#[test]
fn the_language_version_decides_how_sky_and_background_compose() {
    for (text, background, sky) in [
        (
            "background { rgb 1 }\nsky_sphere { pigment { rgb 1 } }",
            true,
            true,
        ),
        ("#version 3.6;\nbackground { rgb 1 }", true, true),
        ("#version 3.7;\nbackground { rgb 1 }", false, false),
        // The background goes by the version when it is read, the sky by the last.
        ("background { rgb 1 }\n#version 3.7;", true, false),
        ("#version 3.7;\nbackground { rgb 1 }\n#version 3.6;", false, true),
        // POV-Ray's include files save `version`, set theirs and restore it: that
        // sets 3.7 in a scene that set none.
        (
            "#declare V = version; #version 3.5; #version V;\nbackground { rgb 1 }",
            false,
            false,
        ),
    ] {
        let s = scene(text);
        assert_eq!((s.legacy_background, s.legacy_sky), (background, sky), "{text}");
    }
}

#[test]
fn mistakes_are_reported_where_they_are() {
    for (text, kind, at, message) in [
        (
            "\nsky_sphere { }",
            SceneErrorKind::Semantic,
            (2, 1),
            "empty sky_sphere: it needs at least one pigment",
        ),
        (
            "sky_sphere {\n  emission 2 rotate x\n}",
            SceneErrorKind::Semantic,
            (1, 1),
            "empty sky_sphere: it needs at least one pigment",
        ),
        (
            "sky_sphere { pigment { rgb 1 }\n  finish { ambient 1 } }",
            SceneErrorKind::Syntax,
            (2, 3),
            "expected a sky_sphere item (pigment, emission, a transformation) or `}` to close `sky_sphere`, found `finish`",
        ),
        (
            "#declare P = pigment { rgb 1 }\nsky_sphere { P }",
            SceneErrorKind::Semantic,
            (2, 14),
            "expected a sky_sphere identifier, found pigment identifier `P`",
        ),
        (
            "#declare S = sky_sphere { pigment { rgb 1 } }\nsky_sphere { pigment { rgb 1 } S }",
            SceneErrorKind::Syntax,
            (2, 32),
            "expected a sky_sphere item (pigment, emission, a transformation) or `}` to close `sky_sphere`, found `S`",
        ),
        (
            "sky_sphere pigment { rgb 1 }",
            SceneErrorKind::Syntax,
            (1, 12),
            "expected `{` after `sky_sphere`, found `pigment`",
        ),
        (
            "sky_sphere { pigment { rgb 1 } emission }",
            SceneErrorKind::Syntax,
            (1, 41),
            "expected an expression, found `}`",
        ),
        (
            "#declare S = sky_sphere { pigment { rgb 1 } }\nS",
            SceneErrorKind::Syntax,
            (2, 1),
            "expected a scene item, found sky_sphere identifier `S`",
        ),
    ] {
        let e = error(text);
        let loc = e.location().expect("a location");
        assert_eq!(
            (e.kind(), (loc.line, loc.column)),
            (kind, at),
            "{text}: {e}"
        );
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.to_string().contains(&format!("test.pov:{}:{}", at.0, at.1)), "{e}");
    }
}

#[test]
fn fogs_are_read_with_povray_defaults_and_transforms() {
    let s = crate::sdl::tests::support::scene(
        "fog { distance 10 rgb <1,0,0> } \
         fog { fog_type 2 distance 5 color rgbt <1,1,1,0.5> fog_offset 1 fog_alt 2 turbulence 0.5 octaves 3 rotate z*90 }",
    );
    assert_eq!(s.fogs.len(), 2);
    let constant = &s.fogs[0];
    assert!(!constant.ground && constant.distance == 10.0 && constant.turbulence.is_none());
    assert_eq!(constant.up, glam::DVec3::Y);
    assert_eq!(constant.turb_depth, 0.5);
    let ground = &s.fogs[1];
    assert!(ground.ground && ground.offset == 1.0 && ground.alt == 2.0 && ground.colour.transmit == 0.5);
    let t = ground.turbulence.expect("turbulence");
    assert_eq!((t.amount, t.octaves, t.omega), (glam::DVec3::splat(0.5), 3, 0.5));
    // Rotated about z, up points along -x.
    assert!(
        (ground.up - glam::DVec3::NEG_X).length() < 1e-12,
        "{:?}",
        ground.up
    );
    // A bare number is the distance, with POV-Ray's warning.
    let (s, w) = crate::sdl::tests::support::parse("fog { 7 rgb 1 }").unwrap();
    assert_eq!(s.fogs[0].distance, 7.0);
    assert!(w.iter().any(|w| w.message.contains("distance")));
    assert!(crate::sdl::tests::support::parse("fog { octaves 0 }").is_err());
    assert!(crate::sdl::tests::support::parse("fog { distance 1").is_err());
}
