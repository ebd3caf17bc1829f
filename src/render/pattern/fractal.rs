//! The fractal patterns `mandel`, `julia` and `magnet`, as POV-Ray 3.7.0 computes them:
//! the iteration projected on the x-y plane, its escape radius and its exterior and
//! interior colourings (values matched against POV-Ray in `tests_fractal.rs`).

use std::sync::OnceLock;

use glam::{DVec2, DVec3};

use crate::scene::pattern::{Fractal, FractalKind};

/// The squared radius past which `mandel` and `julia` count a point as escaped.
const ESCAPE2: f64 = 4.0;
/// The magnet fractals' squared escape radius, and how near (squared) to their fixed
/// point 1 they count as caught (POV-Ray's constants).
const MAGNET_ESCAPE2: f64 = 10000.0;
const MAGNET_CAUGHT2: f64 = 1.0 / 10000.0;

/// The value of `fractal` at `p` (only x and y matter).
pub fn value(fractal: &Fractal, p: DVec3) -> f64 {
    let z = DVec2::new(p.x, p.y);
    let run = match fractal.kind {
        FractalKind::Mandel => power_iteration(fractal, z, z),
        FractalKind::Julia(c) => power_iteration(fractal, z, c),
        FractalKind::MagnetMandel { second } => magnet(fractal, DVec2::ZERO, z, second, true),
        FractalKind::MagnetJulia { second, c } => magnet(fractal, z, c, second, false),
    };
    match run {
        Run::Escaped { step, z } => exterior(fractal, step, z),
        Run::Stayed { z, closest2 } => interior(fractal, z, closest2),
    }
}

/// How an iteration ended.
enum Run {
    /// It left the escape radius after `step` (counted from 0) iterations, at `z`.
    Escaped { step: u32, z: DVec2 },
    /// It ran all its iterations and ended at `z`, with `closest2` the least squared
    /// distance to the origin met (the start included).
    Stayed { z: DVec2, closest2: f64 },
}

/// `z -> z^n + c` from `start`. POV-Ray has its own arithmetic for the powers 2, 3 and
/// 4, and expands higher ones with signed binomial coefficients.
fn power_iteration(fractal: &Fractal, start: DVec2, c: DVec2) -> Run {
    let (mut a, mut b) = (start.x, start.y);
    let (mut a2, mut b2) = (a * a, b * b);
    let mut closest2 = a2 + b2;
    let n = fractal.exponent;
    let coefficients = if n > 4 { binomials(n) } else { &[] };
    for step in 0..fractal.iterations {
        match n {
            3 => {
                b = 3.0 * a2 * b - b2 * b + c.y;
                a = a2 * a - 3.0 * a * b2 + c.x;
            }
            4 => {
                b = 4.0 * (a2 * a * b - a * b2 * b) + c.y;
                a = a2 * a2 - 6.0 * a2 * b2 + b2 * b2 + c.x;
            }
            n if n > 4 => {
                let (re, im) = expanded_power(a, b, n, coefficients);
                a = re + c.x;
                b = im + c.y;
            }
            _ => {
                b = 2.0 * a * b + c.y;
                a = a2 - b2 + c.x;
            }
        }
        a2 = a * a;
        b2 = b * b;
        let d2 = a2 + b2;
        if d2 < closest2 {
            closest2 = d2;
        }
        if d2 > ESCAPE2 {
            return Run::Escaped {
                step,
                z: DVec2::new(a, b),
            };
        }
    }
    Run::Stayed {
        z: DVec2::new(a, b),
        closest2,
    }
}

/// (a + bi)^n by the binomial expansion, as POV-Ray sums it: the real part from
/// `a^n` and the even terms, the imaginary part from the odd terms, each term
/// `coefficient * a^(n-k) * b^k` with powers from the C library's `pow`.
fn expanded_power(a: f64, b: f64, n: u32, coefficients: &[i32]) -> (f64, f64) {
    let term = |k: u32| coefficients[k as usize] as f64 * a.powi_libm(n - k) * b.powi_libm(k);
    let mut re = a.powi_libm(n);
    for k in (2..=n).step_by(2) {
        re += term(k);
    }
    let mut im = 0.0;
    for k in (1..=n).step_by(2) {
        im += term(k);
    }
    (re, im)
}

/// The C library's `pow` with a whole exponent, as POV-Ray calls it.
trait PowLibm {
    fn powi_libm(self, n: u32) -> f64;
}

impl PowLibm for f64 {
    fn powi_libm(self, n: u32) -> f64 {
        self.powf(n as f64)
    }
}

