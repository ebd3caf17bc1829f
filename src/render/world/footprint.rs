//! What one object costs, held to the sizes the memory goals rest on (a million spheres
//! within 400 MB): a field added inline to one of these types fails here first.

use std::mem::size_of;

use super::{Layer, Leaf, Node, Surface};
use crate::scene::{Object, Shape, Texture};

#[test]
fn the_scene_model_of_an_object_stays_small() {
    // Shapes of more than one vector are boxed: the largest inline one is a sphere.
    assert!(size_of::<Shape>() <= 40, "Shape is {} bytes", size_of::<Shape>());
    assert!(
        size_of::<Object>() <= 96,
        "Object is {} bytes",
        size_of::<Object>()
    );
    // The finish is shared, not held in each layer; 8 bytes went to the uv_mapping
    // flag (a million textured spheres: 8 MB).
    assert!(
        size_of::<Texture>() <= 104,
        "Texture is {} bytes",
        size_of::<Texture>()
    );
}

#[test]
fn the_compiled_form_of_an_object_stays_small() {
    assert!(size_of::<Leaf>() <= 72, "Leaf is {} bytes", size_of::<Leaf>());
    assert!(
        size_of::<Surface>() <= 40,
        "Surface is {} bytes",
        size_of::<Surface>()
    );
    assert!(size_of::<Layer>() <= 96, "Layer is {} bytes", size_of::<Layer>());
    assert!(size_of::<Node>() <= 24, "Node is {} bytes", size_of::<Node>());
}
