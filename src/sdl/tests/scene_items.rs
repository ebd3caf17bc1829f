//! Camera, lights, background and global settings.

use glam::DVec3;

use super::support::{error, parse, scene};
use crate::scene::{LightKind, Projection};

fn close(a: DVec3, b: DVec3) -> bool {
    (a - b).length() < 1e-9
}

#[test]
fn camera_defaults_and_items() {
    let s = scene("sphere { 0, 1 }");
    assert_eq!(s.camera.right, DVec3::new(1.33, 0.0, 0.0));
    assert_eq!(s.camera.projection, Projection::Perspective);
    let s = scene("camera { location <0, 0, -5> right x * 2 up y direction z * 3 }");
    assert_eq!(
        (s.camera.right, s.camera.direction),
        (DVec3::new(2.0, 0.0, 0.0), DVec3::new(0.0, 0.0, 3.0))
    );
    // angle sets the direction length from right's length (90 degrees: 0.5 * |right|).
    let s = scene("camera { right x * 4/3 angle 90 }");
    assert!((s.camera.direction.length() - 2.0 / 3.0).abs() < 1e-12);
    // Items in any order: look_at before location still looks at the point.
    let s = scene("camera { look_at <0, 0, 0> location <0, 0, -2> }");
    assert!(close(s.camera.direction, DVec3::Z));
    // sky tilts the camera.
    let s = scene("camera { location <0, 0, -1> sky x look_at 0 }");
    assert!(close(s.camera.up, DVec3::X));
    // A declared camera can be reused and modified.
    let s = scene("#declare C = camera { location <0, 0, -3> }\ncamera { C look_at <1, 0, 0> }");
    assert!(close(s.camera.location, DVec3::new(0.0, 0.0, -3.0)));
}

#[test]
fn orthographic_camera() {
    let s = scene("camera { orthographic location <0, 0, -10> look_at 0 }");
    assert_eq!(s.camera.projection, Projection::Orthographic);
    // Without up/right: the perspective view area at the look_at distance.
    assert!(close(s.camera.right, DVec3::new(13.3, 0.0, 0.0)));
    assert!(close(s.camera.up, DVec3::new(0.0, 10.0, 0.0)));
    let s = scene("camera { orthographic location <0, 0, -10> up y * 4 right x * 4 look_at 0 }");
    assert!(close(s.camera.right, DVec3::new(4.0, 0.0, 0.0)));
    assert!(error("camera { angle 200 }").message().contains("angle"));
    assert!(error("camera { location 0 look_at 0 }")
        .message()
        .contains("own location"));
}

#[test]
fn light_types() {
    let s = scene(
        "light_source { <0, 10, 0>, rgb 1 spotlight point_at 0 radius 10 falloff 20 tightness 5 }\n\
         light_source { 0 color rgb <1, 0, 0> cylinder point_at y }\n\
         light_source { y * 100, 1 parallel point_at 0 shadowless }\n\
         light_source { 0, 1 fade_distance 5 fade_power 2 media_interaction off }\n\
         light_source { 0, 1 area_light x, z, 3, 4 circular orient adaptive 2 }",
    );
    assert_eq!(s.lights.len(), 5);
    assert_eq!(
        s.lights[0].kind,
        LightKind::Spot {
            point_at: DVec3::ZERO,
            radius: 10.0,
            falloff: 20.0,
            tightness: 5.0
        }
    );
    assert_eq!(
        s.lights[1].kind,
        LightKind::Cylinder {
            point_at: DVec3::Y,
            radius: 0.75,
            falloff: 1.0,
            tightness: 0.0
        }
    );
    assert_eq!(s.lights[1].colour, DVec3::X);
    assert_eq!(
        s.lights[2].kind,
        LightKind::Parallel {
            point_at: DVec3::ZERO
        }
    );
    assert!(s.lights[2].shadowless);
    assert_eq!((s.lights[3].fade_distance, s.lights[3].fade_power), (5.0, 2.0));
    assert!(!s.lights[3].media_interaction);
    let a = s.lights[4].area.as_ref().unwrap();
    assert_eq!(
        (a.size1, a.size2, a.adaptive, a.circular, a.orient, a.jitter),
        (3, 4, 2, true, true, false)
    );
    let s = scene("light_source { 0, 1 spotlight }");
    assert!(
        matches!(s.lights[0].kind, LightKind::Spot { radius, falloff, .. } if radius == 30.0 && falloff == 45.0)
    );
}

