//! Textures, pigments, finishes, normals, interiors, `#default` and inheritance.

use glam::DVec3;

use super::support::{error, parse, scene};
use crate::scene::pattern::PatternKind;
use crate::scene::{Colour, NormalMap, PigmentMap, PigmentPattern, Shape};

#[test]
fn solid_pigments_and_identifiers() {
    let s = scene(
        "#include \"colors.inc\"\n\
         #declare P = pigment { Red }\n\
         sphere { 0, 1 pigment { color rgb <0, 0, 1> } }\n\
         sphere { 0, 1 pigment { P } }\n\
         sphere { 0, 1 pigment { Gray50 } }\n\
         sphere { 0, 1 pigment { rgbt <1, 1, 1, 0.5> } }",
    );
    let p: Vec<_> = s
        .objects
        .iter()
        .map(|o| o.texture[0].pigment.pattern.clone())
        .collect();
    assert_eq!(p[0], PigmentPattern::Solid(Colour::rgb(0.0, 0.0, 1.0)));
    assert_eq!(p[1], PigmentPattern::Solid(Colour::rgb(1.0, 0.0, 0.0)));
    assert_eq!(p[2], PigmentPattern::Solid(Colour::rgb(0.5, 0.5, 0.5)));
    let mut c = Colour::WHITE;
    c.transmit = 0.5;
    assert_eq!(p[3], PigmentPattern::Solid(c));
}

#[test]
fn checker_and_patterns_with_colour_maps() {
    let s = scene(
        "sphere { 0, 1 pigment { checker rgb 1, rgb 0 scale 0.5 } }\n\
         sphere { 0, 1 pigment { checker pigment { rgb x } pigment { rgb y } } }\n\
         sphere { 0, 1 pigment { gradient y color_map { [0 rgb 0] [0.5, rgb x] [1 color rgb 1] } } }\n\
         #declare CM = color_map { [0 rgb 1] [1 rgb 0] }\n\
         sphere { 0, 1 pigment { marble color_map { CM } turbulence 0.5 } }",
    );
    let colours = |i: usize| match &s.objects[i].texture[0].pigment.pattern {
        PigmentPattern::Mapped {
            pattern,
            map: Some(PigmentMap::Colours(map)),
        } => ((**pattern).clone(), map.clone()),
        other => panic!("object {i}: {other:?}"),
    };
    let (checker, map) = colours(0);
    assert_eq!(checker.kind, PatternKind::Checker);
    assert_eq!(map, vec![(0.0, Colour::WHITE), (1.0, Colour::BLACK)]);
    // The scale went into the pattern.
    assert!(!checker.warps.is_empty());
    assert!(s.objects[0].texture[0].pigment.transform.is_none());
    let (gradient, map) = colours(2);
    assert_eq!(gradient.kind, PatternKind::Gradient(DVec3::Y));
    assert_eq!(map.len(), 3);
    assert_eq!(map[1], (0.5, Colour::rgb(1.0, 0.0, 0.0)));
    let (marble, map) = colours(3);
    assert_eq!(marble.kind, PatternKind::Marble);
    assert_eq!(map[0].1, Colour::WHITE);
    // Plain pigments as entries are held as colours, at values 0 and 1.
    let (_, map) = colours(1);
    assert_eq!(
        map,
        vec![
            (0.0, Colour::rgb(1.0, 0.0, 0.0)),
            (1.0, Colour::rgb(0.0, 1.0, 0.0))
        ]
    );
}

