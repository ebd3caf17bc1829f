//! `uv_mapping` read as POV-Ray 3.7 reads it: the rest of a pigment, normal or texture
//! block after it is one of its own; the object modifier before any texture; mesh
//! `uv_vectors` and `uv_indices`; and the errors.

use glam::DVec2;

use super::support::{error, scene};
use crate::scene::pattern::PatternKind;
use crate::scene::{PigmentPattern, Shape};
use crate::sdl::SceneErrorKind;

#[test]
fn the_rest_of_a_pigment_is_uv_mapped_and_outer_transforms_leave_it_alone() {
    let s = scene(
        "#declare P = pigment { uv_mapping checker rgb 1 rgb 0 scale 0.5 }\n\
         sphere { 0, 1 pigment { P } scale 3 }\n\
         sphere { 0, 1 texture { pigment { P } translate x } }",
    );
    let mut inners = Vec::new();
    for o in &s.objects {
        let PigmentPattern::Uv(inner) = &o.texture[0].pigment.pattern else {
            panic!("a uv-mapped pigment: {:?}", o.texture[0].pigment.pattern);
        };
        let PigmentPattern::Mapped { pattern, .. } = &inner.pattern else {
            panic!("checker inside");
        };
        assert_eq!(pattern.kind, PatternKind::Checker);
        assert!(o.texture[0].uses_uv());
        inners.push(inner.clone());
    }
    // Only its own scale: neither the object's scale nor the texture's translate
    // reached it.
    assert_eq!(inners[0], inners[1]);
}

#[test]
fn normals_textures_and_the_object_modifier_are_read() {
    let s = scene(
        "sphere { 0, 1 normal { uv_mapping bumps 0.4 scale 0.1 } }\n\
         box { 0, 1 texture { uv_mapping pigment { checker } finish { ambient 0.3 } } }\n\
         torus { 1, 0.2 uv_mapping pigment { checker } rotate x*90 }",
    );
    let n = s.objects[0].texture[0].normal.as_ref().expect("normal");
    assert!(n.uv);
    assert_eq!(n.pattern.kind, PatternKind::Bumps);
    assert!((n.amount - 0.4).abs() < 1e-12);
    let t = &s.objects[1].texture[0];
    assert!(t.uv && t.finish.ambient.x > 0.29);
    assert!(s.objects[2].uv_mapping);
    assert!(!s.objects[2].texture[0].uv);
}

#[test]
fn mesh_uv_vectors_reach_the_triangles() {
    let s = scene(
        "mesh2 { vertex_vectors { 4, <0,0,0>, <1,0,0>, <1,1,0>, <0,1,0> }\n\
           uv_vectors { 3, <0,0>, <1,0>, <0.5,1> }\n\
           face_indices { 2, <0,1,2>, <0,2,3> }\n\
           uv_indices { 2, <0,1,2>, <2,1,0> } }\n\
         mesh2 { vertex_vectors { 3, <0,0,0>, <1,0,0>, <1,1,0> }\n\
           uv_vectors { 3, <0,0>, <2,0>, <2,2> } face_indices { 1, <2,1,0> } }\n\
         mesh { triangle { <0,0,0>, <1,0,0>, <0,1,0> uv_vectors <0,0>, <3,0>, <0,3> } triangle { <0,0,1>, <1,0,1>, <0,1,1> } }",
    );
    let uvs: Vec<Vec<Option<[DVec2; 3]>>> = s
        .objects
        .iter()
        .map(|o| match &o.shape {
            Shape::Mesh { triangles } => triangles.iter().map(|t| t.uv.as_deref().copied()).collect(),
            _ => panic!("a mesh"),
        })
        .collect();
    let v = |x: f64, y: f64| DVec2::new(x, y);
    assert_eq!(uvs[0][0], Some([v(0.0, 0.0), v(1.0, 0.0), v(0.5, 1.0)]));
    assert_eq!(uvs[0][1], Some([v(0.5, 1.0), v(1.0, 0.0), v(0.0, 0.0)]));
    // One a vertex, by the face's vertex indices.
    assert_eq!(uvs[1][0], Some([v(2.0, 2.0), v(2.0, 0.0), v(0.0, 0.0)]));
    assert_eq!(uvs[2][0], Some([v(0.0, 0.0), v(3.0, 0.0), v(0.0, 3.0)]));
    assert_eq!(uvs[2][1], None);
}

#[test]
fn misplaced_or_mismatched_uv_is_an_error() {
    for (text, words) in [
        (
            "sphere { 0, 1 pigment { rgb 1 } uv_mapping }",
            "`uv_mapping` must be specified before the texture",
        ),
        (
            "mesh2 { vertex_vectors { 3, <0,0,0>, <1,0,0>, <1,1,0> } uv_vectors { 2, <0,0>, <1,0> } face_indices { 1, <0,1,2> } }",
            "`uv_vectors` without `uv_indices`",
        ),
        (
            "mesh2 { vertex_vectors { 3, <0,0,0>, <1,0,0>, <1,1,0> } uv_vectors { 2, <0,0>, <1,0> } face_indices { 1, <0,1,2> } uv_indices { 1, <0,1,5> } }",
            "uv index 5 is out of range",
        ),
        (
            "sky_sphere { pigment { uv_mapping checker } }",
            "sky_sphere",
        ),
    ] {
        let e = error(text);
        assert_eq!(e.kind(), SceneErrorKind::Semantic, "{text}: {e}");
        assert!(e.message().contains(words), "{text}: {e}");
    }
    let e = error("bicubic_patch { type 0 uv_vectors <0,0> <1,0> <1,1> <0,1> <0,0,0> <1,0,0> <2,0,0> <3,0,0> <0,1,0> <1,1,0> <2,1,0> <3,1,0> <0,2,0> <1,2,0> <2,2,0> <3,2,0> <0,3,0> <1,3,0> <2,3,0> <3,3,0> texture { uv_mapping pigment { checker } } }");
    assert_eq!(e.kind(), SceneErrorKind::Unsupported, "{e}");
    assert!(e.message().contains("`uv_mapping` on a `bicubic_patch`"), "{e}");
}