/// The binomial coefficients C(n, k) for k = 0..=n, each negated where bit 1 of k is
/// set: the signs of i^k, so the expansion of (a + bi)^n needs no complex arithmetic.
fn binomials(n: u32) -> &'static [i32] {
    static TABLE: OnceLock<Vec<Vec<i32>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut rows: Vec<Vec<i32>> = vec![vec![1]];
        for m in 1..=Fractal::MAX_EXPONENT as usize {
            let prev = &rows[m - 1];
            let mut row = vec![1; m + 1];
            for k in 1..m {
                row[k] = prev[k - 1] + prev[k];
            }
            rows.push(row);
        }
        for row in &mut rows {
            for (k, c) in row.iter_mut().enumerate() {
                if k & 2 != 0 {
                    *c = -*c;
                }
            }
        }
        rows
    });
    &table[(n as usize).min(table.len() - 1)]
}

/// The magnet fractals: `z -> ((z^2 + c - 1) / (2z + c - 2))^2` (type 1) or
/// `z -> ((z^3 + 3(c-1)z + (c-1)(c-2)) / (3z^2 + 3(c-2)z + (c-1)(c-2) + 1))^2`
/// (type 2), stopping when z escapes or comes near 1. The mandel kinds start at 0
/// with the point as `c`; the julia kinds start at the point.
fn magnet(fractal: &Fractal, start: DVec2, c: DVec2, second: bool, mandel: bool) -> Run {
    let (mut a, mut b) = (start.x, start.y);
    let (mut a2, mut b2) = (a * a, b * b);
    // POV-Ray's magnet mandels begin their least distance at 10000, not at |0|.
    let mut closest2 = if mandel { 10000.0 } else { a2 + b2 };
    let (c1, c2) = (c.x - 1.0, c.x - 2.0);
    let c12_re = c1 * c2 - c.y * c.y;
    let c12_im = (c1 + c2) * c.y;
    for step in 0..fractal.iterations {
        let (num_re, num_im, den_re, den_im) = if second {
            (
                a2 * a - 3.0 * a * b2 + 3.0 * (a * c1 - b * c.y) + c12_re,
                3.0 * a2 * b - b2 * b + 3.0 * (a * c.y + b * c1) + c12_im,
                3.0 * (a2 - b2) + 3.0 * (a * c2 - b * c.y) + c12_re + 1.0,
                6.0 * a * b + 3.0 * (a * c.y + b * c2) + c12_im,
            )
        } else {
            (
                a2 - b2 + c.x - 1.0,
                2.0 * a * b + c.y,
                2.0 * a + c.x - 2.0,
                2.0 * b + c.y,
            )
        };
        let den = den_re * den_re + den_im * den_im;
        let q_re = (num_re * den_re + num_im * den_im) / den;
        let q_im = (num_im * den_re - num_re * den_im) / den;
        b = 2.0 * q_re * q_im;
        a = q_re * q_re - q_im * q_im;
        a2 = a * a;
        b2 = b * b;
        let d2 = a2 + b2;
        if d2 < closest2 {
            closest2 = d2;
        }
        let from_one = a - 1.0;
        if d2 > MAGNET_ESCAPE2 || from_one * from_one + b2 < MAGNET_CAUGHT2 {
            return Run::Escaped {
                step,
                z: DVec2::new(a, b),
            };
        }
    }
    Run::Stayed {
        z: DVec2::new(a, b),
        closest2,
    }
}

/// The value of a point that escaped at iteration `step` (from 0), at `z`.
fn exterior(fractal: &Fractal, step: u32, z: DVec2) -> f64 {
    let (kind, factor) = fractal.exterior;
    let (a, b) = (z.x, z.y);
    match kind {
        0 => factor,
        1 => step as f64 / fractal.iterations as f64,
        2 => a * factor,
        3 => b * factor,
        4 => a * a * factor,
        5 => b * b * factor,
        6 => (a * a + b * b).sqrt() * factor,
        _ => 0.0,
    }
}

/// The value of a point that never escaped, ending at `z`, having come within
/// `sqrt(closest2)` of the origin.
fn interior(fractal: &Fractal, z: DVec2, closest2: f64) -> f64 {
    let (kind, factor) = fractal.interior;
    let (a, b) = (z.x, z.y);
    match kind {
        0 => factor,
        1 => closest2.sqrt() * factor,
        2 => a * factor,
        3 => b * factor,
        4 => a * a * factor,
        5 => b * b * factor,
        // POV-Ray scales only the b^2 term here.
        6 => a * a + b * b * factor,
        _ => 0.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binomials_carry_the_signs_of_i_to_the_k() {
        assert_eq!(binomials(5), &[1, 5, -10, -10, 5, 1]);
        assert_eq!(binomials(6), &[1, 6, -15, -20, 15, 6, -1]);
        assert_eq!(binomials(33).len(), 34);
    }

    #[test]
    fn expansion_is_the_complex_power() {
        let (re, im) = expanded_power(0.3, -0.7, 7, binomials(7));
        let mut z = (1.0f64, 0.0f64);
        for _ in 0..7 {
            z = (z.0 * 0.3 - z.1 * -0.7, z.0 * -0.7 + z.1 * 0.3);
        }
        assert!(
            (re - z.0).abs() < 1e-12 && (im - z.1).abs() < 1e-12,
            "{re} {im} {z:?}"
        );
    }
}
