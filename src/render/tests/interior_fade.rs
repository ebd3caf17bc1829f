//! Light through interiors against POV-Ray 3.7.0: `fade_distance`, `fade_power` (power
//! and exponential) with `fade_color`, fake `caustics` in shadows, and total internal
//! reflection inside a refracting box (not filtered by the surface, as in POV-Ray).

use super::povray_probes::assert_matches_povray;

const SCENE: &str = r#"
#version 3.7;
global_settings { assumed_gamma 1.0 max_trace_level 10 }
camera { location <0,3,-6> look_at <0,0.5,0> angle 50 }
light_source { <3,10,-4> rgb 1 }
plane { y, 0 pigment { checker rgb 1 rgb 0.3 } }
sphere { <-1.2,1,0>, 1
  pigment { rgbf <1,1,1,0.9> } finish { ambient 0 diffuse 0 }
  interior { ior 1.3 caustics 1 fade_distance 0.8 fade_power 2 fade_color rgb <1,0.2,0.1> } }
box { <0.3,0.01,-0.7>, <1.9,1.6,0.7> rotate y*30
  pigment { rgbt <0.8,0.9,1,0.6> } finish { ambient 0 diffuse 0.1 }
  interior { ior 1.5 fade_distance 1 fade_power 1001 fade_color rgb <0.2,0.6,1> caustics 0.5 } }
"#;

/// `povray +W64 +H48 -A +FN16` on SCENE (POV-Ray 3.7.0.10), read back from its 16-bit
/// PNG; every other pixel of the image is within 2/65535 too.
const POVRAY: [((u32, u32), [u32; 3]); 10] = [
    ((10, 40), [53669, 53669, 53669]),
    ((20, 20), [26453, 14910, 12589]),
    ((30, 25), [30714, 30714, 30714]),
    ((40, 15), [14680, 19340, 29744]),
    ((45, 30), [7026, 10203, 15270]),
    ((50, 40), [32035, 32035, 32035]),
    ((15, 30), [28285, 20370, 19095]),
    ((55, 20), [30370, 30370, 30370]),
    ((33, 35), [54439, 54439, 54439]),
    ((25, 10), [24943, 11723, 9894]),
];

#[test]
fn faded_interiors_and_fake_caustics_match_povray() {
    let probes: Vec<(u32, u32)> = POVRAY.iter().map(|p| p.0).collect();
    let colours: Vec<[u32; 3]> = POVRAY.iter().map(|p| p.1).collect();
    assert_matches_povray(SCENE, 64, 48, &probes, &colours);
}

#[test]
fn without_fading_the_light_comes_through_brighter() {
    // The same scene with no fade: the probes inside the sphere and the box change, so
    // the POV-Ray values above do test the fading.
    let plain = SCENE
        .replace("fade_distance 0.8 fade_power 2 fade_color rgb <1,0.2,0.1>", "")
        .replace("fade_distance 1 fade_power 1001 fade_color rgb <0.2,0.6,1>", "");
    let image = super::povray_probes::render_plain(&plain, 64, 48, 2);
    let faded = super::povray_probes::render_plain(SCENE, 64, 48, 2);
    assert_ne!(image.pixel(20, 20), faded.pixel(20, 20));
    assert_ne!(image.pixel(40, 15), faded.pixel(40, 15));
}
