//! `rainbow`: a coloured arc around the antisolar point, faded in with distance.

use glam::DVec3;

use super::Colour;

/// A rainbow as POV-Ray 3.7 holds it after reading: angles in radians, the vectors
/// unit length and square to each other.
#[derive(Clone, Debug, PartialEq)]
pub struct Rainbow {
    /// The inner edge of the bow, from the antisolar direction (its `angle` less half
    /// its `width`).
    pub angle: f64,
    pub width: f64,
    /// How far away the bow shows at full strength: exp(-depth / distance) of what lies
    /// behind still shows through.
    pub distance: f64,
    /// Random offsets of up to this much into the colour map.
    pub jitter: f64,
    /// Where the bow is centred: away from the light.
    pub antisolar: DVec3,
    pub up: DVec3,
    pub right: DVec3,
    /// The half-angle of the arc shown, around `up`; beyond `falloff_angle` the bow
    /// fades out over `falloff_width`.
    pub arc_angle: f64,
    pub falloff_angle: f64,
    pub falloff_width: f64,
    /// Its colours across the bow, inner edge at 0; none: the rainbow shows nothing.
    pub colour_map: Option<Vec<(f64, Colour)>>,
}
