//! The built-ins made of noise: `f_noise3d`, `f_noise_generator` and the multifractals
//! `f_hetero_mf`, `f_ridge` and `f_ridged_mf`, on POV-Ray 3.7's own noise.

use glam::DVec3;

use super::{c_int, cmax, MAX_LOOPS};
use crate::render::texture::povray_noise::{noise, NoiseGenerator};

/// A noise generator parameter as POV-Ray reads it: 2 and 3 pick those generators,
/// any other value the original one (matched against f_noise_generator with 0 and 4).
fn generator(p: f64) -> NoiseGenerator {
    match c_int(p) {
        2 => NoiseGenerator::RangeCorrected,
        3 => NoiseGenerator::Perlin,
        _ => NoiseGenerator::Original,
    }
}

/// Noise in [-1, 1].
fn signed_noise(v: DVec3, g: NoiseGenerator) -> f64 {
    noise(v, g) * 2.0 - 1.0
}

/// The octave loops of POV-Ray run while the octave index is below a float count.
fn octaves_below(count: f64) -> impl Iterator<Item = i32> {
    (1..MAX_LOOPS).take_while(move |&i| f64::from(i) < count)
}

/// POV-Ray's default generator (2), which `f_noise3d` always uses.
pub fn noise3d(x: f64, y: f64, z: f64, _p: &[f64]) -> f64 {
    noise(DVec3::new(x, y, z), NoiseGenerator::RangeCorrected)
}

/// Parameter: the noise generator (1 to 3).
pub fn noise_generator(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    noise(DVec3::new(x, y, z), generator(p[0]))
}

/// Heterogeneous multifractal. Parameters: H (the fractal dimension's complement),
/// lacunarity, octaves (may be fractional), offset, T (how strongly each octave is scaled
/// by the signal so far, an integer power), noise generator.
pub fn hetero_mf(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (lacunarity, octaves, offset) = (p[1], p[2], p[3]);
    let power = c_int(p[4]);
    let g = generator(p[5]);
    let mut v = DVec3::new(x, y, z);
    let mut signal = signed_noise(v, g) + offset;
    v *= lacunarity;
    let step = lacunarity.powf(-p[0]);
    let mut weight = step;
    for _ in octaves_below(octaves) {
        let mut increment = (signed_noise(v, g) + offset) * weight;
        if power > 0 {
            increment *= signal.powi(power);
        }
        signal += increment;
        v *= lacunarity;
        weight *= step;
    }
    let fraction = octaves - f64::from(c_int(octaves));
    if fraction != 0.0 {
        let increment = (signed_noise(v, g) + offset) * weight;
        signal += fraction * increment * signal;
    }
    signal
}

/// Ridged noise. Parameters: lambda (frequency step), octaves (may be fractional), omega
/// (amplitude step), offset, ridge (the noise level folded over), noise generator.
pub fn ridge(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (lambda, omega, offset, ridge) = (p[0], p[2], p[3], p[4]);
    let octaves = c_int(p[1]);
    let residue = p[1] - f64::from(octaves);
    let ridge_scale = 1.0 / cmax(ridge, 1.0 - ridge);
    let scale = 1.0 / cmax(offset, 1.0 - offset);
    let e = DVec3::new(x, y, z);
    let g = generator(p[5]);
    let fold = |v: DVec3| (noise(v, g) - ridge).abs() * ridge_scale;

    let mut value = fold(e) - offset;
    let mut total = 1.0;
    let (mut frequency, mut amplitude) = (lambda, omega);
    for _ in 2..=octaves.min(MAX_LOOPS) {
        value += amplitude * (fold(e * frequency) - offset);
        total += amplitude;
        frequency *= lambda;
        amplitude *= omega;
    }
    if residue != 0.0 {
        value += amplitude * (fold(e * frequency) - offset) * residue;
        total += amplitude * residue;
    }
    value * scale / total
}

/// Ridged multifractal. Parameters: H, lacunarity, octaves, offset, gain, noise
/// generator.
///
/// POV-Ray computes the octaves' weights (frequency^-H) once per function, at its first
/// call, and reuses them even when later calls pass another H or lacunarity; here each
/// call uses its own, which agrees whenever a function is called with one set of them
/// (as isosurfaces do).
pub fn ridged_mf(x: f64, y: f64, z: f64, p: &[f64]) -> f64 {
    let (h, lacunarity, octaves, offset, gain) = (p[0], p[1], p[2], p[3], p[4]);
    let g = generator(p[5]);
    let ridged = |v: DVec3| {
        let s = offset - signed_noise(v, g).abs();
        s * s
    };
    let mut v = DVec3::new(x, y, z);
    let mut signal = ridged(v);
    let mut result = signal;
    let mut frequency = 1.0;
    for _ in octaves_below(octaves) {
        v *= lacunarity;
        frequency *= lacunarity;
        // A NaN weight stays NaN, with `clamp` as in POV-Ray.
        let weight = (signal * gain).clamp(0.0, 1.0);
        signal = ridged(v) * weight;
        result += signal * frequency.powf(-h);
    }
    result
}
