//! `height_field`: a grid of 16-bit heights over the unit square, as read from an image
//! or sampled from a function.

use std::sync::Arc;

/// Heights as POV-Ray stores them: 0 to 65535, row `z` of `width` values, `z = 0` being
/// the image's bottom row (the near edge of the field).
#[derive(Debug)]
pub struct HeightGrid {
    pub width: u32,
    pub depth: u32,
    pub heights: Vec<u16>,
}

impl HeightGrid {
    pub fn at(&self, x: usize, z: usize) -> u16 {
        self.heights[z * self.width as usize + x]
    }
}

/// The shape: its grid (shared by every copy) and the options POV-Ray parses after it.
#[derive(Clone, Debug)]
pub struct HeightField {
    pub grid: Arc<HeightGrid>,
    /// `water_level`: the fraction of the unit height below which nothing shows.
    pub water_level: f64,
    /// `smooth`: normals interpolated from the grid points' averaged normals.
    pub smooth: bool,
}
