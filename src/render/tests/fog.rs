//! `fog` against POV-Ray 3.7.0: a constant fog with filter over a ground fog with
//! transmit, a tilted up vector and turbulence; seen over a floor, a far box and
//! the background, through a solid glass sphere (no fog inside it) and a `hollow`
//! one (fog inside); and a light with `media_attenuation` dimmed by the fog on its
//! way to a floor.

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0,1.5,-6> look_at <0,0.5,0> angle 60 }
light_source { <-4,8,-6> color rgb 1 }
background { rgb <0.2,0.3,0.6> }
fog { distance 12 color rgbf <0.8,0.8,0.9,0.3> }
fog { fog_type 2 distance 3 color rgbt <0.9,0.7,0.5,0.2> fog_offset 0.2 fog_alt 0.5 up <0.1,1,0> turbulence 0.6 turb_depth 0.4 octaves 4 omega 0.6 lambda 2.5 }
plane { y, -0.5 pigment { checker rgb 1 rgb 0.2 } }
sphere { <-1.5,0.5,0>, 0.8 pigment { rgbt <1,0.5,0.3,0.6> } interior { ior 1.3 } }
sphere { <1.5,0.5,0>, 0.8 pigment { rgbf <0.3,0.6,1,0.7> } hollow }
box { <-0.4,-0.5,3>, <0.4,2.5,20> pigment { rgb 0.8 } }
"#;

/// The far box, the two spheres, the floor near and far.
const PROBES: [(u32, u32); 9] = [
    (32, 10),
    (14, 22),
    (50, 26),
    (46, 22),
    (32, 14),
    (5, 44),
    (60, 44),
    (32, 40),
    (12, 38),
];

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its PNG;
/// over the whole image no channel differs by more than 1/65535.
const POVRAY: [[u32; 3]; 9] = [
    [58913, 57364, 57772],
    [62027, 57093, 54494],
    [56407, 54859, 56128],
    [53017, 53693, 58286],
    [60575, 58561, 58411],
    [64034, 60380, 57660],
    [58959, 55065, 52045],
    [60002, 55976, 52795],
    [62383, 58177, 54851],
];

#[test]
fn fog_shows_what_povray_shows() {
    assert_matches_povray(SCENE, 64, 48, &PROBES, &POVRAY);
}

/// A strong light 800 units away through a fog 80 units deep: only its
/// `media_attenuation` keeps the floor from burning out.
const FOGGED_LIGHT: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 }
camera { location <0, 20, -100> }
fog { color rgb 0.5 distance 80 }
plane {y, -10 pigment { checker rgb <1,1,0>, rgb <0,1,0> scale 20 } finish { ambient 0.2 diffuse 0.8 } hollow }
light_source {<500, 600, -200>, color 40000 media_attenuation on }
"#;

/// `povray +W64 +H48 -A +FN16` on FOGGED_LIGHT: every pixel matches.
#[test]
fn fog_dims_a_media_attenuated_light() {
    assert_matches_povray(
        FOGGED_LIGHT,
        64,
        48,
        &[(32, 45), (5, 45), (20, 30), (50, 40), (10, 35)],
        &[
            [38274, 59032, 38274],
            [39453, 54428, 39453],
            [48317, 48317, 46949],
            [41223, 58819, 41223],
            [44252, 49781, 44252],
        ],
    );
}
