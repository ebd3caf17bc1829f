//! The media a ray starts in: the interiors with media of the objects around a
//! camera ray's origin, as POV-Ray finds the interiors containing the camera.

use std::sync::Arc;

use glam::DVec3;

use super::{Node, World};
use crate::render::integrator::media::RenderInterior;

/// Where top-level objects with media in their interiors are: which list, which node.
#[derive(Clone, Copy, Debug)]
pub(super) enum TopNode {
    Bounded(usize),
    Unbounded(usize),
}

impl World {
    /// The top-level objects some of whose parts have media inside.
    pub(super) fn find_media_nodes(&self) -> Vec<TopNode> {
        let bounded = (0..self.bounded.len())
            .filter(|&i| self.has_media(&self.bounded[i]))
            .map(TopNode::Bounded);
        let unbounded = (0..self.unbounded.len())
            .filter(|&i| self.has_media(&self.unbounded[i]))
            .map(TopNode::Unbounded);
        bounded.chain(unbounded).collect()
    }

    fn has_media(&self, node: &Node) -> bool {
        match node {
            Node::Leaf(i) => !self.leaves[*i as usize].surface.interior.media.is_empty(),
            Node::Csg { children, .. } => children.iter().any(|c| self.has_media(c)),
            Node::Clip(nodes) => nodes.first().is_some_and(|n| self.has_media(n)),
        }
    }

    /// Whether any object has media inside.
    pub fn has_media_inside(&self) -> bool {
        !self.media_nodes.is_empty()
    }

    /// The interiors with media of the objects `p` is inside, in scene order.
    pub fn media_around(&self, p: DVec3) -> Vec<Arc<RenderInterior>> {
        let mut found = Vec::new();
        for top in &self.media_nodes {
            let node = match *top {
                TopNode::Bounded(i) => &self.bounded[i],
                TopNode::Unbounded(i) => &self.unbounded[i],
            };
            if self.inside(node, p) {
                if let Some(interior) = self.interior_at(node, p) {
                    if !found
                        .iter()
                        .any(|f: &Arc<RenderInterior>| Arc::ptr_eq(f, &interior))
                    {
                        found.push(interior);
                    }
                }
            }
        }
        found
    }

    /// The interior with media of the part of `node` that holds `p` (a CSG object's
    /// parts share its interior; a union's are its parts' own).
    fn interior_at(&self, node: &Node, p: DVec3) -> Option<Arc<RenderInterior>> {
        match node {
            Node::Leaf(i) => {
                let interior = &self.leaves[*i as usize].surface.interior;
                (!interior.media.is_empty()).then(|| interior.clone())
            }
            Node::Csg { children, .. } => children
                .iter()
                .filter(|c| self.inside(c, p))
                .chain(children.iter())
                .find_map(|c| self.interior_at(c, p)),
            Node::Clip(nodes) => nodes.first().and_then(|n| self.interior_at(n, p)),
        }
    }
}
