//! `light_group` against POV-Ray 3.7.0: groups with and without the scene's lights,
//! a declared group placed by `object`, groups as CSG parts, and a group placed by its
//! name inside another (it inherits the outer group's lights). At 64x48 without
//! antialiasing every pixel of both scenes matches POV-Ray's within 1/65535.

use super::povray_probes::assert_matches_povray;

const GROUPS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 2, -7> look_at <0, 0.5, 0> }
light_source { <5, 10, -10> rgb 0.6 }
plane { y, -1 pigment { rgb 1 } }
light_group {
  light_source { <-3, 3, -3> rgb <1, 0.2, 0.2> }
  sphere { <-1.5, 0, 0>, 1 pigment { rgb 1 } }
  translate x * -0.5
}
light_group {
  light_source { <3, 3, -3> rgb <0.2, 0.2, 1> }
  sphere { <1.5, 0, 0>, 1 pigment { rgb 1 } }
  global_lights on
  translate x * 0.5
}
#declare G = light_group {
  light_source { <0, 5, -2> rgb <0.2, 1, 0.2> shadowless }
  box { <-0.5, -1, 2>, <0.5, 0.5, 3> pigment { rgb 1 } }
  global_lights
}
object { G rotate y * 10 }
"#;

const NESTED_AND_CSG: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 1, -5> look_at <0, 0, 0> }
light_source { <0, 10, -10> rgb 0.3 }
difference {
  light_group {
    sphere { 0, 1 pigment { rgb 1 } }
    light_source { <-100, 0, -100> rgb <1, 0, 0> }
  }
  light_group {
    sphere { <0, 1, 0>, 1 pigment { rgb 1 } }
    light_source { <100, 100, 0> rgb <0, 0, 1> }
  }
  rotate <-45, 0, 0>
  translate x * -1.2
}
#declare L1 = light_group {
  light_source { <10, 10, 0>, rgb <1, 0, 0> }
  sphere { 0, 0.8 pigment { rgb 1 } }
}
light_group {
  light_source { <0, 100, 0>, rgb 0.5 }
  light_group { L1 }
  sphere { <0, -0.5, 1>, 0.6 pigment { rgb 1 } }
  light_group { sphere { <0, 1, 0>, 0.3 pigment { rgb 1 } } global_lights on }
  translate x * 1.3
}
"#;

/// The red-lit sphere (its group keeps the scene's light out), the blue-lit one
/// (`global_lights on`), the green-lit box placed by `object`, the floor lit by the
/// scene's light alone, and shadows cast across groups.
#[test]
fn group_lights_light_only_their_objects() {
    assert_matches_povray(
        GROUPS,
        64,
        48,
        &[
            (15, 25),
            (20, 24),
            (44, 24),
            (50, 30),
            (32, 23),
            (35, 22),
            (10, 40),
            (40, 12),
        ],
        &[
            [54248, 32508, 32508],
            [44738, 29009, 29009],
            [47156, 47156, 59103],
            [39506, 39506, 48844],
            [44525, 56864, 44525],
            [44884, 57400, 44884],
            [41328, 41328, 41328],
            [0, 0, 0],
        ],
    );
}

/// A difference of two groups (red where the first shows, blue inside the cut), a group
/// placed by name in another (red and the outer light), and a group without lights
/// whose objects get the outer group's lights and not the scene's.
#[test]
fn nested_groups_and_csg() {
    assert_matches_povray(
        NESTED_AND_CSG,
        64,
        48,
        &[
            (12, 20),
            (16, 26),
            (20, 22),
            (45, 17),
            (48, 22),
            (44, 24),
            (44, 13),
            (2, 2),
        ],
        &[
            [22884, 22884, 55560],
            [22884, 22884, 52477],
            [22884, 22884, 49609],
            [56466, 41843, 41843],
            [44729, 32049, 32049],
            [26722, 26722, 26722],
            [30557, 30557, 30557],
            [0, 0, 0],
        ],
    );
}

/// Every copy of a group with lights is a lighting of its own; past what a leaf can
/// name, the render stops with an error rather than lighting objects wrongly.
#[test]
fn too_many_light_groups_are_refused() {
    let text = "#declare G = light_group { sphere { 0, 1 } light_source { <0, 5, 0> rgb 1 } }\n\
                #for (I, 1, 65535) object { G translate x * I } #end";
    let options = crate::render::options::RenderOptions {
        width: 4,
        height: 4,
        threads: 1,
        ..Default::default()
    };
    let error =
        super::povray_probes::try_render(&crate::sdl::tests::support::scene(text), &options).unwrap_err();
    assert!(
        matches!(error, crate::render::RenderError::TooManyLightGroups),
        "{error}"
    );
    assert!(
        error.to_string().contains("more than 65534 light groups"),
        "{error}"
    );
}
