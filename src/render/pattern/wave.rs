//! Frequency, phase and wave form: how a pattern's raw value is shaped.

use std::f64::consts::TAU;

use crate::scene::pattern::Wave;

/// The raw value taken through frequency, phase and the wave form, as POV-Ray 3.7.0
/// does: `fmod(v * frequency + phase, 1.00001)` (its constant) when the frequency is not
/// zero, negative values wrapped into [0, 1), then the wave.
pub fn shape(raw: f64, wave: Wave, frequency: f64, phase: f64) -> f64 {
    let mut v = raw;
    if frequency != 0.0 {
        v = (v * frequency + phase) % 1.00001;
    }
    if v < 0.0 {
        v -= v.floor();
    }
    match wave {
        Wave::Ramp => v,
        Wave::Sine => (1.0 + (v * TAU).sin()) * 0.5,
        Wave::Triangle => {
            let f = v - v.floor();
            if f >= 0.5 {
                2.0 * (1.0 - f)
            } else {
                2.0 * f
            }
        }
        Wave::Scallop => (v * 0.5 * TAU).sin().abs(),
        Wave::Cubic => v * v * (3.0 - 2.0 * v),
        Wave::Poly(exponent) => v.powf(exponent),
    }
}