#[test]
fn list_patterns_pigment_maps_average_and_default_maps() {
    let s = scene(
        "sphere { 0, 1 pigment { hexagon rgb 1 } }\n\
         sphere { 0, 1 pigment { brick } }\n\
         sphere { 0, 1 pigment { square rgb x, rgb y rgb z pigment { bozo } } }\n\
         #declare PM = pigment_map { [0 rgb 1] [0.5 gradient x scale 0.2] [1, rgb x] }\n\
         sphere { 0, 1 pigment { radial pigment_map { PM } } }\n\
         sphere { 0, 1 pigment { average pigment_map { [1 rgb x] [3 bozo] } } }\n\
         sphere { 0, 1 pigment { wood } }",
    );
    let pattern = |i: usize| match &s.objects[i].texture[0].pigment.pattern {
        PigmentPattern::Mapped { pattern, map } => ((**pattern).clone(), map.clone()),
        other => panic!("object {i}: {other:?}"),
    };
    // Entries not given are the pattern's own defaults: hexagon blue, green, red.
    let (hexagon, map) = pattern(0);
    assert_eq!(hexagon.kind, PatternKind::Hexagon);
    assert_eq!(
        map,
        Some(PigmentMap::Colours(vec![
            (0.0, Colour::WHITE),
            (1.0, Colour::rgb(0.0, 1.0, 0.0)),
            (2.0, Colour::rgb(1.0, 0.0, 0.0)),
        ]))
    );
    assert_eq!(
        pattern(1).1,
        Some(PigmentMap::Colours(vec![
            (0.0, Colour::rgb(0.5, 0.5, 0.5)),
            (1.0, Colour::rgb(0.6, 0.15, 0.15)),
        ]))
    );
    let Some(PigmentMap::Pigments(square)) = pattern(2).1 else {
        panic!()
    };
    assert_eq!(square.len(), 4);
    assert!(matches!(square[3].1.pattern, PigmentPattern::Mapped { .. }));
    let Some(PigmentMap::Pigments(radial)) = pattern(3).1 else {
        panic!()
    };
    assert_eq!(
        radial.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![0.0, 0.5, 1.0]
    );
    assert_eq!(
        radial[2].1.pattern,
        PigmentPattern::Solid(Colour::rgb(1.0, 0.0, 0.0))
    );
    let (average, map) = pattern(4);
    assert_eq!(average.kind, PatternKind::Average);
    assert!(matches!(map, Some(PigmentMap::Pigments(e)) if e[1].0 == 3.0));
    // No map given: the renderer takes the pattern's default (wood's is brown).
    assert_eq!(pattern(5).1, None);
    for (bad, message) in [
        (
            "gradient x pigment_map { }",
            "a pigment map needs at least one entry",
        ),
        ("gradient x pigment_map { [0 rgb 1 }", "`]`"),
        (
            "gradient x pigment_map { 0 rgb 1 }",
            "`[` to start a pigment map entry",
        ),
    ] {
        let e = error(&format!("sphere {{ 0, 1 pigment {{ {bad} }} }}"));
        assert!(e.to_string().contains(message), "{bad}: {e}");
    }
}

#[test]
fn finishes() {
    let s = scene(
        "#include \"finish.inc\"\n\
         sphere { 0, 1 finish { ambient 0.2 diffuse 0.7 specular 0.3 roughness 0.01 phong 1 phong_size 20 brilliance 2 metallic } }\n\
         sphere { 0, 1 finish { Shiny ambient 0 } }\n\
         sphere { 0, 1 finish { reflection { 0.1, 0.9 fresnel falloff 2 metallic 0.5 } conserve_energy emission rgb <1, 0, 0> } }\n\
         sphere { 0, 1 finish { reflection rgb <0.1, 0.2, 0.3> ambient rgb <0.1, 0.2, 0.3> } }",
    );
    let f = &s.objects[0].texture[0].finish;
    assert_eq!(f.ambient, DVec3::splat(0.2));
    assert_eq!(
        (
            f.diffuse,
            f.specular,
            f.roughness,
            f.phong,
            f.phong_size,
            f.brilliance,
            f.metallic
        ),
        (0.7, 0.3, 0.01, 1.0, 20.0, 2.0, 1.0)
    );
    let f = &s.objects[1].texture[0].finish;
    assert_eq!((f.specular, f.roughness, f.ambient), (1.0, 0.001, DVec3::ZERO));
    let f = &s.objects[2].texture[0].finish;
    assert_eq!(
        (f.reflection_min, f.reflection_max),
        (DVec3::splat(0.1), DVec3::splat(0.9))
    );
    assert!(f.reflection_fresnel && f.conserve_energy);
    assert_eq!((f.reflection_falloff, f.reflection_metallic), (2.0, 0.5));
    assert_eq!(f.emission, DVec3::X);
    let f = &s.objects[3].texture[0].finish;
    assert_eq!(f.reflection_max, DVec3::new(0.1, 0.2, 0.3));
    assert_eq!(f.ambient, DVec3::new(0.1, 0.2, 0.3));
}

