//! Transformations on objects and how they interact with textures.

use glam::{DMat4, DVec3};

use super::support::scene;

fn close(a: DVec3, b: DVec3) -> bool {
    (a - b).length() < 1e-9
}

/// The pigment's transform; a patterned pigment holds it as its pattern's outermost.
fn pigment_transform(text: &str) -> DMat4 {
    let s = scene(text);
    let pigment = &s.objects[0].texture.last().unwrap().pigment;
    if let crate::scene::PigmentPattern::Mapped { pattern, .. } = &pigment.pattern {
        return match pattern.warps.first() {
            Some(crate::scene::pattern::Warp::Transform(m)) => *m,
            _ => DMat4::IDENTITY,
        };
    }
    pigment.transform.as_deref().copied().unwrap_or(DMat4::IDENTITY)
}

#[test]
fn transforms_accumulate_in_order() {
    let s = scene("sphere { 0, 1 scale 2 translate x }\nsphere { 0, 1 translate x scale 2 }");
    let a = s.objects[0].transform.as_deref().copied().unwrap();
    let b = s.objects[1].transform.as_deref().copied().unwrap();
    assert!(close(a.transform_point3(DVec3::X), DVec3::new(3.0, 0.0, 0.0)));
    assert!(close(b.transform_point3(DVec3::X), DVec3::new(4.0, 0.0, 0.0)));
    let s = scene("sphere { 0, 1 rotate <90, 0, 0> }\nsphere { 0, 1 rotate 90 * y }");
    assert!(close(
        s.objects[0]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_point3(DVec3::Y),
        DVec3::Z
    ));
    assert!(close(
        s.objects[1]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_point3(DVec3::X),
        -DVec3::Z
    ));
}

#[test]
fn matrix_and_transform_blocks() {
    let s = scene("sphere { 0, 1 matrix <1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 2, 3> }");
    assert!(close(
        s.objects[0]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_point3(DVec3::ZERO),
        DVec3::new(1.0, 2.0, 3.0)
    ));
    let s = scene(
        "#declare T = transform { scale 2 translate x }\n\
         sphere { 0, 1 transform T }\n\
         sphere { 0, 1 transform { T inverse } }\n\
         sphere { 0, 1 transform T transform { T inverse } }",
    );
    assert!(close(
        s.objects[0]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_point3(DVec3::X),
        DVec3::new(3.0, 0.0, 0.0)
    ));
    assert!(close(
        s.objects[1]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_point3(DVec3::new(3.0, 0.0, 0.0)),
        DVec3::X
    ));
    assert!(close(
        s.objects[2]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_point3(DVec3::new(5.0, 1.0, 0.0)),
        DVec3::new(5.0, 1.0, 0.0)
    ));
}

#[test]
fn zero_scale_is_replaced_with_a_warning() {
    let (s, w) = super::support::parse("sphere { 0, 1 scale <2, 0, 1> }").unwrap();
    assert!(close(
        s.objects[0]
            .transform
            .as_deref()
            .copied()
            .unwrap()
            .transform_vector3(DVec3::ONE),
        DVec3::new(2.0, 1.0, 1.0)
    ));
    assert_eq!(w.len(), 1);
}

#[test]
fn textures_before_a_transform_move_with_the_object() {
    // Texture first: the pigment stays in object space (identity).
    let m = pigment_transform("sphere { 0, 1 pigment { checker } translate x }");
    assert!(close(m.transform_point3(DVec3::ZERO), DVec3::ZERO));
    // Texture after the transform: the pigment is fixed in the world, so in object
    // space it is moved back by the inverse.
    let m = pigment_transform("sphere { 0, 1 translate x pigment { checker } }");
    assert!(close(m.transform_point3(DVec3::ZERO), -DVec3::X));
    let m = pigment_transform("sphere { 0, 1 scale 2 texture { pigment { checker } scale 4 } }");
    assert!(close(m.transform_point3(DVec3::X), DVec3::new(2.0, 0.0, 0.0)));
}

#[test]
fn texture_transforms_apply_to_the_pattern() {
    let m = pigment_transform("sphere { 0, 1 texture { pigment { checker scale 2 } translate y } }");
    assert!(close(m.transform_point3(DVec3::X), DVec3::new(2.0, 1.0, 0.0)));
}

#[test]
fn camera_and_light_transforms() {
    let s = scene("camera { location 0 look_at z translate <1, 2, 3> }\nlight_source { 0, 1 translate x rotate 90 * y }");
    assert!(close(s.camera.location, DVec3::new(1.0, 2.0, 3.0)));
    assert!(close(s.lights[0].position, -DVec3::Z));
}
