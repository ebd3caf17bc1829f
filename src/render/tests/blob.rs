//! `blob` against POV-Ray 3.7.0: spheres merging, one with its own texture blended
//! into the blob's, negative-strength components carving dents, a cylinder component
//! with its rounded ends, a sphere component squashed by its own transforms, and a
//! blob cut by a box in a `difference` (which needs its inside test), with the
//! shadows they cast.

use super::povray_probes::{assert_matches_povray, render_plain};

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2.5,-7> look_at <0,0.3,0> angle 60 }
light_source { <-4,8,-6> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
blob {
  threshold 0.5
  sphere { <-2.6,0.3,0>, 1.2, 1 }
  sphere { <-1.9,0.3,0>, 1.0, 1 pigment { rgb <0.3,0.5,1> } }
  sphere { <-2.2,0.8,-0.7>, 0.7, -1.5 }
  cylinder { <-0.5,-0.4,0>, <1.2,1.2,0.3>, 0.6, 1.2 }
  sphere { <0.9,0.9,0>, 0.5, strength -1 }
  sphere { 0, 1, 1 scale <1.6,0.6,0.8> rotate z*20 translate <2.4,0.2,-0.5> }
  pigment { rgb <1,0.6,0.3> }
}
difference {
  blob { threshold 0.4 component 1, 1, <0,0,0> component 1, 1, <0.8,0,0> }
  box { <-2,0,-2>, <2,2,-0.1> }
  pigment { rgb <0.6,1,0.6> }
  translate <0,-0.6,-2.5>
}
plane { y, -1 pigment { rgb 0.5 } }
"#;

/// On the merged spheres, across the blend of their textures and in their dent,
/// along the cylinder and its carved end, on the squashed sphere, on the cut blob's
/// face and rim, and on the floor in and out of shadow.
const PROBES: [(u32, u32); 19] = [
    (9, 20),
    (14, 21),
    (16, 23),
    (12, 27),
    (41, 14),
    (40, 16),
    (37, 19),
    (30, 25),
    (27, 27),
    (46, 25),
    (55, 26),
    (30, 35),
    (36, 37),
    (40, 41),
    (20, 30),
    (50, 29),
    (5, 40),
    (17, 21),
    (18, 24),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG.
const POVRAY: [[u32; 3]; 19] = [
    [61703, 49183, 35941],
    [54265, 47051, 45054],
    [51406, 47306, 50364],
    [35133, 28972, 24684],
    [56517, 44991, 32801],
    [54552, 43402, 31611],
    [49202, 39078, 28371],
    [60762, 48422, 35371],
    [61896, 49338, 36058],
    [58437, 46542, 33963],
    [33203, 26147, 18684],
    [48127, 60397, 48127],
    [33547, 42359, 33547],
    [32973, 41649, 32973],
    [16240, 16240, 16240],
    [39259, 39259, 39259],
    [44104, 44104, 44104],
    [47783, 46642, 53504],
    [28762, 33834, 44796],
];

#[test]
fn blobs_show_what_povray_shows() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}

fn render_pixels(text: &str, width: u32, height: u32) -> Vec<[u8; 3]> {
    let image = render_plain(text, width, height, 1);
    let mut out = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let p = image.pixel(x, y);
            out.push([p[0], p[1], p[2]]);
        }
    }
    out
}

/// A component's own texture and the blob's blend by their shares of the field: the
/// blob's red where its own component dominates, the component's blue where it does,
/// both between them.
#[test]
fn component_textures_blend_by_their_share_of_the_field() {
    let px = render_pixels(
        r#"camera { location <0,0,-6> look_at 0 }
           light_source { <0,0,-10> rgb 1 }
           blob { threshold 0.5
                  sphere { <-0.8,0,0>, 1.5, 1 }
                  sphere { <0.8,0,0>, 1.5, 1 pigment { rgb <0,0,1> } }
                  pigment { rgb <1,0,0> } finish { ambient 1 diffuse 0 } }"#,
        32,
        16,
    );
    // POV-Ray 3.7.0's pixels there, 8 bits, no antialiasing.
    let povray = [(10, [255, 0, 0]), (16, [88, 0, 114]), (21, [0, 0, 141])];
    for (x, want) in povray {
        let got = px[8 * 32 + x];
        assert!(
            got.iter().zip(want).all(|(g, w)| g.abs_diff(w) <= 1),
            "x {x}: {got:?}, POV-Ray {want:?}"
        );
    }
}

/// Many components, components that only subtract, and an inverted blob in CSG: each
/// renders without a panic.
#[test]
fn hostile_blobs_render_without_panic() {
    let mut many = String::from("blob { threshold 0.3 ");
    for i in 0..3000 {
        let (x, y) = ((i % 60) as f64 * 0.1 - 3.0, (i / 60) as f64 * 0.1 - 2.5);
        many += &format!("sphere {{ <{x}, {y}, 0>, 0.15, 1 }} ");
    }
    many += "pigment { rgb 1 } }";
    let text = format!(
        r#"camera {{ location <0,0,-6> look_at 0 }}
           light_source {{ <3,5,-4> rgb 1 }}
           {many}
           blob {{ sphere {{ 0, 1, -1 }} pigment {{ rgb 1 }} }}
           intersection {{ blob {{ threshold 0.2 sphere {{ 0, 1, 1 }} inverse }} sphere {{ 0, 2 }} pigment {{ rgb 1 }} translate 3*x }}
           blob {{ threshold 1e-300 sphere {{ 0, 1e-150, 1e300 }} cylinder {{ 0, 1e-9*x, 1e150, 1 }} pigment {{ rgb 1 }} }}"#
    );
    render_pixels(&text, 24, 18);
}
