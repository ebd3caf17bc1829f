//! A scene's blob compiled into field elements: spheres become balls, cylinders a
//! body and two hemispherical ends, each with the component's transforms folded in;
//! and the textures a blob blends at a point.

use std::sync::Arc;

use glam::{DAffine3, DQuat, DVec3};

use crate::render::shapes::blob::Blob;
use crate::render::shapes::blob_element::{Element, Piece};
use crate::render::shapes::Primitive;
use crate::scene::{self, BlobKind};

use super::{Leaf, Surface, World};

/// The blob's elements; each component with a texture of its own is a texture group
/// of its own (numbered from 1 in order), the rest group 0.
pub fn compile(blob: &scene::Blob) -> Blob {
    let mut elements = Vec::with_capacity(blob.components.len());
    let mut groups = 1u32;
    for c in &blob.components {
        let group = if !c.texture.is_empty() {
            groups += 1;
            groups - 1
        } else {
            0
        };
        // A component without strength adds nothing anywhere.
        if c.strength == 0.0 {
            continue;
        }
        let placed = DAffine3::from_mat4(c.transform);
        match c.kind {
            BlobKind::Sphere { center, radius } => {
                let unit = placed
                    * DAffine3::from_scale_rotation_translation(
                        DVec3::splat(radius),
                        DQuat::IDENTITY,
                        center,
                    );
                elements.push(Element::new(Piece::Ball, unit, c.strength, group));
            }
            BlobKind::Cylinder { base, apex, radius } => {
                let axis = apex - base;
                let length = axis.length();
                if length <= 0.0 || radius <= 0.0 {
                    continue;
                }
                let turn = DQuat::from_rotation_arc(DVec3::Z, axis / length);
                let body =
                    placed * DAffine3::from_scale_rotation_translation(DVec3::splat(radius), turn, base);
                let length = length / radius;
                let ends = [
                    body * DAffine3::from_scale(DVec3::new(1.0, 1.0, -1.0)),
                    body * DAffine3::from_translation(DVec3::new(0.0, 0.0, length)),
                ];
                elements.push(Element::new(Piece::Body { length }, body, c.strength, group));
                for end in ends {
                    elements.push(Element::new(Piece::Cap, end, c.strength, group));
                }
            }
        }
    }
    Blob::new(elements, blob.threshold, groups)
}

impl World {
    /// For a leaf that is a blob whose components have textures of their own: the
    /// surface of each texture and its share of the field at world point `p`.
    pub fn blob_textures(&self, leaf: u32, p: DVec3) -> Option<(&[Arc<Surface>], Vec<f64>)> {
        self.leaf_blob_textures(self.leaves.get(leaf as usize)?, p)
    }

    /// [`World::blob_textures`] for a leaf of this world.
    pub fn leaf_blob_textures<'w>(&self, leaf: &'w Leaf, p: DVec3) -> Option<(&'w [Arc<Surface>], Vec<f64>)> {
        let Primitive::Blob(part) = &leaf.primitive else {
            return None;
        };
        let textures = part.textures.as_deref()?;
        let local = match self.transforms.get(leaf.transform as usize) {
            Some(xf) => xf.point_to_local(p),
            None => p,
        };
        Some((textures, part.blob.shares(local)))
    }
}
