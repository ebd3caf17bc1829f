//! `bicubic_patch`: its parameters in any order, optional commas, POV-Ray's old bare
//! numbers and retired types, and clear errors for hostile patches.

use std::path::Path;

use glam::DVec3;

use super::support::{error, parse, scene};
use crate::budget::MemoryBudget;
use crate::scene::Shape;
use crate::sdl::{parse_scene_str, ParseOptions, SceneErrorKind};

const POINTS: &str = "<0,0,2>, <1,0,0>, <2,0,0>, <3,0,-2>, <0,1,0>, <1,1,0>, <2,1,0>, <3,1,0>, \
                      <0,2,0>, <1,2,0>, <2,2,0>, <3,2,0>, <0,3,2>, <1,3,0>, <2,3,0>, <3,3,-2>";

fn patch(params: &str, points: &str) -> String {
    format!("bicubic_patch {{ {params} {points} }}")
}

#[test]
fn a_patch_reads_its_parameters_and_points() {
    let s = scene(&patch(
        "v_steps 2 flatness 0.1 type 1 accuracy 0.5 u_steps 3.9,",
        POINTS,
    ));
    let Shape::BicubicPatch(p) = &s.objects[0].shape else {
        panic!("{:?}", s.objects[0].shape);
    };
    assert!(p.precomputed);
    assert_eq!((p.u_steps, p.v_steps, p.flatness), (3, 2, 0.1));
    assert_eq!(p.points[0][0], DVec3::new(0.0, 0.0, 2.0));
    assert_eq!(p.points[1][0], DVec3::new(0.0, 1.0, 0.0));
    assert_eq!(p.points[3][3], DVec3::new(3.0, 3.0, -2.0));
    // Commas between points are optional, uv_vectors read (not yet used), modifiers follow.
    let text = format!(
        "bicubic_patch {{ type 0 uv_vectors <0,0> <1,0>, <1,1> <0,1> {} pigment {{ rgb 1 }} translate x }}",
        points_without_commas()
    );
    let s = scene(&text);
    let Shape::BicubicPatch(p) = &s.objects[0].shape else {
        panic!();
    };
    assert!(!p.precomputed);
    assert_eq!((p.u_steps, p.v_steps, p.flatness), (0, 0, 0.0));
    assert_eq!(p.points[2][1], DVec3::new(1.0, 2.0, 0.0));
}

fn points_without_commas() -> String {
    POINTS.split(", ").collect::<Vec<_>>().join(" ")
}

#[test]
fn old_bare_numbers_and_retired_types_read_as_povray_reads_them() {
    let (s, warnings) = parse(&patch("1 3 4", POINTS)).unwrap();
    let Shape::BicubicPatch(p) = &s.objects[0].shape else {
        panic!();
    };
    assert!(p.precomputed && p.u_steps == 3 && p.v_steps == 4);
    assert!(
        warnings.iter().any(|w| w.message.contains("keywords")),
        "{warnings:?}"
    );
    let (s, warnings) = parse(&patch("type 3 u_steps -2", POINTS)).unwrap();
    let Shape::BicubicPatch(p) = &s.objects[0].shape else {
        panic!();
    };
    assert!(p.precomputed && p.u_steps == 0);
    assert!(
        warnings.iter().any(|w| w.message.contains("using type 1")),
        "{warnings:?}"
    );
}

#[test]
fn hostile_patches_are_errors_with_a_location() {
    let fifteen = POINTS.rsplit_once(", ").unwrap().0;
    let cases = [
        (patch("", POINTS), "needs a type"),
        (patch("u_steps 3", POINTS), "needs a type"),
        (patch("type -1", POINTS), "must be 0 or 1"),
        (
            patch("type 1 flatness -0.1", POINTS),
            "flatness must be 0 or more",
        ),
        (patch("type 1 u_steps 1e300*1e300", POINTS), "finite"),
        (patch("type 1", fifteen), "needs 16 control points, found 15"),
        (patch("type 1", ""), "found 0"),
        (patch("type 1", &format!("{POINTS}, <1,2,3>")), "found more"),
        (patch("type 1", &format!("{POINTS} <1,2,3>")), "found more"),
        (
            patch("type 1", &POINTS.replacen("<1,0,0>", "<1e300*1e300,0,0>", 1)),
            "finite",
        ),
        (patch("type 0 u_steps 30 v_steps 30", POINTS), "limit"),
        (patch("type 1 u_steps 1e9", POINTS), "limit"),
    ];
    for (text, message) in cases {
        let e = error(&text);
        assert!(e.message().contains(message), "{text}: {e}");
        let at = e.location().unwrap_or_else(|| panic!("{text}: {e}"));
        assert_eq!(at.line, 1, "{text}: {e}");
    }
}

#[test]
fn a_type_1_patch_too_fine_for_the_memory_budget_is_refused() {
    let opts = ParseOptions {
        memory: MemoryBudget::new(512 << 20),
        limits: crate::sdl::Limits {
            max_objects: 1 << 24,
            ..Default::default()
        },
        ..ParseOptions::default()
    };
    let text = patch("type 1 u_steps 11 v_steps 11", POINTS);
    let e = parse_scene_str("t.pov", &text, Path::new("."), &opts).unwrap_err();
    assert_eq!(e.kind(), SceneErrorKind::Limit);
    assert!(e.message().contains("pieces need"), "{e}");
    assert!(e.location().is_some());
    // Cut for every ray instead, it holds nothing.
    let text = patch("type 0 u_steps 11 v_steps 11", POINTS);
    assert!(parse_scene_str("t.pov", &text, Path::new("."), &opts).is_ok());
}
