//! The pieces of a `type 1` bicubic patch, cut once: a tree of bounding spheres over
//! the flat pieces, with the surface normals at their corners.

use glam::DVec3;

use super::bezier_net::{self, Net};
use super::bicubic_patch::{corners, piece_crossings, BicubicPatch, UvRect};

#[derive(Debug)]
struct Node {
    centre: DVec3,
    radius2: f64,
    /// The first child in `nodes`, or the piece in `pieces` when `children` is 0.
    first: u32,
    children: u32,
}

/// A piece cut no further: its corners and the surface's normals there.
#[derive(Debug)]
struct Piece {
    corners: [DVec3; 4],
    normals: [DVec3; 4],
}

#[derive(Debug)]
pub struct BezierTree {
    /// The root first; each node's children together.
    nodes: Vec<Node>,
    pieces: Vec<Piece>,
}

impl BezierTree {
    pub fn build(patch: &BicubicPatch) -> BezierTree {
        let mut tree = BezierTree {
            nodes: Vec::new(),
            pieces: Vec::new(),
        };
        tree.nodes.push(Node {
            centre: DVec3::ZERO,
            radius2: 0.0,
            first: 0,
            children: 0,
        });
        tree.nodes[0] = tree.grow(patch, patch.net(), UvRect::WHOLE, 0);
        tree.nodes.shrink_to_fit();
        tree.pieces.shrink_to_fit();
        tree
    }

    /// The node for `net`; its descendants are pushed onto `nodes`.
    fn grow(&mut self, patch: &BicubicPatch, net: &Net, rect: UvRect, depth: i32) -> Node {
        let (centre, radius2) = bezier_net::bounding_sphere(net);
        let cut = patch.cut(net, rect, depth);
        if cut.len == 0 {
            let normals = rect
                .corners()
                .map(|(u, v)| bezier_net::surface_normal(patch.net(), u, v));
            self.pieces.push(Piece {
                corners: corners(net),
                normals,
            });
            return Node {
                centre,
                radius2,
                first: self.pieces.len() as u32 - 1,
                children: 0,
            };
        }
        let first = self.nodes.len();
        for _ in 0..cut.len {
            self.nodes.push(Node {
                centre,
                radius2,
                first: 0,
                children: 0,
            });
        }
        for (k, (piece, piece_rect)) in cut.items[..cut.len].iter().enumerate() {
            self.nodes[first + k] = self.grow(patch, piece, *piece_rect, depth + 1);
        }
        Node {
            centre,
            radius2,
            first: first as u32,
            children: cut.len as u32,
        }
    }

    /// Every crossing of the unit ray, as (distance, unit normal).
    pub fn walk(&self, origin: DVec3, direction: DVec3, push: &mut dyn FnMut(f64, DVec3)) {
        self.visit(0, origin, direction, push);
    }

    fn visit(&self, index: usize, origin: DVec3, direction: DVec3, push: &mut dyn FnMut(f64, DVec3)) {
        let node = &self.nodes[index];
        if !bezier_net::ray_meets_sphere(origin, direction, node.centre, node.radius2) {
            return;
        }
        if node.children == 0 {
            let piece = &self.pieces[node.first as usize];
            piece_crossings(origin, direction, &piece.corners, || piece.normals, push);
            return;
        }
        let first = node.first as usize;
        for child in first..first + node.children as usize {
            self.visit(child, origin, direction, push);
        }
    }

    /// How many flat pieces the patch was cut into.
    pub fn piece_count(&self) -> usize {
        self.pieces.len()
    }
}
