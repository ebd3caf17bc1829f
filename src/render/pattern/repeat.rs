//! The repeat warp: space cut into slabs along one axis, each slab showing the first,
//! shifted by `offset` per slab and mirrored on odd slabs where `flip` says.

use glam::DVec3;

use super::cells::trunc_i32;
use crate::scene::pattern::Repeat;

/// `p` taken back to the first slab of `r`, as POV-Ray 3.7.0 does it: the width and
/// the slab number held in single precision (matched against its values: `repeat
/// x*0.7` cuts at 0.699999988).
pub fn warp(r: &Repeat, p: DVec3) -> DVec3 {
    let axis = r.axis.min(2);
    let width = r.width as f32 as f64;
    let slab = (p[axis] / width).floor() as f32 as f64;
    let mut q = p;
    q[axis] = p[axis] - slab * width;
    if trunc_i32(slab) & 1 != 0 {
        q *= r.flip;
        if r.flip[axis] < 0.0 {
            q[axis] += width;
        }
    }
    q + r.offset * slab
}
