//! `fog`: constant fog, or ground fog thinning with height, with optional turbulence.

use glam::DVec3;

use super::pattern::Turbulence;
use super::Colour;

#[derive(Clone, Debug, PartialEq)]
pub struct Fog {
    /// `fog_type 2`: dense below `offset`, thinning above it over `alt`.
    pub ground: bool,
    /// How far light goes before all but 1/e of it is fogged.
    pub distance: f64,
    /// With filter and transmit: the least light a fog lets through.
    pub colour: Colour,
    /// Turbulence of the fog's thickness; `None` without `turbulence`.
    pub turbulence: Option<Turbulence>,
    pub turb_depth: f64,
    pub offset: f64,
    pub alt: f64,
    /// Unit length: height is measured along it.
    pub up: DVec3,
}

impl Default for Fog {
    /// POV-Ray 3.7.0's defaults: a constant black fog of no distance, up along y.
    fn default() -> Fog {
        Fog {
            ground: false,
            distance: 0.0,
            colour: Colour::BLACK,
            turbulence: None,
            turb_depth: 0.5,
            offset: 0.0,
            alt: 0.0,
            up: DVec3::Y,
        }
    }
}