#[test]
fn normals_and_interiors() {
    let s = scene(
        "sphere { 0, 1 normal { bumps 0.4 scale 0.1 } interior { ior 1.5 fade_distance 2 fade_power 1 caustics 0.5 } }\n\
         sphere { 0, 1 normal { dents } }",
    );
    let n = s.objects[0].texture[0].normal.as_ref().unwrap();
    assert_eq!((n.pattern.kind.clone(), n.amount), (PatternKind::Bumps, 0.4));
    assert!(!n.pattern.warps.is_empty());
    let i = s.objects[0].interior.as_ref().unwrap();
    assert_eq!(
        (i.ior, i.fade_distance, i.fade_power, i.caustics),
        (1.5, 2.0, 1.0, 0.5)
    );
    assert_eq!(s.objects[1].texture[0].normal.as_ref().unwrap().amount, 0.5);
    let (_, w) = parse("sphere { 0, 1 normal { facets 0.2 } }").unwrap();
    assert!(w[0].message.contains("facets"));
}

#[test]
fn layered_textures_and_object_level_items() {
    let s = scene(
        "sphere { 0, 1 texture { pigment { rgb 1 } } texture { pigment { rgbt <1, 0, 0, 0.5> } } finish { phong 1 } }",
    );
    let t = &s.objects[0].texture;
    assert_eq!(t.len(), 2);
    assert_eq!(t[0].pigment.pattern, PigmentPattern::Solid(Colour::WHITE));
    // A finish given on the object modifies the top layer only.
    assert_eq!(t[1].finish.phong, 1.0);
    assert_eq!(t[0].finish.phong, 0.0);
    // Object-level pigment/finish on an untextured object start from the default.
    let s = scene("#default { finish { ambient 0.3 } }\nsphere { 0, 1 pigment { rgb x } }");
    assert_eq!(s.objects[0].texture[0].finish.ambient, DVec3::splat(0.3));
}

#[test]
fn defaults_apply_to_textures_created_later_and_to_bare_objects() {
    let s = scene(
        "#declare Early = texture { pigment { rgb 1 } }\n\
         #declare EarlyFinish = finish { phong 1 }\n\
         #default { finish { ambient 0 diffuse 0.8 } pigment { rgb y } }\n\
         sphere { 0, 1 texture { Early } }\n\
         sphere { 0, 1 texture { pigment { rgb 1 } } }\n\
         sphere { 0, 1 }\n\
         sphere { 0, 1 finish { EarlyFinish } }",
    );
    // Declared before #default: keeps the old default finish.
    assert_eq!(s.objects[0].texture[0].finish.ambient, DVec3::splat(0.1));
    // Created after: the new default finish.
    assert_eq!(s.objects[1].texture[0].finish.ambient, DVec3::ZERO);
    assert_eq!(s.objects[1].texture[0].finish.diffuse, 0.8);
    // No texture at all: the default texture, pigment included.
    assert_eq!(
        s.objects[2].texture[0].pigment.pattern,
        PigmentPattern::Solid(Colour::rgb(0.0, 1.0, 0.0))
    );
    assert_eq!(s.objects[3].texture[0].finish.ambient, DVec3::splat(0.1));
    assert_eq!(s.objects[3].texture[0].finish.phong, 1.0);
}