#[test]
fn projected_through_objects_move_with_their_light_and_lose_their_texture() {
    let s = scene(
        "#declare W = box { -1, 1 pigment { rgb 1 } }\n\
         light_source { 0, 1 projected_through { W scale 2 } translate x }",
    );
    let through = s.lights[0].projected_through.as_ref().expect("projected");
    assert!(through.0.texture.is_empty());
    let m = through.0.transform.as_deref().expect("placed");
    assert_eq!(m.transform_point3(DVec3::ONE), DVec3::new(3.0, 2.0, 2.0));
    assert!(s.objects.is_empty(), "the object is not rendered");
    let e = error(
        "light_source { 0, 1 projected_through { sphere { 0, 1 } } projected_through { sphere { 0, 1 } } }",
    );
    assert!(e.message().contains("at most one `projected_through`"), "{e}");
    let e = error("light_source { 0, 1 projected_through { 1 } }");
    assert!(
        e.message().contains("an object inside `projected_through`"),
        "{e}"
    );
}

#[test]
fn looks_like_objects_stand_at_their_light_and_cast_no_shadow() {
    let s = scene(
        "light_source { <1, 2, 3>, 1 looks_like { sphere { 0, 0.5 } } translate x }
         union { light_source { 0, 1 looks_like { box { -1, 1 } scale 0.5 } } translate y }",
    );
    assert_eq!(s.lights.len(), 2);
    assert_eq!(s.lights[0].position, DVec3::new(2.0, 2.0, 3.0));
    assert_eq!(s.lights[1].position, DVec3::Y);
    assert_eq!(s.objects.len(), 2);
    let sphere = &s.objects[0];
    assert!(sphere.no_shadow);
    let at = sphere
        .transform
        .as_deref()
        .expect("placed")
        .transform_point3(DVec3::ZERO);
    assert_eq!(at, DVec3::new(2.0, 2.0, 3.0));
    // An object identifier on its own, as POV-Ray's own scenes write it.
    let s = scene(
        "#declare Sun = sphere { 0, 6 }\nlight_source { 0, 1 looks_like { Sun } translate <0, 50, 9> }",
    );
    assert_eq!(s.objects.len(), 1);
    assert!(s.objects[0].no_shadow);
    let e = error("light_source { 0, 1 looks_like { sphere { 0, 1 } } looks_like { sphere { 0, 1 } } }");
    assert!(e.message().contains("at most one `looks_like`"), "{e}");
    let e = error("light_source { 0, 1 looks_like { light_source { 0, 1 } } }");
    assert!(e.message().contains("cannot be or hold a light source"), "{e}");
    let e = error("light_source { 0, 1 looks_like { 42 } }");
    assert!(e.message().contains("an object inside `looks_like`"), "{e}");
}

#[test]
fn background_and_global_settings() {
    let (s, w) = parse(
        "background { color rgb <0.1, 0.2, 0.3> }\n\
         global_settings { assumed_gamma 1.0 ambient_light rgb 0.5 max_trace_level 10 adc_bailout 0.01 charset utf8 max_intersections 64\n\
           radiosity { count 100, 200 nearest_count 5 error_bound 0.5 recursion_limit 2 always_sample off normal on media off brightness 0.9 } }",
    )
    .unwrap();
    assert_eq!(s.background.rgb, DVec3::new(0.1, 0.2, 0.3));
    let g = &s.global;
    assert_eq!(g.assumed_gamma, Some(1.0));
    assert_eq!(g.ambient_light, DVec3::splat(0.5));
    assert_eq!((g.max_trace_level, g.adc_bailout), (10, 0.01));
    let r = g.radiosity.as_ref().unwrap();
    assert_eq!(
        (
            r.count,
            r.nearest_count,
            r.error_bound,
            r.recursion_limit,
            r.brightness
        ),
        (100, 5, 0.5, 2, 0.9)
    );
    assert!(r.normal && !r.always_sample && !r.media);
    // Defaults for what was not set.
    assert_eq!(r.pretrace_start, 0.08);
    // max_intersections is ignored, and said so; every radiosity setting is rendered.
    let messages: Vec<&str> = w.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("`max_intersections`"), "{messages:?}");
}

