//! `reflection { min, max fresnel }`, `conserve_energy` and reflections off tilted
//! normals against POV-Ray 3.7.0.
//!
//! Fresnel: the Fresnel equation for
//! unpolarised light with the ratio of the indices across the surface, so glass of
//! ior 1.5 reflects 4% head-on. Four panes of such glass in front of a wall: all but
//! 6 of 3072 pixels within 2/65535 of POV-Ray's (the 6 on pane edges); a power of
//! (1 - cos) without the index left 1056 pixels off, by up to 9639/65535.

use super::povray_probes::assert_matches_povray;

pub(super) const PANES: &str = r#"
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

/// `conserve_energy`: what a layer reflects does not also pass through it. Probes on a
/// glass sphere of fresnel reflection: within 2/65535 of POV-Ray's where light that
/// passed through the glass whole was up to 19297/65535 too bright.
const CONSERVED: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1 }
camera { location <0, 1.5, -5> look_at <0, 0.8, 0> angle 45 }
light_source { <3, 6, -4> rgb 1 }
plane { y, 0 pigment { checker rgb 0.9 rgb 0.2 } finish { ambient 0.1 } }
box { <-3, 0, 2>, <3, 3, 2.2> pigment { rgb <0.3, 0.5, 0.8> } }
sphere { <-0.9, 0.8, 0>, 0.8
  pigment { rgbf <1, 1, 1, 0.9> }
  finish { ambient 0 diffuse 0.1 reflection { 0.1, 1 fresnel } conserve_energy }
  interior { ior 1.5 } }
sphere { <0.9, 0.8, 0>, 0.8
  pigment { rgbt <0.9, 0.8, 0.6, 0.7> }
  finish { ambient 0 diffuse 0.2 reflection 0.4 conserve_energy } }
"#;

const CONSERVED_PROBES: [(u32, u32); 5] = [(13, 35), (22, 12), (5, 22), (24, 13), (5, 25)];

const CONSERVED_POVRAY: [[u32; 3]; 5] = [
    [21356, 23382, 26072],
    [28202, 35221, 43256],
    [17916, 20568, 23915],
    [27871, 34191, 41557],
    [21034, 23352, 26381],
];

#[test]
fn conserve_energy_matches_povray() {
    assert_matches_povray(CONSERVED, 64, 48, &CONSERVED_PROBES, &CONSERVED_POVRAY);
}

/// Bumpy water seen at a low angle: where a tilted normal would send the reflected ray
/// into the water, POV-Ray keeps it out (see `reflected_direction`). Every pixel within
/// 1/65535 of POV-Ray's; 441 near the horizon showed the sea floor instead of the sky.
const BUMPY_WATER: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1 }
camera { location <0, 1, -5> look_at <0, 0.5, 0> angle 50 }
light_source { <3, 6, -4> rgb 1 }
sky_sphere { pigment { gradient y color_map { [0 rgb <0.6, 0.7, 1>] [1 rgb <0.2, 0.3, 0.8>] } } }
plane { y, -1 pigment { checker rgb <0.8, 0.6, 0.3> rgb <0.3, 0.2, 0.1> } }
box { <-20, -2, -2>, <20, 0, 40>
  material {
    texture { pigment { rgbt <0.2, 0.22, 0.21, 0.94> }
      finish { diffuse 0 ambient 0 reflection { 0, 0.95 fresnel on } conserve_energy specular 0.4 roughness 0.007 } normal { bumps 0.8 scale 0.3 } }
    interior { ior 1.31 fade_distance 5 fade_power 1001 }
  } }
"#;

const WATER_PROBES: [(u32, u32); 5] = [(59, 19), (53, 21), (6, 25), (26, 21), (30, 35)];

const WATER_POVRAY: [[u32; 3]; 5] = [
    [50786, 54371, 63850],
    [47541, 50644, 59045],
    [49358, 53028, 63168],
    [49300, 52464, 61197],
    [41331, 37596, 32732],
];

#[test]
fn reflections_off_tilted_normals_stay_out_of_the_surface() {
    assert_matches_povray(BUMPY_WATER, 64, 48, &WATER_PROBES, &WATER_POVRAY);
}