#[test]
fn csg_texture_inheritance() {
    let s = scene(
        "union { sphere { 0, 1 } sphere { x, 1 pigment { rgb x } } pigment { rgb y } }\n\
         union { sphere { 0, 1 } sphere { x, 1 pigment { rgb x } } }\n\
         difference { box { -1, 1 pigment { rgb z } } sphere { 0, 1.2 } cutaway_textures }",
    );
    // A textured CSG: untextured children inherit at render time (empty).
    let Shape::Csg { children, .. } = &s.objects[0].shape else {
        panic!()
    };
    assert_eq!(s.objects[0].texture.len(), 1);
    assert!(children[0].texture.is_empty());
    assert_eq!(children[1].texture.len(), 1);
    // An untextured CSG: untextured children get the default texture.
    let Shape::Csg { children, .. } = &s.objects[1].shape else {
        panic!()
    };
    assert!(s.objects[1].texture.is_empty());
    assert_eq!(children[0].texture.len(), 1);
    // cutaway_textures: the cutter stays untextured.
    let Shape::Csg { children, .. } = &s.objects[2].shape else {
        panic!()
    };
    assert!(children[1].texture.is_empty());
}

#[test]
fn materials() {
    let s = scene(
        "#declare M = material { texture { pigment { rgb x } } interior { ior 1.3 } }\n\
         sphere { 0, 1 material { M } }",
    );
    assert_eq!(
        s.objects[0].texture[0].pigment.pattern,
        PigmentPattern::Solid(Colour::rgb(1.0, 0.0, 0.0))
    );
    assert_eq!(s.objects[0].interior.as_ref().unwrap().ior, 1.3);
}

#[test]
fn texture_errors() {
    assert!(error("sphere { 0, 1 pigment { tiling 13 } }")
        .message()
        .contains("`tiling 13`"));
    assert!(error("sphere { 0, 1 finish { roughness 0 } }")
        .message()
        .contains("roughness"));
    assert!(error("sphere { 0, 1 texture { pigment { rgb 1 } bogus } }")
        .message()
        .contains("found `bogus`"));
    assert!(error("sphere { 0, 1 pigment { image_map { tiff \"a.tif\" } } }")
        .message()
        .contains("tiff"));
    assert_eq!(
        error("sphere { 0, 1 pigment { image_map { png \"missing.png\" } } }").kind(),
        crate::sdl::SceneErrorKind::MissingFile
    );
}

#[test]
fn equal_finishes_and_declared_interiors_are_held_once() {
    let s = scene(
        "#declare I = material { interior { ior 1.5 } }\n\
         #declare K = 0;\n\
         #while (K < 3)\n\
           sphere { K * x, 1 finish { phong 0.5 } material { I } }\n\
           #declare K = K + 1;\n\
         #end\n\
         sphere { 0, 1 texture { finish { phong 0.25 } } }",
    );
    let finish = |i: usize| s.objects[i].texture[0].finish.clone();
    assert!(std::sync::Arc::ptr_eq(&finish(0), &finish(2)));
    assert!(!std::sync::Arc::ptr_eq(&finish(0), &finish(3)));
    assert_eq!(finish(3).phong, 0.25);
    let interior = |i: usize| s.objects[i].interior.clone().expect("an interior");
    assert!(std::sync::Arc::ptr_eq(&interior(0), &interior(2)));
    assert_eq!(interior(1).ior, 1.5);
}

