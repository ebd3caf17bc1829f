//! `prism`, `lathe` and `sor` against POV-Ray 3.7.0: each spline and sweep kind, a
//! prism with a hole (two outlines in one list), an open prism, and a CSG difference
//! that needs the inside test; each lathe spline, open and closed surfaces of
//! revolution, and lathes and surfaces of revolution in CSG; and hostile point lists that must render or fail
//! cleanly.

use super::povray_probes::{assert_matches_povray, render_plain};

const PRISMS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 4, -5> look_at <0, 0.3, 0> angle 40 }
light_source { <5, 10, -8> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
background { rgb <0.1, 0.2, 0.3> }
prism { linear_sweep linear_spline 0, 0.6, 10,
  <-1,-1>, <1,-1>, <1,1>, <-1,1>, <-1,-1>,
  <-0.5,-0.5>, <0.5,-0.5>, <0.3,0.5>, <-0.5,0.5>, <-0.5,-0.5>
  pigment { rgb <1, 0.6, 0.2> } translate <-1.2, 0, 0> }
prism { conic_sweep bezier_spline 0.4, 1, 8,
  <0,0>, <1,0.8>, <1,-0.8>, <0,0>, <0,0>, <-1,-0.8>, <-1,0.8>, <0,0>
  pigment { rgb <0.3, 0.9, 0.4> } translate <1.2, -0.2, 0> }
difference {
  prism { cubic_spline 0, 0.3, 8, <0,-1>, <1,0>, <0,1>, <-1,0>, <0,-1>, <1,0>, <0,1>, <-1, 0> }
  prism { 0.1, 0.5, 4, <0,0>, <1,0>, <0,1>, <0,0> }
  pigment { rgb <0.5, 0.5, 1> } translate <0, 0, 1.5> }
prism { quadratic_spline -0.2, 0.2, 6, <0,-1>, <1,0>, <0,1>, <-1,0>, <0,-1>, <1,0> open
  pigment { rgb <1, 0.3, 0.3> } scale 0.5 translate <0, 0.2, -1.3> }
plane { y, -0.3 pigment { rgb 0.5 } }
"#;

/// On the walls, top and hole of the linear prism, the cut cubic one, both lobes of
/// the conic one, inside and outside the open ring, and the floor in and out of shadow.
const PRISM_PROBES: [(u32, u32); 14] = [
    (5, 25),
    (12, 17),
    (9, 20),
    (30, 12),
    (36, 11),
    (45, 18),
    (52, 18),
    (57, 17),
    (29, 37),
    (24, 40),
    (50, 40),
    (40, 27),
    (20, 5),
    (33, 22),
];

/// `povray +W64 +H48 -A +FN16` on PRISMS (POV-Ray 3.7.0.10), read back from its PNG.
const PRISM_POVRAY: [[u32; 3]; 14] = [
    [54101, 43038, 25907],
    [51368, 40829, 24508],
    [46792, 37130, 22168],
    [39140, 39140, 53452],
    [28189, 28189, 38835],
    [31910, 52527, 36433],
    [32051, 52749, 36591],
    [32071, 52781, 36614],
    [41169, 41169, 41169],
    [22884, 12435, 12435],
    [41913, 41913, 41913],
    [40789, 40789, 40789],
    [37554, 37554, 37554],
    [16240, 16240, 22884],
];

#[test]
fn prisms_show_what_povray_shows() {
    assert_matches_povray(PRISMS, 64, 48, &PRISM_PROBES, &PRISM_POVRAY);
}

const LATHES: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 3, -6> look_at <0, 0.6, 0> angle 45 }
light_source { <5, 10, -8> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
background { rgb <0.1, 0.2, 0.3> }
lathe { linear_spline 5, <1,0>, <1.5,0>, <1.5,0.6>, <1,0.6>, <1,0> pigment { rgb <1,0.6,0.2> } scale 0.6 translate <-2.2,0,0> }
lathe { quadratic_spline 5, <0,-0.2>, <0,0>, <0.8,0.5>, <0.3,1.2>, <0.6,1.6> pigment { rgb <0.3,0.9,0.4> } translate <-0.8,0,0> }
lathe { cubic_spline 6, <0,-0.3>, <0,0>, <0.7,0.3>, <0.4,0.8>, <0.5,1.3>, <0.9,1.6> sturm pigment { rgb <0.5,0.5,1> } translate <0.6,0,0> }
difference {
  lathe { bezier_spline 8, <0,0>, <0.8,0>, <0.8,0.6>, <0.5,0.8>, <0.5,0.8>, <0.2,1.0>, <0.4,1.4>, <0,1.4> }
  box { <-1,0.5,-1>, <0,2,0> }
  pigment { rgb <1,0.3,0.3> } translate <2.1,0,0> }
plane { y, 0 pigment { rgb 0.5 } }
"#;

/// On each lathe (the ring's side and its hole, the cut Bezier one's inside) and the
/// floor in and out of shadow.
const LATHE_PROBES: [(u32, u32); 12] = [
    (5, 27),
    (10, 26),
    (22, 20),
    (20, 13),
    (38, 22),
    (40, 16),
    (58, 22),
    (56, 20),
    (61, 21),
    (30, 40),
    (12, 32),
    (30, 5),
];

/// `povray +W64 +H48 -A +FN16` on LATHES (POV-Ray 3.7.0.10), read back from its PNG.
const LATHE_POVRAY: [[u32; 3]; 12] = [
    [55251, 43968, 26494],
    [22884, 17806, 9942],
    [35558, 58293, 40545],
    [36280, 59434, 41359],
    [36057, 36057, 49337],
    [39910, 39910, 54481],
    [22884, 12435, 12435],
    [22884, 12435, 12435],
    [60839, 35418, 35418],
    [41500, 41500, 41500],
    [54616, 43454, 26170],
    [32362, 32362, 32362],
];

#[test]
fn lathes_show_what_povray_shows() {
    assert_matches_povray(LATHES, 64, 48, &LATHE_PROBES, &LATHE_POVRAY);
}

const SORS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 3, -6> look_at <0, 0.6, 0> angle 45 }
light_source { <5, 10, -8> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
background { rgb <0.1, 0.2, 0.3> }
sor { 7, <0,0>, <0.6,0>, <0.7,0.3>, <0.3,0.8>, <0.4,1.2>, <0.6,1.5>, <0.6,1.6> pigment { rgb <1,0.6,0.2> } translate <-1.8,0,0> }
sor { 6, <0.2,-0.5>, <0.5,0>, <0.8,0.5>, <0.4,1.0>, <0.7,1.5>, <0.9,2> open pigment { rgb <0.3,0.9,0.4> } translate <0,0,0> }
intersection {
  sor { 5, <0.5,-0.5>, <0.7,0>, <0.3,0.7>, <0.6,1.4>, <0.2,2> sturm }
  sphere { <0,0.7,0>, 0.65 }
  pigment { rgb <0.5,0.5,1> } translate <1.8,0,0> }
plane { y, 0 pigment { rgb 0.5 } }
"#;

/// On each surface (the open one's inside through its top, the one cut by a sphere)
/// and the floor in and out of shadow.
const SOR_PROBES: [(u32, u32); 12] = [
    (10, 25),
    (8, 14),
    (30, 22),
    (32, 13),
    (27, 13),
    (55, 20),
    (57, 16),
    (60, 19),
    (30, 40),
    (45, 30),
    (20, 30),
    (5, 5),
];

/// `povray +W64 +H48 -A +FN16` on SORS (POV-Ray 3.7.0.10), read back from its PNG.
const SOR_POVRAY: [[u32; 3]; 12] = [
    [61225, 48796, 29550],
    [52694, 41901, 25187],
    [33775, 55475, 38536],
    [34842, 57160, 39738],
    [36362, 59563, 41451],
    [23353, 23353, 32379],
    [44010, 44010, 59954],
    [39282, 39282, 39282],
    [41500, 41500, 41500],
    [41008, 41008, 41008],
    [40126, 40126, 40126],
    [31453, 31453, 31453],
];

#[test]
fn sors_show_what_povray_shows() {
    assert_matches_povray(SORS, 64, 48, &SOR_PROBES, &SOR_POVRAY);
}

fn render_small(text: &str) {
    render_plain(text, 24, 18, 1);
}

/// Degenerate but legal prisms: all points in a line, a zero height, an ignored
/// (unclosed) Bezier prism, a conic prism through its apex, huge coordinates.
#[test]
fn odd_prisms_render_without_panic() {
    render_small(
        r#"
camera { location <0,2,-6> look_at 0 }
light_source { <3,5,-4> rgb 1 }
#default { pigment { rgb 1 } }
prism { 0, 1, 4, <0,0>, <1,0>, <2,0>, <0,0> }
prism { 0, 0, 4, <0,0>, <1,0>, <1,1>, <0,0> }
prism { bezier_spline 0, 1, 4, <0,0>, <1,0>, <1,1>, <2,2> }
prism { conic_sweep -1, 1, 4, <0,0>, <1,0>, <1,1>, <0,0> }
prism { 0, 1e6, 4, <-1e8,0>, <1e8,0>, <0,1e8>, <-1e8,0> }
intersection { prism { 0, 1, 3, <0,0>, <1,0>, <1,1> } sphere { 0, 1 } }
"#,
    );
}

/// Legal but odd lathes and surfaces of revolution: a curve along the axis, one
/// crossing it at its ends, zero radii, huge and tiny sizes, and a level ray.
#[test]
fn odd_lathes_and_sors_render_without_panic() {
    render_small(
        r#"
camera { location <0,0.5,-6> look_at <0,0.5,0> }
light_source { <3,5,-4> rgb 1 }
#default { pigment { rgb 1 } }
lathe { 2, <0,0>, <0,1> }
lathe { cubic_spline 4, <-1,0>, <0,0>, <0,1>, <-1,1> }
lathe { 3, <1e8,0>, <1e-8,1e-8>, <1e8,1e8> }
lathe { bezier_spline 4, <0,0>, <0,0>, <0,0>, <0,0> }
sor { 4, <0,0>, <0,1>, <0,2>, <0,3> }
sor { 4, <1e8,-1e8>, <1e8,0>, <1e-8,1e-8>, <1e8,1e8> }
sor { 4, <0,0>, <1,1e-9>, <1,2e-9>, <0,1> open }
intersection { lathe { 3, <0,0>, <1,0.5>, <0,1> } sor { 4, <0,0>, <1,0>, <1,1>, <0,2> } }
"#,
    );
}
