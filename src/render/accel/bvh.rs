//! Bounding volume hierarchy built with the surface area heuristic (binned SAH).
//!
//! Generic over what it holds: the world uses it for objects, meshes for triangles.
//! Items are referred to by their index in the slice of bounds given to [`Bvh::build`].

use glam::DVec3;

use crate::render::accel::bounds::Aabb;
use crate::render::ray::Ray;

const BINS: usize = 12;
const MAX_LEAF_ITEMS: usize = 4;

#[derive(Clone, Debug)]
struct Node {
    bounds: Aabb,
    /// Leaf: index of the first item in `order`; inner: index of the second child
    /// (the first child follows its parent directly).
    offset: u32,
    /// Item count for leaves; 0 for inner nodes.
    count: u32,
    axis: u8,
}

#[derive(Clone, Debug, Default)]
pub struct Bvh {
    nodes: Vec<Node>,
    order: Vec<u32>,
}

impl Bvh {
    pub fn build(bounds: &[Aabb]) -> Bvh {
        let mut bvh = Bvh {
            // Grown as needed, not reserved for the worst case of 2n - 1 nodes: the
            // memory budget counts a reservation whether or not it is touched.
            nodes: Vec::new(),
            order: (0..bounds.len() as u32).collect(),
        };
        if !bounds.is_empty() {
            // Centres are computed where needed rather than kept: a list of them would
            // cost 24 bytes per item at the build's peak.
            bvh.build_node(bounds, 0, bounds.len());
        }
        bvh.nodes.shrink_to_fit();
        bvh
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn bounds(&self) -> Aabb {
        self.nodes.first().map_or(Aabb::EMPTY, |n| n.bounds)
    }

    fn build_node(&mut self, bounds: &[Aabb], start: usize, end: usize) -> usize {
        let index = self.nodes.len();
        let mut node_bounds = Aabb::EMPTY;
        let mut center_bounds = Aabb::EMPTY;
        for &item in &self.order[start..end] {
            node_bounds = node_bounds.union(&bounds[item as usize]);
            center_bounds = center_bounds.grow(bounds[item as usize].center());
        }
        self.nodes.push(Node {
            bounds: node_bounds,
            offset: start as u32,
            count: (end - start) as u32,
            axis: 0,
        });
        let count = end - start;
        if count <= MAX_LEAF_ITEMS {
            return index;
        }
        let Some((axis, split)) = self.best_split(bounds, start, end, &center_bounds) else {
            return index;
        };
        let mid = {
            let slice = &mut self.order[start..end];
            let mut left = 0;
            for i in 0..slice.len() {
                if bounds[slice[i] as usize].center()[axis] < split {
                    slice.swap(i, left);
                    left += 1;
                }
            }
            start + left
        };
        let mid = if mid == start || mid == end {
            // All centres on one side of the split: fall back to a median split so the
            // tree still terminates.
            let slice = &mut self.order[start..end];
            slice.sort_by(|&a, &b| {
                bounds[a as usize].center()[axis].total_cmp(&bounds[b as usize].center()[axis])
            });
            start + count / 2
        } else {
            mid
        };
        self.build_node(bounds, start, mid);
        let right = self.build_node(bounds, mid, end);
        let node = &mut self.nodes[index];
        node.offset = right as u32;
        node.count = 0;
        node.axis = axis as u8;
        index
    }

    fn best_split(
        &self,
        bounds: &[Aabb],
        start: usize,
        end: usize,
        center_bounds: &Aabb,
    ) -> Option<(usize, f64)> {
        let extent = center_bounds.max - center_bounds.min;
        let mut best: Option<(f64, usize, f64)> = None;
        for axis in 0..3 {
            if extent[axis] <= 0.0 || !extent[axis].is_finite() {
                continue;
            }
            let mut bins = [(Aabb::EMPTY, 0usize); BINS];
            let scale = BINS as f64 / extent[axis];
            for &item in &self.order[start..end] {
                let c = bounds[item as usize].center()[axis];
                let b = (((c - center_bounds.min[axis]) * scale) as usize).min(BINS - 1);
                bins[b].0 = bins[b].0.union(&bounds[item as usize]);
                bins[b].1 += 1;
            }
            for split in 1..BINS {
                let (mut left, mut nl) = (Aabb::EMPTY, 0);
                for bin in &bins[..split] {
                    left = left.union(&bin.0);
                    nl += bin.1;
                }
                let (mut right, mut nr) = (Aabb::EMPTY, 0);
                for bin in &bins[split..] {
                    right = right.union(&bin.0);
                    nr += bin.1;
                }
                if nl == 0 || nr == 0 {
                    continue;
                }
                let cost = left.surface_area() * nl as f64 + right.surface_area() * nr as f64;
                if best.is_none_or(|(c, _, _)| cost < c) {
                    let pos = center_bounds.min[axis] + extent[axis] * split as f64 / BINS as f64;
                    best = Some((cost, axis, pos));
                }
            }
        }
        best.map(|(_, axis, pos)| (axis, pos))
    }

    /// Visits, nearest subtree first, every item whose bounds the ray enters before
    /// `t_max`. `visit` may shrink `t_max` (closest hit) or return `true` to stop.
    #[inline]
    pub fn traverse(
        &self,
        ray: &Ray,
        t_min: f64,
        mut t_max: f64,
        mut visit: impl FnMut(u32, &mut f64) -> bool,
    ) {
        if self.nodes.is_empty() {
            return;
        }
        let inv_dir = ray.direction.recip();
        let negative = [inv_dir.x < 0.0, inv_dir.y < 0.0, inv_dir.z < 0.0];
        let mut stack = [0u32; 64];
        let mut depth = 1;
        while depth > 0 {
            depth -= 1;
            let node = &self.nodes[stack[depth] as usize];
            if node.bounds.hit(ray, inv_dir, t_min, t_max).is_none() {
                continue;
            }
            if node.count > 0 {
                let first = node.offset as usize;
                for &item in &self.order[first..first + node.count as usize] {
                    if visit(item, &mut t_max) {
                        return;
                    }
                }
            } else {
                let this = stack[depth];
                let (near, far) = if negative[node.axis as usize] {
                    (node.offset, this + 1)
                } else {
                    (this + 1, node.offset)
                };
                if depth + 2 > stack.len() {
                    // Degenerate trees deeper than the stack are impossible with the
                    // median fallback for any realistic item count; skip rather than panic.
                    continue;
                }
                stack[depth] = far;
                stack[depth + 1] = near;
                depth += 2;
            }
        }
    }
}

impl Bvh {
    /// Visits every item whose bounds contain `p`.
    pub fn query_point(&self, p: DVec3, mut visit: impl FnMut(u32)) {
        if self.nodes.is_empty() {
            return;
        }
        let mut stack = [0u32; 64];
        let mut depth = 1;
        while depth > 0 {
            depth -= 1;
            let index = stack[depth];
            let node = &self.nodes[index as usize];
            if !node.bounds.contains(p) {
                continue;
            }
            if node.count > 0 {
                let first = node.offset as usize;
                for &item in &self.order[first..first + node.count as usize] {
                    visit(item);
                }
            } else if depth + 2 <= stack.len() {
                stack[depth] = index + 1;
                stack[depth + 1] = node.offset;
                depth += 2;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visits_only_items_the_ray_can_reach() {
        let boxes: Vec<Aabb> = (0..100)
            .map(|i| {
                let x = i as f64 * 2.0;
                Aabb::new(DVec3::new(x, 0.0, 0.0), DVec3::new(x + 1.0, 1.0, 1.0))
            })
            .collect();
        let bvh = Bvh::build(&boxes);
        let ray = Ray::new(DVec3::new(10.5, 0.5, -5.0), DVec3::Z);
        let mut seen = Vec::new();
        bvh.traverse(&ray, 0.0, f64::INFINITY, |item, _| {
            seen.push(item);
            false
        });
        assert!(seen.contains(&5));
        assert!(seen.len() < 10, "visited {seen:?}");
    }

    #[test]
    fn identical_centres_still_build() {
        let boxes = vec![Aabb::new(DVec3::ZERO, DVec3::ONE); 1000];
        let bvh = Bvh::build(&boxes);
        let mut count = 0;
        bvh.traverse(
            &Ray::new(DVec3::new(0.5, 0.5, -1.0), DVec3::Z),
            0.0,
            10.0,
            |_, _| {
                count += 1;
                false
            },
        );
        assert_eq!(count, 1000);
    }
}