#[test]
fn radiosity_presets_from_rad_def() {
    let s = scene("#include \"rad_def.inc\"\nglobal_settings { radiosity { Rad_Settings(Radiosity_IndoorHQ, on, off) } }");
    let r = s.global.radiosity.unwrap();
    assert_eq!(
        (r.count, r.nearest_count, r.error_bound, r.recursion_limit),
        (400, 8, 0.15, 3)
    );
    assert_eq!(
        (r.pretrace_end, r.low_error_factor, r.adc_bailout),
        (0.004, 0.5, 0.005)
    );
    assert!(r.normal && !r.media);
    let s = scene("#include \"rad_def.inc\"\nglobal_settings { radiosity { Rad_Settings(Radiosity_Default, off, off) } }");
    assert_eq!(s.global.radiosity.unwrap(), crate::scene::Radiosity::default());
}

#[test]
fn area_light_flags_in_any_order() {
    let s = scene("light_source { 0, 1 jitter adaptive 2 area_light x, z, 2, 2 orient circular off }");
    let a = s.lights[0].area.as_ref().unwrap();
    assert!(a.jitter && a.orient && !a.circular);
    assert_eq!(a.adaptive, 2);
    let (_, w) = parse("light_source { 0, 1 jitter }").unwrap();
    assert!(w[0].message.contains("jitter"));
}

#[test]
fn a_camera_looking_along_its_sky_keeps_its_right_vector() {
    let s = scene("camera { location 22*y up y right x look_at 0 }\nsphere { 0, 1 }");
    let c = &s.camera;
    assert!(close(c.direction.normalize(), -DVec3::Y), "{:?}", c.direction);
    assert!(close(c.right, DVec3::X), "{:?}", c.right);
    assert!(close(c.up.normalize().abs(), DVec3::Z), "{:?}", c.up);
    let e = error("camera { location 22*y right y look_at 0 }");
    assert!(e.to_string().contains("sky vector and its right vector"), "{e}");
}

#[test]
fn orient_on_a_light_that_is_not_square_says_it_becomes_square() {
    let (_, w) = parse("light_source { 0, 1 area_light x, 2 * z, 3, 3 orient }").unwrap();
    assert!(w.iter().any(|w| w.message.contains("square")), "{w:?}");
    let (_, w) = parse("light_source { 0, 1 area_light x, z, 3, 4 orient }").unwrap();
    assert!(w.iter().any(|w| w.message.contains("square")), "{w:?}");
    let (_, w) = parse("light_source { 0, 1 area_light x, z, 3, 3 orient circular }").unwrap();
    assert!(w.is_empty(), "{w:?}");
}

#[test]
fn circular_on_a_light_with_one_row_says_it_stays_a_line() {
    let (_, w) = parse("light_source { 0, 1 area_light x, z, 5, 1 circular }").unwrap();
    assert!(w.iter().any(|w| w.message.contains("stays a line")), "{w:?}");
    let (_, w) = parse("light_source { 0, 1 area_light x, z, 1, 3 circular }").unwrap();
    assert!(w.iter().any(|w| w.message.contains("stays a line")), "{w:?}");
    let (_, w) = parse("light_source { 0, 1 area_light x, z, 2, 2 circular }").unwrap();
    assert!(w.is_empty(), "{w:?}");
}
