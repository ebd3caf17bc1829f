//! Frequency, phase and wave form: how a pattern's raw value is shaped.

use std::f64::consts::TAU;

use crate::scene::pattern::Wave;

/// POV-Ray's `cycloidal`: a sine of period 1, the fraction taken first (and the
/// sign of negative arguments handled apart), in the same arithmetic order.
pub fn cycloidal(v: f64) -> f64 {
    if v >= 0.0 {
        (((v - v.floor()) * 50000.0) / 50000.0 * TAU).sin()
    } else {
        0.0 - (((0.0 - (v + (0.0 - v).floor())) * 50000.0) / 50000.0 * TAU).sin()
    }
}

/// POV-Ray's triangle wave: 0 to 1 and back to 0 over each unit.
pub fn triangle(v: f64) -> f64 {
    let offset = if v >= 0.0 {
        v - v.floor()
    } else {
        v + 1.0 + v.abs().floor()
    };
    if offset >= 0.5 {
        2.0 * (1.0 - offset)
    } else {
        2.0 * offset
    }
}

/// The raw value taken through frequency, phase and the wave form, as POV-Ray 3.7.0
/// does: `fmod(v * frequency + phase, 1.00001)` (its constant) when the frequency is not
/// zero, negative values wrapped into [0, 1), then the wave. `wave` is resolved
/// (never [`Wave::Default`]; that is taken as a ramp).
pub fn shape(raw: f64, wave: Wave, frequency: f64, phase: f64) -> f64 {
    let mut v = raw;
    if frequency != 0.0 {
        v = (v * frequency + phase) % 1.00001;
    }
    if v < 0.0 {
        v -= v.floor();
    }
    match wave {
        Wave::Default | Wave::Ramp => v,
        Wave::Sine => (1.0 + cycloidal(v)) * 0.5,
        Wave::Triangle => triangle(v),
        Wave::Scallop => cycloidal(v * 0.5).abs(),
        Wave::Cubic => v * v * ((-2.0 * v) + 3.0),
        Wave::Poly(exponent) => v.powf(exponent),
    }
}