#[test]
fn unmodelled_normal_patterns_are_read_whole_and_named() {
    // The forms of POV-Ray's sample scenes (textures/patterns/*.pov, normals/normmap.pov):
    // each parses, the normal is dropped with a warning naming the pattern, and the rest
    // of the scene is read as written.
    let cases = [("facets 0.5 size 0.2", "facets")];
    for (body, pattern) in cases {
        let (s, warnings) = parse(&format!(
            "sphere {{ 0, 1 normal {{ {body} }} }}\nsphere {{ 0, 2 }}"
        ))
        .unwrap_or_else(|e| panic!("{body}:\n{e}"));
        assert_eq!(s.objects.len(), 2, "{body}");
        assert!(s.objects[0].texture[0].normal.is_none(), "{body}");
        assert!(
            warnings
                .iter()
                .any(|w| w.message.contains(&format!("`{pattern}` is not supported"))),
            "{body}: {warnings:?}"
        );
    }
    let e = error("sphere { 0, 1 normal { magnet 1 bozo 50 } }");
    assert!(e.to_string().contains("`mandel` or `julia`"), "{e}");
}

#[test]
fn normals_take_any_pattern_with_its_amount_maps_and_modifiers() {
    let s = scene(
        "sphere { 0, 1 normal { spiral1 5, 1.6 } }\n\
         sphere { 0, 1 normal { quilted 0.5 control0 0 control1 0 scale 0.2 } }\n\
         sphere { 0, 1 normal { checker normal { marble turbulence 0.5 } normal { radial sine_wave frequency 10 } } }\n\
         sphere { 0, 1 normal { crackle 0.5 form <1, -1, 0> metric 2 offset 0.1 solid accuracy 0.01 no_bump_scale } }\n\
         sphere { 0, 1 normal { gradient x 2 slope_map { [0 <0, 1>] [1, <1, 0>] } } }\n\
         sphere { 0, 1 normal { average normal_map { [1 bumps 0.3] [2 dents scale 2] } bump_size 0.7 } }",
    );
    let normals: Vec<_> = s
        .objects
        .iter()
        .map(|o| o.texture[0].normal.clone().expect("a normal"))
        .collect();
    assert_eq!(
        (normals[0].pattern.kind.clone(), normals[0].amount),
        (PatternKind::Spiral1 { arms: 5 }, 1.6)
    );
    assert!(matches!(normals[1].pattern.kind, PatternKind::Quilted { control0, .. } if control0 == 0.0));
    assert_eq!(normals[1].amount, 0.5);
    match &normals[2].map {
        NormalMap::Normals(entries) => {
            assert_eq!(entries.len(), 2);
            assert_eq!(entries[1].1.pattern.kind, PatternKind::Radial);
        }
        other => panic!("checker normals: {other:?}"),
    }
    assert_eq!((normals[3].accuracy, normals[3].scale_bumps), (0.01, false));
    assert_eq!(
        normals[4].map,
        NormalMap::Slopes(vec![(0.0, 0.0, 1.0), (1.0, 1.0, 0.0)])
    );
    assert_eq!(normals[4].amount, 2.0);
    match &normals[5].map {
        NormalMap::Normals(entries) => {
            assert_eq!(entries.iter().map(|e| e.0).collect::<Vec<_>>(), vec![1.0, 2.0]);
            assert_eq!(entries[0].1.amount, 0.3);
            assert_eq!(entries[1].1.pattern.kind, PatternKind::Dents);
        }
        other => panic!("average: {other:?}"),
    }
    assert_eq!(normals[5].amount, 0.7);
    for (bad, message) in [
        ("slope_map { }", "a slope map needs at least one entry"),
        ("slope_map { [0 <1, 2> }", "to close the slope map entry"),
        ("normal_map { }", "a normal map needs at least one entry"),
        ("accuracy 0", "`accuracy` must be above 0"),
    ] {
        let e = error(&format!("sphere {{ 0, 1 normal {{ gradient x {bad} }} }}"));
        assert!(e.to_string().contains(message), "{bad}: {e}");
    }
}

