//! Each object type, CSG, object references, modifiers and meshes.

use glam::DVec3;

use super::support::{error, parse, scene};
use crate::scene::{CsgOp, Shape};

#[test]
fn primitives() {
    let s = scene(
        "sphere { <1, 2, 3>, 4 }\n\
         box { <-1, -1, -1>, <1, 2, 3> }\n\
         plane { <0, 2, 0>, 1 }\n\
         cylinder { 0, y, 0.5 open }\n\
         cone { 0, 1, y, 0.5 }\n\
         torus { 2, 0.5 }\n\
         disc { 0, z, 2, 1 }\n\
         triangle { 0, x, y }\n\
         smooth_triangle { 0, z, x, z, y, z }",
    );
    assert_eq!(s.objects.len(), 9);
    assert!(
        matches!(s.objects[0].shape, Shape::Sphere { center, radius } if center == DVec3::new(1.0, 2.0, 3.0) && radius == 4.0)
    );
    assert!(
        matches!(&s.objects[1].shape, Shape::Box(c) if **c == [DVec3::splat(-1.0), DVec3::new(1.0, 2.0, 3.0)])
    );
    // The plane is 1 unit along the normalised normal.
    assert!(
        matches!(s.objects[2].shape, Shape::Plane { normal, distance } if normal == DVec3::Y && distance == 1.0)
    );
    assert!(matches!(&s.objects[3].shape, Shape::Cylinder(c) if c.open && c.radius == 0.5));
    assert!(
        matches!(&s.objects[4].shape, Shape::Cone(c) if !c.open && c.base_radius == 1.0 && c.cap_radius == 0.5)
    );
    assert!(matches!(s.objects[5].shape, Shape::Torus { major, minor } if major == 2.0 && minor == 0.5));
    assert!(
        matches!(&s.objects[6].shape, Shape::Disc(d) if d.radius == 2.0 && d.hole_radius == 1.0 && d.normal == DVec3::Z)
    );
    assert!(matches!(&s.objects[7].shape, Shape::Triangle(v) if v[1] == DVec3::X));
    assert!(matches!(&s.objects[8].shape, Shape::SmoothTriangle(v) if v[5] == DVec3::Z));
}

#[test]
fn flags() {
    let s = scene("sphere { 0, 1 inverse no_shadow no_reflection no_image double_illuminate hollow on }");
    let o = &s.objects[0];
    assert!(o.inverse && o.no_shadow && o.no_reflection && o.no_image && o.double_illuminate && o.hollow);
    assert!(!scene("sphere { 0, 1 hollow off }").objects[0].hollow);
}

#[test]
fn csg_operations() {
    let s = scene(
        "union { sphere { 0, 1 } box { 0, 1 } }\n\
         intersection { sphere { 0, 1 } box { 0, 1 } }\n\
         difference { sphere { 0, 1 } box { 0, 1 } cutaway_textures }\n\
         merge { sphere { 0, 1 } sphere { x, 1 } }",
    );
    let ops: Vec<CsgOp> = s
        .objects
        .iter()
        .map(|o| match &o.shape {
            Shape::Csg { op, .. } => *op,
            _ => panic!(),
        })
        .collect();
    assert_eq!(
        ops,
        vec![CsgOp::Union, CsgOp::Intersection, CsgOp::Difference, CsgOp::Merge]
    );
    assert!(matches!(
        &s.objects[2].shape,
        Shape::Csg {
            cutaway_textures: true,
            ..
        }
    ));
}

#[test]
fn object_references_copy_and_modify() {
    let s = scene(
        "#declare Ball = sphere { 0, 1 translate x }\n\
         object { Ball translate y }\n\
         object { Ball }",
    );
    let t0 = s.objects[0]
        .transform
        .as_deref()
        .copied()
        .unwrap()
        .transform_point3(DVec3::ZERO);
    let t1 = s.objects[1]
        .transform
        .as_deref()
        .copied()
        .unwrap()
        .transform_point3(DVec3::ZERO);
    assert_eq!(t0, DVec3::new(1.0, 1.0, 0.0));
    assert_eq!(t1, DVec3::X);
    assert!(error("#declare T = texture { }\nobject { T }")
        .message()
        .contains("texture identifier `T`"));
    assert!(error("object { Nope }")
        .message()
        .contains("unknown identifier `Nope`"));
}

#[test]
fn lights_inside_objects_move_with_them() {
    let s = scene("union { sphere { 0, 1 } light_source { <1, 0, 0>, 1 } translate y }");
    assert_eq!(s.lights.len(), 1);
    assert_eq!(s.lights[0].position, DVec3::new(1.0, 1.0, 0.0));
    let s = scene("#declare L = light_source { 0, 1 }\nobject { L translate z }");
    assert_eq!(s.lights[0].position, DVec3::Z);
}

#[test]
fn meshes() {
    let s = scene(
        "#declare T = texture { pigment { rgb x } }\n\
         mesh {\n\
           triangle { 0, x, y }\n\
           smooth_triangle { 0, z, x, z, y, z texture { T } }\n\
           triangle { 0, x, 2 * x }\n\
           inside_vector y\n\
           translate z\n\
         }",
    );
    let Shape::Mesh { triangles } = &s.objects[0].shape else {
        panic!()
    };
    assert_eq!(triangles.len(), 2, "the degenerate triangle is dropped");
    assert!(triangles[0].normals.is_none() && triangles[0].texture.is_none());
    assert!(triangles[1].normals.is_some() && triangles[1].texture.is_some());
    assert!(s.objects[0].transform.is_some());
}

