//! `text` against POV-Ray 3.7.0, with POV-Ray's own fonts (Debian's povray-includes,
//! which the test command installs): kerned pairs in timrom and cyrvetic, an offset
//! between letters, a font named without `.ttf`, a turned text, and text carved by a
//! difference.

use std::path::Path;

use super::povray_probes::assert_scene_matches_povray;
use crate::sdl::parse_scene_str;
use crate::sdl::tests::text::with_povray_fonts;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <2,0.6,-4> look_at <2,0.4,0> angle 50 }
light_source { <-4,8,-6> color rgb 1 }
text { ttf "timrom.ttf" "AVWay @%" 0.3, 0 pigment { rgb <1,0.7,0.2> } rotate y*10 }
text { ttf "cyrvetic", "Tokyo", 0.2, <0.05,0,0> pigment { rgb <0.3,0.7,1> } translate <0,-0.8,0> }
difference { text { ttf "crystal.ttf" "Qb8" 0.5, 0 } sphere { <0.4,0.3,0>, 0.25 } pigment { rgb 1 } translate <2.8,-0.8,0> }
plane { y, -1 pigment { rgb 0.5 } }
"#;

/// On the letters' faces and walls, and on the floor in their shadows.
const PROBES: [(u32, u32); 18] = [
    (5, 20),
    (10, 24),
    (20, 22),
    (27, 25),
    (34, 21),
    (40, 25),
    (45, 24),
    (50, 26),
    (2, 30),
    (8, 33),
    (21, 36),
    (26, 36),
    (35, 34),
    (40, 35),
    (48, 34),
    (55, 30),
    (33, 42),
    (15, 44),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG.
/// Over the whole image the largest difference is 135/65535, on the edge of the
/// carved sphere.
const POVRAY: [[u32; 3]; 18] = [
    [22884, 19226, 9942],
    [46824, 39860, 22185],
    [22340, 22340, 22340],
    [22884, 19226, 9942],
    [22884, 19226, 9942],
    [27668, 27668, 27668],
    [45662, 38859, 21591],
    [49228, 41932, 23414],
    [22884, 19226, 9942],
    [34634, 34634, 34634],
    [35166, 35166, 35166],
    [34985, 34985, 34985],
    [34064, 34064, 34064],
    [12435, 19226, 22884],
    [33496, 33496, 33496],
    [31404, 31404, 31404],
    [16240, 16240, 16240],
    [16240, 16240, 16240],
];

#[test]
fn text_shows_what_povray_shows() {
    let options = with_povray_fonts();
    let (scene, _) = parse_scene_str("text.pov", SCENE, Path::new("."), &options).expect("parse");
    assert_scene_matches_povray(&scene, 64, 48, &PROBES, &POVRAY);
}