#[test]
fn patterned_textures_and_texture_maps() {
    let s = scene(
        "#declare A = texture { pigment { rgb x } }\n\
         #declare B = texture { pigment { rgb y } finish { phong 1 } }\n\
         sphere { 0, 1 texture { checker texture { A } texture { B } scale 2 } }\n\
         sphere { 0, 1 texture { gradient y texture_map { [0 A] [0.5, pigment { rgb z }] [1 B] } turbulence 0.2 } }\n\
         sphere { 0, 1 texture { brick texture { A } } }\n\
         sphere { 0, 1 texture { average texture_map { [A] [2 B] } } }",
    );
    let map = |i: usize| s.objects[i].texture[0].map.clone().expect("a texture map");
    let checker = map(0);
    assert_eq!(checker.pattern.kind, PatternKind::Checker);
    assert_eq!(checker.entries.len(), 2);
    assert!(!checker.pattern.warps.is_empty(), "the scale went to the pattern");
    let gradient = map(1);
    assert_eq!(
        gradient.entries.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![0.0, 0.5, 1.0]
    );
    assert_eq!(
        gradient.entries[1].1[0].pigment.pattern,
        PigmentPattern::Solid(Colour::rgb(0.0, 0.0, 1.0))
    );
    assert!(gradient.pattern.turbulence.is_some());
    // A list pattern's missing entries are the default texture.
    assert_eq!(map(2).entries.len(), 2);
    let average = map(3);
    assert_eq!(
        average.entries.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![1.0, 2.0]
    );
    for (bad, message) in [
        (
            "texture { texture_map { [0 pigment { rgb 1 }] } }",
            "needs a pattern before it",
        ),
        (
            "texture { gradient x texture_map { } }",
            "a texture map needs at least one entry",
        ),
        (
            "texture { checker pigment { rgb 1 } }",
            "takes its `pigment` from its entries",
        ),
        (
            "texture { gradient x texture_map { [0 pigment { rgb 1 } } }",
            "`]` to close the texture map entry",
        ),
    ] {
        let e = error(&format!("sphere {{ 0, 1 {bad} }}"));
        assert!(e.to_string().contains(message), "{bad}: {e}");
    }
}

#[test]
fn slope_settings_are_kept_as_povray_keeps_them() {
    use crate::scene::pattern::PatternKind;
    let s = crate::sdl::tests::support::scene(
        "sphere { 0, 1 pigment { slope { <0, 3, 0>, 0.2, 0.7 altitude <4, 0, 0>, -1, 1 } } }\n\
         sphere { 0, 1 pigment { slope x } }",
    );
    let kinds: Vec<_> = s
        .objects
        .iter()
        .map(|o| match &o.texture[0].pigment.pattern {
            crate::scene::PigmentPattern::Mapped { pattern, .. } => pattern.kind.clone(),
            other => panic!("patterned pigment expected, found {other:?}"),
        })
        .collect();
    let PatternKind::Slope(a) = &kinds[0] else {
        panic!("{:?}", kinds[0])
    };
    assert_eq!(a.direction, glam::DVec3::Y);
    assert!((a.slope_weight - 3.0 / 7.0).abs() < 1e-12 && (a.altitude_weight - 4.0 / 7.0).abs() < 1e-12);
    assert!((a.slope_range.0 - 0.2).abs() < 1e-12 && (a.slope_range.1 - 0.5).abs() < 1e-12);
    assert_eq!(a.altitude_range, (-1.0, 2.0));
    let PatternKind::Slope(b) = &kinds[1] else {
        panic!("{:?}", kinds[1])
    };
    assert_eq!(
        (b.direction, b.slope_weight, b.altitude_weight),
        (glam::DVec3::X, 1.0, 0.0)
    );
}

