//! The non-planar cameras against POV-Ray 3.7.0: each projection (and the angles and
//! vector lengths that shape it) looking around one scene that fills every direction;
//! and the camera's `normal` tilting a perspective camera's rays.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
background { rgb <0.2, 0.4, 0.9> }
light_source { <5,10,-10> rgb 1 }
plane { y, -1 pigment { checker rgb 1 rgb <1,0,0> } }
sphere { <0,0,4>, 1 pigment { rgb <0,1,0> } }
sphere { <4,0,0>, 1 pigment { rgb <1,1,0> } }
sphere { <-4,0,0>, 1 pigment { rgb <0,1,1> } }
sphere { <0,0,-4>, 1 pigment { rgb <1,0,1> } }
sphere { <0,5,0>, 1.5 pigment { rgb <1,0.5,0> } }
"#;

/// Where the cameras stand and look, after the projection and its modifiers.
const PLACE: &str = "location <0.3, 0.5, 0.2> look_at <1, 0.3, 3>";

/// Corners, centre and edges; the corners lie outside the fisheye's and omnimax's circles.
const PROBES: [(u32, u32); 10] = [
    (0, 0),
    (63, 47),
    (32, 24),
    (10, 40),
    (50, 10),
    (2, 24),
    (60, 30),
    (20, 5),
    (40, 35),
    (25, 15),
];

/// `povray +W64 +H48 -A +FN16` on SCENE with each camera (POV-Ray 3.7.0.10): each
/// probe's 16-bit colour, read back from its PNG. Every other pixel of each image is
/// within 1/65535 too.
const CASES: [(&str, [[u32; 3]; 10]); 11] = [
    (
        "fisheye angle 200",
        [
            [0, 0, 0],
            [0, 0, 0],
            [41120, 41120, 41120],
            [0, 0, 0],
            [31754, 43593, 62565],
            [0, 0, 0],
            [0, 0, 0],
            [31754, 43593, 62565],
            [48907, 48907, 48907],
            [31754, 43593, 62565],
        ],
    ),
    (
        "ultra_wide_angle angle 150",
        [
            [31754, 43593, 62565],
            [49720, 49720, 49720],
            [40041, 0, 0],
            [47536, 47536, 47536],
            [31754, 43593, 62565],
            [35049, 35049, 35049],
            [22884, 22884, 0],
            [31754, 43593, 62565],
            [47921, 47921, 47921],
            [31754, 43593, 62565],
        ],
    ),
    (
        "omnimax",
        [
            [0, 0, 0],
            [0, 0, 0],
            [31754, 43593, 62565],
            [46568, 46568, 46568],
            [31754, 43593, 62565],
            [31754, 43593, 62565],
            [34414, 34414, 0],
            [31754, 43593, 62565],
            [46495, 46495, 46495],
            [31754, 43593, 62565],
        ],
    ),
    (
        "panoramic",
        [
            [22884, 16240, 0],
            [49136, 0, 0],
            [40892, 0, 0],
            [48396, 48396, 48396],
            [31754, 43593, 62565],
            [32780, 0, 0],
            [22884, 22884, 0],
            [31754, 43593, 62565],
            [48581, 0, 0],
            [31754, 43593, 62565],
        ],
    ),
    (
        "cylinder 1 angle 180",
        [
            [31754, 43593, 62565],
            [50383, 0, 0],
            [39243, 39243, 39243],
            [46237, 46237, 46237],
            [31754, 43593, 62565],
            [29798, 0, 0],
            [22884, 22884, 0],
            [31754, 43593, 62565],
            [46814, 46814, 46814],
            [0, 53311, 0],
        ],
    ),
    (
        "cylinder 2 angle 120",
        [
            [31754, 43593, 62565],
            [49044, 49044, 49044],
            [40119, 0, 0],
            [47663, 0, 0],
            [31754, 43593, 62565],
            [0, 41606, 0],
            [47212, 0, 0],
            [31754, 43593, 62565],
            [47745, 47745, 47745],
            [31754, 43593, 62565],
        ],
    ),
    (
        "cylinder 3 angle 270",
        [
            [31754, 43593, 62565],
            [31754, 43593, 62565],
            [38336, 0, 0],
            [31754, 43593, 62565],
            [38334, 38334, 0],
            [31754, 43593, 62565],
            [31754, 43593, 62565],
            [33439, 0, 0],
            [39511, 39511, 39511],
            [0, 49744, 0],
        ],
    ),
    (
        "cylinder 4 angle 200",
        [
            [22884, 16240, 0],
            [49567, 49567, 49567],
            [41054, 0, 0],
            [48524, 48524, 48524],
            [31754, 43593, 62565],
            [0, 54100, 0],
            [47681, 47681, 47681],
            [31754, 43593, 62565],
            [48371, 48371, 48371],
            [31754, 43593, 62565],
        ],
    ),
    (
        "spherical",
        [
            [22884, 16240, 0],
            [49135, 0, 0],
            [40923, 0, 0],
            [48987, 0, 0],
            [31754, 43593, 62565],
            [31754, 43593, 62565],
            [22884, 0, 0],
            [31754, 43593, 62565],
            [48952, 48952, 48952],
            [31754, 43593, 62565],
        ],
    ),
    (
        "spherical angle 270, 120",
        [
            [31754, 43593, 62565],
            [49862, 49862, 49862],
            [40166, 40166, 40166],
            [48198, 0, 0],
            [31754, 43593, 62565],
            [31754, 43593, 62565],
            [53285, 0, 0],
            [31754, 43593, 62565],
            [48393, 48393, 48393],
            [31754, 43593, 62565],
        ],
    ),
    (
        "ultra_wide_angle up y*0.8 right x*1.5",
        [
            [31754, 43593, 62565],
            [22884, 0, 0],
            [39076, 39076, 39076],
            [22884, 22884, 22884],
            [31754, 43593, 62565],
            [36798, 0, 0],
            [45768, 0, 0],
            [31754, 43593, 62565],
            [46007, 46007, 46007],
            [31754, 43593, 62565],
        ],
    ),
];