#[test]
fn modifier_errors() {
    assert!(error("sphere { 0, 1 open }")
        .message()
        .contains("expected `}` to close `sphere`"));
    assert!(error("cylinder { 0, 0, 1 }")
        .message()
        .contains("degenerate cylinder"));
    assert!(error("plane { 0, 1 }").message().contains("zero length"));
    assert!(error("sphere { 0, 1 clipped_by { } }")
        .message()
        .contains("`clipped_by` needs at least one object"));
    assert!(error("sphere { 0, 1 clipped_by { light_source { 0, 1 } } }")
        .message()
        .contains("light source cannot be used in `clipped_by`"));
    assert!(error("sphere { 0, 1 clipped_by { plane { y, 0 }")
        .message()
        .contains("to close `clipped_by`"));
    let (_, w) = parse("sphere { 0, 1 bounded_by { box { -1, 1 } } }").unwrap();
    assert!(w[0].message.contains("bounded_by"));
}

#[test]
fn clipping_objects_are_kept_in_the_clipped_objects_space() {
    let (s, _) =
        parse("sphere { 0, 1 translate x*2 clipped_by { plane { y, 0 } box { -1, 1 } } scale 3 }").unwrap();
    let object = &s.objects[0];
    let clips = object.clips();
    assert_eq!(clips.len(), 2);
    // Given after the translation, the plane is moved back by it into the sphere's
    // space; the later scale applies to both through the sphere's transform.
    let m = clips[0]
        .transform
        .as_deref()
        .expect("moved into the sphere's space");
    assert_eq!(
        m.transform_point3(glam::DVec3::ZERO),
        glam::DVec3::new(-2.0, 0.0, 0.0)
    );
    let world = object.transform.as_deref().expect("transformed");
    assert_eq!(
        world.transform_point3(glam::DVec3::ZERO),
        glam::DVec3::new(6.0, 0.0, 0.0)
    );
    // `clipped_by { bounded_by }` clips by the bounding objects.
    let (s, _) = parse("sphere { 0, 1 bounded_by { box { -1, 1 } } clipped_by { bounded_by } }").unwrap();
    assert_eq!(s.objects[0].clips().len(), 1);
}

#[test]
fn object_limit() {
    let e = super::support::error_with_object_limit("#for (I, 0, 1000) sphere { I, 1 } #end", 100);
    assert_eq!(e.kind(), crate::sdl::SceneErrorKind::Limit);
}

#[test]
fn mesh2_lists_and_indices_are_checked() {
    let s = scene(
        "mesh2 { vertex_vectors { 4, <0,0,0>, <1,0,0>, <0,1,0>, <1,1,0>, } \
         face_indices { 3, <0,1,2>, <1,3,2>, <0,0,1> } }",
    );
    let Shape::Mesh { triangles } = &s.objects[0].shape else {
        panic!("a mesh");
    };
    // The degenerate third face is dropped.
    assert_eq!(triangles.len(), 2);
    assert_eq!(triangles[1].vertices[1], DVec3::new(1.0, 1.0, 0.0));
    for (text, says) in [
        ("mesh2 { vertex_vectors { 2, <0,0,0>, <1,0,0> } face_indices { 1, <0,1,2> } }", "vertex index 2 is out of range"),
        ("mesh2 { vertex_vectors { -1 } }", "count of 0 or more"),
        ("mesh2 { vertex_vectors { 1e12, <0,0,0> } }", "more than the limit"),
        ("mesh2 { vertex_vectors { 2, <0,0,0> } }", "expected"),
        ("mesh2 { vertex_vectors { 3, 0, x, y } face_indices { 1, <0,1.5,2> } }", "whole number"),
        (
            "mesh2 { vertex_vectors { 3, 0, x, y } normal_vectors { 1, y } face_indices { 1, <0,1,2> } normal_indices { 2, <0,0,0>, <0,0,0> } }",
            "as many entries",
        ),
        (
            "mesh2 { vertex_vectors { 3, 0, x, y } texture_list { 1, texture { pigment { rgb 1 } } } face_indices { 1, <0,1,2>, 3 } }",
            "texture index 3 is out of range",
        ),
    ] {
        let e = error(text);
        assert!(e.message().contains(says), "{text}: {e}");
    }
}

#[test]
fn an_ovus_is_read_or_becomes_the_sphere_povray_makes() {
    let (s, warnings) = parse("ovus { 1, 0.5 }\novus { 1, 2.5 }").expect("parses");
    assert!(matches!(s.objects[0].shape, Shape::Ovus { bottom, top } if bottom == 1.0 && top == 0.5));
    assert!(
        matches!(s.objects[1].shape, Shape::Sphere { center, radius } if center == DVec3::Y && radius == 2.5),
        "a top of twice the bottom or more is a sphere"
    );
    assert!(
        warnings.iter().any(|w| w.to_string().contains("makes a sphere")),
        "{warnings:?}"
    );
    let e = error("ovus {\n -1, 0.5 }");
    assert!(e.message().contains("radii must be positive"), "{e}");
    assert_eq!(e.location().map(|l| l.line), Some(1), "{e}");
}