#[test]
fn bad_slopes_are_refused_where_they_are_written() {
    let e = crate::sdl::tests::support::error("sphere { 0, 1 pigment { slope <0, 0, 0> } }");
    assert!(e.to_string().contains("zero length for both"), "{e}");
    assert_eq!(e.location().map(|l| l.column), Some(25), "{e}");
    let e = crate::sdl::tests::support::error(
        "sphere { 0, 1 pigment { slope { point_at <1, 2, 3> altitude y } } }",
    );
    assert!(
        e.to_string()
            .contains("`altitude` cannot be used with `point_at`"),
        "{e}"
    );
    let (_, warnings) =
        crate::sdl::tests::support::parse("sphere { 0, 1 pigment { slope { y, 0.5, 0.5 } } }")
            .expect("parses");
    assert!(
        warnings
            .iter()
            .any(|w| w.to_string().contains("zero slope range")),
        "{warnings:?}"
    );
}

#[test]
fn tiles_is_a_checker_texture_with_its_tiles_swapped() {
    let s = scene(
        "plane { y, 0 texture { tiles { texture { pigment { rgb x } } texture { pigment { rgbt <0,0,1,0.5> } }\n\
         tile2 texture { pigment { rgb y } } } scale 2 } }",
    );
    let map = s.objects[0].texture[0].map.as_ref().expect("a patterned texture");
    assert_eq!(map.pattern.kind, PatternKind::Checker);
    assert_eq!(map.entries.len(), 2);
    // tile2 is the checker's first square; the first tile's two textures are layered.
    assert_eq!((map.entries[0].0, map.entries[0].1.len()), (0.0, 1));
    assert_eq!((map.entries[1].0, map.entries[1].1.len()), (1.0, 2));
    assert!(!map.pattern.warps.is_empty(), "the scale reaches the checker");
}

#[test]
fn tiles_errors_say_what_is_missing_and_where() {
    let e = error("plane { y, 0 texture { tiles { tile2 texture { pigment { rgb y } } } } }");
    assert!(e.message().contains("first tile"), "{e}");
    assert_eq!(e.location().map(|l| l.line), Some(1), "{e}");
    let e = error("plane { y, 0 texture { tiles { texture { pigment { rgb y } } } } }");
    assert!(e.message().contains("`tile2`"), "{e}");
    let e = error("plane { y, 0 texture { checker tiles { texture { } tile2 } } }");
    assert!(e.message().contains("`tiles` starts a texture of its own"), "{e}");
}

#[test]
fn object_patterns_take_an_object_then_their_list() {
    let s = scene(
        "#declare B = box { -1, 1 }\n\
         plane { y, 0 pigment { object { B rgb x, rgb y } } }\n\
         plane { y, 0 texture { object { sphere { 0, 1 } texture { pigment { rgb 1 } } texture { pigment { rgb z } } } } }\n\
         plane { y, 0 pigment { object { B } } }",
    );
    match &s.objects[0].texture[0].pigment.pattern {
        PigmentPattern::Mapped { pattern, map } => {
            assert!(matches!(pattern.kind, PatternKind::Object(_)));
            match map {
                Some(PigmentMap::Colours(c)) => {
                    assert_eq!(c.len(), 2);
                    assert_eq!(
                        (c[0].1.rgb, c[1].1.rgb),
                        (DVec3::X, DVec3::Y),
                        "outside, then inside"
                    );
                }
                other => panic!("two colours: {other:?}"),
            }
        }
        other => panic!("an object pattern: {other:?}"),
    }
    let map = s.objects[1].texture[0].map.as_ref().expect("a patterned texture");
    assert!(matches!(map.pattern.kind, PatternKind::Object(_)));
    assert_eq!(map.entries.len(), 2);
    let e = error("plane { y, 0 pigment { object { 42 rgb x } } }");
    assert!(
        e.message().contains("an object inside the `object` pattern"),
        "{e}"
    );
    let e = error("plane { y, 0 pigment { object { sphere { 0, 1 } rgb x, rgb y rgb z } } }");
    assert!(e.message().contains("to close the `object` pattern"), "{e}");
    let e = error("plane { y, 0 pigment { object { light_source { 0, 1 } rgb x } } }");
    assert!(e.message().contains("light source"), "{e}");
}
