//! `media` against POV-Ray 3.7.0: an emitting and absorbing sphere and a scattering box
//! lit through their own media, and atmospheric media lit by a spotlight whose light the
//! media dim on its way (`media_attenuation`) beside a light they ignore.

use super::povray_probes::assert_matches_povray;

const INTERIORS: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-7> look_at <0,1,0> }
light_source { <4,8,-4> rgb 1 }
plane { y, 0 pigment { checker rgb 0.9, rgb 0.3 } }
sphere { 0, 1.1 hollow pigment { rgbt 1 }
  interior { media { emission <0.9,0.5,0.2> absorption <0.2,0.9,1.5>
    density { spherical color_map { [0 rgb 0] [1 rgb 1] } } } }
  translate <-1.5,1.2,0> }
box { <0.3,0,-0.8>, <2.3,2.2,0.8> hollow pigment { rgbt 1 }
  interior { media { scattering { 2, <0.9,0.8,0.5> extinction 0.8 } method 3 intervals 4 samples 3
    density { gradient y color_map { [0 rgb 1] [1 rgb 0.2] } } } } }
"#;

/// `povray +W64 +H48 -A +FN16` on INTERIORS (POV-Ray 3.7.0.10): the glowing sphere's
/// middle and rim (its density moved with it), the floor seen through it, the hazy box
/// and the floor behind and below it, the sky, and the floor outside both.
#[test]
fn interior_media_match_povray() {
    assert_matches_povray(
        INTERIORS,
        64,
        48,
        &[
            (20, 21),
            (22, 24),
            (18, 22),
            (24, 19),
            (21, 26),
            (39, 20),
            (40, 26),
            (36, 18),
            (35, 24),
            (44, 14),
            (50, 35),
            (20, 40),
        ],
        &[
            [61989, 43138, 26822],
            [61524, 43259, 27459],
            [54769, 39705, 26116],
            [45716, 34149, 23206],
            [60667, 47801, 37047],
            [39899, 39115, 35661],
            [46771, 47199, 48184],
            [38652, 38019, 35522],
            [46749, 46789, 46630],
            [0, 0, 0],
            [52234, 52234, 52234],
            [30391, 30391, 30391],
        ],
    );
}

const ATMOSPHERE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,2,-7> look_at <0,1,0> }
light_source { <0,6,0> rgb 1.5 spotlight point_at <0,0,0> radius 12 falloff 18 media_attenuation on }
light_source { <-6,4,-6> rgb 0.3 media_interaction off }
plane { y, 0 pigment { rgb 0.7 } }
box { <-0.6,1.5,-0.6>, <0.6,1.7,0.6> pigment { rgb <1,0.3,0.2> } }
media { scattering { 1, 0.06 } absorption 0.01 intervals 3 samples 2,4 }
"#;

/// `povray +W64 +H48 -A +FN16` on ATMOSPHERE: the beam above and below the box, its
/// edge, the box, the lit floor and the box's shadow in the beam, the floor outside it
/// lit only by the light the media ignore, and empty sky.
#[test]
fn atmospheric_media_match_povray() {
    assert_matches_povray(
        ATMOSPHERE,
        64,
        48,
        &[
            (32, 5),
            (31, 12),
            (28, 18),
            (32, 20),
            (26, 28),
            (32, 31),
            (38, 29),
            (20, 30),
            (45, 25),
            (50, 40),
            (10, 10),
            (40, 8),
        ],
        &[
            [18464, 18464, 18464],
            [21187, 21187, 21187],
            [22060, 22060, 22060],
            [28570, 18332, 16224],
            [35237, 35237, 35237],
            [23802, 23802, 23802],
            [41853, 41853, 41853],
            [27956, 27956, 27956],
            [12457, 12457, 12457],
            [21813, 21813, 21813],
            [0, 0, 0],
            [0, 0, 0],
        ],
    );
}

/// The camera inside a hollow sphere full of scattering medium.
const CAMERA_INSIDE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 0, -5> look_at 0 }
light_source { <0, 50, 0> rgb 3 }
sphere { 0, 1 pigment { rgb 1 } }
sphere { 0, 100 hollow pigment { rgbt 1 } finish { ambient 0 diffuse 0 }
  interior { media { scattering { 1, 0.01 } } } }
"#;

/// `povray +W64 +H48 -A +FN16` on CAMERA_INSIDE: rays start in the medium around the
/// camera, so the sky glows and the sphere is seen through it.
#[test]
fn camera_rays_start_in_the_media_around_them() {
    assert_matches_povray(
        CAMERA_INSIDE,
        64,
        48,
        &[(2, 2), (32, 24)],
        &[[65535, 65535, 65535], [32776, 32776, 32776]],
    );
}

/// A glowing ball of patchy emission, sampled by method 1 with `SAMPLES`.
const PATCHY: &str = "global_settings { assumed_gamma 1 }
camera { location <0, 0, -4> look_at 0 }
sphere { 0, 1.3 hollow pigment { rgbt 1 }
  interior { media { method 1 samples SAMPLES emission 0.6
    density { bozo scale 0.15 color_map { [0 rgb 0] [1 rgb 1] } } } } }";

#[test]
fn method_1_adds_samples_where_they_vary_as_the_confidence_test_asks() {
    let render =
        |samples: &str| super::povray_probes::render_plain(&PATCHY.replace("SAMPLES", samples), 32, 24, 2);
    let truth = render("400, 400");
    let error = |samples: &str| {
        let image = render(samples);
        let squares: f64 = image
            .pixels
            .iter()
            .zip(&truth.pixels)
            .map(|(a, b)| (f64::from(*a) - f64::from(*b)).powi(2))
            .sum();
        (squares / image.pixels.len() as f64).sqrt()
    };
    let (least, more) = (error("3, 3"), error("3, 60 variance 0.0001"));
    assert!(
        more < 0.7 * least,
        "RMS error {more} with extra samples, {least} without"
    );
}

/// A shell of absorbing media (a sphere less a smaller one) around the camera and the
/// lit floor: shadow rays and camera rays enter it through the inner sphere and leave
/// through the outer one, two parts of one CSG object.
const SHELL: &str = "#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 5, -20> look_at <0, 0, 0> }
light_source { <0, 100, -100> color rgb 1 }
plane { y, 0 pigment { rgb 1 } finish { ambient 0 diffuse 1 } }
difference {
  sphere { 0, 60 } sphere { 0, 40 } hollow
  pigment { rgbf 1 }
  interior { media { absorption rgb <0.01, 0.02, 0.04> } }
}";

/// `povray +W64 +H48 -A +FN16` on SHELL (POV-Ray 3.7.0.10), every pixel within 1: the
/// floor inside the shell lit through it, and the floor beyond it seen through it.
/// Paired by object, not by the part crossed, the light went through the media from
/// the floor (<45999, 36475, 22561> at the first probe) and the media went on past
/// the shell.
#[test]
fn media_in_a_csg_shell_dim_light_only_inside_it() {
    assert_matches_povray(
        SHELL,
        64,
        48,
        &[(32, 40), (63, 13), (0, 13), (32, 14), (10, 30)],
        &[
            [52793, 48204, 40117],
            [37171, 33817, 27915],
            [37171, 33817, 27915],
            [30910, 19707, 7029],
            [52226, 47699, 39718],
        ],
    );
}
