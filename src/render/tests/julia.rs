//! `julia_fractal` against POV-Ray 3.7.0: quaternion sqr and cube, a sliced
//! hypercomplex sqr and a hypercomplex cube; hypercomplex exp and reciprocal, and a
//! quaternion Julia set cut by a box in CSG; and hostile numbers that must render.

use super::povray_probes::{assert_matches_povray, render_plain};

const ALGEBRAS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -7> look_at <0, 0, 0> angle 50 }
light_source { <5, 10, -8> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
background { rgb <0.1, 0.2, 0.3> }
julia_fractal { <-0.083, 0, -0.83, -0.025> quaternion sqr max_iteration 8 precision 15
  pigment { rgb <1, 0.6, 0.2> } translate <-1.5, 1.1, 0> }
julia_fractal { <-0.03, 0.5, -0.2, -0.5> quaternion cube max_iteration 8 precision 15
  pigment { rgb <0.3, 0.9, 0.4> } scale 1.3 translate <1.5, 1.1, 0> }
julia_fractal { <-0.745, 0, 0.113, 0.05> hypercomplex max_iteration 9 precision 20
  slice <0, 0.2, 0.1, 1>, 0.1
  pigment { rgb <0.5, 0.5, 1> } scale 0.55 rotate <135, -30, 0> translate <-1.5, -1.2, 0> }
julia_fractal { <0.2, 0.1, 0.59, -0.2> hypercomplex cube max_iteration 7 precision 20
  pigment { rgb <1, 0.4, 0.6> } scale 0.55 rotate <83, 0, -70> translate <1.5, -1.2, 0> }
"#;

/// Lit and shadowed points on each of the four, and the background.
const ALGEBRA_PROBES: [(u32, u32); 18] = [
    (20, 20),
    (10, 6),
    (13, 3),
    (9, 10),
    (21, 13),
    (20, 35),
    (21, 35),
    (19, 34),
    (37, 18),
    (44, 19),
    (47, 21),
    (44, 34),
    (45, 34),
    (46, 34),
    (17, 8),
    (27, 11),
    (2, 2),
    (62, 46),
];

/// `povray +W64 +H48 -A +FN16 -D` on ALGEBRAS (POV-Ray 3.7.0.10), read back from its
/// PNG with a few lines of Python (zlib and the PNG filters).
const ALGEBRA_POVRAY: [[u32; 3]; 18] = [
    [22884, 17806, 9942],
    [56463, 44947, 27114],
    [53402, 42473, 25549],
    [54306, 43203, 26011],
    [54804, 43606, 26266],
    [38322, 38322, 52360],
    [39191, 39191, 53521],
    [39079, 39079, 53371],
    [12435, 21746, 14478],
    [12435, 21746, 14478],
    [12435, 21746, 14478],
    [61508, 40844, 49025],
    [60820, 40374, 48468],
    [62010, 41187, 49431],
    [60725, 48392, 29294],
    [61037, 48644, 29454],
    [22884, 31754, 38261],
    [22884, 31754, 38261],
];

#[test]
fn julia_fractals_show_what_povray_shows() {
    assert_matches_povray(ALGEBRAS, 64, 48, &ALGEBRA_PROBES, &ALGEBRA_POVRAY);
}

const FUNCTIONS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -9> look_at <0, 0, 0> angle 50 }
light_source { <5, 10, -8> color rgb 1 }
#default { finish { ambient 0.1 diffuse 0.8 } }
background { rgb <0.1, 0.2, 0.3> }
julia_fractal { <0.4, 0.1, 0, 0> hypercomplex exp max_iteration 6 precision 20
  pigment { rgb <1, 0.6, 0.2> } scale 0.5 translate <-2.2, 1.2, 0> }
julia_fractal { <-0.5, 0.1, 0.2, 0> hypercomplex reciprocal max_iteration 6 precision 20
  pigment { rgb <0.5, 0.5, 1> } scale 0.4 translate <2.2, 1.2, 0> }
intersection {
  julia_fractal { <-0.083, 0, -0.83, -0.025> quaternion sqr max_iteration 8 precision 15 }
  box { <-2, -2, -0.1>, <2, 2, 2> }
  pigment { rgb <0.3, 0.9, 0.4> } rotate <0, 30, 0> translate <0, -1.2, 0> }
"#;

/// Lit and shadowed points of the exp set's fragments, the reciprocal set, the cut
/// face and the outside of the CSG, and the background.
const FUNCTION_PROBES: [(u32, u32); 12] = [
    (13, 3),
    (12, 4),
    (18, 5),
    (16, 7),
    (15, 8),
    (13, 22),
    (50, 18),
    (31, 34),
    (31, 32),
    (32, 35),
    (32, 31),
    (2, 46),
];

/// `povray +W64 +H48 -A +FN16 -D` on FUNCTIONS (POV-Ray 3.7.0.10), read back as above.
const FUNCTION_POVRAY: [[u32; 3]; 12] = [
    [40760, 32254, 19084],
    [57247, 45581, 27515],
    [62482, 49812, 30192],
    [61588, 49090, 29735],
    [22884, 17806, 9942],
    [62079, 49487, 29986],
    [19779, 19779, 27609],
    [22929, 38333, 26308],
    [23036, 38501, 26428],
    [22925, 38327, 26304],
    [23139, 38665, 26545],
    [22884, 31754, 38261],
];

#[test]
fn julia_fractal_functions_and_csg_show_what_povray_shows() {
    assert_matches_povray(FUNCTIONS, 64, 48, &FUNCTION_PROBES, &FUNCTION_POVRAY);
}

#[test]
fn hostile_julia_fractals_render_in_bounded_time() {
    let scene = r#"
camera { location <0, 0, -5> look_at 0 }
light_source { <5, 10, -8> color rgb 1 }
julia_fractal { <1e300, -1e300, 0, 0> max_iteration 1 precision 1 pigment { rgb 1 } }
julia_fractal { <0, 0, 0, 0> hypercomplex ln slice <1e-9, 1e-9, 1e9, 1e-9>, 1e300 pigment { rgb 1 } }
julia_fractal { <0.1, 0.2, 0.3, 0.4> hypercomplex tan max_iteration 10000 precision 10 pigment { rgb 1 } }
julia_fractal { <0, 0, 0, 0> hypercomplex atanh max_iteration 50 precision 2000 pigment { rgb 1 } scale 1e-9 }
julia_fractal { <0, 0, 0, 0> hypercomplex pwr(-3, 1e5) max_iteration 50 precision 2000 pigment { rgb 1 } scale 1e9 }
"#;
    let started = std::time::Instant::now();
    render_plain(scene, 16, 12, 2);
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}
