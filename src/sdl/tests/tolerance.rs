//! The loose forms POV-Ray 3.7 reads and its sample scenes use: optional commas, the old
//! spelling of `#default`, declared items as the base of a block, array elements as items.

use glam::DVec3;

use super::support::{error, scene};
use crate::scene::{Colour, PigmentPattern, Shape};

fn sphere_centre(shape: &Shape) -> DVec3 {
    match shape {
        Shape::Sphere { center, .. } => *center,
        other => panic!("expected a sphere, found {other:?}"),
    }
}

#[test]
fn commas_pov_ray_leaves_optional() {
    let s = scene(
        "#declare A = array[3] { 1 2, 3 }\n\
         sphere { <A[0], A[1], A[2],>, 1 finish { reflection { 0.0 1.0 fresnel on } }\n\
                  normal { bumps, 0.3 } }",
    );
    let o = &s.objects[0];
    assert_eq!(sphere_centre(&o.shape), DVec3::new(1.0, 2.0, 3.0));
    let finish = &o.texture[0].finish;
    assert_eq!(
        (finish.reflection_min, finish.reflection_max),
        (DVec3::ZERO, DVec3::ONE)
    );
    assert!(finish.reflection_fresnel);
    assert_eq!(o.texture[0].normal.as_ref().map(|n| n.amount), Some(0.3));
    // A comma after only one component is still not a vector.
    let short = error("sphere { <1,>, 1 }");
    assert!(short.to_string().contains("expected an expression"), "{short}");
}

#[test]
fn default_without_a_hash_is_the_old_spelling_of_the_directive() {
    let s = scene("default { pigment { rgb <1, 0, 0> } }\nsphere { 0, 1 }");
    assert_eq!(
        s.objects[0].texture[0].pigment.pattern,
        PigmentPattern::Solid(Colour::rgb(1.0, 0.0, 0.0))
    );
}

#[test]
fn array_elements_and_declared_lights_open_blocks() {
    let s = scene(
        "#declare T = array[2][2] {\n\
           { texture { pigment { rgb x } }, texture { pigment { rgb y } } }\n\
           { texture { pigment { rgb z } }, texture { pigment { rgb 1 } } }\n\
         }\n\
         #declare L = light_source { <1, 2, 3>, rgb 1 }\n\
         light_source { L translate x }\n\
         sphere { 0, 1 texture { T[1][0] } }",
    );
    assert_eq!(
        s.objects[0].texture[0].pigment.pattern,
        PigmentPattern::Solid(Colour::rgb(0.0, 0.0, 1.0))
    );
    assert_eq!(s.lights[0].position, DVec3::new(2.0, 2.0, 3.0));
    let wrong = error("#declare A = array[1] { 1 }\nsphere { 0, 1 texture { A[0] } }");
    assert!(wrong.to_string().contains("array `A`"), "{wrong}");
}

#[test]
fn area_light_and_matrix_commas_are_optional_and_a_stray_hash_is_skipped() {
    let s = scene(
        "light_source { <0, 9, 0> rgb 1 area_light <4 0 0> <0 0 4> 10 5 }\n\
         camera { location <0, 2, -10> look_at <0, 2, 0>#\n }\n\
         sphere { 0, 1 matrix <1 0 0 0 1 0 0 0 1 2 3 4> }",
    );
    let area = s.lights[0].area.as_ref().expect("an area light");
    assert_eq!((area.axis1, area.axis2), (DVec3::X * 4.0, DVec3::Z * 4.0));
    assert_eq!((area.size1, area.size2), (10, 5));
    let moved = s.objects[0].transform.as_ref().expect("a transform");
    assert_eq!(moved.transform_point3(DVec3::ZERO), DVec3::new(2.0, 3.0, 4.0));
}
