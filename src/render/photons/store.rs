//! The photons left on surfaces, in a balanced kd-tree, and the search for those
//! nearest a shading point.

use glam::{DVec3, Vec3};

/// One photon where it landed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Photon {
    pub position: Vec3,
    /// Unit vector back towards where the photon came from.
    pub towards_source: Vec3,
    /// Its colour times the area its beam covered (see [`super::shoot`]).
    pub power: Vec3,
}

/// The photons as a kd-tree kept implicitly in one array: each range's median splits
/// it, on the axis stored beside it, down to ranges of [`BUCKET`] photons or fewer,
/// which a search reads whole.
#[derive(Default)]
pub struct PhotonTree {
    /// The photons' positions, packed apart from the rest: a search reads little else.
    positions: Vec<Vec3>,
    /// Each photon's direction back to its source and its power, in the same order.
    lights: Vec<(Vec3, Vec3)>,
    /// Each splitting photon's axis.
    axes: Vec<u8>,
    /// The box around each range the tree splits, numbered from the root (0), the
    /// two halves of range `i` being `2i + 1` and `2i + 2`: a search skips a range
    /// whose box lies beyond its bound, which a split plane alone cannot tell when
    /// the photons lie on a few surfaces.
    boxes: Vec<(Vec3, Vec3)>,
}

/// Ranges this small are not split: reading a few photons in a row costs less than
/// walking down to each.
const BUCKET: u32 = 8;

/// The photons a search found: indices into the tree, with their search distances.
#[derive(Default)]
pub struct Found {
    /// A max-heap on the (flattened) squared distance.
    heap: std::collections::BinaryHeap<(OrderedDistance, u32)>,
    /// Ranges still to search, for the walk, with their node numbers.
    stack: Vec<(u32, u32, u32)>,
}

#[derive(Clone, Copy, PartialEq)]
struct OrderedDistance(f32);

impl Eq for OrderedDistance {}

impl PartialOrd for OrderedDistance {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrderedDistance {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

impl Found {
    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }

    /// The photons found, in no particular order.
    pub fn indices(&self) -> impl Iterator<Item = u32> + '_ {
        self.heap.iter().map(|&(_, i)| i)
    }
}

impl PhotonTree {
    /// The most a tree takes per photon while it is built: the photons handed in and
    /// their split copy, and an axis; the boxes (at most half a box, 12 bytes, per
    /// photon) come once the photons handed in are dropped.
    pub const BYTES_PER_PHOTON: u64 = (2 * std::mem::size_of::<Photon>() + 1) as u64;

    /// A tree of `photons`; the same photons in the same order give the same tree.
    pub fn new(mut photons: Vec<Photon>) -> PhotonTree {
        let mut axes = vec![0u8; photons.len()];
        build(&mut photons, &mut axes);
        let positions: Vec<Vec3> = photons.iter().map(|p| p.position).collect();
        let lights = photons.iter().map(|p| (p.towards_source, p.power)).collect();
        drop(photons);
        let mut boxes = Vec::new();
        box_ranges(&positions, 0, &mut boxes);
        PhotonTree {
            positions,
            lights,
            axes,
            boxes,
        }
    }

    pub fn len(&self) -> usize {
        self.positions.len()
    }

    pub fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    pub fn get(&self, index: u32) -> Photon {
        let (towards_source, power) = self.lights[index as usize];
        Photon {
            position: self.positions[index as usize],
            towards_source,
            power,
        }
    }

