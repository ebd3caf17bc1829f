//! The `slope` and `aoi` patterns against POV-Ray 3.7.0: slope up y, towards a point
//! with a range, with an altitude, and under a bumpy normal (which the pattern sees,
//! tilted, as POV-Ray's does); the angle of incidence on a sphere.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 1, -6> look_at <0, 0, 0> angle 60 }
light_source { <-4, 6, -8> color rgb 1 }
#default { finish { ambient 0.3 diffuse 0.7 } }
sphere { 0, 1 pigment { slope y color_map { [0 rgb <1,0,0>] [0.5 rgb <0,1,0>] [1 rgb <0,0,1>] } } translate <-2, 0.5, 0> }
sphere { 0, 1 pigment { aoi color_map { [0.5 rgb <1,1,0>] [1 rgb <0,0.2,1>] } } translate <0, 0.5, 0> }
sphere { 0, 1 pigment { slope { point_at <3, 3, -3>, 0.3, 0.9 } color_map { [0 rgb 0] [1 rgb 1] } } translate <2, 0.5, 0> }
plane { y, -1 pigment { slope { <0, 1, 0> altitude <1, 0, 0>, -3, 3 } color_map { [0 rgb <1,0.5,0>] [1 rgb <0,0.5,1>] } } }
cone { <0, -1, 1.5>, 1, <0, 0.5, 1.5>, 0.2 pigment { slope { -z, 0.2, 0.8 } scale 2 color_map { [0 rgb <1,0,1>] [1 rgb <0,1,0>] } } normal { bumps 0.3 scale 0.2 } }
"#;

/// Pixels on each sphere, the plane and the cone.
const PROBES: [(u32, u32); 16] = [
    (11, 14),
    (13, 21),
    (9, 25),
    (31, 12),
    (32, 18),
    (26, 20),
    (50, 12),
    (53, 18),
    (46, 22),
    (4, 40),
    (60, 44),
    (31, 30),
    (28, 33),
    (36, 29),
    (34, 35),
    (58, 30),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10): each probe's 16-bit
/// colour, read back from its PNG. Every other pixel of the image is within 2/65535
/// too.
const POVRAY: [[u32; 3]; 16] = [
    [0, 52976, 40316],
    [16074, 54360, 0],
    [30432, 41738, 0],
    [48079, 51699, 45448],
    [18278, 33233, 58974],
    [41352, 46295, 48462],
    [58151, 58151, 58151],
    [53411, 53411, 53411],
    [36546, 36546, 36546],
    [41146, 44037, 46701],
    [18809, 42546, 55669],
    [36748, 11352, 36748],
    [32432, 42177, 49642],
    [9558, 37156, 9558],
    [29633, 42360, 51430],
    [37658, 27760, 6656],
];

#[test]
fn slope_and_aoi_match_povray() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}
