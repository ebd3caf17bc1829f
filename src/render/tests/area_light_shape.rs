//! Area lights `circular` and `orient` against POV-Ray 3.7.0: a 5x5 light drawn in
//! onto circles and turned to face each point it lights. Every pixel of this scene
//! is within 1/65535 of POV-Ray's; the flat square grid left 437 of them off, by up
//! to 11217/65535 (the probes are among them: penumbras, and shadow the square light
//! would have reached into).

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 5, -6> look_at <0, 0.5, 0> angle 40 }
light_source { <3, 6, -2> rgb 1 area_light x * 3, z * 3, 5, 5 adaptive 3 circular orient }
plane { y, 0 pigment { rgb 0.8 } finish { ambient 0 diffuse 0.8 } }
sphere { <0, 1, 0>, 1 pigment { rgb <0.9, 0.4, 0.2> } finish { ambient 0 diffuse 0.7 } }
box { <-2.5, 0, 1>, <-1.5, 2.5, 1.4> pigment { rgb <0.3, 0.6, 0.9> } finish { ambient 0 } }
"#;

const PROBES: [(u32, u32); 12] = [
    (22, 32),
    (18, 30),
    (15, 27),
    (1, 18),
    (3, 16),
    (23, 32),
    (17, 21),
    (5, 21),
    (1, 19),
    (31, 33),
    (40, 10),
    (32, 20),
];

const POVRAY: [[u32; 3]; 12] = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [10573, 10573, 10573],
    [18035, 18035, 18035],
    [17591, 17591, 17591],
    [20368, 20368, 20368],
    [49891, 34553, 24981],
    [41952, 28890, 20739],
];

#[test]
fn a_circular_oriented_area_light_matches_povray() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}
