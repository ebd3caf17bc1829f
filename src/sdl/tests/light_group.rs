//! `light_group` as read: its objects become a union, its lights stay with it (in its
//! space, moved by its transformations when rendered), and what does not belong in
//! it is refused where it is.

use super::support::{error, scene};
use crate::scene::Shape;

#[test]
fn objects_lights_and_modifiers() {
    let s = scene(
        "#declare Lamp = light_source { <0, 5, 0> rgb 1 }\n\
         #declare Ball = sphere { 0, 1 }\n\
         light_group { light_source { Lamp } Ball box { 0, 1 } global_lights translate x photons { target } }\n\
         light_group { sphere { 0, 1 } light_source { <1, 2, 3> rgb 1 } global_lights off }",
    );
    assert!(s.lights.is_empty(), "group lights are not the scene's");
    assert_eq!(s.objects.len(), 2);
    let first = &s.objects[0];
    let Shape::Csg { children, .. } = &first.shape else {
        panic!("a light group is a union");
    };
    assert_eq!(children.len(), 2);
    let group = first.light_group().expect("a light group");
    assert!(group.global_lights);
    assert_eq!(group.lights.len(), 1);
    // The lights keep their place in the group; the group's own move is its transform.
    assert_eq!(group.lights[0].position.x, 0.0);
    assert_eq!(first.transform.as_ref().expect("moved").w_axis.x, 1.0);
    let second = s.objects[1].light_group().expect("a light group");
    assert!(!second.global_lights);
    assert_eq!(second.lights[0].position.y, 2.0);
}

#[test]
fn declared_groups_are_objects() {
    let s = scene(
        "#declare G = light_group { sphere { 0, 1 } light_source { <0, 5, 0> rgb 1 } }\n\
         object { G scale 2 }\nlight_group { G light_source { <5, 0, 0> rgb 1 } }",
    );
    assert_eq!(s.objects.len(), 2);
    assert!(s.objects[0].light_group().is_some());
    let Shape::Csg { children, .. } = &s.objects[1].shape else {
        panic!("a union");
    };
    assert!(
        children[0].light_group().is_some(),
        "the inner group stays a group"
    );
}

#[test]
fn what_does_not_belong_is_refused() {
    for (text, message, column) in [
        (
            "light_group { sphere { 0, 1 } pigment { rgb 1 } }",
            "in `light_group`, found `pigment`",
            31,
        ),
        (
            "light_group { sphere { 0, 1 } global_lights on global_lights 2 3 }",
            "in `light_group`, found number `3`",
            64,
        ),
        (
            "#declare P = pigment { rgb 1 }\nlight_group { P }",
            "in `light_group`, found `P`",
            15,
        ),
    ] {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert_eq!(e.location().expect("a location").column, column, "{text}: {e}");
    }
}
