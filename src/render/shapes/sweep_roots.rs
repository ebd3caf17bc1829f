//! The roots in `[0, 1]` of the polynomials a `sphere_sweep` solves along its spline
//! parameter, found as POV-Ray 3.7 finds them: tiny leading coefficients dropped, a
//! quadratic by formula with a near-zero discriminant read as a double root, higher
//! degrees numerically, and (for the cubic splines) no search at all where the
//! polynomial's Bernstein coefficients on `[0, 1]` share one sign.

use super::roots::roots_between;

/// POV-Ray's SMALL_ENOUGH: leading coefficients (and quadratic discriminants) below
/// this, absolutely, count as zero.
const SMALL_ENOUGH: f64 = 1e-10;
/// POV-Ray's root-elimination ratio for cubics and quartics (the `1e-10` sphere sweeps
/// pass to its solver).
const ELIMINATE: f64 = 1e-10;
/// How far outside `[0, 1]` the numeric search looks, so a root on an end is not lost
/// to the open interval it searches.
const MARGIN: f64 = 1e-9;

/// The roots in `[0, 1]` of `c[0] u^n + c[1] u^(n-1) + ... + c[n]` (highest power
/// first, as the sweep builds them).
pub fn unit_roots(c: &[f64]) -> Vec<f64> {
    let lead = c.iter().position(|k| k.abs() >= SMALL_ENOUGH).unwrap_or(c.len());
    let c = &c[lead.min(c.len())..];
    let mut roots = match c.len() {
        0 | 1 => Vec::new(),
        2 if c[0] != 0.0 => vec![-c[1] / c[0]],
        2 => Vec::new(),
        3 => quadratic(c),
        // POV-Ray drops a constant term tiny beside the next one, and with it the root
        // near zero, for cubics and quartics.
        4 | 5 if c[c.len() - 2] != 0.0 && (c[c.len() - 1] / c[c.len() - 2]).abs() < ELIMINATE => {
            let shorter = &c[..c.len() - 1];
            if shorter.len() == 3 {
                quadratic(shorter)
            } else {
                numeric(shorter)
            }
        }
        _ => numeric(c),
    };
    roots.retain(|u| (0.0..=1.0).contains(u));
    roots
}

/// True when the polynomial (highest power first) may have a root strictly inside
/// `(0, 1)`: false when its Bernstein coefficients on `[0, 1]` are all of one sign
/// (zero counting as either), POV-Ray's shortcut for its cubic splines.
pub fn may_have_unit_root(c: &[f64]) -> bool {
    let n = c.len() - 1;
    // Power coefficient of u^k divided by binomial(n, k): a repeated prefix sum of
    // these gives the Bernstein coefficients, one more each pass.
    let mut d: Vec<f64> = (0..=n).map(|i| c[i] / binomial(n, n - i)).collect();
    let (mut non_negative, mut non_positive) = (true, true);
    for pass in 0..=n {
        let b = d[n - pass];
        non_negative &= b >= 0.0;
        non_positive &= b <= 0.0;
        if !(non_negative || non_positive) {
            return true;
        }
        for j in 0..n - pass {
            d[j] += d[j + 1];
        }
    }
    false
}

fn binomial(n: usize, k: usize) -> f64 {
    (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
}

/// `c[0] u^2 + c[1] u + c[2]` with `c[0]` not tiny, as POV-Ray solves it.
fn quadratic(c: &[f64]) -> Vec<f64> {
    let (b, k) = (-c[1] / c[0], c[2] / c[0]);
    let d = b * b - 4.0 * k;
    if d.abs() < SMALL_ENOUGH {
        return vec![0.5 * b];
    }
    if d < 0.0 || d.is_nan() {
        return Vec::new();
    }
    let s = d.sqrt();
    vec![0.5 * (b + s), 0.5 * (b - s)]
}

/// How near zero, beside its largest coefficient, a polynomial's turning point must
/// come to count as a double root.
const TOUCHING: f64 = 1e-12;

/// The roots near `[0, 1]` of a polynomial of degree three or more, double ones too:
/// POV-Ray's Sturm-sequence solver finds a root where the polynomial only touches
/// zero, as it does for a ray square to the plane of a curved sweep (which squares
/// the sweep's polynomial), so the turning points that reach zero are roots here.
fn numeric(c: &[f64]) -> Vec<f64> {
    let ascending: Vec<f64> = c.iter().rev().copied().collect();
    let mut roots = roots_between(&ascending, -MARGIN, 1.0 + MARGIN)
        .as_slice()
        .to_vec();
    let slope: Vec<f64> = ascending
        .iter()
        .enumerate()
        .skip(1)
        .map(|(k, a)| k as f64 * a)
        .collect();
    let scale = ascending.iter().fold(0.0f64, |m, a| m.max(a.abs()));
    for &u in roots_between(&slope, -MARGIN, 1.0 + MARGIN).as_slice() {
        let value = ascending.iter().rev().fold(0.0, |acc, a| acc * u + a);
        if value.abs() <= TOUCHING * scale && !roots.iter().any(|r| (r - u).abs() < 1e-7) {
            roots.push(u);
        }
    }
    roots
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_of_each_degree_are_found_within_the_unit_interval() {
        // (u - 0.25)(u - 0.75)
        let r = unit_roots(&[1.0, -1.0, 0.1875]);
        assert!(r.iter().any(|u| (u - 0.25).abs() < 1e-12) && r.iter().any(|u| (u - 0.75).abs() < 1e-12));
        // (u - 0.5)(u - 2)(u + 1): only 0.5 lies in [0, 1].
        let r = unit_roots(&[1.0, -1.5, -1.5, 1.0]);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!((r[0] - 0.5).abs() < 1e-9);
        // (u - 0.5)^2 (u + 3): a double root, as POV-Ray's solver finds it.
        let r = unit_roots(&[1.0, 2.0, -2.75, 0.75]);
        assert_eq!(r.len(), 1, "{r:?}");
        assert!((r[0] - 0.5).abs() < 1e-7, "{r:?}");
        // A tiny leading coefficient is no degree.
        assert_eq!(unit_roots(&[1e-12, 2.0, -1.0]), vec![0.5]);
    }

    #[test]
    fn bernstein_signs_rule_out_roots() {
        // u^2 + 1 has no root anywhere; (u - 0.5)^2 - 0.01 has two in (0, 1).
        assert!(!may_have_unit_root(&[1.0, 0.0, 1.0]));
        assert!(may_have_unit_root(&[1.0, -1.0, 0.24]));
        // (u - 2)^3 stays negative on [0, 1].
        assert!(!may_have_unit_root(&[1.0, -6.0, 12.0, -8.0]));
    }
}
