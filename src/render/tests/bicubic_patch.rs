//! `bicubic_patch` against POV-Ray 3.7.0: a `type 0` patch cut to fixed steps (its
//! faceted outline shows) and a `type 1` patch cut where flatness 0.2 stops it, after
//! being scaled and turned (the cuts depend on the placed patch), with their smooth
//! shading, shadows and silhouettes. Every pixel of the 64 x 48 frame matched when the
//! probes were chosen.

use super::povray_probes::assert_matches_povray;

const PATCHES: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 3, -6> look_at <0, 0.3, 0> angle 45 }
light_source { <5, 10, -8> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
background { rgb <0.1, 0.2, 0.3> }
bicubic_patch { type 0 u_steps 2 v_steps 1
  <0,0,0> <1,0,0> <2,0,0> <3,0,0>
  <0,1,1> <1,2,1> <2,2,1> <3,1,1>
  <0,1,2> <1,2,2> <2,2,2> <3,1,2>
  <0,0,3> <1,0,3> <2,0,3> <3,0,3>
  pigment { rgb <1, 0.6, 0.2> } scale 0.8 translate <-2.6, -0.3, -0.5> }
bicubic_patch { type 1 flatness 0.2 u_steps 4 v_steps 4,
  <0, 0, 2>, <1, 0, 0>, <2, 0, 0>, <3, 0, -2>,
  <0, 1  0>, <1, 1, 0>, <2, 1, 0>, <3, 1, 0>,
  <0, 2, 0>, <1, 2, 0>, <2, 2, 0>, <3, 2, 0>,
  <0, 3, 2>, <1, 3, 0>, <2, 3, 0>, <3, 3, -2>
  pigment { rgb <0.3, 0.9, 0.4> } scale 0.5 rotate -30*y translate <0.6, -0.3, 0> }
plane { y, -0.3 pigment { rgb 0.5 } }
"#;

/// The apex of the type 0 patch's faceted roof and the floor beside it, its facets and
/// near-silhouette floor; on the type 1 patch, pixels that change when it is cut to
/// flatness 0 or 0.3 instead (its far edge and upper half), its corners, thin tip and
/// inner curve; the shadow between them and the open floor.
const PROBES: [(u32, u32); 19] = [
    (16, 16),
    (17, 16),
    (8, 19),
    (24, 18),
    (4, 20),
    (15, 25),
    (28, 28),
    (34, 11),
    (44, 13),
    (38, 14),
    (54, 14),
    (52, 16),
    (58, 14),
    (40, 20),
    (55, 29),
    (58, 30),
    (50, 24),
    (31, 24),
    (10, 40),
];

/// `povray +Ipatches.pov +W64 +H48 -A +FN16 -D +Oout.png` on PATCHES (POV-Ray 3.7.0.10),
/// its 16-bit PNG read back with a few lines of Python (zlib, unfiltering the rows).
const POVRAY: [[u32; 3]; 19] = [
    [53290, 42382, 25491],
    [37727, 37727, 37727],
    [45063, 35733, 21284],
    [38520, 38520, 38520],
    [38050, 38050, 38050],
    [59585, 47470, 28711],
    [62360, 49714, 30130],
    [32007, 52681, 36542],
    [31154, 51333, 35581],
    [33497, 55036, 38222],
    [12435, 21746, 14478],
    [22646, 37885, 25989],
    [12435, 21746, 14478],
    [31626, 52078, 36112],
    [33444, 54951, 38161],
    [33479, 55006, 38201],
    [34110, 56005, 38913],
    [16240, 16240, 16240],
    [40952, 40952, 40952],
];

#[test]
fn patches_show_what_povray_shows() {
    assert_matches_povray(PATCHES, 64, 48, &PROBES, &POVRAY);
}
