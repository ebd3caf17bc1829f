//! The camera after all its modifiers have been applied.

use glam::DVec3;

/// The camera after all its modifiers have been applied.
///
/// A primary ray for normalised screen coordinates `(u, v)` in `[-0.5, 0.5]`
/// (u to the right, v up) has direction `direction + u * right + v * up` from
/// `location` (perspective), or starts at `location + u * right + v * up` with
/// direction `direction` (orthographic).
#[derive(Clone, Debug, PartialEq)]
pub struct Camera {
    pub projection: Projection,
    pub location: DVec3,
    pub direction: DVec3,
    pub right: DVec3,
    pub up: DVec3,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Projection {
    Perspective,
    Orthographic,
}
