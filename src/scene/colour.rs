//! Colours with POV-Ray's filter and transmit channels.

use glam::DVec3;

/// A colour with POV-Ray's filter and transmit channels (both 0 for opaque).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Colour {
    pub rgb: DVec3,
    pub filter: f64,
    pub transmit: f64,
}

impl Colour {
    pub const BLACK: Colour = Colour::rgb(0.0, 0.0, 0.0);
    pub const WHITE: Colour = Colour::rgb(1.0, 1.0, 1.0);

    pub const fn rgb(r: f64, g: f64, b: f64) -> Colour {
        Colour {
            rgb: DVec3::new(r, g, b),
            filter: 0.0,
            transmit: 0.0,
        }
    }
}