    /// At most `most` photons within `radius` of `point`, the nearest kept, into
    /// `found`; distance across the surface of unit normal `normal` (if given) counts
    /// more, as POV-Ray flattens its search onto the surface: `d² (1 + 16 |n . d|)`.
    /// Returns the radius the photons lie within: `radius`, or the distance of the
    /// farthest one kept when more than `most` were within it.
    pub fn search(
        &self,
        point: DVec3,
        normal: Option<DVec3>,
        radius: f64,
        most: usize,
        found: &mut Found,
    ) -> f64 {
        found.heap.clear();
        found.stack.clear();
        if self.positions.is_empty() || most == 0 {
            return radius;
        }
        let p = point.as_vec3();
        let n = normal.map(|n| n.as_vec3());
        let mut bound = (radius * radius) as f32;
        found.stack.push((0, self.positions.len() as u32, 0));
        let mut consider = |index: u32, delta: Vec3, bound: &mut f32| {
            let mut d2 = delta.length_squared();
            if let Some(n) = n {
                d2 *= 1.0 + 16.0 * n.dot(delta).abs();
            }
            if d2 < *bound {
                if found.heap.len() < most {
                    found.heap.push((OrderedDistance(d2), index));
                } else {
                    // The farthest kept gives way, and the next farthest bounds the search.
                    if let Some(mut top) = found.heap.peek_mut() {
                        *top = (OrderedDistance(d2), index);
                    }
                    *bound = found.heap.peek().map_or(*bound, |top| top.0 .0);
                }
            }
        };
        let mut stack = std::mem::take(&mut found.stack);
        while let Some((start, end, node)) = stack.pop() {
            if end - start <= BUCKET {
                for index in start..end {
                    consider(index, self.positions[index as usize] - p, &mut bound);
                }
                continue;
            }
            let mid = (start + end) / 2;
            let delta = self.positions[mid as usize] - p;
            let axis = self.axes[mid as usize] as usize;
            consider(mid, delta, &mut bound);
            // The far side first on the stack, so the near side is searched first.
            let along = -delta[axis];
            let (below, above) = ((start, mid, 2 * node + 1), (mid + 1, end, 2 * node + 2));
            let (near, far) = if along < 0.0 {
                (below, above)
            } else {
                (above, below)
            };
            for side in [far, near] {
                let reachable = match self.boxes.get(side.2 as usize) {
                    Some(&(lo, hi)) => nearest_in_box(p, n, lo, hi) < bound,
                    None => true,
                };
                if reachable {
                    stack.push(side);
                }
            }
        }
        found.stack = stack;
        f64::from(bound).sqrt()
    }
}

/// A lower bound on the search distance from `p` to any point in the box `lo..hi`:
/// its squared distance to the box, flattened as the search flattens it by the
/// distance from the plane through `p` across `n` (when given) to the box.
fn nearest_in_box(p: Vec3, n: Option<Vec3>, lo: Vec3, hi: Vec3) -> f32 {
    let outside = (lo - p).max(p - hi).max(Vec3::ZERO);
    let d2 = outside.length_squared();
    match n {
        Some(n) => {
            let (a, b) = (n * (lo - p), n * (hi - p));
            let (least, most) = (a.min(b).element_sum(), a.max(b).element_sum());
            let across = if least > 0.0 {
                least
            } else if most < 0.0 {
                -most
            } else {
                0.0
            };
            d2 * (1.0 + 16.0 * across)
        }
        None => d2,
    }
}

/// Records the box of the range `positions` (node `node`) and of the ranges it splits
/// into, as [`PhotonTree::boxes`] numbers them.
fn box_ranges(positions: &[Vec3], node: usize, boxes: &mut Vec<(Vec3, Vec3)>) {
    if positions.len() <= BUCKET as usize {
        return;
    }
    let tight = positions.iter().fold(
        (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
        |(lo, hi), &p| (lo.min(p), hi.max(p)),
    );
    if boxes.len() <= node {
        // Ranges that are not split keep a box that holds everything.
        boxes.resize(
            node + 1,
            (Vec3::splat(f32::NEG_INFINITY), Vec3::splat(f32::INFINITY)),
        );
    }
    boxes[node] = tight;
    let mid = positions.len() / 2;
    box_ranges(&positions[..mid], 2 * node + 1, boxes);
    box_ranges(&positions[mid + 1..], 2 * node + 2, boxes);
}

/// Orders `photons` so that each range's middle photon splits it on the axis along
/// which it is widest, recorded in `axes`.
fn build(photons: &mut [Photon], axes: &mut [u8]) {
    if photons.len() <= BUCKET as usize {
        return;
    }
    let (lo, hi) = photons.iter().fold(
        (Vec3::splat(f32::INFINITY), Vec3::splat(f32::NEG_INFINITY)),
        |(lo, hi), p| (lo.min(p.position), hi.max(p.position)),
    );
    let size = hi - lo;
    let axis = if size.x >= size.y && size.x >= size.z {
        0
    } else if size.y >= size.z {
        1
    } else {
        2
    };
    let mid = photons.len() / 2;
    photons.select_nth_unstable_by(mid, |a, b| a.position[axis].total_cmp(&b.position[axis]));
    axes[mid] = axis as u8;
    let (left, rest) = photons.split_at_mut(mid);
    let (left_axes, rest_axes) = axes.split_at_mut(mid);
    build(left, left_axes);
    build(&mut rest[1..], &mut rest_axes[1..]);
}
