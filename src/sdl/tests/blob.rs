//! `blob`: its threshold and components in both syntaxes, components' transforms and
//! textures, and clear errors for the hostile ones.

use super::support::{error, scene};
use crate::scene::{BlobKind, Shape};

fn blob(text: &str) -> std::sync::Arc<crate::scene::Blob> {
    match &scene(text).objects[0].shape {
        Shape::Blob(b) => b.clone(),
        other => panic!("expected a blob, found {other:?}"),
    }
}

#[test]
fn both_syntaxes_give_components_in_order() {
    let b = blob(
        "blob { threshold 0.6 component 1.0, 2.0, <1, 0, 0>
                sphere { <0, 1, 0>, 0.5, strength -2 }
                cylinder { 0, <0, 0, 3>, 1, 3 translate x }
                sturm hierarchy off pigment { rgb 1 } scale 2 }",
    );
    assert_eq!(b.threshold, 0.6);
    assert_eq!(b.components.len(), 3);
    assert!(matches!(b.components[0].kind, BlobKind::Sphere { center, radius }
        if center == glam::DVec3::X && radius == 2.0));
    assert_eq!(b.components[0].strength, 1.0);
    assert_eq!(b.components[1].strength, -2.0);
    assert!(matches!(b.components[2].kind, BlobKind::Cylinder { radius, .. } if radius == 1.0));
    assert_eq!(
        b.components[2].transform.transform_point3(glam::DVec3::ZERO),
        glam::DVec3::X
    );
    // The default threshold is 1.
    assert_eq!(blob("blob { sphere { 0, 1, 1 } }").threshold, 1.0);
}

#[test]
fn a_components_texture_follows_its_later_transforms() {
    let b = blob("blob { sphere { 0, 1, 1 pigment { rgb x } translate 2*x } sphere { 0, 1, 1 } }");
    assert_eq!(b.components[0].texture.len(), 1);
    assert!(b.components[1].texture.is_empty());
}

#[test]
fn hostile_blobs_are_errors_with_a_location() {
    let cases = [
        ("blob { threshold 0.5 }", "at least one component"),
        (
            "blob { threshold 0 sphere { 0, 1, 1 } }",
            "threshold must be a positive",
        ),
        (
            "blob { threshold -1 sphere { 0, 1, 1 } }",
            "threshold must be a positive",
        ),
        ("blob { sphere { 0, 0, 1 } }", "radius must be a positive"),
        ("blob { sphere { 0, -1, 1 } }", "radius must be a positive"),
        ("blob { component 1, 0, <0, 0, 0> }", "radius must be a positive"),
        (
            "#declare Big = 1e200;\nblob { sphere { 0, 1, Big*Big } }",
            "finite",
        ),
        (
            "#declare Big = 1e200;\nblob { sphere { 0, 1, Big*Big - Big*Big } }",
            "finite",
        ),
        (
            "#declare Big = 1e200;\nblob { sphere { <Big*Big, 0, 0>, 1, 1 } }",
            "finite",
        ),
        (
            "#declare Big = 1e200;\nblob { sphere { 0, Big*Big, 1 } }",
            "finite",
        ),
        ("blob { cylinder { 0, 0, 1, 1 } }", "degenerate cylinder"),
        (
            "blob { sphere { 0, 1, 1 matrix <0,0,0, 0,0,0, 0,0,0, 0,0,0> } }",
            "singular",
        ),
        ("blob { sphere { 0, 1, 1 open } }", "to close the blob's `sphere`"),
    ];
    for (text, message) in cases {
        let e = error(text);
        assert!(e.message().contains(message), "{text}: {e}");
        assert!(e.location().is_some(), "{text}: {e}");
    }
}

#[test]
fn a_blob_with_too_many_components_is_refused() {
    let e =
        super::support::error_with_object_limit("blob { #for (I, 0, 1000) sphere { I*x, 1, 1 } #end }", 100);
    assert_eq!(e.kind(), crate::sdl::SceneErrorKind::Limit);
    assert!(e.location().is_some(), "{e}");
}