#[test]
fn cameras_match_povray() {
    for (camera, povray) in CASES {
        let text = format!("{SCENE}camera {{ {camera} {PLACE} }}");
        assert_matches_povray(&text, 64, 48, &PROBES, &povray);
    }
}

/// Rays tilted by the camera's `normal`, a pattern over the image.
const CAMERA_NORMAL: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 2, -6> look_at <0, 0.5, 0> normal { bumps 0.4 scale 0.1 } }
light_source { <5, 10, -10> rgb 1 }
plane { y, 0 pigment { checker rgb 1 rgb <0.2, 0.3, 0.8> } }
sphere { <0, 1, 0>, 1 pigment { rgb <1, 0.5, 0.2> } }
"#;

/// `povray +W64 +H48 -A +FN16` on CAMERA_NORMAL: every pixel matches within 1/65535
/// (2566 of them differ from the same scene without the camera's normal).
#[test]
fn camera_normal_tilts_the_rays() {
    assert_matches_povray(
        CAMERA_NORMAL,
        64,
        48,
        &[(32, 20), (30, 30), (10, 40), (50, 10), (20, 35), (45, 28)],
        &[
            [22884, 16240, 9942],
            [23397, 28366, 44506],
            [49144, 49144, 49144],
            [10337, 12902, 21236],
            [23367, 28332, 44454],
            [23364, 28328, 44448],
        ],
    );
}

/// A sphere in the focal plane in front of a far checkered wall.
fn focal_blur_scene(blur: &str) -> String {
    format!(
        "#version 3.7;\nglobal_settings {{ assumed_gamma 1.0 }}\n\
         camera {{ location <0, 0, -5> look_at 0 {blur} }}\n\
         light_source {{ <5, 10, -10> rgb 1 }}\n\
         sphere {{ 0, 1 pigment {{ rgb <1, 0.5, 0.2> }} }}\n\
         plane {{ -z, -30 pigment {{ checker rgb 1 rgb 0 scale 2 }} finish {{ ambient 1 diffuse 0 }} }}"
    )
}

/// Focal blur keeps the focal plane sharp and softens what lies far behind it, and
/// gives the same bytes on one thread as on two.
#[test]
fn focal_blur_softens_what_is_out_of_focus() {
    use super::povray_probes::render_plain;
    let blur = "aperture 0.6 blur_samples 7, 37 focal_point <0, 0, 0> confidence 0.95 variance 1/1000";
    let sharp = render_plain(&focal_blur_scene(""), 64, 48, 2);
    let blurred = render_plain(&focal_blur_scene(blur), 64, 48, 2);
    assert_eq!(
        blurred.pixels,
        render_plain(&focal_blur_scene(blur), 64, 48, 1).pixels
    );
    let grey = |image: &crate::render::film::output::Image, x: u32, y: u32| -> i32 {
        image.pixel(x, y).iter().map(|&c| i32::from(c)).sum::<i32>() / 3
    };
    // The sphere's middle is in focus.
    assert!((grey(&sharp, 32, 24) - grey(&blurred, 32, 24)).abs() <= 6);
    // The far wall's checks, far out of focus, change under most pixels.
    let changed = (0..64)
        .flat_map(|x| (0..6).map(move |y| (x, y)))
        .filter(|&(x, y)| (grey(&sharp, x, y) - grey(&blurred, x, y)).abs() > 30)
        .count();
    assert!(changed > 64 * 6 / 3, "{changed} of {}", 64 * 6);
}
