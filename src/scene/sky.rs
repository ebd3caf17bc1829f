//! `sky_sphere`: pigments painted on an infinitely distant sphere round the scene.

use glam::{DMat4, DVec3};

use super::Pigment;

/// A `sky_sphere`, as POV-Ray 3.7.0 reads it.
#[derive(Clone, Debug, PartialEq)]
pub struct SkySphere {
    /// In the order written: the last is the outermost layer, seen through by none.
    pub pigments: Vec<Pigment>,
    /// `emission`: scales the pigments' colours (not the background's); 1 unless set.
    pub emission: DVec3,
    /// The sky_sphere's transforms composed (sky space to world space): a ray's
    /// direction, as a point on the unit sphere, is mapped through the inverse to
    /// evaluate every pigment, whichever side of it a transform was written.
    pub transform: DMat4,
}

impl Default for SkySphere {
    fn default() -> SkySphere {
        SkySphere {
            pigments: Vec::new(),
            emission: DVec3::ONE,
            transform: DMat4::IDENTITY,
        }
    }
}
