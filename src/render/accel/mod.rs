//! Acceleration structures: bounding boxes and the bounding volume hierarchy.

pub mod bounds;
pub mod bvh;
