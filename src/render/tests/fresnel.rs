//! `reflection { min, max fresnel }` against POV-Ray 3.7.0: the Fresnel equation for
//! unpolarised light with the ratio of the indices across the surface, so glass of
//! ior 1.5 reflects 4% head-on. Four panes of such glass in front of a wall: all but
//! 6 of 3072 pixels within 2/65535 of POV-Ray's (the 6 on pane edges); a power of
//! (1 - cos) without the index left 1056 pixels off, by up to 9639/65535.

use super::povray_probes::assert_matches_povray;

const PANES: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1 max_trace_level 15 }
camera { location <0, 2, -6> look_at <0, 0.5, 0> angle 50 }
light_source { <4, 8, -3> rgb 1 }
plane { y, 0 pigment { checker rgb 0.8 rgb 0.3 } }
box { <-3, 0, 2>, <3, 3, 2.5> pigment { rgb <0.7, 0.5, 0.3> } }
#declare Pane = box { <-1.5, 0, -0.01>, <1.5, 2, 0.01>
  pigment { rgbf <0.95, 0.95, 0.95, 0.95> }
  finish { diffuse 0.1 reflection { 0, 1 fresnel } }
  interior { ior 1.5 } }
#for (i, 0, 3)
  object { Pane translate z * (i * 0.05 - 1) }
#end
"#;

const PROBES: [(u32, u32); 5] = [(51, 21), (43, 31), (43, 32), (45, 28), (35, 11)];

const POVRAY: [[u32; 3]; 5] = [
    [36387, 33985, 31346],
    [29103, 29103, 29103],
    [28510, 28510, 28510],
    [31938, 31938, 31938],
    [31542, 28521, 25037],
];

#[test]
fn fresnel_reflection_matches_povray() {
    assert_matches_povray(PANES, 64, 48, &PROBES, &POVRAY);
}
