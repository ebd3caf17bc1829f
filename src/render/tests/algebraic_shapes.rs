//! `quadric`, `quartic`, `polynomial` and `superellipsoid` against POV-Ray 3.7.0: a
//! turned ellipsoid, a quartic torus seen through its hole, a squarish superellipsoid,
//! and a CSG intersection of a quadric cylinder, a box and a cubic (which needs their
//! inside tests), with the shadows they cast.

use super::povray_probes::{assert_matches_povray, render_plain};

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-7> look_at <0,0,0> angle 60 }
light_source { <-4,8,-6> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
quadric { <1,0.5,1>, <0,0,0>, <0,0,0>, -0.5 pigment { rgb <1,0.6,0.3> } rotate z*30 translate <-2.5,0.3,0> }
quartic { <1,0,0,0,2,0,0,2,0,-4.5,0,0,0,0,0,0,0,0,0,0,1,0,0,2,0,3.5,0,0,0,0,1,0,-4.5,0,3.0625> sturm pigment { rgb <0.3,0.7,1> } rotate x*-60 translate <0,0.3,0> }
superellipsoid { <0.3, 0.6> pigment { rgb <0.9,0.9,0.4> } scale 0.8 rotate <20,30,0> translate <2.5,0.3,0> }
intersection { quadric { <1,0,1>, <0,0,0>, <0,0,0>, -0.16 } box { <-1,-1,-1>, <1,0,1> } polynomial { 3, xyz(3,0,0): 1, xyz(0,1,0): -1, xyz(0,0,0): -0.5 } pigment { rgb <0.6,1,0.6> } translate <1.2,-0.9,-2> }
plane { y, -1 pigment { rgb 0.5 } }
"#;

/// On each object, through the torus's hole, and on the floor in and out of shadow.
const PROBES: [(u32, u32); 14] = [
    (8, 20),
    (12, 24),
    (24, 12),
    (23, 20),
    (32, 18),
    (30, 24),
    (44, 18),
    (48, 22),
    (53, 16),
    (44, 38),
    (42, 37),
    (44, 30),
    (10, 40),
    (30, 31),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG.
const POVRAY: [[u32; 3]; 14] = [
    [55988, 44563, 32480],
    [45822, 36346, 26324],
    [35206, 51638, 60489],
    [25241, 37454, 44032],
    [34879, 34879, 34879],
    [16240, 16240, 16240],
    [30371, 44756, 52504],
    [56420, 56420, 39210],
    [58592, 58592, 40759],
    [45829, 57554, 45829],
    [45838, 57565, 45838],
    [16240, 16240, 16240],
    [44223, 44223, 44223],
    [34410, 50504, 59174],
];

#[test]
fn algebraic_shapes_show_what_povray_shows() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}

/// Extreme but finite coefficients, surfaces that vanish, and exponents at the edges of
/// what floating point holds: each renders, whatever it shows, without a panic.
#[test]
fn hostile_algebraic_shapes_render_without_panic() {
    let zeros35 = vec!["0"; 35].join(", ");
    let huge = format!("1e300, {}, -1e-300", vec!["0"; 33].join(", "));
    let order7: Vec<String> = (0..120)
        .map(|i| format!("{}", ((i * 37) % 11) as f64 - 5.0))
        .collect();
    let text = format!(
        r#"
camera {{ location <0,0,-6> look_at 0 }}
light_source {{ <3,5,-4> rgb 1 }}
#default {{ pigment {{ rgb 1 }} }}
quartic {{ <{zeros35}> }}
quartic {{ <{huge}> }}
quadric {{ <0,0,0>, <0,0,0>, <0,0,0>, 0 }}
quadric {{ <1e300,1e300,1e300>, <0,0,0>, <0,0,0>, -1e300 }}
poly {{ 7, <{order7}> scale 0.5 }}
superellipsoid {{ <1e-9, 1e-9> translate -2*x }}
superellipsoid {{ <1e6, 1e6> translate 2*x }}
superellipsoid {{ <20, 0.001> translate 2*y }}
intersection {{ quartic {{ <{zeros35}> }} sphere {{ 0, 1 }} translate -2*y }}
"#,
        order7 = order7.join(", ")
    );
    render_plain(&text, 24, 18, 1);
}
